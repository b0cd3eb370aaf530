// `ttforge build --target u50`: from an elaborated design, every file needed to take it into
// Vivado (and, for a Vitis kernel, into Vitis), deterministically: same design, same bytes.
//   rtl/*.v                      the Verilog
//   constraints.xdc, vivado.tcl  out-of-context synthesis and implementation on xcu50-fsvh2104-2-e
//   kernel.xml, package_xo.tcl   the Vitis RTL kernel description and packaging (VitisKernel tops)
//   control_map.h/.json          the s_axi_control register map (VitisKernel tops)
//   host/host.cpp, host/Makefile a reference XRT host program (VitisKernel tops)
//   memory-plan.json/.md         every memory and its primitive
//   estimate.json/.md            Yosys resources against the U50
//   manifest.json                what is where
import type { Design, EmittedDesign, EmittedFile, Module } from '../../../dsl/index.js';
import { UserError } from '../../../dsl/index.js';
import { isVitisKernel } from '../../../rtl-lib/axi/vitis-kernel.js';
import { controlHeader, controlMapJson } from './control-map.js';
import { hostCpp, hostMakefile } from './host-cpp.js';
import { constraintsXdc } from './constraints-xdc.js';
import { vivadoTcl } from './vivado-tcl.js';
import { kernelXml } from './kernel-xml.js';
import { packageXoTcl } from './package-xo-tcl.js';
import { memoryPlan, memoryPlanMarkdown, type MemoryPlan } from './memory-plan.js';
import {
  type BlackBoxedMemory,
  type Estimate,
  type EstimateOptions,
  estimateMarkdown,
  yosysEstimate,
} from './yosys-estimate.js';
import { DEFAULT_CLOCK_MHZ, U50_PART, U50_PLATFORM } from './u50-device.js';

export interface U50Options {
  clockMhz?: number;
  /** Run the Yosys estimate (default true); when false estimate.* say it was skipped. */
  estimate?: boolean;
  /** Why the estimate was skipped, for estimate.md (default: the --no-estimate option). */
  estimateSkipped?: string;
  /** Progress of the estimate, one line per part. */
  progress?: (line: string) => void;
}

export interface U50Build {
  files: EmittedFile[];
  kernel: boolean;
  estimate: Estimate;
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

export async function buildU50(
  top: Module,
  design: Design,
  emitted: EmittedDesign,
  opts: U50Options = {},
): Promise<U50Build> {
  const clockMhz = opts.clockMhz ?? DEFAULT_CLOCK_MHZ;
  const ports = design.top.ports.map((p) => p.name);
  const kernel = isVitisKernel(top);
  const clockPort = kernel ? 'ap_clk' : ports.includes('clk') ? 'clk' : undefined;
  if (!clockPort)
    throw new UserError(`--target u50: the top ${design.top.name} has no clock port (ap_clk or clk) to constrain`);

  const rtl = emitted.files.map((f) => ({ name: `rtl/${f.name}`, text: f.text }));
  const rtlNames = rtl.map((f) => f.name);
  const files: EmittedFile[] = [...rtl];
  files.push({ name: 'constraints.xdc', text: constraintsXdc(emitted.top, clockPort, clockMhz) });
  files.push({ name: 'vivado.tcl', text: vivadoTcl(emitted.top, rtlNames, clockMhz) });
  if (kernel) {
    if (top.spec.name !== emitted.top) throw new Error(`kernel ${top.spec.name} emitted as module ${emitted.top}`);
    files.push({ name: 'kernel.xml', text: kernelXml(top.spec, { interrupt: ports.includes('interrupt') }) });
    files.push({ name: 'package_xo.tcl', text: packageXoTcl(top.spec, rtlNames) });
    files.push({ name: 'control_map.h', text: controlHeader(top.spec) });
    files.push({ name: 'control_map.json', text: controlMapJson(top.spec) });
    files.push({ name: 'host/host.cpp', text: hostCpp(top.spec) });
    files.push({ name: 'host/Makefile', text: hostMakefile() });
  }
  const plan = memoryPlan(design);
  files.push({ name: 'memory-plan.json', text: json(plan) });
  files.push({ name: 'memory-plan.md', text: memoryPlanMarkdown(emitted.top, plan) });
  const estimate: Estimate =
    opts.estimate === false
      ? { available: false, reason: opts.estimateSkipped ?? 'skipped (--no-estimate)' }
      : await yosysEstimate(design, emitted, unmappableMemories(plan), { progress: opts.progress });
  files.push({ name: 'estimate.json', text: json(estimate) });
  files.push({ name: 'estimate.md', text: estimateMarkdown(emitted.top, estimate) });
  const manifest = {
    top: emitted.top,
    modules: emitted.modules,
    files: rtlNames,
    target: { name: 'u50', part: U50_PART, platform: U50_PLATFORM, clockMhz, clockPort, kernel },
    outputs: files
      .map((f) => f.name)
      .concat('manifest.json')
      .sort(),
  };
  files.push({ name: 'manifest.json', text: json(manifest) });
  return { files, kernel, estimate };
}

/** The estimate `--target u50` writes, on its own (the tt-linear bench reports the same numbers). */
export function estimateU50(design: Design, emitted: EmittedDesign, opts: EstimateOptions = {}): Promise<Estimate> {
  return yosysEstimate(design, emitted, unmappableMemories(memoryPlan(design)), opts);
}

/**
 * Modules holding a memory with more ports than its primitive (the memory plan's port warning): Yosys
 * would turn such a memory into flip-flops, which says nothing about the design and takes hours at
 * paper scale. They are black-boxed and their storage counted from the plan (one copy).
 */
function unmappableMemories(plan: MemoryPlan): BlackBoxedMemory[] {
  const byModule = new Map<string, BlackBoxedMemory>();
  for (const m of plan.memories) {
    if (!m.portWarning) continue;
    const b = byModule.get(m.module) ?? {
      module: m.module,
      bram36: 0,
      uram288: 0,
      reason: `${m.path.split('/').pop()}: ${m.portWarning}`,
    };
    b.bram36 += m.bram36;
    b.uram288 += m.uram288;
    byModule.set(m.module, b);
  }
  return [...byModule.values()].sort((a, b) => a.module.localeCompare(b.module));
}
