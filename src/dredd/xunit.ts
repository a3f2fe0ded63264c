/** Reads the report of Dredd's `xunit` reporter: one <testcase> per transaction. */

export type DreddOutcome = 'pass' | 'fail' | 'skip' | 'error';

export interface XunitCase {
  /** Dredd's test title, the transaction id: `GET (403) /organization/users`. */
  title: string;
  method: string;
  status: number | null;
  path: string;
  outcome: DreddOutcome;
  /** For failures, Dredd's message (Gavel's field errors); for errors, the error. */
  message?: string;
  /** The whole failure text Dredd wrote (request, expected and actual included). */
  detail?: string;
}

export interface XunitReport {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  cases: XunitCase[];
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]!) : undefined;
};

export function parseXunit(xml: string): XunitReport {
  const suite = /<testsuite\b[^>]*>/.exec(xml)?.[0] ?? '';
  const num = (name: string) => Number(attr(suite, name) ?? 0) || 0;
  const cases: XunitCase[] = [];
  const re = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const title = attr(m[1]!, 'name') ?? '';
    const body = m[3] ?? '';
    const t = /^(\S+) \((\d{3})\) (.*)$/.exec(title);
    const base = { title, method: t?.[1] ?? '', status: t ? Number(t[2]) : null, path: t?.[3] ?? '' };
    const failure = /<failure[^>]*>(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/failure>/.exec(body);
    if (/<skipped\b/.test(body)) {
      cases.push({ ...base, outcome: 'skip' });
    } else if (failure) {
      const detail = failure[1]!;
      if (/^\s*Error: /.test(detail)) {
        const message = /Error: \s*\n([\s\S]*?)\nStacktrace:/.exec(detail)?.[1]?.trim() ?? detail.trim();
        cases.push({ ...base, outcome: 'error', message, detail });
      } else {
        const message = /Message:\n([\s\S]*?)\nRequest:/.exec(detail)?.[1]?.trim() ?? detail.trim();
        cases.push({ ...base, outcome: 'fail', message, detail });
      }
    } else {
      cases.push({ ...base, outcome: 'pass' });
    }
  }
  return { tests: num('tests'), failures: num('failures'), errors: num('errors'), skipped: num('skip'), cases };
}
