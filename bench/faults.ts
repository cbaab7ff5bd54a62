// Delivery under churn: N real DispatchClients (default 200) on loopback, each dropped at random every
// few seconds for a fixed time while posts raise requests and officers answer. Prints the delivery %
// (acknowledged requests present in every dispatcher's mirror), duplicates in the log, and p50/p99 of
// the time from a reconnect to resynced. A measurement script, not a test: figures depend on the machine.
//   npm run bench:faults [-- <clients> <seconds>]
import type { DispatchEvent } from '../shared/events';
import { startTestServer } from '../test/support/test-server';
import { startChurn } from '../test/faults/churn';
import { report } from './bench-stats';

const clients = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 30);

async function main(): Promise<void> {
  console.warn = () => undefined; // the server logs every refusal; the crowd makes many on purpose
  const t = await startTestServer();
  console.log(`bench:faults — ${clients} clients dropped every 2–6 s for ${seconds} s (loopback, journal with fsync)`);
  const run = await startChurn({
    url: t.url,
    cluster: t.cluster,
    tokenFor: (p) => t.tokenFor(p),
    clients,
    churnMs: seconds * 1000,
    dropEveryMs: [2000, 6000],
    raiseEveryMs: [3000, 9000],
    seed: Date.now() % 100_000,
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const settleStart = performance.now();
  await run.settle(120_000);
  const settleMs = performance.now() - settleStart;

  const head = t.seq();
  const log: DispatchEvent[] = [];
  for (;;) {
    const page = await t.server.engine.eventsAfter(log.at(-1)?.seq ?? 0, 1000);
    if (!page || page.length === 0) break;
    log.push(...page);
  }
  const acks = [...run.raises.values()];
  const acked = acks.flatMap((a) => (a?.ok && a.ref ? [a.ref] : []));
  const resentAfterLostAck = acks.filter((a) => a?.ok && a.duplicate === true).length;
  const raisedIds = log.filter((e) => e.type === 'request:raised').map((e) => e.commandId);
  const duplicates = raisedIds.length - new Set(raisedIds).size;
  const gaps = log.filter((e, i) => e.seq !== i + 1).length;
  await Promise.all(
    run.dispatchers.map(async (d) => {
      const deadline = performance.now() + 30_000;
      while (d.getSnapshot().state.seq < head && performance.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
    }),
  );
  const delivered = run.dispatchers.map((d) => acked.filter((ref) => d.getSnapshot().state.requests[ref]).length);
  const worst = Math.min(...delivered);
  const equal = run.dispatchers.every(
    (d) => JSON.stringify(d.getSnapshot().state) === JSON.stringify(t.server.engine.state),
  );

  console.log(`connection drops                ${run.drops}`);
  console.log(`requests raised (command ids)   ${acks.length}, acknowledged ${acked.length}`);
  console.log(`raise commands on the wire      ${run.raiseSends()} (resends after drops included)`);
  console.log(`acks that were resends          ${resentAfterLostAck} (answered as duplicates, applied once)`);
  console.log(
    `delivery                        ${((worst / Math.max(1, acked.length)) * 100).toFixed(2)} % ` +
      `(acked requests in the worst of ${run.dispatchers.length} dispatcher mirrors)`,
  );
  console.log(`duplicates in the log           ${duplicates}`);
  console.log(`seq gaps in the log             ${gaps} (head ${head})`);
  console.log(`mirrors equal to the server     ${equal ? 'yes' : 'NO'}`);
  console.log(`settle after churn stopped      ${Math.round(settleMs)} ms`);
  report('reconnect → resynced (connect → live)', run.resyncMs);
  report('outage (drop → live, incl. reconnection delay)', run.outageMs);
  run.stop();
  await t.stop();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
