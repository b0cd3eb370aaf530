// Which statements of a module body become one process: statements that assign a common target
// are unioned, separately per class (combinational, or synchronous per clock domain), so every
// target is driven from exactly one always block.
import type { IrStmt, NetId } from '../ir/netlist.js';

/** A lowered body statement and the class of each target it assigns ('comb' or 'sync:<domain>'). */
export interface LoweredStmt {
  readonly ir: IrStmt;
  readonly targets: ReadonlyMap<NetId, string>;
}

export interface TargetGroup {
  readonly kind: 'comb' | 'sync';
  readonly domain?: number;
  /** Indexes into the lowered statements. */
  readonly stmts: Set<number>;
  readonly targets: Set<NetId>;
}

/**
 * Groups in the order their first statement appears (a merged group keeps the earlier place), then
 * one group per combinational target that has a default but no assignment (`defaulted`, in order).
 */
export function groupByTargets(lowered: readonly LoweredStmt[], defaulted: readonly NetId[]): TargetGroup[] {
  const groups: TargetGroup[] = [];
  // Per class, the group holding each target.
  const byClass = new Map<string, Map<NetId, TargetGroup>>();
  for (let i = 0; i < lowered.length; i++) {
    const perClass = new Map<string, NetId[]>();
    for (const [t, cls] of lowered[i]!.targets) {
      const ts = perClass.get(cls);
      if (ts) ts.push(t);
      else perClass.set(cls, [t]);
    }
    for (const [cls, ts] of perClass) {
      let byTarget = byClass.get(cls);
      if (!byTarget) byClass.set(cls, (byTarget = new Map()));
      const found: TargetGroup[] = [];
      for (const t of ts) {
        const g = byTarget.get(t);
        if (g && !found.includes(g)) found.push(g);
      }
      let g = found[0];
      if (g) {
        for (let k = 1; k < found.length; k++) {
          const o = found[k]!;
          for (const x of o.stmts) g.stmts.add(x);
          for (const x of o.targets) {
            g.targets.add(x);
            byTarget.set(x, g);
          }
          groups.splice(groups.indexOf(o), 1);
        }
      } else {
        g =
          cls === 'comb'
            ? { kind: 'comb', stmts: new Set(), targets: new Set() }
            : { kind: 'sync', domain: Number(cls.slice(5)), stmts: new Set(), targets: new Set() };
        groups.push(g);
      }
      g.stmts.add(i);
      for (const t of ts) {
        g.targets.add(t);
        byTarget.set(t, g);
      }
    }
  }
  // Comb targets with a default but no assignment still need a driver.
  const comb = byClass.get('comb');
  for (const net of defaulted) {
    if (comb?.has(net)) continue;
    const g: TargetGroup = { kind: 'comb', stmts: new Set(), targets: new Set([net]) };
    groups.push(g);
    if (comb) comb.set(net, g);
    else byClass.set('comb', new Map([[net, g]]));
  }
  return groups;
}
