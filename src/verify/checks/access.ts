// Checks of what a caller gets: credentials, roles, tenants and malformed parameters, judged
// against the expectation the plan read from the spec's x-access-control (or the config's expect).
import { fail } from '../../contract/failure.js';
import type { CheckContext, CheckDef } from '../types.js';
import { limitOf } from '../infrastructure.js';

const is2xx = (status: number) => status >= 200 && status < 300;
const expectedText = ({ case: c }: CheckContext) => `${c.expectation.statuses.join(' or ')} (${c.expectation.because})`;

/**
 * Why a credential probe's answer is the infrastructure's rather than the backend's (a 4xx other
 * than the expected ones, or a redirect): such an answer only warns, in every check of the case.
 * Null for any other case or answer.
 */
export function infrastructureAnswer(ctx: CheckContext): string | null {
  const { status } = ctx.response;
  const { expectation } = ctx.case;
  if (ctx.case.kind !== 'auth' || expectation.statuses.includes(status) || expectation.warnStatuses?.[status] !== undefined) return null;
  if (status >= 300 && status < 400) return `${status} is a redirect (to a sign-in page?), not the API's answer; the request got no data`;
  if (status < 400 || status >= 500) return null;
  const limit = limitOf(status, ctx.response);
  return `${status} on ${ctx.case.label}: likely ${limit ?? 'an answer of the infrastructure in front of the backend (a proxy or gateway)'}; the probe's rule (never 2xx, never 5xx) holds`;
}

export const authRejected: CheckDef = {
  id: 'auth_rejected',
  title: 'Bad credentials not rejected',
  meaning: "A request without valid credentials never gets 2xx or 5xx; 401 is expected, a 403 or a proxy's 4xx only warns.",
  source: 'security',
  applies: (ctx) => ctx.case.kind === 'auth',
  run(ctx) {
    const { status } = ctx.response;
    const { expectation } = ctx.case;
    if (expectation.statuses.includes(status)) return;
    const what = is2xx(status) ? ': the credentials were not checked' : status >= 500 ? ': the backend broke on them' : '';
    const own = is2xx(status) || status >= 500 ? undefined : expectation.warnStatuses?.[status];
    const soft = is2xx(status) || status >= 500 ? null : (own ?? infrastructureAnswer(ctx));
    const wanted = `${expectation.statuses.join(' or ')} is expected${expectation.inferred || own !== undefined ? ' (inferred)' : ''}`;
    const title = is2xx(status)
      ? `Bad credentials accepted with ${status}`
      : status >= 500
        ? `Bad credentials broke the backend: ${status}`
        : own !== undefined
          ? `Bad credentials refused with ${status} where ${wanted}`
          : soft !== null
            ? `Bad credentials refused with ${status} by the infrastructure, not the backend, where ${wanted}`
            : `Bad credentials answered ${status} where ${wanted}`;
    fail({ expected: expectedText(ctx), received: `${status}${what}`, harmless: soft, title });
  },
};

export const deniedRoleRejected: CheckDef = {
  id: 'denied_role_rejected',
  title: 'Access granted to a denied caller',
  meaning: "A role the spec's rules deny, or a tenant asking for another organization, never gets 2xx.",
  source: 'security',
  applies: (ctx) => ctx.case.kind === 'role' && ctx.case.expectation.denied,
  run(ctx) {
    if (is2xx(ctx.response.status))
      fail({ expected: expectedText(ctx), received: `${ctx.response.status}: the caller got data it must not see` });
  },
};

export const roleStatusConformance: CheckDef = {
  id: 'role_status_conformance',
  title: 'Unexpected status for a role',
  meaning: "Each role gets the status the spec's role rules give it (or the config's expect block).",
  source: 'documented',
  // A denied caller getting 2xx is denied_role_rejected's (a security failure), not counted twice.
  applies: (ctx) => ctx.case.kind === 'role' && !(ctx.case.expectation.denied && is2xx(ctx.response.status)),
  run(ctx) {
    const { status } = ctx.response;
    if (ctx.case.expectation.statuses.includes(status)) return;
    const hint = status === 401 ? ': the token was refused (is it valid, unexpired and of an active user?)' : '';
    const { expectation } = ctx.case;
    fail({
      expected: expectedText(ctx),
      received: `${status}${hint}`,
      inferred: expectation.warnStatuses?.[status] ?? expectation.inferred?.reason ?? null,
    });
  },
};

export const malformedParameterRejected: CheckDef = {
  id: 'malformed_parameter_rejected',
  title: 'Malformed parameter not rejected',
  meaning: 'A path parameter that breaks its schema (not a UUID, SQL, 1 KB, non-ASCII) gets 400; 422 warns; 2xx, 404 or 5xx fail.',
  source: 'documented',
  applies: (ctx) => ctx.case.kind === 'parameter',
  run(ctx) {
    const { status } = ctx.response;
    const { expectation } = ctx.case;
    if (expectation.statuses.includes(status)) return;
    const warning = expectation.warnStatuses?.[status];
    fail({
      expected: expectedText(ctx),
      received: `${status}${is2xx(status) ? ': the malformed value was accepted' : ''}`,
      inferred: warning ?? null,
    });
  },
};

export const ACCESS_CHECKS = [authRejected, deniedRoleRejected, roleStatusConformance, malformedParameterRejected];
