// The Icarus back end: the emitted Verilog plus a generated testbench (testbench-v.ts), compiled
// with iverilog once per content hash and run with vvp, driven by text commands.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { Design } from '../../dsl/ir/netlist.js';
import { UserError } from '../../dsl/diagnostics.js';
import { simulationSources } from '../external/verilog-files.js';
import { flattenDesign, type FlatDesign } from '../flatten.js';
import { defaultClockPort } from '../external/clock.js';
import { SimChannel } from '../external/channel.js';
import { textCodec } from '../external/codec.js';
import { ExternalBackend } from '../external/external-backend.js';
import { portTable } from '../external/signal-table.js';
import { requireTool } from '../tools.js';
import { icarusTestbench } from './testbench-v.js';
import { makeVisibility } from './visible-names.js';

export interface IcarusOptions {
  vcd?: string | undefined;
  cacheDir: string;
  log?: ((msg: string) => void) | undefined;
}

interface Plan {
  internals: Map<string, number>;
  memories: Map<string, number>;
  tb: string;
}

function planTestbench(design: Design, fd: FlatDesign, files: { name: string; text: string }[]): Plan {
  const visible = makeVisibility(design, files);
  const nports = fd.ports.length;
  const internals = new Map<string, number>();
  const tbInternals: { path: string; width: number }[] = [];
  for (const net of fd.nets) {
    if (net.constValue !== undefined) continue;
    const ok = net.names.filter((n) => n.includes('.') || !fd.ports.some((p) => p.name === n)).filter(visible);
    if (!ok.length) continue;
    const index = nports + tbInternals.length;
    tbInternals.push({ path: ok[0]!, width: net.width });
    for (const n of net.names) if (visible(n)) internals.set(n, index);
  }
  const memories = new Map<string, number>();
  const tbMems = fd.memories.filter((m) => visible(m.name));
  tbMems.forEach((m, k) => memories.set(m.name, k));
  const stateNets = new Set<number>();
  for (const r of fd.registers) if (!(r.reset === 'none' && r.init !== undefined)) stateNets.add(r.net);
  for (const m of fd.memories) for (const rp of m.readPorts) if (rp.sync) stateNets.add(rp.data);
  const zeroRegs: string[] = [];
  for (const id of stateNets) {
    const name = fd.nets[id]!.names.find(visible);
    if (name) zeroRegs.push(name);
  }
  const tb = icarusTestbench({
    topName: design.top.name,
    ports: portTable(fd),
    clock: defaultClockPort(fd),
    internals: tbInternals,
    memories: tbMems.map((m) => ({ path: m.name, width: m.width, depth: m.depth })),
    zeroRegs,
    // The emitted initial block sets the words of `init`; the words after it are zero like everywhere else.
    zeroMems: tbMems
      .filter((m) => (m.init?.length ?? 0) < m.depth)
      .map((m) => ({ path: m.name, from: m.init?.length ?? 0, depth: m.depth })),
  });
  return { internals, memories, tb };
}

export async function buildIcarus(
  design: Design,
  opts: IcarusOptions,
): Promise<{ dir: string; vvp: string; plan: Plan; cached: boolean }> {
  requireTool('iverilog', 'the Icarus back end');
  requireTool('vvp', 'the Icarus back end');
  const fd = flattenDesign(design);
  // Icarus runs an `always @*` only when something it reads changes: the emitter adds a time-0 kick.
  const files = simulationSources(design, { kickCombBlocks: true });
  const plan = planTestbench(design, fd, files);
  const h = createHash('sha256');
  h.update(plan.tb);
  for (const f of files) {
    h.update(f.name);
    h.update('\0');
    h.update(f.text);
  }
  const dir = path.resolve(opts.cacheDir, `icarus-${design.top.name}-${h.digest('hex').slice(0, 20)}`);
  const vvp = path.join(dir, 'sim.vvp');
  if (existsSync(vvp)) return { dir, vvp, plan, cached: true };
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  for (const f of files) writeFileSync(path.join(tmp, f.name), f.text);
  writeFileSync(path.join(tmp, 'ttforge_tb.v'), plan.tb);
  const sources = ['ttforge_tb.v', ...files.filter((f) => f.name.endsWith('.v')).map((f) => f.name)];
  const r = await execa('iverilog', ['-g2012', '-o', 'sim.vvp', '-s', 'ttforge_tb', ...sources], {
    cwd: tmp,
    reject: false,
    all: true,
  });
  if (r.exitCode !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new UserError(
      `Icarus compile of ${design.top.name} failed:\n${(r.all ?? '').split('\n').slice(0, 30).join('\n')}`,
    );
  }
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { dir, vvp, plan, cached: false };
}

export async function createIcarusBackend(design: Design, opts: IcarusOptions): Promise<ExternalBackend> {
  const fd = flattenDesign(design);
  const { dir, vvp, plan } = await buildIcarus(design, opts);
  const args = ['-n', vvp, ...(opts.vcd ? [`+vcd=${path.resolve(opts.vcd)}`] : [])];
  const channel = new SimChannel(
    'vvp',
    args,
    `Icarus simulation of ${design.top.name}`,
    dir,
    /^(VCD |WARNING|VCD warning)/,
  );
  return new ExternalBackend(
    'icarus',
    fd,
    channel,
    textCodec,
    {
      signal: (ref) => {
        const index = plan.internals.get(ref.name);
        if (index === undefined)
          throw new UserError(
            `signal '${ref.name}' is not declared in the emitted Verilog, so the Icarus testbench cannot read it`,
          );
        return { index };
      },
      memory: (ref) => {
        const index = plan.memories.get(ref.name);
        if (index === undefined) throw new UserError(`memory '${ref.name}' is not declared in the emitted Verilog`);
        return { index };
      },
    },
    (hier) => `dut.${hier}`,
    false,
  );
}
