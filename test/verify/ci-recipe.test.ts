// Proves: the README's CI recipe, run. The commands are taken out of the YAML snippets of its
// "In CI" section and run by a shell in a scratch project whose node_modules/.bin/orgmock starts
// this checkout (every `npm` command aside: installing and the team's own tests are not ours).
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { parse } from 'yaml';
import { APIS } from '../../src/apis/index.js';
import { configFromMock } from '../../src/config/mock-config.js';
import { roleCatalog } from '../../src/openapi/extensions.js';
import { startMockServer } from '../../src/server/node.js';
import { scratchDir } from './support/run.js';
import { parseXml } from './support/xml.js';

const ROOT = join(import.meta.dirname, '..', '..');
const exec = promisify(execFile);
const scratch = scratchDir();

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string | number>;
}
interface Snippet {
  kind: 'github-workflow' | 'github-steps' | 'gitlab';
  doc: any;
}

/** The YAML code blocks of the README's "In CI" section, parsed. */
function snippets(): Snippet[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### In CI'), readme.indexOf('### Dredd as a second engine'));
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map(([, text]) => {
    const doc = parse(text!);
    return { kind: Array.isArray(doc) ? 'github-steps' : doc.jobs ? 'github-workflow' : 'gitlab', doc };
  });
}

/** A command as the recipe's shell runs it, `npm` commands left out. */
const withoutNpm = (script: string) =>
  script
    .split('\n')
    .filter((line) => !/^\s*npm /.test(line))
    .join('\n');

/** A scratch project: package.json, contracts/verify.json, and node_modules/.bin/orgmock exec'ing this checkout. */
function project(name: string): string {
  const dir = join(scratch.dir, name);
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  mkdirSync(join(dir, 'contracts'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `ci-recipe-${name}`, private: true }));
  const bin = join(dir, 'node_modules', '.bin', 'orgmock');
  // exec: the shim becomes node itself, as npm's symlink to the package's bin would (its shebang execs node).
  writeFileSync(bin, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'bin', 'orgmock.js'))} "$@"\n`);
  chmodSync(bin, 0o755);
  copyFileSync(join(ROOT, 'contracts', 'verify.example.json'), join(dir, 'contracts', 'verify.json'));
  return dir;
}

async function sh(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = { PATH: process.env.PATH!, HOME: process.env.HOME ?? cwd, npm_config_offline: 'true', npm_config_update_notifier: 'false' };
  try {
    const { stdout, stderr } = await exec('sh', ['-ec', script], { cwd, env: { ...base, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs a GitHub job's steps like the runner: `uses` steps aside, `if: failure()` only after a failure, `if: always()` always. */
async function runSteps(steps: Step[], cwd: string, env: Record<string, string>, after?: (step: Step) => Promise<void>) {
  let failed = false;
  const ran: { name: string; code: number; stdout: string; stderr: string }[] = [];
  for (const step of steps) {
    if (!step.run) continue;
    if (step.if === 'failure()' ? !failed : failed && step.if !== 'always()') continue;
    const script = withoutNpm(step.run);
    if (script.trim() === '') continue;
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, String(v)]));
    const result = await sh(script, cwd, { ...stepEnv, ...env });
    ran.push({ name: step.name ?? step.run, ...result });
    if (result.code !== 0) failed = true;
    await after?.(step);
  }
  return ran;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A process that has exited (gone, or a zombie nobody reaped). */
function exited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

const answers = async (port: number) =>
  fetch(`http://127.0.0.1:${port}/__mock/identities`, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.ok,
    () => false,
  );

let mock: Awaited<ReturnType<typeof startMockServer>>;
/** What a CI would hold in its secrets (tokens, API keys), for the mock as the backend under test. */
let secrets: Record<string, string>;
/** What a CI would hold in its plain variables (base URLs, organizations). */
let vars: Record<string, string>;

/** A GitHub job's env as the runner sets it: `${{ vars.X }}` and `${{ secrets.X }}` replaced (an unset one is ''). */
const githubEnv = (env: Record<string, string>, given: { vars: Record<string, string>; secrets: Record<string, string> }) =>
  Object.fromEntries(
    Object.entries(env).map(([name, value]) => [
      name,
      value.replace(/\$\{\{\s*(vars|secrets)\.([A-Z0-9_]+)\s*\}\}/g, (_, kind: 'vars' | 'secrets', key: string) => given[kind][key] ?? ''),
    ]),
  );
/** A GitLab job's `variables` as the runner sets them: `$X` replaced from the CI/CD variables. */
const gitlabEnv = (variables: Record<string, string>, given: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [name, value.replace(/\$([A-Z0-9_]+)/g, (_, key: string) => given[key] ?? '')]),
  );

beforeAll(async () => {
  // The example's jwt blocks: the mock signs in JWTs with the CI's secret, and the role tokens are JWTs it issued.
  const { $comment: _, ...example } = JSON.parse(readFileSync(join(ROOT, 'contracts', 'verify.example.json'), 'utf8')) as Record<
    string,
    Record<string, any>
  >;
  // Its fixed iss/aud (when it has them) are the mock's, and every role token carries them.
  const fixed = (Object.values(example).find((section) => section.jwt?.fixedClaims)?.jwt.fixedClaims ?? {}) as {
    iss?: string;
    aud?: string;
  };
  const jwtSecret = 'the-ci-recipe-jwt-secret';
  const jwt = { secret: jwtSecret, ...(fixed.iss ? { issuer: fixed.iss } : {}), ...(fixed.aud ? { audience: fixed.aud } : {}) };
  mock = await startMockServer({ port: 0, host: '127.0.0.1', jwt });
  const config = (await configFromMock(mock.url, APIS)) as Record<string, any>;
  const identities = (await (await fetch(`${mock.url}/__mock/identities`)).json()) as Record<string, Record<string, unknown>[]>;
  /** An identity row's role and whether it may sign in, read with the API's own rules (its role field, `activeWhen`). */
  const roleOf = (api: (typeof APIS)[number], row: Record<string, unknown>) => {
    const roleField = ['role', 'orgRole', api.operation.access!.roleProperty].find((f) => f in row)!;
    const catalog = roleCatalog(api.spec, api.operation);
    const value = row[roleField];
    return typeof value === 'string' && catalog.names.includes(value) ? value : catalog.nameOf(value as never);
  };
  const signsIn = (api: (typeof APIS)[number], row: Record<string, unknown>) => {
    const rule = api.operation.access!.activeWhen;
    if (!rule) return true;
    if ('deleted' in row) return row.deleted === false;
    return !(rule.property in row) || row[rule.property] === rule.equals;
  };
  const apiOf = (name: string) => APIS.find((a) => a.name === name)!;
  // A role's identity: the configured one, else (a denied role's token may come from any organization) any active user's.
  const identity = (name: string, role: string, field: 'token' | 'apiKey') =>
    (field === 'token' ? config[name].tokens?.[role] : config[name].apiKeys?.[role]) ??
    identities[name]!.find((u) => roleOf(apiOf(name), u) === role && signsIn(apiOf(name), u) && typeof u[field] === 'string')?.[field];
  const refused = (name: string, field: 'token' | 'apiKey') =>
    (field === 'token' ? Object.values(config[name].refusedTokens ?? {})[0] : undefined) ??
    identities[name]!.find(
      (u) =>
        !signsIn(apiOf(name), u) &&
        typeof u[field] === 'string' &&
        (!('organizationId' in u) || u.organizationId === config[name].organizationId),
    )?.[field];
  // Each role's token as a JWT naming its user (what the minted probes read the user and claims from).
  const asJwt = (name: string, opaque: string) =>
    new SignJWT({ ...fixed })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(identities[name]!.find((u) => u.token === opaque)!.userId))
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(jwtSecret));
  // What the CI holds in its secrets: every variable the example reads, as the mock (the backend under test) has it.
  secrets = {};
  for (const [name, section] of Object.entries(example)) {
    const fill = async (field: string, key: string, value: string) => {
      const variable = value.replace(/^\$\{?|\}$/g, '');
      const found =
        field === 'tokens'
          ? await asJwt(name, identity(name, key, 'token') as string)
          : field === 'apiKeys'
            ? identity(name, key, 'apiKey')
            : field === 'refusedTokens'
              ? refused(name, 'token')
              : field === 'refusedApiKeys'
                ? refused(name, 'apiKey')
                : jwtSecret;
      secrets[variable] = found as string;
    };
    for (const field of ['tokens', 'apiKeys', 'refusedTokens', 'refusedApiKeys'])
      for (const [key, value] of Object.entries((section[field] ?? {}) as Record<string, string>)) await fill(field, key, value);
    if (section.jwt?.secret) await fill('jwt', 'secret', section.jwt.secret);
  }
  // What the CI holds in its plain variables: the workflow's ORGMOCK_SET names them (`superai.baseUrl=${{ vars.X }}/api`).
  const [workflow] = snippets();
  vars = {};
  for (const [, path, name, suffix] of (workflow!.doc.jobs.verify.env.ORGMOCK_SET as string).matchAll(
    /([\w.]+)=\$\{\{ vars\.(\w+) \}\}([^,\s]*)/g,
  )) {
    const [api, key] = path!.split('.') as [string, string];
    const value = String(config[api]![key]);
    vars[name!] = suffix && value.endsWith(suffix) ? value.slice(0, -suffix.length) : value;
  }
});
afterAll(async () => {
  await mock?.close();
  scratch.cleanup();
});

describe("the README's CI recipe", () => {
  it('has the four snippets: a GitHub workflow and GitLab job for the contract, mock steps for both', () => {
    expect(snippets().map((s) => s.kind)).toEqual(['github-workflow', 'gitlab', 'github-steps', 'gitlab']);
  });

  it('the workflow passes every variable the example config reads, tokens from secrets, the plain values as ORGMOCK_SET from vars', () => {
    const [workflow] = snippets();
    const env = workflow!.doc.jobs.verify.env as Record<string, string>;
    const { $comment: _, ...sections } = JSON.parse(readFileSync(join(ROOT, 'contracts', 'verify.example.json'), 'utf8'));
    const names = [...new Set([...JSON.stringify(sections).matchAll(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g)].map((m) => m[1]!))].sort();
    const { ORGMOCK_SET: set, ...rest } = env;
    expect(Object.keys(rest).sort()).toEqual(names);
    for (const [name, value] of Object.entries(rest)) expect(value).toBe(`\${{ secrets.${name} }}`);
    expect([...set!.matchAll(/\$\{\{ (\w+)\.(\w+) \}\}/g)].map((m) => `${m[1]}.${m[2]}`).sort()).toEqual(
      Object.keys(vars)
        .map((name) => `vars.${name}`)
        .sort(),
    );
    expect(Object.values({ ...secrets, ...vars }).every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
  });

  it('GitHub workflow against the mock: passes with --fail-on-skip, JUnit report written; a missing secret fails the job and annotates', async () => {
    const [workflow] = snippets();
    const steps = workflow!.doc.jobs.verify.steps as Step[];
    const env = workflow!.doc.jobs.verify.env as Record<string, string>;
    const dir = project('github');
    const ok = await runSteps(steps, dir, githubEnv(env, { vars, secrets }));
    expect(ok.map((r) => [r.name, r.code])).toEqual([['Contract suite', 0]]);
    expect(ok[0]!.stdout).toMatch(/^orgmock verify: responses: \d+ passed, 0 failed, 0 warned, 0 skipped/);
    const junit = parseXml(readFileSync(join(dir, 'reports', 'verify.xml'), 'utf8'));
    expect(junit.attributes).toMatchObject({ failures: '0', skipped: '0' });

    const summary = join(dir, 'summary.md');
    const missing = await runSteps(steps, dir, {
      ...githubEnv(env, { vars, secrets: { ...secrets, SUPERAI_WORKER_TOKEN: '' } }),
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(missing.map((r) => [r.name, r.code])).toEqual([
      ['Contract suite', 1],
      ['Annotations and job summary of the failures', 0],
    ]);
    expect(missing[0]!.stdout).toMatch(/FAILED \(1 planned case skipped \(--fail-on-skip\)\)/);
    expect(missing[1]!.stdout).toMatch(/^::notice title=orgmock verify superai%3A cases skipped::.*SUPERAI_WORKER_TOKEN, which is empty/m);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## orgmock verify/);
  });

  it('GitLab job against the mock: passes, JUnit report written', async () => {
    const [, gitlab] = snippets();
    const dir = project('gitlab');
    const variables = gitlabEnv(gitlab!.doc.contract.variables, vars);
    const result = await sh(withoutNpm(gitlab!.doc.contract.script.join('\n')), dir, { ...secrets, ...variables });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(gitlab!.doc.contract.artifacts.reports.junit).toBe('reports/verify.xml');
    expect(parseXml(readFileSync(join(dir, 'reports', 'verify.xml'), 'utf8')).attributes.failures).toBe('0');
  });

  it('GitHub mock steps: the mock serves in the background, and `kill` of the saved pid stops it', async () => {
    const [, , steps] = snippets();
    const dir = project('mock-github');
    const port = await freePort();
    let pid = 0;
    const ran = await runSteps(steps!.doc as Step[], dir, { PORT: String(port) }, async (step) => {
      if (step.name !== 'Start the mock') return;
      pid = Number(readFileSync(join(dir, 'mock.pid'), 'utf8'));
      expect(await answers(port)).toBe(true);
      expect(exited(pid)).toBe(false);
      // The saved pid is the node process serving, not a wrapper around it.
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]).toBe(process.execPath);
    });
    expect(ran.map((r) => [r.name, r.code])).toEqual([
      ['Start the mock', 0],
      ['Stop the mock', 0],
    ]);
    await expect.poll(() => exited(pid), { timeout: 15_000 }).toBe(true);
    expect(await answers(port)).toBe(false);
  });

  it('GitLab mock job: starts, waits for, and stops the mock in one script', async () => {
    const [, , , gitlab] = snippets();
    const dir = project('mock-gitlab');
    const port = await freePort();
    const result = await sh(withoutNpm(gitlab!.doc.e2e.script.join('\n')), dir, { PORT: String(port) });
    expect(result.code).toBe(0);
    const pid = Number(readFileSync(join(dir, 'mock.pid'), 'utf8'));
    expect(readFileSync(join(dir, 'mock.log'), 'utf8')).toMatch(new RegExp(`orgmock listening on http://127\\.0\\.0\\.1:${port}`));
    await expect.poll(() => exited(pid), { timeout: 15_000 }).toBe(true);
    expect(await answers(port)).toBe(false);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });
});
