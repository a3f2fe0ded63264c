// What Dredd 14 does with our OpenAPI 3 specs, established against the real Dredd: how it names
// transactions, that it skips no error transaction, that it needs a path parameter example, and
// that it compares bodies with the examples' keys, never with the schemas (so it is not the judge).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadBundledSpec } from '../../src/openapi/load.js';
import { loadSpec, specFilePath } from '../../src/openapi/load-file.js';
import { getOperation } from '../../src/openapi/operations.js';
import { findDredd, runDredd } from '../../src/dredd/run.js';
import { pathParametersWithoutExample, prepareDreddSpec } from '../../src/dredd/spec.js';
import { parseXunit } from '../../src/dredd/xunit.js';
import { APIS } from '../../src/apis/index.js';
import { configOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'orgmock-dredd-oas3-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real Dredd with plain arguments (no orgmock hooks); returns its exit code and output. */
function dredd(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', findDredd().bin, ...args, '--no-color', '--config', join(dir, 'none.yml')], {
      cwd: dir,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const namesOf = (output: string) => [...output.matchAll(/^info: (.+ > .+)$/gm)].map((m) => m[1]);

describe('transaction names and path parameters', () => {
  it.each(['flashback', 'superai'])(
    '%s: one transaction per documented response, named "path > summary > status > media type"',
    async (api) => {
      const spec = loadBundledSpec(api);
      const op = getOperation(spec);
      const { file } = prepareDreddSpec(spec, dir);
      const { code, output } = await dredd([file, 'http://127.0.0.1:9', '--names']);
      expect(code, output).toBe(0);
      expect(namesOf(output)).toEqual(op.responses.map((r) => `${op.path} > ${op.summary} > ${r.status} > application/json`));
    },
  );

  it('stops before running anything when a required path parameter has no example; the prepared copy runs', async () => {
    // A spec of our own, so this holds whatever the bundled specs say: the parameter's schema has
    // an example and a default, which Dredd does not read.
    const file = join(dir, 'no-example.yaml');
    writeFileSync(
      file,
      [
        'openapi: 3.0.3',
        'info: { title: t, version: "1" }',
        'paths:',
        '  /things/{thing_id}:',
        '    get:',
        '      summary: Get thing',
        '      parameters:',
        '        - { name: thing_id, in: path, required: true, schema: { type: string, format: uuid, example: 3fa85f64-5717-4562-b3fc-2c963f66afa6, default: 3fa85f64-5717-4562-b3fc-2c963f66afa6 } }',
        '      responses:',
        '        "200": { description: ok, content: { application/json: { schema: { type: object } } } }',
      ].join('\n'),
    );
    const spec = loadSpec(file, 'things');
    expect(pathParametersWithoutExample(spec).map((p) => p.name)).toEqual(['thing_id']);

    const original = await dredd([file, 'http://127.0.0.1:9', '--names']);
    expect(original.code).not.toBe(0);
    expect(original.output).toContain("Required URI parameter 'thing_id' has no example or default value");

    const prepared = prepareDreddSpec(spec, dir);
    expect(prepared.file).not.toBe(file);
    expect(prepared.placeholders).toEqual([
      { pointer: '#/paths/~1things~1{thing_id}/get/parameters/0', name: 'thing_id', value: '00000000-0000-4000-8000-000000000000' },
    ]);
    // The copy is the spec plus the example, nothing else.
    const copy = parse(readFileSync(prepared.file, 'utf8'));
    delete copy.paths['/things/{thing_id}'].get.parameters[0].example;
    expect(copy).toEqual(spec.doc);
    const run = await dredd([prepared.file, 'http://127.0.0.1:9', '--names']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('skip: GET (200) /things/00000000-0000-4000-8000-000000000000');
  });

  it('hands Dredd the spec itself when nothing is missing', () => {
    const spec = loadBundledSpec('flashback');
    expect(prepareDreddSpec(spec, dir)).toEqual({
      api: 'flashback',
      file: specFilePath(spec),
      source: specFilePath(spec),
      placeholders: [],
    });
  });
});

describe('against a throwaway server (loopback)', () => {
  let server: Server;
  let url = '';
  let answer: (req: IncomingMessage, res: ServerResponse) => void = (_q, s) => s.end();
  const json = (res: ServerResponse, status: number, body: unknown, contentType = 'application/json') => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(JSON.stringify(body));
  };
  const USER = {
    id: 'x',
    email: 'x@example.com',
    name: 'X',
    lastName: 'Y',
    orgId: 'o',
    orgRole: 2,
    validated: true,
    deletedAt: null,
    orgRoleDescription: 'WORKSPACES',
    orgRoles: [0, 1, 2],
  };
  const fbConfig = () => configOf({ flashback: { baseUrl: url, tokens: { WORKSPACES: 'tok-ws-123', USER: 'tok-user-456' } } });

  beforeAll(async () => {
    server = createServer((req, res) => answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  it('runs every error transaction without hooks (OpenAPI 3 is not skipped like OpenAPI 2), sending them all the same request', async () => {
    const seen: string[] = [];
    answer = (req, res) => {
      seen.push(req.headers.authorization ?? '');
      json(res, 200, { success: true, data: [], total: 0 });
    };
    const xml = join(dir, 'nohooks.xml');
    const { code } = await dredd([specFilePath(loadBundledSpec('flashback')), url, '--reporter', 'xunit', '--output', xml]);
    const report = parseXunit(readFileSync(xml, 'utf8'));
    expect(code).toBe(1);
    expect(report.cases.map((c) => [c.status, c.outcome])).toEqual([
      [200, 'pass'],
      [401, 'fail'],
      [403, 'fail'],
      [500, 'fail'],
    ]);
    expect(report.skipped).toBe(0);
    expect(seen).toEqual(['', '', '', '']);
  });

  it("passes a body that breaks the schema but has the example's keys: Dredd compares with examples, not schemas", async () => {
    const broken = { ...USER, email: 42, orgRole: 'not-a-role', orgRoles: ['nope', 7], deletedAt: { not: 'a date' } };
    answer = (req, res) =>
      req.headers.authorization === 'Bearer tok-ws-123'
        ? json(res, 200, { success: 'yes', data: [broken, broken], total: 'two' })
        : json(res, req.headers.authorization ? 403 : 401, { success: false, data: [], total: 0 });
    const result = await runDredd({ config: fbConfig(), apis: APIS });
    const ok = result.runs[0]!.transactions.find((t) => t.status === 200);
    expect(ok, ok?.message).toMatchObject({ outcome: 'pass', how: 'WORKSPACES token' });
  });

  it('fails a body that lacks a key of the example', async () => {
    const { deletedAt: _d, ...withoutDeletedAt } = USER;
    answer = (req, res) =>
      req.headers.authorization === 'Bearer tok-ws-123'
        ? json(res, 200, { success: true, data: [withoutDeletedAt], total: 1 })
        : json(res, req.headers.authorization ? 403 : 401, { success: false, data: [], total: 0 });
    const result = await runDredd({ config: fbConfig(), apis: APIS });
    const ok = result.runs[0]!.transactions.find((t) => t.status === 200);
    expect(ok?.outcome).toBe('fail');
    expect(ok?.message).toMatch(/body: At '\/data\/0\/deletedAt' Missing required property: deletedAt/);
    expect(result.exitCode).toBe(1);
  });

  it('compares Content-Type byte for byte; the hooks accept "; charset=utf-8" and nothing else', async () => {
    let contentType = 'application/json; charset=utf-8';
    answer = (req, res) =>
      req.headers.authorization === 'Bearer tok-ws-123'
        ? json(res, 200, { success: true, data: [], total: 0 }, contentType)
        : json(res, req.headers.authorization ? 403 : 401, { success: false, data: [], total: 0 }, contentType);
    const xml = join(dir, 'charset.xml');
    await dredd([specFilePath(loadBundledSpec('flashback')), url, '--reporter', 'xunit', '--output', xml]);
    const plain = parseXunit(readFileSync(xml, 'utf8')).cases.find((c) => c.status === 401);
    expect(plain?.message).toMatch(/headers: At '\/content-type' No enum match for: "application\/json; charset=utf-8"/);

    const relaxed = await runDredd({ config: fbConfig(), apis: APIS });
    expect(relaxed.counts).toMatchObject({ passed: 3, failed: 0, skipped: 1 });

    contentType = 'text/plain';
    const wrong = await runDredd({ config: fbConfig(), apis: APIS });
    expect(wrong.counts.failed).toBe(3);
  });

  it('stops a Dredd run that does not finish in time: exit 2, not a hang', async () => {
    answer = (req, res) => {
      if (req.url === '/') json(res, 404, {}); // the reachability check gets an answer; the operation never does
    };
    const result = await runDredd({ config: fbConfig(), apis: APIS, timeoutMs: 1000 });
    expect(result.exitCode).toBe(2);
    expect(result.problems).toEqual(['flashback: Dredd did not finish within 1 s and was stopped']);
  });
});
