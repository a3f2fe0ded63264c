/**
 * orgmock's public API: the mock as a Hono app or a Node server, MSW handlers that answer from
 * the same app in-process, and typed clients of every API. The registry of APIs is wired in here.
 */
import { APIS } from './apis/index.js';
import { createMockApp as createMockAppFor, type MockApp, type MockOptions } from './mock/app.js';

/** The mock as a Hono app, every API of the registry unless `apis` is given. */
export const createMockApp = (options: Partial<MockOptions> = {}): MockApp => createMockAppFor({ ...options, apis: options.apis ?? APIS });
export type { MockApp, MockOptions };
export { startMockServer, type RunningServer, type ServerOptions } from './server/node.js';
export { orgmockHandlers, type OrgmockHandlerOptions } from './msw/handlers.js';
export * from './client/index.js';
export type * as FlashbackTypes from './generated/flashback.js';
export type * as SuperAITypes from './generated/superai.js';
