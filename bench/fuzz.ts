// `npm run bench:fuzz`: the property test's fuzzer (test/support/fuzz.ts) at scale, 100,000 frames by
// default, against one real server on loopback. Prints frames, seconds, the ack codes seen, and whether
// the server stayed up and restarted to the same state. FUZZ_FRAMES and FUZZ_SEED change the run.
import { runFuzz } from '../test/support/fuzz';

async function main(): Promise<void> {
  const frames = Number(process.env.FUZZ_FRAMES ?? 100_000);
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  console.log(`fuzz: ${frames} frames, seed ${seed}`);
  const stats = await runFuzz({
    frames,
    seed,
    every: 10_000,
    progress: (done) => console.log(`  … ${done} frames`),
  });
  const codes = [...stats.codes.entries()].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`);
  console.log(`frames:          ${stats.frames}`);
  console.log(`seconds:         ${stats.seconds.toFixed(1)} (${Math.round(stats.frames / stats.seconds)} frames/s)`);
  console.log(`codes seen:      ${codes.join(', ')}`);
  console.log(`accepted:        ${stats.accepted} commands appended (seq ${stats.finalSeq})`);
  console.log(`closed by server: ${stats.reconnects} connections (broken frames), each reconnected`);
  console.log(`/healthz ok:     ${stats.healthChecks} checks`);
  console.log(
    `server alive:    yes; restart on the same data dir reproduced the state: ${stats.restartedSameState ? 'yes' : 'NO'}`,
  );
  if (!stats.restartedSameState) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`fuzz failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
