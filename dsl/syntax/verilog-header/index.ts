// Reading module headers from Verilog files, for black boxes.
export { parseVerilogHeaders, parseVerilogHeader, type HeaderParseOptions } from './header.js';
export { resolveHeader, evalConst, type ResolvedHeader, type ResolvedPort, type ParamOverride } from './evaluate.js';
export type { VerilogModuleHeader, VerilogParam, VerilogPort, ConstExpr, PackedRange, Pos } from './ast.js';
