/** The mock's `/docs` page and raw specs, rendered from the specs (inferred parts badged). */
import type { Hono } from 'hono';
import type { ApiDefinition } from '../apis/types.js';
import { apiKeyScheme, derivedMarker, inferredEnumValues, inferredOf, roleCatalog } from '../openapi/extensions.js';
import { deref, isObject, type Spec } from '../openapi/load.js';
import { listOperations } from '../openapi/operations.js';
import type { Inferred, Json, JsonObject, OperationInfo } from '../openapi/types.js';
import type { ServedApi } from './operation.js';

/**
 * The API reference at `/docs` and the raw specs at `/openapi/<name>.yaml`. The page is rendered
 * here from the specs, self-contained (inline CSS and script, no CDN): it loads offline. Unmarked
 * means documented by the vendor; `x-inferred` nodes and `x-inferred-enum` values get a badge
 * with their reason.
 */
export const DOCS_PATH = '/docs';
export const specPath = (api: ApiDefinition) => `/openapi/${api.spec.name}.yaml`;

export function mountDocs(app: Hono, served: readonly ServedApi[]): void {
  for (const { api } of served) {
    app.get(specPath(api), (c) => c.body(api.spec.text, 200, { 'Content-Type': 'application/yaml; charset=utf-8' }));
  }
  let page: string | undefined;
  app.get(DOCS_PATH, (c) => c.html((page ??= renderPage(served))));
  app.get(`${DOCS_PATH}/`, (c) => c.redirect(DOCS_PATH));
}

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** Description text: paragraphs and `code`. */
const prose = (s: Json | undefined) =>
  typeof s === 'string' && s.trim()
    ? s
        .trim()
        .split(/\n\s*\n/)
        .map((p) => `<p>${esc(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
        .join('')
    : '';
const obj = (v: Json | undefined): JsonObject => (isObject(v) ? v : {});
const badge = (node: Json | undefined, documented = false) => {
  const inferred = inferredOf(node);
  if (inferred) return ` <span class="badge inferred" title="${esc(inferred.reason)}">inferred</span>`;
  return documented ? ' <span class="badge documented">documented</span>' : '';
};
const anchor = (api: string, kind: string, name: string) => `${api}-${kind}-${name}`.replace(/[^A-Za-z0-9_-]/g, '_');

/** A schema's type in one line, `$ref`s linked to their section. */
function typeOf(api: string, node: Json | undefined): string {
  const s = obj(node);
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop() ?? s.$ref;
    return `<a href="#${anchor(api, 'schema', name)}">${esc(name)}</a>`;
  }
  const alts = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : null;
  let type = alts ? alts.map((a) => typeOf(api, a)).join(' | ') : s.type === 'array' ? `${typeOf(api, s.items)}[]` : esc(s.type ?? 'any');
  if (typeof s.format === 'string') type += ` <span class="fmt">(${esc(s.format)})</span>`;
  if (Array.isArray(s.enum)) type += ` <span class="fmt">∈ {${s.enum.map((v) => esc(JSON.stringify(v))).join(', ')}}</span>`;
  if (s.nullable === true) type += ' | null';
  return type;
}

function schemaSection(api: string, doc: JsonObject, name: string, schema: JsonObject): string {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const rows = Object.entries(obj(schema.properties)).map(([prop, raw]) => {
    const p = obj(raw);
    const marker = derivedMarker(p);
    const derived = marker
      ? `<p class="note">Derived from <code>${esc(marker.from)}</code>${marker.inferred ? ruleBadge(marker.inferred) : ''}</p>`
      : '';
    return `<tr><td><code>${esc(prop)}</code>${required.has(prop) ? ' <span class="req">required</span>' : ''}</td><td>${typeOf(api, p)}</td><td>${prose(p.description ?? obj(deref(doc, p, '').node).description)}${badge(p)}${derived}</td></tr>`;
  });
  const table = rows.length ? `<table><tr><th>Property</th><th>Type</th><th>Description</th></tr>${rows.join('')}</table>` : '';
  const extra = inferredEnumValues(schema);
  const names = Array.isArray(schema['x-enum-varnames']) ? schema['x-enum-varnames'] : [];
  const enumRows = (Array.isArray(schema.enum) ? schema.enum : []).map(
    (v, i) =>
      `<li><code>${esc(JSON.stringify(v))}</code>${names[i] === undefined ? '' : ` ${esc(names[i])}`}${
        extra.includes(v) ? ` <span class="badge inferred" title="${esc(schema['x-inferred-enum-reason'] ?? '')}">inferred</span>` : ''
      }</li>`,
  );
  return `<section class="schema" id="${anchor(api, 'schema', name)}"><h4>${esc(name)}${badge(schema)}</h4>${prose(schema.description)}
<p>Type: ${typeOf(api, { ...schema, enum: null })}</p>${table}${enumRows.length ? `<ul class="enum">${enumRows.join('')}</ul>` : ''}</section>`;
}

/** A marker's badge from a parsed rule: inferred with its reason, else documented. */
const ruleBadge = (inferred: Inferred | null) =>
  inferred
    ? ` <span class="badge inferred" title="${esc(inferred.reason)}">inferred</span>`
    : ' <span class="badge documented">documented</span>';

/** The operation's x-access-control as the rules module reads it: roles with their enum names (`2 WORKSPACES`), scopes, statuses, sign-in rule. */
function accessSection(spec: Spec, operation: OperationInfo | undefined): string {
  const access = operation?.access;
  if (!operation || !access) return '';
  const catalog = roleCatalog(spec, operation);
  const label = (value: Json) => {
    const name = catalog.nameOf(value);
    return `<code>${esc(JSON.stringify(value))}</code>${name === String(value) || name === JSON.stringify(value) ? '' : ` ${esc(name)}`}`;
  };
  const rows = access.rules.map(
    (r) => `<tr><td>${r.roles.map(label).join(', ')}</td><td>${esc(r.scope)}</td><td>${ruleBadge(r.inferred)}</td></tr>`,
  );
  const signIn = access.activeWhen
    ? `<p>Sign-in: only users whose <code>${esc(access.activeWhen.property)}</code> is <code>${esc(JSON.stringify(access.activeWhen.equals))}</code>. ${esc(access.activeWhen.description)}${ruleBadge(access.activeWhen.inferred)}</p>`
    : '';
  return `<h4>Access (x-access-control)</h4>${prose(access.description)}<p>Role field: <code>${esc(access.roleProperty)}</code>. Denied: ${esc(access.deniedStatus)}. Unauthenticated: ${esc(access.unauthenticatedStatus)}${ruleBadge(access.unauthenticatedInferred)}</p>${signIn}
<table><tr><th>Roles</th><th>Scope</th><th></th></tr>${rows.join('')}</table>`;
}

function responseSection(api: string, doc: JsonObject, status: string, raw: Json): string {
  const { node } = deref(doc, raw, '');
  const r = obj(node);
  const media = obj(obj(r.content)['application/json']);
  const examples = Object.entries(obj(media.examples)).map(([name, ex]) => {
    const e = obj(deref(doc, ex, '').node);
    return `<p class="ex">Example <code>${esc(name)}</code>${e.summary ? `: ${esc(e.summary)}` : ''}${badge(e, true)}</p><pre>${esc(JSON.stringify(e.value, null, 2))}</pre>`;
  });
  const schema = media.schema === undefined ? '' : `<p>Body: ${typeOf(api, media.schema)}${badge(media.schema)}</p>`;
  return `<details class="response s${esc(status[0])}"><summary><b>${esc(status)}</b> ${esc(r.description ?? '')}${badge(r, true)}</summary>${schema}${examples.join('')}</details>`;
}

/**
 * The "Try it" form: an identity picker over the users the docs page shows (every user of each
 * organization up to 32 members, the first and last 16 of a larger one), the credential to send
 * (bearer token, or API key where the spec has a key scheme, or none), a `Prefer: code=` choice from
 * the documented statuses, and after sending, the answer and the curl line for what was sent.
 */
function tryIt(api: ApiDefinition, dataset: ServedApi['dataset'], path: string, params: JsonObject[]): string {
  const options = dataset.showcase().map((user) => {
    const state = api.signInState(user.record);
    const org = api.mock.organizationOf(user.record) ?? '';
    const key = user.apiKey === undefined ? '' : ` data-apikey="${esc(user.apiKey)}"`;
    const label = [api.mock.roleName(user.record), state, `org ${org.slice(0, 8)}`, user.token, ...(key ? ['API key'] : [])].join(' · ');
    return `<option value="${esc(user.token)}" data-org="${esc(org)}" data-role="${esc(api.mock.roleName(user.record))}" data-state="${esc(state)}"${key}>${esc(label)}</option>`;
  });
  const scheme = apiKeyScheme(api.spec, api.operation);
  const credential = `<label>Send <select name="credential"><option value="token">Authorization: Bearer token</option>${
    scheme ? `<option value="apikey" data-header="${esc(scheme.header)}">${esc(scheme.header)}: API key</option>` : ''
  }<option value="">nothing</option></select></label>`;
  const prefer = `<label>Prefer <select name="prefer"><option value="">(none: the mock decides)</option>${api.operation.responses
    .map((r) => `<option value="code=${r.status}">code=${r.status}</option>`)
    .join('')}</select></label>`;
  const inputs = params
    .filter((p) => p.in === 'path')
    .map((p) => `<label>${esc(p.name)} <input name="${esc(p.name)}" data-param required></label>`);
  return `<h4>Try it against this mock</h4><form class="try" data-path="${esc(api.spec.basePath + path)}">
<label>Signed in as <select name="token"><option value="">(no one)</option>${options.join('')}</select></label>${credential}${prefer}${inputs.join('')}
<button type="submit">Send</button><p class="fmt">${options.length} of ${dataset.userCount} users; every one at <a href="/__mock/identities">/__mock/identities</a>.</p><pre class="curl" aria-label="curl"></pre><pre class="out" aria-live="polite"></pre></form>`;
}

function apiSection({ api, dataset }: ServedApi): string {
  const doc = api.spec.doc;
  const info = obj(doc.info);
  const servers = (Array.isArray(doc.servers) ? doc.servers : []).map((s) => `<code>${esc(obj(s).url)}</code>`).join(', ');
  const ops: string[] = [];
  const operations = listOperations(api.spec);
  for (const [path, item] of Object.entries(obj(doc.paths))) {
    for (const [method, raw] of Object.entries(obj(item))) {
      if (!['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'].includes(method)) continue;
      const op = obj(raw);
      const params = [
        ...(Array.isArray(obj(item).parameters) ? (obj(item).parameters as Json[]) : []),
        ...(Array.isArray(op.parameters) ? op.parameters : []),
      ].map((p) => obj(deref(doc, p, '').node));
      const paramRows = params.map(
        (p) =>
          `<tr><td><code>${esc(p.name)}</code> <span class="fmt">${esc(p.in)}</span>${p.required === true ? ' <span class="req">required</span>' : ''}</td><td>${typeOf(api.name, p.schema)}</td><td>${prose(p.description)}${badge(p)}</td></tr>`,
      );
      const security = (Array.isArray(op.security) ? op.security : [])
        .flatMap((s) => Object.keys(obj(s)))
        .map((name) => {
          const scheme = obj(obj(obj(doc.components).securitySchemes)[name]);
          return `<p><code>${esc(name)}</code>: ${esc(scheme.type)} ${esc(scheme.scheme ?? '')} ${scheme.bearerFormat ? `(${esc(scheme.bearerFormat)})` : ''}</p>${prose(scheme.description)}`;
        });
      const parsed = operations.find((o) => o.path === path && o.method === method);
      const ordering = parsed?.ordering
        ? `<h4>Ordering</h4>${prose(parsed.ordering.description)}${parsed.ordering.inferred ? ruleBadge(parsed.ordering.inferred) : ''}`
        : '';
      ops.push(`<section class="op" id="${anchor(api.name, 'op', String(op.operationId ?? method + path))}">
<h3><span class="method">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code> ${esc(op.summary ?? '')}</h3>
<p class="served">Served by this mock at <code>${esc(api.spec.basePath + path)}</code></p>${prose(op.description)}
<h4>Security</h4>${security.join('') || '<p>None</p>'}${accessSection(api.spec, parsed)}${ordering}
<h4>Parameters</h4>${paramRows.length ? `<table><tr><th>Name</th><th>Type</th><th>Description</th></tr>${paramRows.join('')}</table>` : '<p>None</p>'}
<h4>Responses</h4>${Object.entries(obj(op.responses))
        .map(([status, r]) => responseSection(api.name, doc, status, r))
        .join('')}
${method === 'get' ? tryIt(api, dataset, path, params) : ''}</section>`);
    }
  }
  const schemas = Object.entries(obj(obj(doc.components).schemas)).map(([name, s]) => schemaSection(api.name, doc, name, obj(s)));
  return `<section class="api" id="${esc(api.name)}"><h2>${esc(info.title ?? api.name)} <small>v${esc(info.version ?? '')}</small></h2>
${prose(info.description)}<p>Production: ${servers}. Raw spec: <a href="${esc(specPath(api))}">${esc(specPath(api))}</a></p>
${ops.join('')}<h3>Schemas</h3>${schemas.join('')}</section>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d232a;display:flex}nav{position:sticky;top:0;height:100vh;overflow:auto;width:15rem;flex:none;overflow-wrap:anywhere;box-sizing:border-box;padding:1rem;background:#f3f5f7;border-right:1px solid #dde2e7}
nav a{display:block;color:#24527a;text-decoration:none;margin:.2rem 0}main{padding:1rem 2rem;max-width:62rem}h2{border-bottom:2px solid #24527a}code{background:#eef1f4;padding:0 .25rem;border-radius:3px}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #dde2e7;padding:.3rem .5rem;text-align:left;vertical-align:top}td p{margin:0}
pre{background:#1d232a;color:#e8edf2;padding:.6rem;overflow:auto;border-radius:4px}.badge{font-size:.75rem;padding:0 .4rem;border-radius:8px;cursor:help}
.inferred{background:#fde9c8;color:#7a4b00}.documented{background:#d9f0dc;color:#1f5a27}.req{color:#a0302b;font-size:.8rem}.fmt{color:#5b6672;font-size:.85rem}
.method{background:#24527a;color:#fff;padding:0 .4rem;border-radius:3px}details{margin:.3rem 0}.s2 summary b{color:#1f5a27}.s4 summary b,.s5 summary b{color:#a0302b}
form.try{background:#f3f5f7;padding:.6rem;border-radius:4px}form.try label{margin-right:1rem}.out{max-height:24rem}.out:empty,.curl:empty{display:none}.curl{white-space:pre-wrap;overflow-wrap:anywhere}`;

const SCRIPT = `const quote = (s) => "'" + String(s).replace(/'/g, "'\\\\''") + "'";
for (const form of document.querySelectorAll('form.try')) {
  const token = form.elements.token, out = form.querySelector('.out'), curl = form.querySelector('.curl');
  const fill = () => { const org = token.selectedOptions[0]?.dataset.org; for (const i of form.querySelectorAll('[data-param]')) if (org) i.value = org; };
  token.selectedIndex = Math.min(1, token.options.length - 1); fill();
  token.addEventListener('change', fill);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    let path = form.dataset.path;
    for (const i of form.querySelectorAll('[data-param]')) path = path.replace('{' + i.name + '}', encodeURIComponent(i.value));
    const who = token.selectedOptions[0], how = form.elements.credential.value, headers = {};
    if (who && who.value && how === 'token') headers.Authorization = 'Bearer ' + who.value;
    if (who && who.dataset.apikey && how === 'apikey') headers[form.elements.credential.selectedOptions[0].dataset.header] = who.dataset.apikey;
    if (form.elements.prefer.value) headers.Prefer = form.elements.prefer.value;
    curl.textContent = ['curl -i', ...Object.entries(headers).map(([k, v]) => '-H ' + quote(k + ': ' + v)), quote(location.origin + path)].join(' ');
    const res = await fetch(path, { headers });
    const text = await res.text();
    let body = text; try { body = JSON.stringify(JSON.parse(text), null, 2); } catch {}
    out.textContent = res.status + ' ' + res.statusText + '\\n' + body; form.dataset.status = String(res.status);
  });
}
document.body.dataset.ready = 'true';`;

function renderPage(served: readonly ServedApi[]): string {
  const nav = served
    .map(
      ({ api }) =>
        `<a href="#${esc(api.name)}"><b>${esc(obj(api.spec.doc.info).title ?? api.name)}</b></a>` +
        `<a href="#${anchor(api.name, 'op', api.operation.operationId)}">${esc(api.operation.method.toUpperCase())} ${esc(api.operation.path)}</a>` +
        `<a href="${esc(specPath(api))}">${esc(specPath(api))}</a>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>orgmock · API reference</title><link rel="icon" href="data:,"><style>${STYLE}</style></head>
<body><nav><p><b>orgmock</b> API reference</p>${nav}<p class="fmt">Badges: <span class="badge documented">documented</span> what the vendor's page says; <span class="badge inferred">inferred</span> added by this project (hover for the reason). Unmarked fields are documented.</p></nav>
<main>${served.map(apiSection).join('')}</main><script>${SCRIPT}</script></body></html>`;
}
