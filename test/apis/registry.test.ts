/**
 * Proves the registry is one list: every API's definition carries the client that the browser-safe
 * client list holds, in the same order, with the spec's first server as its base URL, and names agree.
 */
import { describe, expect, it } from 'vitest';
import { firstServer } from '../../src/apis/define.js';
import { API_CLIENTS } from '../../src/apis/clients.js';
import { APIS } from '../../src/apis/index.js';

describe('the API registry', () => {
  it('lists the same APIs, in the same order, as the browser-safe client list', () => {
    expect(APIS.map((a) => a.client)).toEqual([...API_CLIENTS]);
  });

  it.each(APIS.map((a) => [a.name, a] as const))(
    '%s: the spec is openapi/<name>.yaml and its first server is the client base URL',
    (name, api) => {
      expect(api.spec.name).toBe(name);
      expect(api.spec.file.endsWith(`openapi/${name}.yaml`)).toBe(true);
      expect(firstServer(api.spec)).toBe(api.client.baseUrl);
    },
  );

  it('names each API once', () => {
    expect(new Set(APIS.map((a) => a.name)).size).toBe(APIS.length);
  });
});
