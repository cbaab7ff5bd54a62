// `npm run backup -- <dir>`: a consistent copy of DATA_DIR, safe while the server runs.
// `npm run restore -- <dir> [--force]`: puts one back into DATA_DIR (stop the server first).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { backupDataDir, restoreDataDir } from './data-dir-backup';

const USAGE = `usage: npm run backup -- <new-dir>          consistent copy of DATA_DIR (the server may run)
       npm run restore -- <backup-dir> [--force]  put it back (stop the server first; --force moves the current data aside)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { force: { type: 'boolean' } },
    allowPositionals: true,
  });
  const dir = positionals[0];
  if ((command !== 'backup' && command !== 'restore') || dir === undefined || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  if (command === 'backup') {
    const manifest = await backupDataDir(config.dataDir, dir, config.store);
    console.log(`backup of ${config.dataDir} in ${dir}: seq ${manifest.seq}, ${manifest.files.length} files`);
    if (config.store === 'redis') {
      console.log(
        'STORE=redis: the event log is in Redis; back it up with Redis (BGSAVE / the AOF files), this has accounts and secrets',
      );
    }
    return 0;
  }
  const { manifest, movedAside } = await restoreDataDir(dir, config.dataDir, values.force === true);
  console.log(`restored ${dir} (taken ${manifest.takenAt}, seq ${manifest.seq}) into ${config.dataDir}`);
  if (movedAside) console.log(`the data that was there is in ${movedAside}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`${process.argv[2] ?? 'backup'}: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
