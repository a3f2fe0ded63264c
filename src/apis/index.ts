import { flashback } from './flashback/index.js';
import { superai } from './superai/index.js';
import type { ApiModule } from './types.js';

/** Every API orgmock knows, by name. Adding an API means adding its folder and a line here. */
export const API_MODULES: readonly ApiModule[] = [flashback, superai];

export const apiByName = (name: string) => API_MODULES.find((a) => a.name === name);
