// The functions with the most self time in a V8 CPU profile (from `bench:scale --cpu-prof-dir DIR`).
//   npx tsx bench/scale/profile-top.ts DIR/CPU.….cpuprofile [--top 10]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '10' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: profile-top.ts FILE.cpuprofile [--top N]');
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;

const where = new Map<number, string>();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const source = url ? `${path.relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
  where.set(node.id, `${functionName || '(anonymous)'} ${source}`.trim());
}
// Each sample's time is the delta to the next one; self time is the time a function was on top of the stack.
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i + 1] ?? 0;
  const name = where.get(id) ?? '?';
  self.set(name, (self.get(name) ?? 0) + us);
  total += us;
});
const idle = self.get('(idle)') ?? 0;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${((idle / total) * 100).toFixed(1)} % idle`);
for (const [name, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
  console.log(`${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}
