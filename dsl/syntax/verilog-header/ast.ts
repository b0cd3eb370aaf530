// What the Verilog header parser produces: parameters with their default expressions and ports
// with their (possibly parameterized) packed ranges, each with its position in the source.

export interface Pos {
  line: number;
  col: number;
}

export type ConstExpr =
  | { k: 'num'; value: bigint; pos: Pos }
  | { k: 'str'; value: string; pos: Pos }
  | { k: 'id'; name: string; pos: Pos }
  | { k: 'un'; op: string; a: ConstExpr; pos: Pos }
  | { k: 'bin'; op: string; a: ConstExpr; b: ConstExpr; pos: Pos }
  | { k: 'tern'; c: ConstExpr; t: ConstExpr; f: ConstExpr; pos: Pos }
  | { k: 'call'; fn: string; args: ConstExpr[]; pos: Pos };

export interface PackedRange {
  msb: ConstExpr;
  lsb: ConstExpr;
}

export interface VerilogParam {
  name: string;
  /** localparam (or a body parameter of a module with a #(...) list): not overridable. */
  local: boolean;
  /** A fixed-width type (integer, int...) or a packed range makes the value that wide. */
  value: ConstExpr;
  pos: Pos;
}

export type PortDir = 'input' | 'output' | 'inout';

export interface VerilogPort {
  name: string;
  dir: PortDir;
  signed: boolean;
  /** undefined: a 1-bit port. */
  range: PackedRange | undefined;
  /** Width fixed by a type (integer: 32) rather than a range. */
  typeWidth: number | undefined;
  pos: Pos;
}

export interface VerilogModuleHeader {
  name: string;
  params: VerilogParam[];
  ports: VerilogPort[];
  /** True when the port list declares directions (ANSI style). */
  ansi: boolean;
  pos: Pos;
  /** File name used in messages. */
  source: string;
}
