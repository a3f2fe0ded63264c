// Every value a run generates (the organization that does not exist) comes from one seed, recorded
// in the reports: the same seed sends the same requests.
import { randomInt } from 'node:crypto';
import { seededRandom } from '../util/random.js';

export const MAX_SEED = 2 ** 32 - 1;

/** A seed for a run that was given none. */
export const randomSeed = (): number => randomInt(0, MAX_SEED);

/** FNV-1a of a text, to give each API its own stream (so --api and --only do not shift another API's values). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Version-4 UUIDs drawn from `seed` and `stream`: the same arguments, the same sequence. */
export function seededUuids(seed: number, stream: string): () => string {
  const random = seededRandom((seed ^ hash(stream)) >>> 0);
  const next = () => Math.floor(random() * 2 ** 32);
  return () => {
    const bytes = Array.from({ length: 4 }, () => next().toString(16).padStart(8, '0')).join('');
    const variant = ((parseInt(bytes[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${bytes.slice(0, 8)}-${bytes.slice(8, 12)}-4${bytes.slice(13, 16)}-${variant}${bytes.slice(17, 20)}-${bytes.slice(20, 32)}`;
  };
}
