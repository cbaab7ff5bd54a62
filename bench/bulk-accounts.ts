// Demo-mode account creation at province scale: N officer accounts (default 1,335, what the province demo
// creates) added to an empty roster one `add` at a time (the old path: a full rewrite and an fsync of the
// roster per account) against one `addMany` (one rewrite, one fsync), with the same hashes; and the scrypt
// hashing itself at the server's and at the demo's cost, sequential against parallel on libuv's pool, over
// a sample (a full run at the server's cost takes minutes). A measurement script, not a test.
//   npm run bench:accounts [-- --accounts 1335 --hash-sample 32]
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Cluster } from '../shared/cluster';
import { DEFAULT_SCRYPT, hashPassword } from '../server/auth/passwords';
import { DEMO_SCRYPT } from '../server/demo-accounts';
import { Roster, type NewAccount } from '../server/auth/roster';
import { seedCluster } from '../test/support/cluster-fixture';

const { values } = parseArgs({
  options: { accounts: { type: 'string', default: '1335' }, 'hash-sample': { type: 'string', default: '32' } },
});
const total = Number(values.accounts);
const sample = Number(values['hash-sample']);

async function main(): Promise<void> {
  const seed = seedCluster;
  const commune = seed.communes[0]?.id ?? '';
  const cluster: Cluster = {
    ...seed,
    officers: Array.from({ length: total }, (_, i) => ({ id: `bench-${i + 1}`, callsign: `B${i + 1}`, commune })),
  };
  // Cheap hashes for the write comparison: what is written does not depend on the hashing cost.
  const cheap = await hashPassword('demo', { N: 2 ** 10, r: 8, p: 1 });
  const inputs: NewAccount[] = cluster.officers.map((o) => ({
    username: o.id,
    role: 'officer',
    officerId: o.id,
    passwordHash: cheap,
  }));

  const oneByOne = await timed(total, cluster, (roster) => {
    for (const input of inputs) roster.add(input);
  });
  const bulk = await timed(total, cluster, (roster) => {
    const { refused } = roster.addMany(inputs);
    if (refused.length > 0) throw new Error(`refused: ${refused[0]?.error.message}`);
  });
  console.log(`roster writes, ${total} accounts (same hashes, fsync on ${os.tmpdir()}):`);
  console.log(`  one add per account (before): ${oneByOne.toFixed(0).padStart(8)} ms`);
  console.log(`  one addMany for all (after):  ${bulk.toFixed(0).padStart(8)} ms  (${(oneByOne / bulk).toFixed(0)}×)`);

  for (const [label, cost] of [
    ["the server's cost", DEFAULT_SCRYPT],
    ['the demo cost', DEMO_SCRYPT],
  ] as const) {
    const started = performance.now();
    for (let i = 0; i < sample; i += 1) await hashPassword('demo', cost);
    const sequential = (performance.now() - started) / sample;
    const parallelStart = performance.now();
    await Promise.all(Array.from({ length: sample }, () => hashPassword('demo', cost)));
    const parallel = (performance.now() - parallelStart) / sample;
    const forAll = (ms: number) => `${((ms * total) / 1000).toFixed(1)} s for ${total}`;
    console.log(
      `scrypt at ${label} (N=${cost.N} r=${cost.r} p=${cost.p}), ${sample} hashes, ${os.cpus().length} cores:`,
    );
    console.log(`  sequential:          ${sequential.toFixed(1).padStart(7)} ms per hash → ${forAll(sequential)}`);
    console.log(`  parallel (libuv):    ${parallel.toFixed(1).padStart(7)} ms per hash → ${forAll(parallel)}`);
  }
}

async function timed(count: number, cluster: Cluster, run: (roster: Roster) => void): Promise<number> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-bulk-accounts-'));
  try {
    const roster = Roster.open(dir, cluster);
    const started = performance.now();
    run(roster);
    const elapsed = performance.now() - started;
    if (Roster.open(dir, cluster).size !== count) throw new Error('not every account was written');
    return elapsed;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
