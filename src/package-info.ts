/** orgmock's own package.json (version, peer dependencies), read once. */
import { readFileSync } from 'node:fs';

interface PackageJson {
  version: string;
  peerDependencies?: Record<string, string>;
}

let cached: PackageJson | undefined;

/** orgmock's own package.json (one level above src/ and dist/ alike). Node only. */
export function packageJson(): PackageJson {
  cached ??= JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson;
  return cached;
}
