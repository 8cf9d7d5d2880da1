#!/usr/bin/env node
// The `leaks` command: loads the TypeScript CLI through tsx, so `npx leaks` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
