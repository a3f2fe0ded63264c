/**
 * The registry: every API orgmock knows. Commands, help texts, the banner, /docs, MSW, codegen,
 * Dredd, bench and tests read this list; engines take it as an argument. Adding an API means adding
 * its folder, its spec and a line here, then `npm run generate` (which writes its types, ./clients.ts, the
 * public entries' re-exports and package.json's exports from this list).
 */
import { flashback } from './flashback/index.js';
import { superai } from './superai/index.js';

export const APIS = [flashback, superai] as const;
