/** Acme's typed client, from src/generated/acme.ts. Browser-safe. */
import type { components, paths } from '../../generated/acme.js';
import { defineClient } from '../client-kit.js';

export const acmeClient = defineClient<paths>()('acme', 'https://git.acme.example/api/v4');

export type AcmeMember = components['schemas']['Member'];
