// Runs before `npm test`: the browser tests drive Debian's Chromium at /usr/bin/chromium, and the
// verify-trust tests put Debian's stock nginx (nginx-light) and lighttpd in front of backends, and the session
// replicas test shares sessions through Debian's redis-server. Installs what is
// missing with apt-get when we may (root, apt-get present); otherwise says how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDED = [
  { binary: '/usr/bin/chromium', pkg: 'chromium', why: 'the browser tests' },
  { binary: '/usr/sbin/nginx', pkg: 'nginx-light', why: 'the nginx-in-front verify test' },
  { binary: '/usr/sbin/lighttpd', pkg: 'lighttpd', why: 'the lighttpd-in-front verify test' },
  { binary: '/usr/bin/redis-server', pkg: 'redis-server', why: 'the session replicas test (serve --store redis://)' },
];

const missing = NEEDED.filter((n) => !existsSync(n.binary));
if (missing.length > 0) {
  const names = missing.map((n) => n.pkg);
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(
      `missing: ${missing.map((n) => `${n.binary} (${n.why})`).join(', ')}; install with: sudo apt-get install -y ${names.join(' ')}`,
    );
  } else {
    console.error(`installing Debian's ${names.join(', ')} for ${missing.map((n) => n.why).join(' and ')}...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...names], { stdio: 'inherit', env });
    } catch {
      console.error(`apt-get could not install ${names.join(', ')}; the tests that need them will fail.`);
    }
  }
}
