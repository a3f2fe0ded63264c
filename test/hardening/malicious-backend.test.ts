// Proves: a backend cannot forge report lines or fill reports with secrets. Each malicious backend
// (keys and values with control characters and workflow commands, secrets on every case kind, each
// encoding of each configured token echoed, `__proto__` keys, Markdown/HTML in bodies, a 64 MiB body
// full of `&` and `\uXXXX`) runs through all four reporters and the step summary: no secret in any
// form, no raw control character, no workflow command at a line start but orgmock's own, valid JSON
// and JUnit, a `__proto__` key kept as a key, and the run completes.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fbToken,
  type Mutation,
  referenceConfig,
  saToken,
  startBackend,
  type RunningBackend,
} from '../verify/support/reference-backend.js';
import { runCli, scratchDir } from '../verify/support/run.js';
import { parseXml } from '../verify/support/xml.js';

const scratch = scratchDir();
const backends: RunningBackend[] = [];
afterAll(async () => {
  await Promise.all(backends.map((b) => b.close()));
  scratch.cleanup();
});

const ESCAPES =
  '\u001b]0;pwned\u0007\u001b[2J\u001b[1;32mALL CHECKS PASSED\u001b[0m\r\n::error::forged\n::add-mask::x\n##[error]old-style\u202eevil\u0085';
const MARKDOWN =
  '# Heading\n![img](http://127.0.0.1:9/x.png) <img src=x onerror=alert(1)> [link](http://127.0.0.1:9/) **bold** | a | b |\n```\n::error::x';
const BODY_SECRETS = {
  passwordHash: '$2b$12$abcdefghijklmnopqrstuuP1ZxQ0dQwM7n8wzJ0Jv9qN0tq2jR1mW',
  apiKey: 'sk_live_51HxQzRabcdefghijklmnop',
  password: 'hunter2',
  secret: 'plain-secret-value-42',
};
const SECRET_VALUES = Object.values(BODY_SECRETS);

const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const hex = (s: string) => Buffer.from(s).toString('hex');
const jwt = (payload: unknown) => `eyJhbGciOiJIUzI1NiJ9.${b64url(JSON.stringify(payload))}.c2lnbmF0dXJl`;
const tokenOf = (authorization: string | undefined) => /^Bearer (.*)$/.exec(authorization ?? '')?.[1] ?? '';
/** Every encoded form of a token a backend might echo. */
const encodings = (t: string) => [
  b64(t),
  b64url(t),
  hex(t),
  hex(t).toUpperCase(),
  b64(`ci:${t}`),
  b64(`${t}:`),
  jwt({ sub: 'u', token: t }),
];

/** Adds `extra` to the body of every answer, whatever its status (a list's users get it too). */
const everywhere =
  (extra: (authorization: string | undefined) => Record<string, unknown>): Mutation =>
  (call, reply) => {
    const body = (reply.body ?? {}) as Record<string, unknown>;
    const more = extra(call.authorization);
    const data = Array.isArray(body.data) ? body.data.map((u) => ({ ...(u as object), ...more })) : body.data;
    return { ...reply, body: { ...body, ...more, ...(data ? { data } : {}) } };
  };

const BACKENDS: [string, Mutation][] = [
  [
    'control characters and workflow commands in keys and values',
    everywhere(() => ({ [ESCAPES]: ESCAPES, [`${ESCAPES}passwordHash`]: ESCAPES, orgRoleDescription: ESCAPES })),
  ],
  ['secrets in the body of every case kind', everywhere(() => ({ ...BODY_SECRETS }))],
  [
    'every encoding of the caller token echoed',
    everywhere((a) => ({ echo: encodings(tokenOf(a)), message: `Basic ${b64(`ci:${tokenOf(a)}`)}` })),
  ],
  ['Markdown and HTML in bodies', everywhere(() => ({ message: MARKDOWN, orgRoleDescription: MARKDOWN }))],
  [
    '__proto__ keys',
    (_call, reply) => {
      if (!Array.isArray((reply.body as { data?: unknown })?.data)) return reply;
      // Sent as raw JSON: an own "__proto__" key, in a listed user's orgId (the schema check quotes it).
      const text = JSON.stringify(reply.body).replace(/"(orgId|organization_id)":"[^"]*"/, '"$1":{"__proto__":{"polluted":"yes"}}');
      return { status: reply.status, raw: text, headers: { 'content-type': 'application/json' } };
    },
  ],
];

const ALL_TOKENS = [
  ...['USER', 'BILLING', 'WORKSPACES', 'ADMINISTRATOR', 'OWNER'].map(fbToken),
  ...['org_admin', 'backoffice', 'app_user', 'integration'].map(saToken),
];
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const REPORTERS = ['pretty', 'json', 'junit', 'github'] as const;

/** Runs verify with each reporter, to stdout and (github) with a step summary; returns every output per reporter. */
async function runAll(backend: RunningBackend, name: string, extra: string[] = []) {
  const file = scratch.write(`${name}.json`, referenceConfig(backend.url));
  const out: Record<string, { code: number; stdout: string; stderr: string; summary: string }> = {};
  for (const reporter of REPORTERS) {
    const summaryFile = join(scratch.dir, `${name}-${reporter}-summary.md`);
    rmSync(summaryFile, { force: true });
    const run = await runCli(['--config', file, '--reporter', reporter, ...extra], {
      cwd: scratch.dir,
      env: reporter === 'github' ? { GITHUB_STEP_SUMMARY: summaryFile } : {},
    });
    out[reporter] = { ...run, summary: reporter === 'github' ? readFileSync(summaryFile, 'utf8') : '' };
  }
  return out;
}

function assertSafe(outputs: Awaited<ReturnType<typeof runAll>>) {
  for (const reporter of REPORTERS) {
    const { code, stdout, stderr, summary } = outputs[reporter]!;
    expect([0, 1], `${reporter} exit code\n${stderr}`).toContain(code);
    const everything = [stdout, stderr, summary].join('\n');
    // No secret of the config in any form, no secret of a body.
    for (const token of ALL_TOKENS) {
      for (const form of [token, ...encodings(token)]) expect(everything.includes(form), `${reporter}: ${form}`).toBe(false);
      expect(everything.includes(token.slice(4, 20)), `${reporter}: a piece of ${token}`).toBe(false);
    }
    for (const value of SECRET_VALUES) expect(everything.includes(value), `${reporter}: ${value}`).toBe(false);
    // No raw control character, no forged line.
    expect(RAW_CONTROL.test(everything), `${reporter}: a raw control character`).toBe(false);
    for (const line of (stdout + stderr).split('\n')) {
      if (reporter === 'github' && /^::(error|warning|notice) title=orgmock verify/.test(line)) continue;
      expect(line.startsWith('::') || line.startsWith('##['), `${reporter}: forged line ${line.slice(0, 80)}`).toBe(false);
    }
    if (reporter === 'json') JSON.parse(stdout);
    if (reporter === 'junit') parseXml(stdout);
    if (summary) {
      for (const line of summary.split('\n'))
        if (line.startsWith('#')) expect(line).toMatch(/^##? ?#? ?(orgmock verify|[a-z]+ · |Failures)/);
      for (const html of ['<img', '![', '](', '```\n::']) expect(summary.includes(html), `summary: ${html}`).toBe(false);
    }
  }
}

describe('a malicious backend', () => {
  it.each(BACKENDS)('%s: every reporter and the step summary stay safe', async (name, mutation) => {
    const backend = await startBackend(mutation);
    backends.push(backend);
    const outputs = await runAll(backend, name.replace(/\W+/g, '-'));
    assertSafe(outputs);
    const report = JSON.parse(outputs.json!.stdout);
    const cases = report.apis.flatMap((a: any) => a.cases);
    if (name.startsWith('secrets')) {
      // Every kind of case got them (and leaked none, above); each one shown says why its body is not.
      const kinds = new Set(cases.filter((c: any) => c.status !== null).map((c: any) => c.kind));
      expect([...kinds]).toEqual(expect.arrayContaining(['auth', 'parameter', 'role', 'tenant']));
      const shown = cases.filter((c: any) => c.response);
      expect(shown.length).toBeGreaterThan(0);
      for (const c of shown) expect(c.response.preview).toMatch(/^\(not shown: the body carries secrets at \/\S+/);
    }
    if (name.startsWith('__proto__')) {
      const values = cases
        .flatMap((c: any) => c.failed)
        .filter((f: any) => /\/(orgId|organization_id)$/.test(f.path ?? '') && typeof f.value === 'object')
        .map((f: any) => f.value);
      expect(values.length).toBeGreaterThan(0);
      expect(values[0]).toEqual(JSON.parse('{"__proto__":{"polluted":"yes"}}'));
      expect(Object.keys(values[0])).toEqual(['__proto__']);
    }
  });

  // Masking runs inside the request's --timeout (test/verify/mask-deadline.test.ts): this body is read, masked and
  // parsed within 60 s, or the case would be a timeout (response_received), which it is not.
  it('a 64 MiB body full of & and \\uXXXX (a token \\uXXXX-escaped at its end) is masked and judged within --timeout', async () => {
    const big = `${'R\\u00e9my &amp; co \\/ 100% '.repeat(Math.ceil((64 * 1024 * 1024 - 4096) / 27))}`;
    const backend = await startBackend((_call, reply) => {
      if (reply.status !== 401) return reply;
      const raw = `{"error":{"message":"${big}"},"echo":"${[...fbToken('OWNER')].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`;
      return { status: 401, raw, headers: { 'content-type': 'application/json' } };
    });
    backends.push(backend);
    const outputs = await runAll(backend, 'big', ['--only', 'flashback/auth:none', '--timeout', '60000']);
    assertSafe(outputs);
    const report = JSON.parse(outputs.json!.stdout);
    const sent = report.apis.flatMap((a: any) => a.cases).filter((c: any) => c.status !== null);
    expect(sent.length).toBeGreaterThan(0);
    for (const c of sent) {
      expect(c.status).toBe(401);
      expect(c.failed.map((f: any) => f.check)).not.toContain('response_received');
    }
  }, 300_000);
});
