// Runs commands and node scripts outside the jest process: as another user
// (setpriv), with lowered resource limits (prlimit), or as a holder of many
// sleeping children. Every process started here is a child of the test
// process and is reaped before the helper resolves or when stop() resolves.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The compiled API (`npx tsc -p lib`), which scripts outside jest require. */
export const DIST_INDEX = path.join(__dirname, '..', '..', 'dist', 'index.js');

/** setpriv options that run a command as uid and gid 65534 (user nobody) with no supplementary groups. */
export const NOBODY_SETPRIV = ['--reuid=65534', '--regid=65534', '--clear-groups'];

/**
 * Returns a copy of `env` without LD_PRELOAD. The sanitizer CI run preloads
 * the AddressSanitizer and UBSan runtimes into every process that way, but
 * only node processes that load the addon need them. In shell tools they
 * slow each start, and they make a process abort where /proc is not a
 * procfs or after setpriv changes its ids.
 */
export function withoutPreload(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.LD_PRELOAD;
  return copy;
}

/** The outcome of a finished command. */
export interface CommandResult {
  /** Exit status, or null when a signal ended the command. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock time from spawn to exit, in milliseconds. */
  elapsedMs: number;
}

/**
 * Runs a command to its end and resolves with its status and output. A
 * command still running after `timeoutMs` is killed with SIGKILL, which the
 * result shows as signal SIGKILL.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { env: options.env, timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: unknown; signal?: NodeJS.Signals | null }) | null;
        let status: number | null = 0;
        if (failure !== null) status = typeof failure.code === 'number' ? failure.code : null;
        resolve({
          status,
          signal: failure?.signal ?? null,
          stdout,
          stderr,
          elapsedMs: Date.now() - started,
        });
      },
    );
  });
}

/**
 * Runs `node -e SCRIPT ARGS`, behind `prefix` (such as setpriv or prlimit
 * and their options), and parses the JSON that the script prints as its
 * last line of standard output. Rejects with the output when the script
 * fails or prints no JSON.
 */
export async function runNodeScript<T>(
  prefix: readonly string[],
  script: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const command = prefix.length > 0 ? prefix[0] : process.execPath;
  const commandArgs = prefix.length > 0 ? [...prefix.slice(1), process.execPath, '-e', script, ...args] : ['-e', script, ...args];
  const result = await runCommand(command, commandArgs, { env, timeoutMs: 60_000 });
  const lastLine = result.stdout.trimEnd().split('\n').pop() ?? '';
  if (result.status !== 0 || lastLine === '') {
    const runner = prefix.length > 0 ? `${prefix.join(' ')} node` : 'node';
    throw new Error(
      `${runner} -e SCRIPT failed with status ${result.status} (signal ${result.signal}): ` +
        `stdout ${JSON.stringify(result.stdout.slice(-2000))}, stderr ${JSON.stringify(result.stderr.slice(-2000))}`,
    );
  }
  return JSON.parse(lastLine) as T;
}

/** A bash process whose many `sleep` children run until stop() is called. */
export interface SleepHolder {
  /** Pid of the holding bash process: the parent of every sleep. */
  readonly pid: number;
  /** Kills every sleep, lets bash reap them, and resolves once bash has exited and been reaped. */
  stop(): Promise<void>;
}

// Starts $1 sleeps, prints "ready", and waits for a line on stdin or for
// 120 s. Then, or when stdin reaches its end because the test process has
// gone, it kills and reaps every sleep and exits.
const HOLDER_SCRIPT = `
set -u
for ((i = 0; i < $1; i++)); do sleep 1000 & done
echo ready
read -r -t 120 _
kill $(jobs -p) 2>/dev/null
wait
`;

/** Starts `count` sleep processes as children of one bash process and resolves once they all run. */
export async function startSleepHolder(count: number): Promise<SleepHolder> {
  const child = spawn('bash', ['-c', HOLDER_SCRIPT, 'holder', String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: withoutPreload(),
  });
  const exited = once(child, 'exit');
  exited.catch(() => undefined);
  await once(child, 'spawn');

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin!.end('stop\n');
    await exited;
  };

  try {
    await readLine(child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return { pid: child.pid!, stop };
}

/** Resolves with the first line that a child writes to stdout; rejects if it exits or times out first. */
export function readLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for a line on stdout`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const newline = text.indexOf('\n');
      if (newline >= 0) finish(undefined, text.slice(0, newline));
    };
    const onExit = (): void => finish(new Error(`exited before writing a line (wrote ${JSON.stringify(text)})`));
    function finish(error: Error | undefined, line?: string): void {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      if (error !== undefined) reject(error);
      else resolve(line!);
    }
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Returns the number of open file descriptors of this process. */
export function openDescriptorCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Returns a field of /proc/self/status as a number (Threads, or VmRSS in KiB). */
export function statusNumber(field: 'Threads' | 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  if (match === null) throw new Error(`/proc/self/status has no ${field} line`);
  return Number(match[1]);
}

let gc: (() => void) | undefined;

/**
 * Runs a full garbage collection. jest does not start node with
 * --expose-gc, so the flag is set at run time and gc() taken from a new
 * context, where V8 then defines it.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Returns the size of AddressSanitizer's quarantine of freed memory in KiB
 * when this process runs with the ASan runtime loaded (as the sanitizer CI
 * run preloads it), and 0 otherwise.
 */
export function sanitizerQuarantineKiB(): number {
  if (!readFileSync('/proc/self/maps', 'utf8').includes('libasan')) return 0;
  const option = /(?:^|:)quarantine_size_mb=(\d+)/.exec(process.env.ASAN_OPTIONS ?? '');
  // 256 MiB is ASan's default quarantine on 64-bit Linux.
  return (option === null ? 256 : Number(option[1])) * 1024;
}
