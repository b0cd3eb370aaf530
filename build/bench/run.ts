// npm run bench [name ...]: runs build/bench/*.bench.ts; each writes its results under out/bench/.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { runScripts } from '../run-scripts.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
process.exitCode = await runScripts(dir, 'bench', process.argv.slice(2));
