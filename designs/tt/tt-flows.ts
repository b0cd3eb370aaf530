// The TT layer's forward tensor network and the contraction trees of the three flows compared in the
// paper: bi-directional (L and R merged from both ends, Y = (X L) R), sequential (X pushed through the
// cores one at a time, from the core next to the middle outwards: the usual right-to-left TT-vector
// product) and full reconstruction (W = L R, Y = X W). Costs per stage:
//   forward  MACs = contraction MACs + K N (bias);  words = all intermediates (kept for backward)
//   backward MACs = 2 x contraction MACs + K N: each pairwise contraction C = A.B is revisited as
//            dA = dC.B and dB = A.dC (every operand needs a gradient: X for dX, cores for dG,
//            intermediates to pass it on), each the same MACs as the forward contraction; the bias
//            gradient sums dY; words = one gradient buffer per intermediate
//   update   SGD: one MAC per parameter word, no intermediates (Adam adds 2 state words per parameter)
import { parseEinsum } from '../../dsl/syntax/einsum/index.js';
import type { TTLayerShape } from '../transformer/config.js';
import {
  type ContractionTree,
  evaluateTree,
  formatTree,
  type Network,
  type Objective,
  searchContractionOrder,
  type TreeCost,
} from './contraction-order.js';
import { ttLayerDims } from './tt-shape.js';

/** Operand 0 is X (K x i1..id), operand k+1 is core k; boundary ranks of size 1 are left out. */
export function ttForwardNetwork(shape: TTLayerShape, K: number): Network & { names: string[]; text: string } {
  const d = ttLayerDims(shape);
  const mode = (k: number) => (k < d.dIn ? `i${k + 1}` : `j${k - d.dIn + 1}`);
  const rank = (k: number) => (k === 0 || k === d.cores ? [] : [`r${k}`]);
  const ops = [['t', ...shape.inShape.map((_, k) => mode(k))]];
  const shapes: number[][] = [[K, ...shape.inShape]];
  for (let k = 0; k < d.cores; k++) {
    ops.push([...rank(k), mode(k), ...rank(k + 1)]);
    shapes.push([...(k === 0 ? [] : [d.ranks[k]!]), d.modes[k]!, ...(k + 1 === d.cores ? [] : [d.ranks[k + 1]!])]);
  }
  const text = `${ops.map((o) => o.join(' ')).join(', ')} -> t ${shape.outShape.map((_, k) => mode(d.dIn + k)).join(' ')}`;
  const spec = parseEinsum(text, { shapes });
  return { ...spec, names: ['X', ...d.modes.map((_, k) => `G${k + 1}`)], text };
}

export type FlowName = 'bi-directional' | 'sequential' | 'full reconstruction' | 'best by MACs' | 'best by memory';

export function flowTree(
  shape: TTLayerShape,
  flow: 'bi-directional' | 'sequential' | 'full reconstruction',
): ContractionTree {
  const d = ttLayerDims(shape);
  let L: ContractionTree = 1;
  for (let k = 2; k <= d.dIn; k++) L = [L, k];
  let R: ContractionTree = d.cores;
  for (let k = d.cores - 1; k > d.dIn; k--) R = [k, R];
  if (flow === 'bi-directional') return [[0, L], R];
  if (flow === 'full reconstruction') return [0, [L, R]];
  let t: ContractionTree = 0;
  for (let k = d.dIn; k >= 1; k--) t = [t, k];
  for (let k = d.dIn + 1; k <= d.cores; k++) t = [t, k];
  return t;
}

export interface StageCost {
  macs: number;
  intermediateWords: number;
}
export interface FlowCost {
  flow: FlowName;
  tree: string;
  /** The same tree as data (operand 0 = X, operand k+1 = core k), for planTTLinearTree. */
  order: ContractionTree;
  forward: StageCost;
  backward: StageCost;
  update: StageCost;
  /** Largest single intermediate of the forward. */
  peakWords: number;
}
export interface TTCostReport {
  shape: TTLayerShape;
  K: number;
  /** Core words + bias words: the same for every flow. */
  parameterWords: number;
  /** What the dense layer would store (M N + N). */
  denseParameterWords: number;
  flows: FlowCost[];
  ratios: {
    forwardMacs: { biOverSequential: number; biOverFull: number };
    backwardMacs: { biOverSequential: number; biOverFull: number };
    forwardWords: { biOverSequential: number; biOverFull: number };
    backwardWords: { biOverSequential: number; biOverFull: number };
  };
}

function stageCosts(
  flow: FlowName,
  tree: ContractionTree,
  c: TreeCost,
  names: string[],
  K: number,
  N: number,
  params: number,
): FlowCost {
  return {
    flow,
    tree: formatTree(tree, names),
    order: tree,
    forward: { macs: c.macs + K * N, intermediateWords: c.intermediateWords },
    backward: { macs: 2 * c.macs + K * N, intermediateWords: c.intermediateWords },
    update: { macs: params, intermediateWords: 0 },
    peakWords: c.peakWords,
  };
}

export function ttCostReport(shape: TTLayerShape, K: number): TTCostReport {
  const d = ttLayerDims(shape);
  const net = ttForwardNetwork(shape, K);
  const params = d.coreWords.reduce((a, b) => a + b, 0) + d.N;
  const fixed = (['bi-directional', 'sequential', 'full reconstruction'] as const).map((f) => {
    const tree = flowTree(shape, f);
    return stageCosts(f, tree, evaluateTree(net, tree), net.names, K, d.N, params);
  });
  const searched = (['macs', 'memory'] as Objective[]).map((o) => {
    const r = searchContractionOrder(net, o);
    return stageCosts(o === 'macs' ? 'best by MACs' : 'best by memory', r.tree, r.cost, net.names, K, d.N, params);
  });
  const [bi, seq, full] = fixed as [FlowCost, FlowCost, FlowCost];
  const ratio = (f: (c: FlowCost) => number) => ({ biOverSequential: f(bi) / f(seq), biOverFull: f(bi) / f(full) });
  return {
    shape,
    K,
    parameterWords: params,
    denseParameterWords: d.M * d.N + d.N,
    flows: [...fixed, ...searched],
    ratios: {
      forwardMacs: ratio((c) => c.forward.macs),
      backwardMacs: ratio((c) => c.backward.macs),
      forwardWords: ratio((c) => c.forward.intermediateWords),
      backwardWords: ratio((c) => c.backward.intermediateWords),
    },
  };
}
