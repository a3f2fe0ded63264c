/**
 * orgmock for Node: everything the runtime-neutral root exports, plus the HTTP server
 * (`startMockServer`, on node:http). `import ... from 'orgmock'` resolves here under Node's
 * `node` condition; `orgmock/node` names it explicitly.
 */
export * from './index.js';
export { startMockServer, type RunningServer, type ServerOptions } from './server/node.js';
