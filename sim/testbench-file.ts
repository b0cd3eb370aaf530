// Testbench files for `ttforge sim` and the regression runner: a module that exports (default or as
// `testbenches`) one or more testbenches made with defineTestbench.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Design } from '../dsl/ir/netlist.js';
import type { Module } from '../dsl/module.js';
import { UserError } from '../dsl/diagnostics.js';
import type { Simulation } from './simulation.js';
import type { SimulateOptions } from './simulate.js';

export interface TestbenchDef {
  name: string;
  design: () => Module | Design;
  options?: Omit<SimulateOptions, 'backend' | 'vcd'>;
  run(sim: Simulation): Promise<void>;
}

export function defineTestbench(def: TestbenchDef): TestbenchDef {
  return def;
}

export async function loadTestbenches(file: string): Promise<TestbenchDef[]> {
  const abs = path.resolve(file);
  let mod: { default?: TestbenchDef | TestbenchDef[]; testbenches?: TestbenchDef[] };
  try {
    mod = (await import(pathToFileURL(abs).href)) as typeof mod;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(abs))
      throw new UserError(`testbench file not found: ${file}`);
    throw e;
  }
  const found = mod.testbenches ?? (Array.isArray(mod.default) ? mod.default : mod.default ? [mod.default] : []);
  if (!found.length || found.some((t) => typeof t?.run !== 'function' || typeof t?.design !== 'function')) {
    throw new UserError(
      `${file} exports no testbench: export default defineTestbench({ name, design, run }) (or an array, or \`testbenches\`)`,
    );
  }
  return found;
}
