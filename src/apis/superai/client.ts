/** SuperAI Flow's typed client and the types of its bodies, from src/generated/superai.ts. Browser-safe. */
import type { Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/superai.js';
import { defineClient } from '../client-kit.js';

export const superaiClient = defineClient<paths>()('superai', 'https://flows.super.ai/api');

/** The production base URL (the spec's first server). */
export const SUPERAI_BASE_URL = superaiClient.baseUrl;

export type SuperAIClient = Client<paths>;
export type SuperAIUser = components['schemas']['OrganizationUserResponse'];
export type SuperAIRole = components['schemas']['UserRole'];
export type SuperAIStatus = components['schemas']['UserStatus'];
/** The error structure of 400, 401, 403, 404 and 500. */
export type SuperAIError = components['schemas']['ErrorResponse'];
/** FastAPI's 422 body. */
export type SuperAIValidationError = components['schemas']['HTTPValidationError'];

/** A typed client of the SuperAI Flow API: paths, parameters, and success and error bodies from the spec. */
export const createSuperAIClient = superaiClient.create;
