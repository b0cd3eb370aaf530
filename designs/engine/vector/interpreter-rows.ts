// Reference semantics of the fused instructions (softmax, LayerNorm, GELU, tanh, cross-entropy, SGD,
// Adam), element by element over strided views; the formulas are the FP32 order of docs/transformer.md.
// Split from interpreter.ts only to keep files short.
import { GELU_FP32_CONSTANTS } from '../../transformer/activations.js';
import type { VectorInstruction } from './isa.js';
import { type Addr, constant, operandAddr, orderedRowSum } from './access.js';
import type { VectorNumerics } from './numerics.js';

type Get = (i: number, j: number) => number;

export function executeFusedRowOp(ins: VectorInstruction, mem: Float32Array, nu: VectorNumerics): void {
  const { m, n } = ins;
  const addr = (o: 'a' | 'b' | 'c' | 'd' | 'y' | 'z' | 'w'): Addr => operandAddr(ins, o);
  const get = (o: 'a' | 'b' | 'c' | 'd'): Get => {
    const A = addr(o);
    return (i, j) => mem[A(i, j)]!;
  };
  const k = (idx: number) => constant(ins, mem, idx);
  const { add, sub, mul, div } = nu;
  switch (ins.op) {
    case 'softmax': {
      const x = get('a'),
        Y = addr('y');
      for (let i = 0; i < m; i++) {
        let mx = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < n; j++) mx = nu.max(mx, x(i, j));
        for (let j = 0; j < n; j++) mem[Y(i, j)] = nu.exp(sub(x(i, j), mx));
        const s = orderedRowSum(nu, n, (j) => mem[Y(i, j)]!);
        for (let j = 0; j < n; j++) mem[Y(i, j)] = div(mem[Y(i, j)]!, s);
      }
      return;
    }
    case 'softmaxBwd': {
      const p = get('a'),
        dp = get('b'),
        Y = addr('y');
      for (let i = 0; i < m; i++) {
        const s = orderedRowSum(nu, n, (j) => mul(p(i, j), dp(i, j)));
        for (let j = 0; j < n; j++) mem[Y(i, j)] = mul(p(i, j), sub(dp(i, j), s));
      }
      return;
    }
    case 'layerNormFwd': {
      const x = get('a'),
        gamma = get('b'),
        beta = get('c');
      const Y = addr('y'),
        Z = addr('z'),
        W = addr('w');
      const invD = k(0),
        eps = k(1);
      for (let i = 0; i < m; i++) {
        const mean = mul(
          orderedRowSum(nu, n, (j) => x(i, j)),
          invD,
        );
        const sq = orderedRowSum(nu, n, (j) => {
          const t = sub(x(i, j), mean);
          return mul(t, t);
        });
        const rs = nu.rsqrt(add(mul(sq, invD), eps));
        // Every read of the row comes before the writes of this pass: y or xhat may be x's own view.
        for (let j = 0; j < n; j++) {
          const h = mul(sub(x(i, j), mean), rs);
          const out = add(mul(h, gamma(i, j)), beta(i, j));
          mem[Z(i, j)] = h;
          mem[Y(i, j)] = out;
        }
        mem[W(i, 0)] = rs;
      }
      return;
    }
    case 'layerNormBwd': {
      const dy = get('a'),
        xhat = get('b'),
        rstd = get('c'),
        gamma = get('d');
      const Y = addr('y'),
        DG = addr('z'),
        DB = addr('w');
      const invD = k(0);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          mem[DG(i, j)] = add(mem[DG(i, j)]!, mul(dy(i, j), xhat(i, j)));
          mem[DB(i, j)] = add(mem[DB(i, j)]!, dy(i, j));
        }
        const g = (j: number) => mul(dy(i, j), gamma(i, j));
        const m1 = mul(orderedRowSum(nu, n, g), invD);
        const m2 = mul(
          orderedRowSum(nu, n, (j) => mul(g(j), xhat(i, j))),
          invD,
        );
        const rs = rstd(i, 0);
        for (let j = 0; j < n; j++) mem[Y(i, j)] = mul(rs, sub(sub(g(j), m1), mul(xhat(i, j), m2)));
      }
      return;
    }
    case 'geluFwd': {
      const { c, a } = GELU_FP32_CONSTANTS;
      const x = get('a'),
        Y = addr('y'),
        Z = addr('z');
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          const v = x(i, j);
          const t = nu.tanh(mul(c, add(v, mul(a, mul(mul(v, v), v)))));
          mem[Z(i, j)] = t;
          mem[Y(i, j)] = mul(mul(0.5, v), add(1, t));
        }
      return;
    }
    case 'geluBwd': {
      const { c, a3 } = GELU_FP32_CONSTANTS;
      const x = get('a'),
        t = get('b'),
        dy = get('c'),
        Y = addr('y');
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          const v = x(i, j),
            th = t(i, j);
          const inner = mul(c, add(1, mul(a3, mul(v, v))));
          const sech2 = sub(1, mul(th, th));
          const deriv = add(mul(0.5, add(1, th)), mul(mul(mul(0.5, v), sech2), inner));
          mem[Y(i, j)] = mul(dy(i, j), deriv);
        }
      return;
    }
    case 'tanhFwd': {
      const x = get('a'),
        Y = addr('y');
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mem[Y(i, j)] = nu.tanh(x(i, j));
      return;
    }
    case 'tanhBwd': {
      const y = get('a'),
        dy = get('b'),
        Y = addr('y');
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) mem[Y(i, j)] = mul(dy(i, j), sub(1, mul(y(i, j), y(i, j))));
      return;
    }
    case 'crossEntropyGrad': {
      // Per row: softmax into p, then dz_j = r(r(p_j - q_j) * weight), q_j = qOn at j = label, else qOff.
      // A negative label (an unscored position) leaves the row's p and dz untouched.
      const z = get('a'),
        label = get('b'),
        P = addr('y'),
        DZ = addr('z');
      const weight = k(0),
        qOn = k(1),
        qOff = k(2);
      for (let i = 0; i < m; i++) {
        const l = label(i, 0);
        if (l < 0) continue;
        let mx = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < n; j++) mx = nu.max(mx, z(i, j));
        const e = Array.from({ length: n }, (_, j) => nu.exp(sub(z(i, j), mx)));
        const s = orderedRowSum(nu, n, (j) => e[j]!);
        for (let j = 0; j < n; j++) {
          const p = div(e[j]!, s);
          mem[P(i, j)] = p;
          mem[DZ(i, j)] = mul(sub(p, j === l ? qOn : qOff), weight);
        }
      }
      return;
    }
    case 'sgd': {
      const p = get('a'),
        g = get('b'),
        Y = addr('y');
      const lr = k(0);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mem[Y(i, j)] = sub(p(i, j), mul(lr, g(i, j)));
      return;
    }
    case 'adam': {
      const p = get('a'),
        g = get('b'),
        mm = get('c'),
        v = get('d');
      const P = addr('y'),
        M = addr('z'),
        V = addr('w');
      const [b1, b2, c1, c2, lrT, epsT] = [0, 1, 2, 3, 4, 5].map(k) as [number, number, number, number, number, number];
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          const gi = g(i, j),
            pi = p(i, j);
          const mi = add(mul(b1, mm(i, j)), mul(c1, gi));
          const vi = add(mul(b2, v(i, j)), mul(mul(c2, gi), gi));
          mem[M(i, j)] = mi;
          mem[V(i, j)] = vi;
          mem[P(i, j)] = sub(pi, mul(lrT, div(mi, add(nu.sqrt(vi), epsT))));
        }
      return;
    }
    default:
      throw new Error(`vector interpreter: no semantics for '${ins.op}'`);
  }
}
