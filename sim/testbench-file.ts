// Testbench files for `ttforge sim` and the regression runner: a module that exports (default or as
// `testbenches`) one or more testbenches made with defineTestbench.
import type { Design } from '../dsl/ir/netlist.js';
import type { Module } from '../dsl/module.js';
import { UserError } from '../dsl/diagnostics.js';
import { importUserFile } from '../build/user-import.js';
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
  // importUserFile: a missing file or a folder is a user error; files outside the checkout work too.
  const mod = (await importUserFile(file, 'testbench file')) as {
    default?: TestbenchDef | TestbenchDef[];
    testbenches?: TestbenchDef[];
  };
  const found = mod.testbenches ?? (Array.isArray(mod.default) ? mod.default : mod.default ? [mod.default] : []);
  if (!found.length || found.some((t) => typeof t?.run !== 'function' || typeof t?.design !== 'function')) {
    throw new UserError(
      `${file} exports no testbench: export default defineTestbench({ name, design, run }) (or an array, or \`testbenches\`)`,
    );
  }
  return found;
}
