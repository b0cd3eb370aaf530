// Live sets as runs of consecutive stages: "L0.FP.qkv..L0.BP.qkv" reads better than forty names.

/** Maximal runs of consecutive schedule positions, as [first, last] index pairs. */
export function stageRuns(stages: readonly string[], live: readonly string[]): [number, number][] {
  const idx = [...new Set(live.map((s) => stages.indexOf(s)))].filter((i) => i >= 0).sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const i of idx) {
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

export function formatLive(stages: readonly string[], live: readonly string[]): string {
  if (live.length === stages.length) return 'all';
  return stageRuns(stages, live)
    .map(([a, b]) => (a === b ? stages[a] : `${stages[a]}..${stages[b]}`))
    .join(', ');
}
