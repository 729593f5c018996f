#!/usr/bin/env node
// The `lodestone` command. The CLI is TypeScript run through tsx (a runtime dependency): its
// loader is registered in this process, so signals reach the server directly, with no child
// process in between. Works from the repository and as an installed package's bin.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../server/cli/main.ts', import.meta.url).href);
