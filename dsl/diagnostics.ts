// Diagnostics: every user-facing problem has a stable code, a severity, a message and, where known,
// the user's source location. Errors are collected during elaboration and thrown together.
import { type SourceLoc, formatLoc } from './source-loc.js';
import { callerInUserCode } from './user-frames.js';

export type Severity = 'error' | 'warning';

/**
 * The one table of diagnostic codes. Codes never change meaning once published. A message never
 * spells its code: the formatter prints it. test/dsl/diagnostic-codes.test.ts has a case per code.
 */
export const DiagnosticCodes = {
  TTF100: 'width mismatch',
  TTF101: 'constant does not fit its width',
  TTF102: 'type mismatch',
  TTF103: 'invalid width',
  TTF104: 'index out of range',
  TTF105: 'invalid type definition',
  TTF110: 'undriven signal',
  TTF111: 'multiple drivers',
  TTF112: 'combinational loop',
  TTF113: 'possible latch: combinational signal not assigned on every path',
  TTF114: 'assignment to a read-only signal',
  TTF115: 'signal used outside its module',
  TTF116: 'module port not connected',
  TTF117: 'FSM never built',
  TTF120: 'unused signal',
  TTF130: 'name collision',
  TTF131: 'field hides a Module method',
  TTF132: 'port renamed in the Verilog',
  TTF140: 'bad parameter',
  TTF141: 'when chain out of order',
  TTF142: 'bad switch case',
  TTF143: 'FSM misuse',
  TTF144: 'clock domain of another module',
  TTF145: 'bad register reset or init value',
  TTF146: 'module variants not told apart by their parameters',
  TTF147: 'inconsistent memory write port',
  TTF148: 'module instantiated twice',
  TTF149: 'bad operator argument',
  TTF150: 'Verilog syntax error',
  TTF151: 'einsum syntax error',
  TTF160: 'simulation mismatch',
  TTF161: 'simulation cycle limit reached',
  TTF170: 'missing tool',
  TTF180: 'design file does not compile',
  TTF181: "exception in the design's code",
  TTF190: 'bad vector program',
  TTF191: 'bad GEMM + vector program',
  TTF192: 'model configuration or sample the program compiler cannot take',
  TTF193: 'input record the one whole-model program cannot run (length, token id)',
} as const;
export type DiagnosticCode = keyof typeof DiagnosticCodes;

export interface DiagnosticNote {
  message: string;
  loc?: SourceLoc | undefined;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  loc?: SourceLoc | undefined;
  /** Further locations: both drivers of a conflict, each hop of a loop. */
  notes?: DiagnosticNote[];
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.loc ? `${formatLoc(d.loc)}: ` : '';
  const head = `${where}${d.severity} ${d.code}: ${d.message}`;
  const notes = (d.notes ?? []).map((n) => `    ${n.loc ? `${formatLoc(n.loc)}: ` : ''}${n.message}`);
  return [head, ...notes].join('\n');
}

/**
 * An error caused by the user's input. The CLI prints its message without a stack trace. With a code
 * it is one diagnostic, printed as such (`file:line:col: error TTF170: ...`).
 */
export class UserError extends Error {
  readonly diagnostic: Diagnostic | undefined;
  constructor(message: string, opts: { code?: DiagnosticCode; loc?: SourceLoc | undefined } = {}) {
    const d: Diagnostic | undefined = opts.code && { code: opts.code, severity: 'error', message, loc: opts.loc };
    super(d ? formatDiagnostic(d) : message);
    this.diagnostic = d;
    this.name = 'UserError';
  }
  get code(): DiagnosticCode | undefined {
    return this.diagnostic?.code;
  }
}

/** One or more diagnostics, reported together. */
export class DiagnosticError extends UserError {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(
      diagnostics.map(formatDiagnostic).join('\n') +
        `\n${diagnostics.filter((d) => d.severity === 'error').length} error(s)`,
    );
    this.name = 'DiagnosticError';
  }
}

/** Collects diagnostics; `throwIfErrors` raises them together. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  add(d: Diagnostic): void {
    this.items.push(d);
  }
  error(code: DiagnosticCode, message: string, loc?: SourceLoc, notes?: DiagnosticNote[]): void {
    this.items.push({ code, severity: 'error', message, loc, ...(notes ? { notes } : {}) });
  }
  warning(code: DiagnosticCode, message: string, loc?: SourceLoc, notes?: DiagnosticNote[]): void {
    this.items.push({ code, severity: 'warning', message, loc, ...(notes ? { notes } : {}) });
  }
  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }
  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }
  throwIfErrors(): void {
    if (this.errors.length) throw new DiagnosticError(this.items);
  }
}

/**
 * Library code refusing what the user asked of it (a RAM configuration, an FP unit's depth): throws
 * one diagnostic at the line of the user's code that asked.
 */
export function refuse(code: DiagnosticCode, message: string): never {
  throw new DiagnosticError([{ code, severity: 'error', message, loc: callerInUserCode() }]);
}
