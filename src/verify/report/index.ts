/** The reporters of `orgmock verify --reporter`, by name, and what the command needs of them. */
import type { RunReport } from '../types.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderPretty } from './pretty.js';

export const REPORTERS = { pretty: renderPretty, json: renderJson, junit: renderJunit, github: renderGithub } as const satisfies Record<
  string,
  (r: RunReport) => string
>;
export type ReporterName = keyof typeof REPORTERS;
export { renderGithubSummary } from './github.js';
export { renderSummaryLine } from './pretty.js';
export { exitCodeOf } from './summary.js';
