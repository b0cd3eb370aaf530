// Shared runner for `npm run bench|verify|fuzz`: runs every <kind>/*.<kind>.ts file (or the ones named
// on the command line) one after another, each in its own process, and summarises.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

export async function runScripts(dir: string, suffix: string, filters: string[]): Promise<number> {
  const all = readdirSync(dir)
    .filter((f) => f.endsWith(`.${suffix}.ts`))
    .sort();
  const chosen = filters.length ? all.filter((f) => filters.some((x) => f.includes(x))) : all;
  if (chosen.length === 0) {
    console.error(`no ${suffix} scripts match ${filters.join(' ')} (have: ${all.join(', ') || 'none'})`);
    return 1;
  }
  const results: { name: string; ok: boolean; seconds: number }[] = [];
  for (const [i, f] of chosen.entries()) {
    const name = f.slice(0, -`.${suffix}.ts`.length);
    console.log(`\n[${i + 1}/${chosen.length}] ${suffix} ${name}`);
    const t0 = Date.now();
    const r = await execa('npx', ['tsx', path.join(dir, f)], { stdio: 'inherit', reject: false });
    results.push({ name, ok: r.exitCode === 0, seconds: (Date.now() - t0) / 1000 });
  }
  console.log(`\n${suffix} summary:`);
  for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds.toFixed(1)} s)`);
  return results.every((r) => r.ok) ? 0 : 1;
}
