#!/usr/bin/env node
// The orgmock command: loads the TypeScript sources through tsx, then hands argv to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
