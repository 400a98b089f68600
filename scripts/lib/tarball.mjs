// Reads npm tarballs without unpacking them.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** The regular files of a gzipped tarball: path (without npm's `package/` prefix), size and bytes. */
export const readTarball = (file) => {
  const tar = gunzipSync(readFileSync(file));
  const entries = [];
  let longName = null;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (from, to) => header.toString('utf8', from, to).replace(/\0.*$/s, '');
    const size = parseInt(text(124, 136).trim() || '0', 8);
    const type = text(156, 157) || '0';
    const body = tar.subarray(at + 512, at + 512 + size);
    const prefix = text(345, 500);
    const name = longName ?? (prefix === '' ? text(0, 100) : `${prefix}/${text(0, 100)}`);
    longName = null;
    if (type === 'x') longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1] ?? null;
    else if (type === '0') entries.push({ path: name.replace(/^package\//, ''), size, body });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
};
