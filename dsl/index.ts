// The ttforge language: everything a design file imports.
export {
  Bool,
  UInt,
  SInt,
  Bits,
  Enum,
  Bundle,
  Vec,
  Flip,
  bitsFor,
  GroundType,
  EnumType,
  BundleType,
  VecType,
} from './types.js';
export type { HwType, EnumEncoding } from './types.js';
export { Expr, mux, cat, constOf, type Operand } from './expr.js';
export { Signal } from './signal.js';
export {
  Module,
  selectElement,
  type HwOf,
  type SignalVec,
  type RegOptions,
  type PortOptions,
  type WireOptions,
  type DefaultDomainPorts,
  type ParamValue,
} from './module.js';
export { param, withDefaults, type ParamsOf, type ParamDeclarations } from './params.js';
export { when, switchOn } from './when.js';
export { connect } from './connect.js';
export { Memory, type MemoryOptions } from './memory.js';
export { BlackBox, VerilogBlackBox, type BlackBoxOptions, type VerilogBlackBoxOptions } from './blackbox.js';
export { Fsm, type FsmOptions } from './fsm.js';
export type { ClockDomain } from './clock-domain.js';
export type { VivadoAttributes } from './attributes.js';
export { elaborate, elaborateWithWarnings, type ElaborateOptions } from './elaborate/elaborate.js';
export { emitVerilog, type EmittedDesign, type EmittedFile } from './emit/emit-design.js';
export { writeOutputAtomically } from './emit/write-output.js';
export { UserError, DiagnosticError, formatDiagnostic, refuse, type Diagnostic } from './diagnostics.js';
export { setLocationCapture } from './source-loc.js';
export type { Design, IrModule } from './ir/netlist.js';
