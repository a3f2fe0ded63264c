#!/usr/bin/env node
// The orgmock command: loads the TypeScript sources through tsx, runs the CLI, exits with its code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exit(await main(process.argv.slice(2)));
