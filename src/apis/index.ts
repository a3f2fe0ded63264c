/**
 * The registry: every API orgmock knows. Commands, help texts, the banner, /docs, MSW, codegen,
 * Dredd, bench and tests read this list; engines take it as an argument. Adding an API means adding
 * its folder and a line here (and its client's line in ./clients.ts).
 */
import { flashback } from './flashback/index.js';
import { superai } from './superai/index.js';

export const APIS = [flashback, superai] as const;
