// A side table kept next to the IR, not in it: nets whose assignment was rejected at construction.
/** Nets whose assignment the user got wrong: checks stay quiet about them (the real error is already reported). */
const poisoned = new WeakMap<object, Set<number>>();

export function markPoisoned(module: object, net: number): void {
  let s = poisoned.get(module);
  if (!s) poisoned.set(module, (s = new Set()));
  s.add(net);
}

export function isPoisoned(module: object, net: number): boolean {
  return poisoned.get(module)?.has(net) ?? false;
}
