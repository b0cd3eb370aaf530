// Which TT layer a training kernel is built for, from a short text a CLI parameter can carry:
// 'attn' | 'ffn1' | 'ffn2' (the paper's layers at the given rank) or '<in modes>:<out modes>' such as
// '2x4:4x2' (a layer of that shape with uniform interior ranks).
import { paperConfig, ttLayer, type TTLayerShape } from '../transformer/config.js';

export function parseLayerSpec(spec: string, rank: number): TTLayerShape {
  if (!Number.isInteger(rank) || rank < 1) throw new Error(`TT rank must be a positive integer, got ${rank}`);
  if (spec === 'attn' || spec === 'ffn1' || spec === 'ffn2') return paperConfig({ rank })[spec];
  const m = /^(\d+(?:x\d+)*):(\d+(?:x\d+)*)$/.exec(spec.trim());
  if (!m) throw new Error(`layer '${spec}': expected attn, ffn1, ffn2 or '<in modes>:<out modes>' such as 2x4:4x2`);
  const modes = (t: string) => t.split('x').map(Number);
  const inShape = modes(m[1]!);
  const outShape = modes(m[2]!);
  if ([...inShape, ...outShape].some((x) => x < 1)) throw new Error(`layer '${spec}': every mode must be at least 1`);
  return ttLayer(inShape, outShape, rank);
}
