#!/usr/bin/env node
// The installed `orgmock` command (package.json "bin"): compiled JavaScript, no TypeScript at run time.
import { main } from './cli.js';

process.exit(await main(process.argv.slice(2)));
