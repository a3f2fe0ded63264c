/** Hides tokens in text meant for people: Dredd echoes request headers, Authorization included. */

export const MASK = '***';

/** A function that replaces every secret, and any Authorization header value, with `***`. */
export function createMasker(secrets: readonly string[]): (text: string) => string {
  // Longest first, so a token that contains another is hidden whole.
  const ordered = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of ordered) out = out.split(secret).join(MASK);
    // Belt and braces for a token the config does not know (e.g. one from Dredd's own --header).
    return out.replace(/(authorization["']?\s*[:=]\s*["']?\s*)(bearer\s+|basic\s+)?[^\s"',]+/gi, (_m, head: string, scheme = '') => `${head}${scheme}${MASK}`);
  };
}
