/** The flags `serve` and `fixtures` share: the seed and size of the generated data. */
import { DEFAULTS, MIN_USERS_PER_ORG } from '../mock/app.js';

/** `--seed` and `--users-per-org`, at most `maxUsersPerOrg` users in an organization. */
export const fixtureFlags = (maxUsersPerOrg: number) =>
  ({
    seed: { type: 'number', description: 'Fixture seed', default: DEFAULTS.seed, integer: true, min: 0, max: 2 ** 32 - 1 },
    'users-per-org': {
      type: 'number',
      description: 'Users in every organization',
      default: DEFAULTS.usersPerOrg,
      integer: true,
      min: MIN_USERS_PER_ORG,
      max: maxUsersPerOrg,
    },
  }) as const;
