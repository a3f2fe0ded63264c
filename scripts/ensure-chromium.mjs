// Runs before `npm test`: the browser test drives Debian's Chromium at /usr/bin/chromium.
// Installs it with apt-get when it is missing and we may (root, apt-get present); otherwise says how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(
      `${CHROMIUM} is missing: install Debian's chromium package (sudo apt-get install -y chromium); the browser test needs it.`,
    );
  } else {
    console.error(`${CHROMIUM} is missing: installing Debian's chromium package for the browser test...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
    } catch {
      console.error('apt-get could not install chromium; the browser test will fail.');
    }
  }
}
