/**
 * Writes a JSON value the way the providers' PHP servers do, `json_encode($data,
 * JSON_UNESCAPED_UNICODE)`: every `/` escaped as `\/`, U+2028/U+2029 escaped, other Unicode raw. Values
 * are strings, booleans, null, whole numbers and objects; written apart from the adapter's own encoder.
 */
export const phpEncode = (value: unknown): string => {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const members = Object.entries(value).map(([key, item]) => `${phpEncode(key)}:${phpEncode(item)}`);
    return `{${members.join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(phpEncode).join(',')}]`;
  return (JSON.stringify(value) ?? 'null')
    .split('/')
    .join('\\/')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
};
