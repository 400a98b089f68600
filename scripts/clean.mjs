#!/usr/bin/env node
// Removes every package's build output, so the next build holds no file whose source is gone.
import { readdirSync, rmSync } from 'node:fs';

for (const name of readdirSync('packages')) rmSync(`packages/${name}/dist`, { recursive: true, force: true });
