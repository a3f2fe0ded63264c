/** Flashback's typed client and the types of its bodies, from src/generated/flashback.ts. Browser-safe. */
import type { Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/flashback.js';
import { defineClient } from '../client-kit.js';

export const flashbackClient = defineClient<paths>()('flashback', 'https://backend.flashback.tech');

/** The production base URL (the spec's first server). */
export const FLASHBACK_BASE_URL = flashbackClient.baseUrl;

export type FlashbackClient = Client<paths>;
export type FlashbackUser = components['schemas']['OrganizationUser'];
export type FlashbackUserList = components['schemas']['OrganizationUsersResponse'];
/** The empty list envelope of every Flashback failure (401, 403, 500). */
export type FlashbackFailure = components['schemas']['ListFailureResponse'];
export type FlashbackOrgRole = components['schemas']['OrgRole'];

/** A typed client of the Flashback API: paths, parameters, and success and error bodies from the spec. */
export const createFlashbackClient = flashbackClient.create;
