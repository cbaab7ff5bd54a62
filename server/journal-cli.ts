// `npm run journal -- verify|repair`: check the journal under DATA_DIR, or set a damaged tail aside so
// the server can start again. Repair never deletes: the damaged line and everything after it go to a
// quarantine folder beside the journal, and the counts say how much was set aside.
import path from 'node:path';
import { loadConfig } from './config';
import { repairJournal, verifyJournal, type VerifyReport } from './store/journal-check';
import { JOURNAL_DIR_NAME } from './store/open-store';

const USAGE = `Kiểm tra nhật ký / check the journal (DATA_DIR/${JOURNAL_DIR_NAME})

usage: npm run journal -- verify   read every line; exit 1 naming the first damaged one
       npm run journal -- repair   move the damaged tail into a quarantine folder (never deletes)

Stop the server before repair. Environment: DATA_DIR (default .data).`;

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
  if (extra.length > 0 || (command !== 'verify' && command !== 'repair')) {
    console.log(USAGE);
    return command === 'help' || command === undefined ? 0 : 2;
  }
  const dir = path.join(loadConfig().dataDir, JOURNAL_DIR_NAME);
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
