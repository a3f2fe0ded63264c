// README "3. MSW": `seed`, `usersPerOrg`, `errorRate`, `latency` work "as for npm start". Each option
// set on its own handlers, at its own origin, and checked by what comes back.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockApp } from '../../src/index.js';
import { orgmockHandlers } from '../../src/msw/handlers.js';

const at = (name: string) => ({
  baseUrls: { flashback: `https://${name}.test/fb`, superai: `https://${name}.test/sa/api` },
  mockUrl: `http://${name}-mock.test`,
});
const msw = setupServer(
  ...orgmockHandlers({ ...at('plain') }),
  ...orgmockHandlers({ ...at('failing'), errorRate: 1 }),
  ...orgmockHandlers({ ...at('slow'), latency: [300, 300] }),
  ...orgmockHandlers({ ...at('big'), usersPerOrg: 15 }),
  ...orgmockHandlers({ ...at('seeded'), seed: 5 }),
);
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => msw.close());

interface Ids {
  flashback: { token: string; orgRole: number; deleted: boolean; orgId: string }[];
  superai: { token: string; role: string; status: string; organizationId: string }[];
}
const identities = async (name: string) => (await (await fetch(`http://${name}-mock.test/__mock/identities`)).json()) as Ids;
const owner = (ids: Ids) => ids.flashback.find((u) => u.orgRole === 255 && !u.deleted)!.token;
const listFlashback = (name: string, token: string) =>
  fetch(`https://${name}.test/fb/organization/users`, { headers: { Authorization: `Bearer ${token}` } });

describe('orgmockHandlers options', () => {
  it('errorRate: 1 answers every request with the documented 500', async () => {
    const ids = await identities('failing');
    for (let i = 0; i < 3; i++) {
      const res = await listFlashback('failing', owner(ids));
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ success: false, data: [], total: 0 });
    }
    const backoffice = ids.superai.find((u) => u.role === 'backoffice' && u.status === 'active')!;
    const sa = await fetch(`https://failing.test/sa/api/admin/organizations/${ids.superai[0]!.organizationId}/users`, {
      headers: { Authorization: `Bearer ${backoffice.token}` },
    });
    expect(sa.status).toBe(500);
    // Without the option, the same request is answered.
    expect((await listFlashback('plain', owner(await identities('plain')))).status).toBe(200);
  });

  it('latency: [300, 300] delays each answer by at least 300 ms', async () => {
    const ids = await identities('slow');
    const started = performance.now();
    const res = await listFlashback('slow', owner(ids));
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295); // a lower bound only
  });

  it('usersPerOrg: 15 puts 15 users in every customer organization', async () => {
    const ids = await identities('big');
    const res = await listFlashback('big', owner(ids));
    expect(await res.json()).toMatchObject({ success: true, total: 15 });
    for (const org of new Set(ids.flashback.map((u) => u.orgId))) expect(ids.flashback.filter((u) => u.orgId === org)).toHaveLength(15);
  });

  it('seed: 5 serves the data of seed 5, not the default seed', async () => {
    const seeded = await identities('seeded');
    const own = await (await createMockApp({ seed: 5 }).app.request('/__mock/identities')).json();
    expect(seeded).toEqual(own);
    expect(seeded).not.toEqual(await identities('plain'));
  });
});
