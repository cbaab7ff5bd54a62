// `npm run journal -- verify|repair|rebuild-history`: check the journal under DATA_DIR, or set a damaged
// tail aside so the server can start again, or rebuild the history read model from the whole log.
// Nothing here deletes: the damaged line and everything after it go to a quarantine folder beside the
// journal, and a history that is replaced is moved aside.
import { promises as fs } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { loadClusterFile } from './cluster-file';
import { loadConfig, type ServerConfig } from './config';
import { compareHistories, rebuildHistory } from './history/history-rebuild';
import { HistoryStore } from './history/history-store';
import { logSegments } from './store/journal-log';
import { repairJournal, verifyJournal, type VerifyReport } from './store/journal-check';
import { JOURNAL_DIR_NAME } from './store/open-store';

const USAGE = `Kiểm tra nhật ký / check the journal (DATA_DIR/${JOURNAL_DIR_NAME})

usage: npm run journal -- verify           read every line; exit 1 naming the first damaged one
       npm run journal -- repair           move the damaged tail into a quarantine folder (never deletes)
       npm run journal -- rebuild-history [--force]
                                           rebuild DATA_DIR/history from the whole log (archive included),
                                           say whether it matches, and put it in place (the old one moved aside);
                                           a current history holding requests the log lacks is kept unless --force

Stop the server before repair or rebuild-history (rebuild-history refuses while one answers on PORT).
Environment: DATA_DIR (default .data), CLUSTER_FILE, STORE, PORT, HOST.`;

const COMMANDS = ['verify', 'repair', 'rebuild-history'];

/** The /healthz address of a server run with this config, or null when nothing answers there. */
async function runningServer(config: ServerConfig): Promise<string | null> {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${config.port}/healthz`;
  const get = config.tls ? https.get : http.get;
  return new Promise((resolve) => {
    // Any answer counts (an unhealthy server answers 503): the certificate is not what is checked here.
    const request = get(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(url);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(null));
  });
}

/** Why rebuild-history must not run, or null. */
async function cannotRebuild(config: ServerConfig, journalDir: string): Promise<string | null> {
  if (config.store !== 'journal') {
    return `STORE=${config.store}: the log is in Redis, not in a journal this command reads; nothing was changed`;
  }
  const server = await runningServer(config);
  if (server) {
    return `a server is running (it answers ${server}): stop it first, or it keeps writing into the history moved aside; nothing was changed`;
  }
  const segments = await logSegments(journalDir);
  if (segments.length === 0) {
    return `no journal in ${journalDir} (is DATA_DIR right?): rebuilding from it would give an empty history; nothing was changed`;
  }
  if (segments[0]?.firstSeq !== 1) {
    return `the log in ${journalDir} starts at seq ${segments[0]?.firstSeq}, not 1 (an older version deleted its start): it cannot rebuild the history; nothing was changed`;
  }
  return null;
}

/** Rebuilds into a new folder beside the current history, compares, then swaps them (nothing deleted). */
async function rebuild(config: ServerConfig, force: boolean): Promise<number> {
  const { dataDir } = config;
  const journalDir = path.join(dataDir, JOURNAL_DIR_NAME);
  const refused = await cannotRebuild(config, journalDir);
  if (refused) {
    console.error(`journal: ${refused}`);
    return 1;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const current = path.join(dataDir, 'history');
  const rebuilt = path.join(dataDir, `history.rebuilt-${stamp}`);
  const target = new HistoryStore(rebuilt);
  const started = performance.now();
  const result = await rebuildHistory(journalDir, loadClusterFile(config.clusterFile), target);
  target.close();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`read the log to seq ${result.seq} in ${seconds} s: ${result.archived} archived request(s)`);
  const exists = await fs.stat(current).then(
    () => true,
    () => false,
  );
  if (exists) {
    const [old, fresh] = [new HistoryStore(current), new HistoryStore(rebuilt)];
    const diff = await compareHistories(old, fresh);
    old.close();
    fresh.close();
    const same = diff.onlyInFirst.length + diff.onlyInSecond.length + diff.different.length === 0;
    console.log(
      same
        ? `the current history matches the log (${diff.compared} request(s))`
        : `the current history differs from the log: ${diff.onlyInFirst.length} only in the files, ` +
            `${diff.onlyInSecond.length} missing from them, ${diff.different.length} different`,
    );
    if (diff.onlyInFirst.length > 0 && !force) {
      // Requests the log does not hold would be lost from view: the log may be the wrong one.
      console.error(
        `journal: the current history holds ${diff.onlyInFirst.length} request(s) the rebuilt one lacks; ` +
          `it stays in place (the rebuilt one is in ${rebuilt}). Run again with --force to swap anyway.`,
      );
      return 1;
    }
    const aside = path.join(dataDir, `history.before-rebuild-${stamp}`);
    await fs.rename(current, aside);
    console.log(`the previous history is kept in ${aside}`);
  }
  await fs.mkdir(rebuilt, { recursive: true, mode: 0o700 });
  await fs.rename(rebuilt, current);
  console.log(`history rebuilt in ${current}`);
  return 0;
}

function describe(report: VerifyReport): string[] {
  const lines = report.segments.map((s) => {
    const state =
      s.badLine === null
        ? 'ok'
        : s.tornTail
          ? `torn last line ${s.badLine} (dropped at start-up)`
          : `DAMAGED at line ${s.badLine}`;
    return `  ${path.basename(s.file)}: ${s.events} events, ${state}`;
  });
  return [
    `journal ${report.dir}: ${report.segments.length} segment(s), ${report.events} events, snapshot at seq ${report.snapshotSeq ?? 'none'}`,
    ...lines,
  ];
}

async function main(argv: string[]): Promise<number> {
  const [command, ...extra] = argv;
  const force = command === 'rebuild-history' && extra.length === 1 && extra[0] === '--force';
  if ((extra.length > 0 && !force) || command === undefined || !COMMANDS.includes(command)) {
    console.log(USAGE);
    return command === 'help' || command === undefined ? 0 : 2;
  }
  const config = loadConfig();
  if (command === 'rebuild-history') return rebuild(config, force);
  const dir = path.join(config.dataDir, JOURNAL_DIR_NAME);
  if (command === 'verify') {
    const report = await verifyJournal(dir);
    console.log(describe(report).join('\n'));
    if (!report.damage) {
      console.log('ok: the server can start from this journal');
      return 0;
    }
    console.error(`damaged: ${report.damage}; run "npm run journal -- repair" (with the server stopped)`);
    return 1;
  }
  const report = await repairJournal(dir);
  console.log(describe(report).join('\n'));
  if (!report.quarantine) {
    console.log('nothing to repair');
    return 0;
  }
  console.log(
    `set aside ${report.linesSetAside} line(s), ${report.eventsSetAside} of them readable events, into ${report.quarantine}`,
  );
  return report.damage ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`journal: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
