// The simulation layer's public entry: the testbench API, testbench files, waves and errors.
export { simulate, runTestbench, pickBackend, type SimulateOptions } from './simulate.js';
export {
  Simulation,
  type Stimulus,
  type VectorOptions,
  type VectorResult,
  type Tick,
  type Value,
  type SimulationSettings,
} from './simulation.js';
export { defineTestbench, loadTestbenches, type TestbenchDef } from './testbench-file.js';
export { backendNames, type BackendName } from './backend.js';
export { SimulationMismatch, SimulationLimit } from './errors.js';
export { renderAscii, type WaveTrace } from './waves/ascii.js';
export { hasIcarus, hasVerilator } from './tools.js';
export { runRegression, summaryTable } from './regress/runner.js';
