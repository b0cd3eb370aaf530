// Elaboration: the constructed module graph -> one IR module per distinct module, checked.
// Identical parameterizations are emitted once; module names come from the class and, where a class
// has several variants, from its parameters.
import { createHash } from 'node:crypto';
import { DiagnosticSink, type Diagnostic } from '../diagnostics.js';
import { pendingMessage } from '../context.js';
import type { Module } from '../module.js';
import type { Design, IrModule } from '../ir/netlist.js';
import { lowerModule, type LoweredModule } from './lower-module.js';
import { sanitize } from './naming.js';
import { findSame, structureBucket } from './same-structure.js';
import { checkDrivers } from '../check/drivers.js';
import { checkLatches } from '../check/latches.js';
import { checkCombLoops } from '../check/comb-loops.js';
import { checkUnused } from '../check/unused.js';

export interface ElaborateOptions {
  /** Resolve a source location for every cell (needed for `// file.ts:line` comments). */
  allLocations?: boolean;
  /** Name temporaries after the variables they are assigned to; by default on for modules of up to 20,000 expression nodes. */
  namesFromSource?: boolean;
  /** Turn warnings into errors. */
  warningsAsErrors?: boolean;
}

export interface ElaborateResult {
  design: Design;
  warnings: Diagnostic[];
}

/** Elaborates and checks a design; throws DiagnosticError with every error found. */
export function elaborate(top: Module, opts: ElaborateOptions = {}): Design {
  return elaborateWithWarnings(top, opts).design;
}

export function elaborateWithWarnings(top: Module, opts: ElaborateOptions = {}): ElaborateResult {
  const sink = new DiagnosticSink();
  /** Distinct modules so far, by class and parameters. */
  const unique = new Map<string, LoweredModule[]>();
  const order: IrModule[] = [];

  const visit = (m: Module): LoweredModule => {
    const kids = m.children.map(visit);
    const lowered = lowerModule(m, kids, sink, {
      allLocations: opts.allLocations ?? false,
      namesFromSource: opts.namesFromSource,
    });
    // The top is never shared: comparing it (the largest module, often) would be wasted time.
    if (m !== top) {
      const bucket = structureBucket(lowered.ir);
      const seen = findSame(unique.get(bucket), lowered.ir);
      if (seen) return { ...lowered, ir: seen.ir };
      const list = unique.get(bucket);
      if (list) list.push(lowered);
      else unique.set(bucket, [lowered]);
    }
    order.push(lowered.ir);
    return lowered;
  };
  const root = visit(top);
  // Only the construction errors of this design's modules: another design built but never
  // elaborated keeps its own.
  const built = new Set<Module>();
  const collect = (m: Module): void => {
    if (built.has(m)) return;
    built.add(m);
    for (const p of m.pendingDiagnostics.splice(0)) if (!p.unless?.()) sink.error(p.code, pendingMessage(p), p.loc);
    m.children.forEach(collect);
  };
  collect(top);
  const hadConstructionErrors = sink.errors.length > 0;
  // Checks run even after construction errors, so one build reports everything it can.
  for (const m of order) {
    if (m.blackbox) continue; // its body is the user's Verilog
    checkDrivers(m, sink);
    checkLatches(m, sink);
    checkCombLoops(m, sink);
    if (!hadConstructionErrors) checkUnused(m, sink); // a rejected expression leaves its operands unread
  }
  nameVariants(order, sink);
  if (opts.warningsAsErrors) for (const d of sink.items) d.severity = 'error';
  sink.throwIfErrors();
  return { design: { top: root.ir, modules: order }, warnings: sink.warnings };
}

/** One variant of a class keeps the class name; several get their parameters (or a counter) appended. */
function nameVariants(order: IrModule[], sink: DiagnosticSink): void {
  const byClass = new Map<string, IrModule[]>();
  // Black boxes keep their Verilog name exactly, whatever their parameters.
  for (const m of order) if (!m.blackbox) byClass.set(m.name, [...(byClass.get(m.name) ?? []), m]);
  const taken = new Set<string>();
  for (const [base, variants] of byClass) {
    if (variants.length === 1) {
      variants[0]!.name = sanitize(base);
      taken.add(variants[0]!.name);
      continue;
    }
    const keys = variantSuffixes(variants.map((v) => v.params));
    const distinct = new Set(keys).size === keys.length && keys.every((k) => k !== '');
    variants.forEach((v, i) => {
      v.name = sanitize(distinct ? `${base}_${keys[i]}` : `${base}_v${i + 1}`);
      taken.add(v.name);
    });
    if (!distinct && variants.some((v) => Object.keys(v.params).length > 0)) {
      sink.warning(
        'TTF146',
        `${base} has ${variants.length} different structures but its parameters do not tell them apart; pass every parameter that changes the hardware to super({...})`,
        variants[0]!.loc,
      );
    }
  }
}

/**
 * Variant names from the parameters that tell the variants apart (one shared by all says nothing),
 * in key order; a value longer than 12 characters is written as 6 hex digits of its SHA-1, so a name
 * stays short (`Fp32Mac_cuts5e1c0a_latency2`) and depends only on the parameters, not on the order in
 * which the variants were built. The file header lists every parameter in full.
 */
function variantSuffixes(params: readonly Readonly<Record<string, unknown>>[]): string[] {
  const text = (v: unknown): string => String(v).replace(/[^A-Za-z0-9]/g, '');
  const keys = [...new Set(params.flatMap((p) => Object.keys(p)))].sort();
  const differing = keys.filter((k) => new Set(params.map((p) => (k in p ? `=${text(p[k])}` : ''))).size > 1);
  return params.map((p) =>
    differing
      .filter((k) => k in p)
      .map((k) => {
        const v = text(p[k]);
        return `${k}${v.length > 12 ? createHash('sha1').update(String(p[k])).digest('hex').slice(0, 6) : v}`;
      })
      .join('_'),
  );
}
