// How much of the contract a run exercised, per API: each role and organization with the status it
// expected and received, and which of the operation's documented statuses some response carried.
import type { CaseReport, Verdict, RunReport } from '../types.js';

export interface RoleCoverage {
  case: string;
  role: string;
  /** The organization asked for, by its config key (`organizationId`, `otherOrganizationId`, `unknownOrganization`); null when the operation takes none. */
  organization: string | null;
  expected: number[];
  received: number | null;
  outcome: Verdict;
  skipReason: string | null;
}

export interface ApiCoverage {
  api: string;
  operation: string;
  planned: number;
  sent: number;
  skipped: number;
  roles: RoleCoverage[];
  /** Documented statuses; `exercised` when at least one response carried it. */
  statuses: { status: number; inferred: boolean; exercised: boolean; responses: number }[];
  /** Statuses received that the operation does not document. */
  undocumented: number[];
}

export interface Coverage {
  planned: number;
  sent: number;
  skipped: number;
  /** Every planned case was sent. */
  complete: boolean;
  apis: ApiCoverage[];
}

const counted = (cases: CaseReport[]) => {
  const skipped = cases.filter((c) => c.outcome === 'skipped').length;
  return { planned: cases.length, sent: cases.length - skipped, skipped };
};

export function coverageOf(report: RunReport): Coverage {
  const apis = report.apis.map((api): ApiCoverage => {
    const received = api.cases.flatMap((c) => (c.status === null ? [] : [c.status]));
    const documented = new Set(api.documentedStatuses.map((s) => s.status));
    return {
      api: api.api,
      operation: `${api.operation.method} ${api.operation.path}`,
      ...counted(api.cases),
      roles: api.cases
        .filter((c) => c.kind === 'role')
        .map((c) => ({
          case: c.id,
          role: c.role ?? c.key,
          organization: c.organization,
          expected: c.expected?.statuses ?? [],
          received: c.status,
          outcome: c.outcome,
          skipReason: c.skipReason,
        })),
      statuses: api.documentedStatuses.map(({ status, inferred }) => {
        const responses = received.filter((s) => s === status).length;
        return { status, inferred, exercised: responses > 0, responses };
      }),
      undocumented: [...new Set(received.filter((s) => !documented.has(s)))].sort((a, b) => a - b),
    };
  });
  const all = counted(report.apis.flatMap((a) => a.cases));
  return { ...all, complete: all.skipped === 0, apis };
}

/** The pretty report's compact table. */
export function renderCoverage(coverage: Coverage): string[] {
  const out = [
    `Coverage: ${coverage.sent} of ${coverage.planned} planned cases sent${coverage.skipped ? `, ${coverage.skipped} skipped` : ''}`,
  ];
  for (const api of coverage.apis) {
    out.push(`  ${api.api} · ${api.operation} · ${api.sent} of ${api.planned} sent`);
    if (api.roles.length) {
      const rows = api.roles.map((r) => [
        // A role case sent with the role's API key (`apikey:` cases) beside the same role's token case.
        r.case.includes('/apikey:') ? `${r.role} (API key)` : r.role,
        r.organization ?? '-',
        r.expected.join('|') || '-',
        r.received === null ? `skipped` : String(r.received),
        r.outcome === 'skipped' ? '' : r.outcome,
      ]);
      const head = ['role', 'organization', 'expected', 'received', ''];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
      for (const row of [head, ...rows]) out.push(`    ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd());
    }
    const statuses = api.statuses.map((s) => `${s.status}${s.inferred ? '*' : ''} ${s.exercised ? '✓' : '✗'}`);
    const extra = api.undocumented.length ? ` · undocumented received: ${api.undocumented.join(', ')}` : '';
    out.push(`    documented statuses: ${statuses.join(', ')}${api.statuses.some((s) => s.inferred) ? ' (* inferred)' : ''}${extra}`);
  }
  return out;
}
