/**
 * Reads a provider word in a table of the words it documents; an undocumented word, or an inherited
 * key such as `toString`, gives `fallback`.
 */
export const lookupWord =
  <K extends string, V>(table: Readonly<Record<K, V>>, fallback: V) =>
  (word: string): V =>
    Object.prototype.hasOwnProperty.call(table, word) ? table[word as K] : fallback;
