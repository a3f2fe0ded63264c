#!/usr/bin/env node
// The development launcher (tests, `npm start`): runs the TypeScript sources through tsx. The
// installed package's `orgmock` command is the compiled dist/bin.js instead.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exit(await main(process.argv.slice(2)));
