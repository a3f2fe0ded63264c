// Proves: a departure warns only where the pages are silent or would accept the value; a value
// failing the page's reading and the inferred one alike fails. Proxies' answers to credential probes warn.
import { describe, expect, it } from 'vitest';
import { fbUser, judgePlanned, response, saUser } from './judge.js';

const saError = (requestId: unknown) => ({ error: { message: 'Forbidden', code: 'forbidden', details: null }, request_id: requestId });
const fbList = (users: unknown[]) => ({ success: true, data: users, total: users.length });

type Row = [string, { api: 'flashback' | 'superai'; key: string; status: number; body: unknown; want: 'passed' | 'warned' | 'failed' }];

const SCHEMA: Row[] = [
  [
    'SuperAI request_id a ULID: the inferred reading accepts it',
    { api: 'superai', key: 'role:app_user', status: 403, body: saError('01K8KABR6S16YETA2SZPVBS9SP'), want: 'passed' },
  ],
  [
    "SuperAI request_id null: the page's reading",
    { api: 'superai', key: 'role:app_user', status: 403, body: saError(null), want: 'passed' },
  ],
  [
    'SuperAI request_id 42: neither the page (null) nor the inferred (string or null)',
    { api: 'superai', key: 'role:app_user', status: 403, body: saError(42), want: 'failed' },
  ],
  [
    'SuperAI 200 as a bare array: the inferred reading',
    { api: 'superai', key: 'role:org_admin', status: 200, body: [saUser()], want: 'passed' },
  ],
  [
    'SuperAI 200 as one user object: the page\'s "Object" reading',
    { api: 'superai', key: 'role:org_admin', status: 200, body: saUser(), want: 'warned' },
  ],
  [
    'SuperAI 200 wrapped as {data:[...]}: neither reading',
    { api: 'superai', key: 'role:org_admin', status: 200, body: { data: [saUser()] }, want: 'failed' },
  ],
  [
    'SuperAI email admin@localhost: only the inferred format rejects it',
    { api: 'superai', key: 'role:org_admin', status: 200, body: [saUser({ email: 'admin@localhost' })], want: 'warned' },
  ],
  [
    'SuperAI internationalized email: only the inferred format rejects it',
    { api: 'superai', key: 'role:org_admin', status: 200, body: [saUser({ email: 'jürgen@bücher.example' })], want: 'warned' },
  ],
  [
    'SuperAI email 42: not even a string',
    { api: 'superai', key: 'role:org_admin', status: 200, body: [saUser({ email: 42 })], want: 'failed' },
  ],
  [
    'SuperAI role worker: inferred enum member',
    { api: 'superai', key: 'role:org_admin', status: 200, body: [saUser({ role: 'worker' })], want: 'passed' },
  ],
  [
    'SuperAI role root: outside both enums',
    { api: 'superai', key: 'role:org_admin', status: 200, body: [saUser({ role: 'root' })], want: 'failed' },
  ],
  [
    'Flashback orgId null: the client types allow it',
    { api: 'flashback', key: 'role:OWNER', status: 200, body: fbList([fbUser({ orgId: null })]), want: 'passed' },
  ],
  [
    'Flashback orgRole null: the client types allow it',
    { api: 'flashback', key: 'role:OWNER', status: 200, body: fbList([fbUser({ orgRole: null, orgRoles: [] })]), want: 'passed' },
  ],
  [
    'Flashback orgId 42: neither a string nor null',
    { api: 'flashback', key: 'role:OWNER', status: 200, body: fbList([fbUser({ orgId: 42 })]), want: 'failed' },
  ],
  [
    'Flashback orgRole 7: outside the documented enum',
    { api: 'flashback', key: 'role:OWNER', status: 200, body: fbList([fbUser({ orgRole: 7 })]), want: 'failed' },
  ],
  [
    'Flashback internationalized email',
    { api: 'flashback', key: 'role:OWNER', status: 200, body: fbList([fbUser({ email: 'δοκιμή@παράδειγμα.δοκιμή' })]), want: 'warned' },
  ],
];

describe('response_schema_conformance: documented reading, inferred reading', () => {
  it.each(SCHEMA)('%s', (_name, { api, key, status, body, want }) => {
    const results = judgePlanned(api, key, response(status, body));
    expect(results.response_schema_conformance?.outcome).toBe(want);
    if (want === 'failed') expect(results.response_schema_conformance?.source).toBe('documented');
    if (want === 'warned') expect(results.response_schema_conformance?.warnReason).toMatch(/.{20}/);
    // --strict: a warning fails, a failure stays one.
    const strict = judgePlanned(api, key, response(status, body), true);
    expect(strict.response_schema_conformance?.outcome).toBe(want === 'passed' ? 'passed' : 'failed');
  });
});

const HTML_400 =
  '<html><head><title>400 Request Header Or Cookie Too Large</title></head><body><center><h1>400 Bad Request</h1></center><hr><center>nginx</center></body></html>';

type AuthRow = [string, { status: number; body: unknown; type?: string; want: Record<string, string>; reason?: RegExp }];
const AUTH: AuthRow[] = [
  [
    '401 with the inferred envelope',
    { status: 401, body: { success: false, data: [], total: 0 }, want: { auth_rejected: 'passed', status_code_conformance: 'passed' } },
  ],
  [
    '403 where the inferred 401 is expected',
    {
      status: 403,
      body: { success: false, data: [], total: 0 },
      want: { auth_rejected: 'warned', status_code_conformance: 'passed' },
      reason: /403 instead of the inferred 401/,
    },
  ],
  [
    "nginx's 400 Request Header Or Cookie Too Large, as HTML",
    {
      status: 400,
      body: HTML_400,
      type: 'text/html',
      want: { auth_rejected: 'warned', status_code_conformance: 'warned', not_a_server_error: 'passed' },
      reason: /large_client_header_buffers/,
    },
  ],
  [
    '431 Request Header Fields Too Large',
    {
      status: 431,
      body: '',
      type: 'text/plain',
      want: { auth_rejected: 'warned', status_code_conformance: 'warned' },
      reason: /header size limit/,
    },
  ],
  ['414 URI Too Long', { status: 414, body: '', type: 'text/html', want: { auth_rejected: 'warned' }, reason: /request-line limit/ }],
  ['413 Content Too Large', { status: 413, body: '', type: 'text/html', want: { auth_rejected: 'warned' }, reason: /request size limit/ }],
  [
    '200: the credentials were not checked',
    { status: 200, body: { success: true, data: [], total: 0 }, want: { auth_rejected: 'failed' } },
  ],
  [
    '500: the backend broke on them',
    { status: 500, body: { success: false, data: [], total: 0 }, want: { auth_rejected: 'failed', not_a_server_error: 'failed' } },
  ],
  [
    '502 from a gateway',
    { status: 502, body: 'Bad Gateway', type: 'text/html', want: { auth_rejected: 'failed', not_a_server_error: 'failed' } },
  ],
];

describe('auth probes: only 2xx or 5xx are security failures', () => {
  it.each(AUTH)('%s', (_name, { status, body, type, want, reason }) => {
    const results = judgePlanned('flashback', 'auth:oversized-token', response(status, body, type));
    for (const [check, outcome] of Object.entries(want)) expect([check, results[check]?.outcome]).toEqual([check, outcome]);
    if (reason) expect(results.auth_rejected?.warnReason).toMatch(reason);
    if (want.auth_rejected === 'failed') expect(results.auth_rejected?.source).toBe('security');
    if (want.auth_rejected === 'warned') {
      // Still a failure with --strict.
      expect(judgePlanned('flashback', 'auth:oversized-token', response(status, body, type), true).auth_rejected?.outcome).toBe('failed');
    }
  });

  it('SuperAI: an HTML 400 from a proxy warns in the content-type and schema checks too', () => {
    const results = judgePlanned('superai', 'auth:oversized-token', response(400, HTML_400, 'text/html'));
    expect([
      results.auth_rejected?.outcome,
      results.content_type_conformance?.outcome,
      results.response_schema_conformance?.outcome,
    ]).toEqual(['warned', 'warned', 'warned']);
  });
});
