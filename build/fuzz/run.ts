// npm run fuzz [name ...]: runs build/fuzz/*.fuzz.ts; each writes its results under out/fuzz/.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { runScripts } from '../run-scripts.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
process.exitCode = await runScripts(dir, 'fuzz', process.argv.slice(2));
