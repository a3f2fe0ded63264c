// Proves: the package's main entry exports the mock, the MSW integration and the typed clients.
import { readFile } from 'node:fs/promises';
import { setupServer } from 'msw/node';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as orgmock from '../../src/node.js';

describe('package entry (src/node.ts, src/index.ts)', () => {
  it('is what package.json exports as "."', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, string> };
    expect(pkg.exports['.']).toEqual({
      node: { types: './dist/node.d.ts', default: './dist/node.js' },
      types: './dist/index.d.ts',
      default: './dist/index.js',
    });
  });

  it('exports the factories', () => {
    for (const name of [
      'createMockApp',
      'startMockServer',
      'orgmockHandlers',
      'createFlashbackClient',
      'createSuperAIClient',
      'createMockClients',
      'mockBaseUrls',
      'bearer',
    ] as const) {
      expect(typeof orgmock[name], name).toBe('function');
    }
    expectTypeOf<orgmock.FlashbackTypes.components['schemas']['OrgRole']>().toEqualTypeOf<0 | 1 | 2 | 254 | 255>();
    expectTypeOf<orgmock.SuperAITypes.paths>().toHaveProperty('/admin/organizations/{organization_id}/users');
  });

  it('its pieces work together: handlers from an app, a client through them', async () => {
    const mock = orgmock.createMockApp();
    const msw = setupServer(...orgmock.orgmockHandlers({ mock }));
    msw.listen({ onUnhandledRequest: 'error' });
    try {
      const token = mock.served.find((s) => s.api.name === 'flashback')!.dataset.data.users.find((u) => u.record.orgRole === 255)!.token;
      const { data, response } = await orgmock.createFlashbackClient({ token }).GET('/organization/users');
      expect(response.status).toBe(200);
      expect(data?.success).toBe(true);
    } finally {
      msw.close();
    }
  });
});
