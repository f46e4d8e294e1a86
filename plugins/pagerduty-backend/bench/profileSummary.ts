/*
 * Where a .cpuprofile (from `bench:card --profile DIR`, or node --cpu-prof) spends its time:
 * self time by function and by package, and total (inclusive) time of chosen areas.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/profileSummary.ts FILE [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  hitCount?: number;
}

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const top = Number(topArg ?? 25);

const byId = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) {
  for (const c of n.children ?? []) parent.set(c, n.id);
}
// Time per sample: the delta to the next sample.
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function where(url: string) {
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  if (url.includes('/plugins/')) return url.replace(/^.*\/plugins\//, '');
  if (url.startsWith('node:')) return url;
  return url ? url.replace(/^.*\//, '') : '(native)';
}

const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;

const functions = new Map<string, number>();
const packages = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { callFrame } = byId.get(id)!;
  const name = `${callFrame.functionName || '(anonymous)'} ${where(
    callFrame.url,
  )}:${callFrame.lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + us);
  const pkg = callFrame.url
    ? where(callFrame.url).split(/[/:]/)[0]
    : callFrame.functionName;
  packages.set(pkg, (packages.get(pkg) ?? 0) + us);
}

// Inclusive time of areas: a sample counts for an area if any frame on its stack matches.
const areas: [string, RegExp][] = [
  ['JWT sign/verify (jose)', /node_modules\/jose\//],
  ['catalog backend', /plugin-catalog-backend\//],
  ['permission backend + client', /plugin-permission-(backend|common|node)\//],
  ['knex / sqlite', /node_modules\/(knex|better-sqlite3)\//],
  ['express / http', /node_modules\/(express|body-parser|router)\//],
  ['fetch (undici)', /node:internal\/deps\/undici|undici/],
  ['pagerduty plugin', /plugins\/pagerduty-(backend|node|common)\/src/],
  ['GC', /^$/],
];
const areaUs = new Map<string, number>();
for (const [id, us] of selfUs) {
  const hit = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const { callFrame } = byId.get(n)!;
    for (const [area, re] of areas) {
      if (area === 'GC') {
        if (callFrame.functionName === '(garbage collector)') hit.add(area);
      } else if (re.test(callFrame.url)) hit.add(area);
    }
  }
  for (const area of hit) areaUs.set(area, (areaUs.get(area) ?? 0) + us);
}

const sorted = (m: Map<string, number>) =>
  [...m.entries()].sort((a, b) => b[1] - a[1]);
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
console.log('\nself time by package:');
for (const [k, us] of sorted(packages).slice(0, 15)) {
  console.log(`${pct(us)}  ${k}`);
}
console.log('\ninclusive time by area (a sample may count for several):');
for (const [k, us] of sorted(areaUs)) console.log(`${pct(us)}  ${k}`);
console.log(`\ntop ${top} functions by self time:`);
for (const [k, us] of sorted(functions).slice(0, top)) {
  console.log(`${pct(us)}  ${k}`);
}
