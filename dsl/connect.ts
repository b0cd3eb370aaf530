// Bulk connection of two values of the same shape (bundles, vectors, ground signals), Chisel's `<>`:
// each pair of leaves is connected in the direction their roles allow, so a Flip'd ready goes back
// while valid and data go forward.
import { Signal } from './signal.js';
import { Expr } from './expr.js';
import { activeModule, constructionError, lastActiveModule } from './context.js';
import { captureLoc } from './source-loc.js';

/** Can the active module drive this signal? Its own outputs and wires, or its children's inputs. */
function drivable(s: Signal): boolean {
  // The cheap answer first; the stack is read only when it says no (it may be stale after `new Child()`).
  return drivableFrom(s, lastActiveModule()) || drivableFrom(s, activeModule());
}

function drivableFrom(s: Signal, m: unknown): boolean {
  if (s.role === 'output' || s.role === 'wire') return s.owner === m;
  // A child's input also before the child is instantiated (recordStatement checks it is, later).
  if (s.role === 'input')
    return s.owner.parent === m || (s.owner.parent === undefined && m !== undefined && s.owner !== m);
  return false;
}

/**
 * Connects `a` and `b` leaf by leaf. For each pair exactly one side must be drivable from the module
 * whose constructor is running (both drivable, e.g. two wires: `a` is driven from `b`).
 */
export function connect(a: unknown, b: unknown, path = ''): void {
  const loc = captureLoc(connect);
  if (a instanceof Expr || b instanceof Expr) {
    if (!(a instanceof Signal) || !(b instanceof Expr)) {
      constructionError('TTF102', `connect: '${path || 'value'}' pairs a signal with something that is not one`, loc);
      return;
    }
    const bs = b instanceof Signal ? b : undefined;
    if (drivable(a)) a.set(b);
    else if (bs && drivable(bs)) bs.set(a);
    else
      constructionError(
        'TTF114',
        `connect: neither side of '${path || 'value'}' can be driven from here (an input of this module, or an output of a child, is read-only)`,
        loc,
      );
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      constructionError(
        'TTF100',
        `connect: '${path || 'vector'}' has ${a.length} elements on one side and ${b.length} on the other`,
        loc,
      );
      return;
    }
    a.forEach((x, i) => connect(x, b[i], path ? `${path}_${i}` : String(i)));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) {
      constructionError('TTF102', `connect: bundles differ in fields: {${ka.join(', ')}} vs {${kb.join(', ')}}`, loc);
      return;
    }
    for (const k of ka)
      connect((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}_${k}` : k);
    return;
  }
  constructionError('TTF102', `connect: cannot connect ${typeof a} to ${typeof b}`, loc);
}
