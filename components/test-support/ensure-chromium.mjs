#!/usr/bin/env node
// The browser tests run in Debian's Chromium (TOOLCHAIN.md). Finds it; where it is missing and
// we are root, installs it (`apt-get install chromium`, about 40 s); otherwise stops with the
// exact command to run. CHROMIUM_PATH points elsewhere if Chromium lives somewhere else.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';

function main() {
  if (fs.existsSync(CHROMIUM)) return 0;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log(`Chromium is missing (${CHROMIUM}); installing Debian's chromium package…`);
    const run = spawnSync('sh', ['-c', 'apt-get update && apt-get install -y chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.status === 0 && fs.existsSync(CHROMIUM)) return 0;
    console.error('Installing chromium failed; see the apt-get output above.');
    return 1;
  }
  console.error(
    `Chromium is missing (${CHROMIUM}). The browser tests need it; install it with:\n\n` +
      '  sudo apt-get update && sudo apt-get install -y chromium\n\n' +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
  return 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main());
