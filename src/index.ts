/**
 * orgmock's runtime-neutral API (Node, jsdom, browsers, edge runtimes): the mock as a Hono app
 * (`createMockApp().app.fetch`), MSW handlers that answer from the same app in-process, typed
 * clients of both APIs and the generated types. The Node HTTP server is in `./node.ts`.
 */
export { createMockApp, type MockApp, type MockOptions } from './mock/app.js';
export { orgmockHandlers, type OrgmockHandlerOptions } from './msw/handlers.js';
export * from './client/index.js';
export type * as FlashbackTypes from './generated/flashback.js';
export type * as SuperAITypes from './generated/superai.js';
