/**
 * orgmock's runtime-neutral API (Node, jsdom, browsers, edge runtimes): the mock as a Hono app
 * (`createMockApp().app.fetch`), MSW handlers that answer from the same app in-process, typed
 * clients of every API and the generated types. The Node HTTP server is in `./node.ts`. The
 * registry of APIs is wired in here.
 */
import { APIS } from './apis/index.js';
import { createMockApp as createMockAppFor, type MockApp, type MockOptions } from './mock/app.js';

/** The mock as a Hono app, every API of the registry unless `apis` is given. */
export const createMockApp = (options: Partial<MockOptions> = {}): MockApp => createMockAppFor({ ...options, apis: options.apis ?? APIS });
export type { MockApp, MockOptions };
export { orgmockHandlers, type OrgmockHandlerOptions } from './msw/handlers.js';
export * from './client/index.js';
export type * as FlashbackTypes from './generated/flashback.js';
export type * as SuperAITypes from './generated/superai.js';
