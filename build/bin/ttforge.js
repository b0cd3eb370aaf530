#!/usr/bin/env node
// Launcher for the `ttforge` bin: loads the TypeScript CLI through tsx, no build step needed.
import { register } from 'tsx/esm/api';
register();
await import('../cli.ts');
