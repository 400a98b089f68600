import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** Where the checked-in baselines live. */
export const BASELINE_DIR = join(__dirname, '..', 'screenshots');

/** Where a failed comparison leaves the actual image and its difference map (`SCREENSHOT_ARTIFACTS` or a temp dir). */
export const ARTIFACT_DIR = process.env['SCREENSHOT_ARTIFACTS'] ?? join(tmpdir(), 'invoicekit-screenshots');

/** True when the run should write new baselines instead of comparing (`UPDATE_SCREENSHOTS=1`). */
export const updating = (): boolean => process.env['UPDATE_SCREENSHOTS'] === '1';

/** How far two screenshots may differ. */
export interface Tolerance {
  /** A pixel differs when a colour channel moved more than this (0–255). */
  readonly channel: number;
  /** The share of differing pixels allowed (0–1). */
  readonly ratio: number;
}

/**
 * Anti-aliasing and sub-pixel text move a few channels by a few steps between Chromium builds; a real
 * change (a row, a label, a colour) moves thousands of pixels by far more.
 */
export const DEFAULT_TOLERANCE: Tolerance = { channel: 48, ratio: 0.002 };

/** How two images compare: their sizes, the differing pixels, and a map of them (red on grey). */
export interface Comparison {
  readonly sameSize: boolean;
  readonly differing: number;
  readonly total: number;
  readonly map: PNG;
}

/** Compares two PNG images pixel by pixel. */
export const comparePng = (actual: PNG, expected: PNG, channel: number): Comparison => {
  const sameSize = actual.width === expected.width && actual.height === expected.height;
  const width = Math.max(actual.width, expected.width);
  const height = Math.max(actual.height, expected.height);
  const map = new PNG({ width, height });
  const [a, e, m] = [actual.data, expected.data, map.data];
  let differing = 0;
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 4;
      const inside = x < actual.width && y < actual.height && x < expected.width && y < expected.height;
      const ai = (y * actual.width + x) * 4;
      const ei = (y * expected.width + x) * 4;
      const differs =
        !inside ||
        Math.abs(a[ai]! - e[ei]!) > channel ||
        Math.abs(a[ai + 1]! - e[ei + 1]!) > channel ||
        Math.abs(a[ai + 2]! - e[ei + 2]!) > channel ||
        Math.abs(a[ai + 3]! - e[ei + 3]!) > channel;
      if (differs) differing += 1;
      const grey = inside ? ((a[ai]! + a[ai + 1]! + a[ai + 2]!) / 6 + 170) | 0 : 0;
      m[at] = differs ? 255 : grey;
      m[at + 1] = differs ? 0 : grey;
      m[at + 2] = differs ? 0 : grey;
      m[at + 3] = 255;
    }
  return { sameSize, differing, total: width * height, map };
};

/**
 * Checks `png` against the baseline `name`.png: writes it instead under `UPDATE_SCREENSHOTS=1` (or when
 * no baseline exists yet, failing so a missing baseline never passes unnoticed); otherwise throws when
 * the sizes differ or more than `tolerance.ratio` of the pixels do, leaving the actual image and a
 * difference map in `ARTIFACT_DIR`.
 */
export const matchBaseline = (name: string, png: Buffer, tolerance: Tolerance = DEFAULT_TOLERANCE): void => {
  const baseline = join(BASELINE_DIR, `${name}.png`);
  if (updating()) {
    mkdirSync(BASELINE_DIR, { recursive: true });
    writeFileSync(baseline, png);
    return;
  }
  if (!existsSync(baseline))
    throw new Error(`no baseline ${baseline}: run with UPDATE_SCREENSHOTS=1 to write it, then check it in`);
  const result = comparePng(PNG.sync.read(png), PNG.sync.read(readFileSync(baseline)), tolerance.channel);
  const ratio = result.differing / result.total;
  if (result.sameSize && ratio <= tolerance.ratio) return;
  mkdirSync(ARTIFACT_DIR, { recursive: true });
  writeFileSync(join(ARTIFACT_DIR, `${name}.actual.png`), png);
  writeFileSync(join(ARTIFACT_DIR, `${name}.diff.png`), PNG.sync.write(result.map));
  throw new Error(
    `screenshot ${name} differs from its baseline: ${result.differing} of ${result.total} pixels` +
      `${result.sameSize ? '' : ' (another size)'}, more than ${(tolerance.ratio * 100).toFixed(2)}%; ` +
      `see ${ARTIFACT_DIR}. If the change is intended, run with UPDATE_SCREENSHOTS=1 and check the new baseline in`,
  );
};
