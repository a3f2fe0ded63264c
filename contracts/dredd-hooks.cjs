// orgmock's Dredd hooks: set each transaction's request so that the status it documents is the one
// that comes back, using real behaviour wherever a real backend has one.
//
//   dredd openapi/flashback.yaml https://backend.flashback.tech --hookfiles contracts/dredd-hooks.cjs
//
// `orgmock dredd --config FILE` runs Dredd with this file and hands it its context in
// ORGMOCK_DREDD_CONFIG: the config's sections (read by orgmock's one config reader, "$VAR" values
// resolved) and, for each API, what its spec says: the path, which roles its x-access-control rules
// let in, its statuses. These hooks know nothing of any API beyond that. Run by hand, point
// ORGMOCK_CONFIG at the config file instead: the hooks then have orgmock's reader build the same
// context in a child process (src/commands/dredd-hooks-config.ts, through tsx). The file is CommonJS because
// the project is ESM and Dredd loads hook files with require(); outside Dredd (no `hooks` module) it
// only exports its pure functions.
//
// What Dredd 14 does with an OpenAPI 3 document, and so what these hooks have to do:
// - It makes one transaction per documented response, named
//   "/organization/users > List Organization Users > 403 > application/json" (path template,
//   operation summary, status, media type; prefixed with the API title when several documents run
//   at once). All of them run: only OpenAPI 2 gets its non-2xx transactions skipped by default
//   (TransactionRunner checks for a "swagger" media type; apiaryio/dredd#1257 is still open). So
//   every error transaction would be sent the same request as the 200 one unless a hook changes it;
//   the hooks also set `skip = false` explicitly, for Dredd versions that do skip them.
// - The expected body is the first named example of the response (`examples` is read, the others
//   are ignored with a warning); the schema is never used (the OAS3 parser builds no JSON Schema
//   from it, and warns "unsupported key" for `anyOf`, `format`, `maxItems` on the way). Gavel
//   turns the example into a loose JSON Schema: every key of the example must be present, objects
//   must be objects and arrays arrays, leaf values and types are not checked, array items are
//   compared position by position and an empty array passes. The hooks keep that comparison as it
//   is: it is what a team on Dredd gets, and orgmock's mock returns every key the examples show.
//   Schemas are `orgmock verify`'s job.
// - Security schemes are ignored: Dredd sends no Authorization header of its own.
// - The expected Content-Type is compared byte for byte; the hooks accept the same media type with
//   parameters (`application/json; charset=utf-8`), which many real servers send.
// - A required path parameter needs an `example` on the Parameter Object (a schema `example` or
//   `default` is not read), or Dredd stops before any hook runs. `orgmock dredd` hands Dredd a copy
//   of the spec with a placeholder example when the spec has none; the hooks then put the real
//   organization id into the request.
'use strict';

const fs = require('node:fs');
const crypto = require('node:crypto');
const childProcess = require('node:child_process');
const path = require('node:path');
const url = require('node:url');

/** Which API of the context a transaction belongs to, from the path template Dredd keeps in its origin. */
function apiOf(transaction, ctx) {
  const template = transaction?.origin ? transaction.origin.resourceName : undefined;
  const apis = ctx?.apis || {};
  return Object.keys(apis).find((name) => apis[name].path === template) || null;
}

const firstToken = (tokens, roles) => {
  for (const role of roles) if (tokens && typeof tokens[role] === 'string' && tokens[role]) return role;
  return null;
};

/** `A, B or C`. */
const either = (names) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`);

const cannotProvoke = (status) =>
  `a ${status} cannot be provoked against a real backend; orgmock's mock (or any server that honours ` +
  `"Prefer: code=${status}") checks its shape with --prefer`;

/**
 * How to provoke one documented status: which token (by role; null for none), which organization
 * id, which Prefer header; or why it is skipped. Pure: tests call it directly.
 * @param {string} api
 * @param {number} status
 * @param {{ config: object, apis: object, prefer: boolean, randomUUID?: () => string }} ctx
 */
function planFor(api, status, ctx) {
  const { prefer } = ctx;
  const randomUUID = ctx.randomUUID || crypto.randomUUID;
  const section = ctx.config ? ctx.config[api] : undefined;
  if (!section) return { run: false, reason: `the config has no "${api}" section` };
  const spec = ctx.apis ? ctx.apis[api] : undefined;
  if (!spec) return { run: false, reason: `the hooks' context says nothing of the "${api}" operation` };
  const tokens = section.tokens || {};
  const { anyOrganization: anywhere, callerOrganization: caller, ownOrganization: own, denied } = spec.roles;
  const param = spec.organizationParameter;
  // Every request names the config's organization unless the plan says otherwise.
  const run = (role, how, organizationId = section.organizationId) => ({ run: true, role, ...(param ? { organizationId } : {}), how });
  const skip = (reason) => ({ run: false, reason });
  const orgNote = param ? ', organizationId' : '';

  if (status >= 200 && status < 300) {
    const role = firstToken(tokens, [...anywhere, ...caller]);
    if (role) return run(role, `${role} token${orgNote}`);
    const mine = param ? firstToken(tokens, own) : null;
    if (mine) return run(mine, `${mine} token on its own organization (organizationId)`);
    const others = param && own.length ? ` (or of ${either(own)} for organizationId)` : '';
    return skip(`needs a token of ${either([...anywhere, ...caller]) || either(own)}${others}`);
  }
  if (status === spec.unauthenticatedStatus) return run(null, 'no Authorization header');
  if (status === spec.deniedStatus) {
    const role = firstToken(tokens, denied);
    if (role) return run(role, `${role} token${orgNote}${spec.deniedBelow ? ` (below ${spec.deniedBelow})` : ''}`);
    const mine = param && section.otherOrganizationId ? firstToken(tokens, own) : null;
    if (mine) return run(mine, `${mine} token, otherOrganizationId`, section.otherOrganizationId);
    const others = param && own.length ? ` (or of ${either(own)} with otherOrganizationId)` : '';
    return skip(`needs a token of ${either(denied)}${others}`);
  }
  if (status === 400 && param && param.malformed) {
    const role = firstToken(tokens, [...anywhere, ...own, ...caller]) || firstToken(tokens, Object.keys(tokens));
    return role ? run(role, `${role} token, ${param.name} "${param.malformed}"`, param.malformed) : skip('needs any valid token');
  }
  if (status === 404 && param && anywhere.length) {
    const role = firstToken(tokens, anywhere);
    if (role) return run(role, `${role} token, a random organization id`, randomUUID());
    const others = own.length ? ` (${either(own)} gets ${spec.deniedStatus} for any other organization, existing or not)` : '';
    return skip(`needs a token of ${either(anywhere)}${others}`);
  }
  if (!prefer) return skip(cannotProvoke(status));
  // A valid token too, whichever the server looks at first.
  const role = firstToken(tokens, [...anywhere, ...caller, ...own]);
  return {
    ...run(role, `Prefer: code=${status}${role ? ` with ${/^[aeio]/i.test(role) ? 'an' : 'a'} ${role} token` : ''}`),
    prefer: status,
  };
}

/** Dredd run by hand: orgmock's config reader (TypeScript, through tsx) builds the context in a child process. */
function contextFromConfigFile(env) {
  const loader = url.pathToFileURL(require.resolve('tsx', { paths: [__dirname] })).href;
  const script = path.join(__dirname, '..', 'src', 'commands', 'dredd-hooks-config.ts');
  // The context (tokens included) comes back through a pipe, never a terminal.
  const child = childProcess.spawnSync(process.execPath, ['--import', loader, script], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error) throw new Error(`could not run ${script}: ${child.error.message}`);
  if (child.status !== 0) throw new Error(child.stderr.trim() || `${script} exited with ${child.status}`);
  return JSON.parse(child.stdout);
}

/** The hooks' context: the config's sections, each API's rules, and whether statuses may be forced with Prefer. */
function loadContext(env) {
  const prefer = env.ORGMOCK_DREDD_PREFER === '1';
  if (env.ORGMOCK_DREDD_CONFIG) return { ...JSON.parse(env.ORGMOCK_DREDD_CONFIG), prefer };
  if (env.ORGMOCK_CONFIG) return { ...contextFromConfigFile(env), prefer };
  throw new Error('set ORGMOCK_CONFIG to the orgmock config file (orgmock dredd sets ORGMOCK_DREDD_CONFIG itself)');
}

function setHeader(headers, name, value) {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
  if (value !== undefined) headers[name] = value;
}

/** Applies a plan to a Dredd transaction (request headers, path, skip flag). */
function applyPlan(transaction, plan, api, ctx) {
  if (!plan.run) {
    transaction.skip = true;
    return;
  }
  transaction.skip = false;
  const headers = transaction.request.headers || (transaction.request.headers = {});
  const tokens = ctx.config[api]?.tokens || {};
  setHeader(headers, 'Authorization', plan.role ? `Bearer ${tokens[plan.role]}` : undefined);
  setHeader(headers, 'Prefer', plan.prefer ? `code=${plan.prefer}` : undefined);
  const param = ctx.apis[api]?.organizationParameter;
  if (param && plan.organizationId !== undefined) {
    const uri = transaction.request.uri;
    // fullPath is the endpoint's own path (e.g. /api) followed by the request URI.
    const prefix = transaction.fullPath.endsWith(uri) ? transaction.fullPath.slice(0, transaction.fullPath.length - uri.length) : '';
    const next = transaction.origin.resourceName.replace(`{${param.name}}`, encodeURIComponent(plan.organizationId));
    transaction.request.uri = next;
    transaction.fullPath = prefix + next;
    // Dredd titles the test with the id (`GET (404) /admin/...`): keep it true to what is sent.
    transaction.id = `${transaction.request.method} (${transaction.expected.statusCode}) ${next}`;
  }
}

const mediaType = (value) =>
  String(value || '')
    .split(';')[0]
    .trim()
    .toLowerCase();

/** Accepts `application/json; charset=utf-8` where the spec says `application/json`. */
function relaxContentType(transaction) {
  const expected = transaction.expected?.headers ? transaction.expected.headers : {};
  const key = Object.keys(expected).find((k) => k.toLowerCase() === 'content-type');
  const real = transaction.real?.headers;
  if (!key || !real || real['content-type'] === undefined) return;
  if (mediaType(real['content-type']) === mediaType(expected[key])) real['content-type'] = expected[key];
}

function register(hooks, env) {
  let ctx = null;
  let contextError = null;
  try {
    ctx = loadContext(env);
  } catch (error) {
    contextError = `orgmock hooks: ${error instanceof Error ? error.message : String(error)}`;
  }
  const reportFile = env.ORGMOCK_DREDD_REPORT;
  const record = (entry) => {
    if (reportFile) fs.appendFileSync(reportFile, `${JSON.stringify(entry)}\n`);
  };

  hooks.beforeEach((transaction) => {
    const api = ctx ? apiOf(transaction, ctx) : null;
    const status = Number(transaction.expected.statusCode);
    const base = { id: transaction.id, name: transaction.name, api, status };
    try {
      if (contextError) throw new Error(contextError);
      if (!api) {
        record({ ...base, run: !transaction.skip, how: 'not an orgmock operation: left as Dredd compiled it' });
        return;
      }
      const plan = planFor(api, status, ctx);
      applyPlan(transaction, plan, api, ctx);
      const sent = { ...base, id: transaction.id };
      record(plan.run ? { ...sent, run: true, how: plan.how } : { ...sent, run: false, reason: plan.reason });
    } catch (error) {
      // A throwing hook derails Dredd's runner; failing the transaction is reported cleanly.
      const message = error instanceof Error ? error.message : String(error);
      transaction.fail = message;
      record({ ...base, run: false, error: message });
    }
  });

  hooks.beforeEachValidation((transaction) => {
    relaxContentType(transaction);
  });
}

module.exports = { planFor, apiOf, applyPlan, loadContext, relaxContentType };

let dreddHooks = null;
try {
  // Dredd hands hook files a `hooks` module (through proxyquire); plain Node has none.
  dreddHooks = require('hooks');
} catch {
  dreddHooks = null;
}
if (dreddHooks) register(dreddHooks, process.env);
