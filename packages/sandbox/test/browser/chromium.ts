import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`, as `.ci/run` does), or `CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

// The flags that work on a machine without a network or a GPU, run as root; Playwright adds a fresh
// --user-data-dir of its own for every launch.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
  '--force-color-profile=srgb',
];

/** Starts headless Chromium, or fails saying how to install it. */
export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install -y chromium fonts-dejavu-core), or set CHROMIUM_PATH`,
    );
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
};

/** Pins every font to DejaVu (fonts-dejavu-core), so screenshots do not depend on the machine's fonts. */
export const PINNED_FONTS = `*{font-family:"DejaVu Sans",sans-serif !important}
.mono,.mono *,pre,td.num,td.mono,td{font-family:"DejaVu Sans Mono",monospace !important}
th,summary,p,h1,h2{font-family:"DejaVu Sans",sans-serif !important}`;
