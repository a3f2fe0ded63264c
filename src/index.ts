/**
 * orgmock's public API: the mock as a Hono app or a Node server, MSW handlers that answer from
 * the same app in-process, and typed clients of both APIs.
 */
export { createMockApp, type MockApp, type MockOptions } from './mock/app.js';
export { startMockServer, type RunningServer, type ServerOptions } from './mock/server.js';
export { orgmockHandlers, type OrgmockHandlerOptions } from './msw/handlers.js';
export * from './client/index.js';
export type * as FlashbackTypes from './generated/flashback.js';
export type * as SuperAITypes from './generated/superai.js';
