// npm run verify [name ...]: runs build/verify/*.verify.ts; each writes its results under out/verify/.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { runScripts } from '../run-scripts.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
process.exitCode = await runScripts(dir, 'verify', process.argv.slice(2));
