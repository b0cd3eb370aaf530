import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEinsum } from '../../../dsl/syntax/einsum/index.js';
import { paperConfig, ttLayer } from '../../../designs/transformer/config.js';
import { allTrees, evaluateTree, searchContractionOrder } from '../../../designs/tt/contraction-order.js';
import { flowTree, ttCostReport, ttForwardNetwork } from '../../../designs/tt/tt-flows.js';
import { planTTLinear, scheduleMacs } from '../../../designs/tt/tt-planner.js';
import { ttLayerDims } from '../../../designs/tt/tt-shape.js';
import { arbTTShape } from './helpers.js';

describe('designs/tt contraction orders and flow costs', () => {
  it('a GEMM costs m n k MACs and its result is not an intermediate', () => {
    const net = parseEinsum('bk,kn->bn; b=3, k=5, n=7');
    assert.deepEqual(evaluateTree(net, [0, 1]), { macs: 105, intermediateWords: 0, peakWords: 0 });
  });

  it('a matrix chain: the search finds the textbook optimum', () => {
    // (10x100)(100x5)(5x50): ((AB)C) = 5000 + 2500 = 7500 MACs, (A(BC)) = 25000 + 50000.
    const net = parseEinsum('ab,bc,cd->ad; a=10, b=100, c=5, d=50');
    const r = searchContractionOrder(net, 'macs');
    assert.deepEqual(r.tree, [[0, 1], 2]);
    assert.equal(r.cost.macs, 7500);
  });

  it('the exact search equals the brute-force minimum over every tree, for MACs and for memory (property)', () => {
    const small = arbTTShape.filter((s) => s.inShape.length + s.outShape.length <= 4);
    fc.assert(
      fc.property(small, fc.integer({ min: 1, max: 8 }), (shape, K) => {
        const net = ttForwardNetwork(shape, K);
        const trees = allTrees(net.operands.map((_, i) => i));
        const costs = trees.map((t) => evaluateTree(net, t));
        const minMacs = Math.min(...costs.map((c) => c.macs));
        const minWords = Math.min(...costs.map((c) => c.intermediateWords));
        assert.equal(searchContractionOrder(net, 'macs').cost.macs, minMacs);
        assert.equal(searchContractionOrder(net, 'memory').cost.intermediateWords, minWords);
      }),
      { numRuns: 40, seed: 9 },
    );
  });

  it("the bi-directional tree's MACs equal the planner schedule's, forward and backward (property)", () => {
    fc.assert(
      fc.property(arbTTShape, fc.integer({ min: 1, max: 8 }), (shape, K) => {
        const r = ttCostReport(shape, K);
        const bi = r.flows.find((f) => f.flow === 'bi-directional')!;
        const s = planTTLinear(shape, K);
        assert.equal(bi.forward.macs, scheduleMacs(s.forward));
        assert.equal(bi.backward.macs, scheduleMacs(s.backward));
        assert.equal(bi.update.macs, scheduleMacs(s.update));
        const interm = s.buffers.filter((b) => b.role === 'intermediate' && !b.name.startsWith('d') && b.name !== 'T');
        assert.equal(
          bi.forward.intermediateWords,
          interm.reduce((a, b) => a + b.words, 0),
        );
        for (const f of r.flows)
          assert.ok(r.flows.find((x) => x.flow === 'best by MACs')!.forward.macs <= f.forward.macs);
        for (const f of r.flows)
          assert.ok(
            r.flows.find((x) => x.flow === 'best by memory')!.forward.intermediateWords <= f.forward.intermediateWords,
          );
      }),
      { numRuns: 60, seed: 4 },
    );
  });

  it('derived costs of the paper attention layer (rank 10, K = 32) match the closed forms', () => {
    const shape = paperConfig({ rank: 10 }).attn;
    const r = ttCostReport(shape, 32);
    const [bi, seq, full] = r.flows;
    const merges = 12 * 10 * 80 + 96 * 10 * 80 + 80 * 10 * 12 + 80 * 10 * 96;
    assert.equal(bi!.forward.macs, merges + 32 * 768 * 10 * 2 + 32 * 768);
    // Full reconstruction: merges + M r N + K M N (+ bias).
    assert.equal(full!.forward.macs, merges + 768 * 10 * 768 + 32 * 768 * 768 + 32 * 768);
    // The sequential flow's first step alone: K M r_{d-1} r_d.
    assert.ok(seq!.forward.macs > 32 * 768 * 10 * 10);
    assert.equal(r.parameterWords, 12 * 10 + 10 * 8 * 10 * 4 + 10 * 12 + 768);
    assert.ok(r.ratios.forwardMacs.biOverFull < 0.05 && r.ratios.forwardMacs.biOverSequential < 0.2);
  });

  it('flow trees use each core once for uneven d_in / d_out', () => {
    const shape = { inShape: [2, 3, 2], outShape: [4], ranks: [1, 2, 3, 2, 1] };
    const net = ttForwardNetwork(shape, 2);
    for (const f of ['bi-directional', 'sequential', 'full reconstruction'] as const) {
      assert.ok(evaluateTree(net, flowTree(shape, f)).macs > 0);
    }
    assert.equal(ttLayerDims(ttLayer([2], [3], 2)).mid, 2);
  });
});
