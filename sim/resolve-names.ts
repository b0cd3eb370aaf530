// Name lookup shared by every back end: ports by name, internal nets by hierarchical path, memories
// by path; unknown names get a message listing close candidates.
import { UserError } from '../dsl/diagnostics.js';
import type { FlatDesign } from './flatten.js';
import type { MemoryRef, SignalRef } from './backend.js';

function suggest(name: string, candidates: Iterable<string>): string {
  const tail = name.split('.').pop()!.toLowerCase();
  const close = [...candidates]
    .filter((c) => c.toLowerCase().includes(tail) || tail.includes(c.split('.').pop()!.toLowerCase()))
    .slice(0, 8);
  return close.length ? ` (did you mean: ${close.join(', ')}?)` : '';
}

export function resolveSignal(fd: FlatDesign, name: string, opts: { namedOnly: boolean }): SignalRef {
  const port = fd.ports.find((p) => p.name === name);
  if (port) return { name, width: port.width, kind: port.dir, id: port.net };
  const id = fd.netByName.get(name);
  const net = id === undefined ? undefined : fd.nets[id];
  if (!net || (opts.namedOnly && !net.userNamed)) {
    const named = [...fd.netByName.keys()].filter((k) => fd.nets[fd.netByName.get(k)!]!.userNamed);
    throw new UserError(`unknown signal '${name}' in design '${fd.topName}'${suggest(name, named)}`);
  }
  return { name, width: net.width, kind: 'internal', id: id! };
}

export function resolveMemory(fd: FlatDesign, name: string): MemoryRef {
  const id = fd.memoryByName.get(name);
  if (id === undefined)
    throw new UserError(`unknown memory '${name}' in design '${fd.topName}'${suggest(name, fd.memoryByName.keys())}`);
  const m = fd.memories[id]!;
  return { name, width: m.width, depth: m.depth, id };
}

/** The input port that clocks the first domain of the top (normally `clk`). */
export function defaultClock(fd: FlatDesign): number | undefined {
  const clk = fd.ports.find((p) => p.name === 'clk' && p.dir === 'input');
  if (clk) return clk.net;
  return fd.domains[0]?.clock;
}
