// Proves: --users-per-org at scale (kept out of the mutation run's test set: it is slow when instrumented).
import { describe, expect, it } from 'vitest';
import { superai } from '../../src/apis/superai/index.js';

describe('scale', () => {
  it('--users-per-org 100000 puts 100,000 users in one organization', () => {
    const big = superai.mock.generate({ seed: 1, usersPerOrg: 100_000 });
    const first = big.organizations[0]!.id;
    expect(big.users.filter((u) => u.record.organization_id === first)).toHaveLength(100_000);
    expect(new Set(big.users.map((u) => u.token)).size).toBe(big.users.length);
  });
});
