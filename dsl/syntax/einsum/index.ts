export { parseEinsum, type EinsumSpec, type EinsumOptions } from './einsum.js';
export type { EinsumAst, IndexRef, SizeBinding } from './parser.js';
