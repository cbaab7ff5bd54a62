// Runs server/main.ts as `npm start` does (tsx), in a child process on a temp DATA_DIR and a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LISTENING = /Giáp Ranh Dispatch: (http:\/\/127\.0\.0\.1:\d+)/;

export interface Booted {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output matches `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves the exit code. */
  exited: Promise<number | null>;
}

export function boot(env: NodeJS.ProcessEnv): Booted {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: '',
      DEMO_SIMULATOR: '0',
      TOKEN_SECRET: undefined,
      CLUSTER_FILE: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const w of [...waiters]) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const w of [...waiters]) w();
  });
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match) {
            waiters.delete(check);
            resolve(match);
          } else if (done) {
            waiters.delete(check);
            reject(new Error(`process exited before printing ${pattern}; output:\n${text}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Waits until the server prints its URL; returns it. */
export async function listeningUrl(booted: Booted): Promise<string> {
  const match = await booted.waitFor(LISTENING);
  return match[1] ?? '';
}

export async function stop(booted: Booted): Promise<number | null> {
  if (booted.child.exitCode === null && booted.child.signalCode === null) booted.child.kill('SIGTERM');
  return booted.exited;
}
