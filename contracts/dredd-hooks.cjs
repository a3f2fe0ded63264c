// orgmock's Dredd hooks: set each transaction's request so that the status it documents is the one
// that comes back, using real behaviour wherever a real backend has one.
//
//   dredd openapi/flashback.yaml https://backend.flashback.tech --hookfiles contracts/dredd-hooks.cjs
//
// `orgmock dredd --config FILE` runs Dredd with this file and hands it the resolved config in
// ORGMOCK_DREDD_CONFIG. Run by hand, point ORGMOCK_CONFIG at the config file instead ("$VAR" values
// are read from the environment). The file is CommonJS because the project is ESM and Dredd loads
// hook files with require(); outside Dredd (no `hooks` module) it only exports its pure functions.
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

const FLASHBACK_PATH = '/organization/users';
const SUPERAI_PATH = '/admin/organizations/{organization_id}/users';

/** Which API a transaction belongs to, from the path template Dredd keeps in its origin. */
function apiOf(transaction) {
  const template = transaction && transaction.origin ? transaction.origin.resourceName : undefined;
  if (template === FLASHBACK_PATH) return 'flashback';
  if (template === SUPERAI_PATH) return 'superai';
  return null;
}

const firstToken = (tokens, roles) => {
  for (const role of roles) if (tokens && typeof tokens[role] === 'string' && tokens[role]) return role;
  return null;
};

const cannotProvoke = (status) =>
  `a ${status} cannot be provoked against a real backend; orgmock's mock (or any server that honours ` +
  `"Prefer: code=${status}") checks its shape with --prefer`;

/**
 * How to provoke one documented status: which token (by role; null for none), which organization
 * id, which Prefer header; or why it is skipped. Pure: tests call it directly.
 * @param {'flashback'|'superai'} api
 * @param {number} status
 * @param {{ config: any, prefer: boolean, randomUUID?: () => string }} ctx
 */
function planFor(api, status, ctx) {
  const { config, prefer } = ctx;
  const randomUUID = ctx.randomUUID || crypto.randomUUID;
  const section = config ? config[api] : undefined;
  if (!section) return { run: false, reason: `the config has no "${api}" section` };
  const tokens = section.tokens || {};

  if (api === 'flashback') {
    const allowed = firstToken(tokens, ['WORKSPACES', 'ADMINISTRATOR', 'OWNER']);
    const denied = firstToken(tokens, ['USER', 'BILLING']);
    switch (status) {
      case 200:
        return allowed
          ? { run: true, role: allowed, how: `${allowed} token` }
          : { run: false, reason: 'needs a WORKSPACES, ADMINISTRATOR or OWNER token' };
      case 401:
        return { run: true, role: null, how: 'no Authorization header' };
      case 403:
        return denied
          ? { run: true, role: denied, how: `${denied} token (below WORKSPACES)` }
          : { run: false, reason: 'needs a USER or BILLING token' };
      default:
        if (!prefer) return { run: false, reason: cannotProvoke(status) };
        // A valid token too, whichever the server looks at first.
        return { run: true, role: allowed, prefer: status, how: `Prefer: code=${status}${allowed ? ` with a ${allowed} token` : ''}` };
    }
  }

  const org = section.organizationId;
  const admin = firstToken(tokens, ['backoffice']) || firstToken(tokens, ['org_admin']);
  switch (status) {
    case 200:
      if (tokens.backoffice) return { run: true, role: 'backoffice', organizationId: org, how: 'backoffice token, organizationId' };
      if (tokens.org_admin) return { run: true, role: 'org_admin', organizationId: org, how: 'org_admin token on its own organization (organizationId)' };
      return { run: false, reason: 'needs a backoffice token (or an org_admin token of organizationId)' };
    case 400: {
      const role = admin || firstToken(tokens, Object.keys(tokens));
      return role
        ? { run: true, role, organizationId: 'not-a-uuid', how: `${role} token, organization_id "not-a-uuid"` }
        : { run: false, reason: 'needs any valid token' };
    }
    case 401:
      return { run: true, role: null, organizationId: org, how: 'no Authorization header' };
    case 403: {
      const role = firstToken(tokens, ['app_user', 'integration', 'worker', 'publisher']);
      if (role) return { run: true, role, organizationId: org, how: `${role} token, organizationId` };
      if (tokens.org_admin && section.otherOrganizationId) {
        return { run: true, role: 'org_admin', organizationId: section.otherOrganizationId, how: 'org_admin token, otherOrganizationId' };
      }
      return { run: false, reason: 'needs an app_user or integration token (or org_admin with otherOrganizationId)' };
    }
    case 404:
      return tokens.backoffice
        ? { run: true, role: 'backoffice', organizationId: randomUUID(), how: 'backoffice token, a random organization id' }
        : { run: false, reason: 'needs a backoffice token (an org_admin gets 403 for any other organization, existing or not)' };
    default:
      if (!prefer) return { run: false, reason: cannotProvoke(status) };
      return { run: true, role: admin, organizationId: org, prefer: status, how: `Prefer: code=${status}${admin ? ` with a ${admin} token` : ''}` };
  }
}

/** Replaces `$VAR` / `${VAR}` string values (the whole value) with the environment's. */
function resolveEnvRefs(value, env, where) {
  if (typeof value === 'string') {
    const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(value);
    if (!m) return value;
    const name = m[1] || m[2];
    const resolved = env[name];
    if (resolved === undefined || resolved === '') throw new Error(`${where} refers to $${name}, which is not set`);
    return resolved;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveEnvRefs(v, env, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveEnvRefs(v, env, where ? `${where}.${k}` : k);
    return out;
  }
  return value;
}

/** The hooks' context: the resolved config and whether statuses may be forced with Prefer. */
function loadContext(env) {
  const prefer = env.ORGMOCK_DREDD_PREFER === '1';
  if (env.ORGMOCK_DREDD_CONFIG) return { config: JSON.parse(env.ORGMOCK_DREDD_CONFIG), prefer };
  if (env.ORGMOCK_CONFIG) {
    const raw = JSON.parse(fs.readFileSync(env.ORGMOCK_CONFIG, 'utf8'));
    return { config: resolveEnvRefs(raw, env, ''), prefer };
  }
  throw new Error('set ORGMOCK_CONFIG to the orgmock config file (orgmock dredd sets ORGMOCK_DREDD_CONFIG itself)');
}

function setHeader(headers, name, value) {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
  if (value !== undefined) headers[name] = value;
}

/** Applies a plan to a Dredd transaction (request headers, path, skip flag). */
function applyPlan(transaction, plan, api, config) {
  if (!plan.run) {
    transaction.skip = true;
    return;
  }
  transaction.skip = false;
  const headers = transaction.request.headers || (transaction.request.headers = {});
  const tokens = (config[api] && config[api].tokens) || {};
  setHeader(headers, 'Authorization', plan.role ? `Bearer ${tokens[plan.role]}` : undefined);
  setHeader(headers, 'Prefer', plan.prefer ? `code=${plan.prefer}` : undefined);
  if (plan.organizationId !== undefined) {
    const uri = transaction.request.uri;
    // fullPath is the endpoint's own path (e.g. /api) followed by the request URI.
    const prefix = transaction.fullPath.endsWith(uri) ? transaction.fullPath.slice(0, transaction.fullPath.length - uri.length) : '';
    const next = transaction.origin.resourceName.replace('{organization_id}', encodeURIComponent(plan.organizationId));
    transaction.request.uri = next;
    transaction.fullPath = prefix + next;
    // Dredd titles the test with the id (`GET (404) /admin/...`): keep it true to what is sent.
    transaction.id = `${transaction.request.method} (${transaction.expected.statusCode}) ${next}`;
  }
}

const mediaType = (value) => String(value || '').split(';')[0].trim().toLowerCase();

/** Accepts `application/json; charset=utf-8` where the spec says `application/json`. */
function relaxContentType(transaction) {
  const expected = transaction.expected && transaction.expected.headers ? transaction.expected.headers : {};
  const key = Object.keys(expected).find((k) => k.toLowerCase() === 'content-type');
  const real = transaction.real && transaction.real.headers;
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
    const api = apiOf(transaction);
    const status = Number(transaction.expected.statusCode);
    const base = { id: transaction.id, name: transaction.name, api, status };
    try {
      if (contextError) throw new Error(contextError);
      if (!api) {
        record({ ...base, run: !transaction.skip, how: 'not an orgmock operation: left as Dredd compiled it' });
        return;
      }
      const plan = planFor(api, status, ctx);
      applyPlan(transaction, plan, api, ctx.config);
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

module.exports = { planFor, apiOf, applyPlan, loadContext, resolveEnvRefs, relaxContentType };

let dreddHooks = null;
try {
  // Dredd hands hook files a `hooks` module (through proxyquire); plain Node has none.
  dreddHooks = require('hooks');
} catch {
  dreddHooks = null;
}
if (dreddHooks) register(dreddHooks, process.env);
