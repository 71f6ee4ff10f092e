// A churn of short-lived processes for the race tests: a bash script that
// starts and reaps two kinds of processes with distinct comm and args, and
// the checks that a listed row shows one process, not parts of two.
//
// The script stops by itself after a bounded number of processes or
// seconds, whichever comes first, and reaps every child before it exits.

import { accessSync, constants, copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The two programs that the churn runs: copies of `true` under these names. */
export const CHURN_PROGRAMS = ['churna', 'churnb'] as const;
export type ChurnProgram = (typeof CHURN_PROGRAMS)[number];

/** The first argument each program runs with, so its args tell it apart from the other. */
export const CHURN_MARKS: Readonly<Record<ChurnProgram, string>> = { churna: 'A', churnb: 'B' };

// Arguments: the directory holding churna and churnb, the maximum number
// of processes, the maximum run time in seconds, a log file, and an
// optional pid_max. The script writes that value to
// /proc/sys/kernel/pid_max when it exits, so a lowered pid_max is restored
// even if the test process dies first. The log gets "parent PID" (the script's own pid in
// its PID namespace), then the pid of every process started, then "done".
// Children are reaped in batches, so at most BATCH of them exist (running
// or as zombies) at once.
const CHURN_SCRIPT = `
set -u
directory=$1 max=$2 seconds=$3 log=$4 restore_pid_max=\${5:-}
if [[ -n $restore_pid_max ]]; then
  trap 'echo "$restore_pid_max" > /proc/sys/kernel/pid_max' EXIT
fi
readonly BATCH=64
# Found through PATH, each program runs with its bare name as argv[0].
PATH="$directory:$PATH"
exec 3>"$log"
echo "parent $$" >&3
started=0
SECONDS=0
while (( started < max && SECONDS < seconds )); do
  churna A "$started" &
  echo "$!" >&3
  churnb B "$started" &
  echo "$!" >&3
  started=$((started + 2))
  if (( started % BATCH == 0 )); then wait; fi
done
wait
echo done >&3
`;

/** Paths of the churn's programs and script in a test's temporary directory. */
export interface ChurnFiles {
  /** The directory holding churna and churnb. */
  directory: string;
  /** The bash script that runs the churn. */
  script: string;
}

/** Finds an executable on PATH and returns its absolute path. */
function findOnPath(name: string): string {
  for (const directory of (process.env.PATH ?? '').split(':')) {
    if (directory === '') continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  throw new Error(`${name} not found on PATH`);
}

/** Writes churna, churnb (copies of `true`) and the churn script into `directory`. */
export function writeChurnFiles(directory: string): ChurnFiles {
  const trueProgram = findOnPath('true');
  for (const name of CHURN_PROGRAMS) {
    copyFileSync(trueProgram, join(directory, name));
  }
  const script = join(directory, 'churn.sh');
  writeFileSync(script, CHURN_SCRIPT, { mode: 0o755 });
  return { directory, script };
}

/**
 * Returns the arguments that run the churn with bash: `bash SCRIPT
 * DIRECTORY MAX SECONDS LOG [PID_MAX]`, where PID_MAX is the value to
 * restore pid_max to when the churn exits.
 */
export function churnCommand(
  files: ChurnFiles,
  maxProcesses: number,
  maxSeconds: number,
  log: string,
  restorePidMax?: number,
): string[] {
  const command = ['bash', files.script, files.directory, String(maxProcesses), String(maxSeconds), log];
  if (restorePidMax !== undefined) command.push(String(restorePidMax));
  return command;
}

/** What a churn log records so far. */
export interface ChurnLog {
  /** Pid of the churn script in its own PID namespace, once it has logged it. */
  parent?: number;
  /** Pids of the processes started, in order. */
  pids: number[];
  /** Whether the script has reaped every child and finished. */
  done: boolean;
}

/** Reads a churn log. A log that does not exist yet reads as empty. */
export function readChurnLog(log: string): ChurnLog {
  let text: string;
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return { pids: [], done: false };
  }
  const result: ChurnLog = { pids: [], done: false };
  for (const line of text.split('\n')) {
    if (line.startsWith('parent ')) result.parent = Number(line.slice('parent '.length));
    else if (line === 'done') result.done = true;
    else if (/^[0-9]+$/.test(line)) result.pids.push(Number(line));
  }
  return result;
}

/** Returns the pids that occur more than once in `pids`. */
export function reusedPids(pids: readonly number[]): number[] {
  const seen = new Set<number>();
  const reused = new Set<number>();
  for (const pid of pids) {
    if (seen.has(pid)) reused.add(pid);
    seen.add(pid);
  }
  return [...reused];
}

// A churn row's args are the program, its mark and its sequence number.
// While the process execs or exits, its cmdline is empty and args shows
// the kernel-thread form that ps prints then.
function argsPatterns(program: ChurnProgram): RegExp[] {
  return [new RegExp(`^${program} ${CHURN_MARKS[program]} [0-9]+$`), new RegExp(`^\\[${program}\\]( <defunct>)?$`)];
}

/** The columns a churn row is checked on, in the order of RACE_DESCRIPTORS. */
export const RACE_DESCRIPTORS = ['pid', 'comm', 'args', 'ppid', 'stat', 'user'] as const;

/** What a row of the churn's processes must show to be one process. */
export interface ChurnExpectation {
  /** Pid of each churn script, as the listing shows pids, with the args of that script. */
  parents: ReadonlyMap<number, string>;
  /** The user that every churn process runs as. */
  user: string;
}

/**
 * Returns why a row (in RACE_DESCRIPTORS order) mixes two processes, or
 * undefined when it is consistent. Rows that are neither a churn program
 * nor a child of a churn script are ignored.
 *
 * A forked child shows comm bash and its script's args until it execs.
 * During exec the kernel installs the new cmdline before the new comm, so
 * comm bash may also show with a program's args, but never comm churna
 * with churnb's args or the other way round.
 */
export function churnRowProblem(row: readonly string[], expected: ChurnExpectation): string | undefined {
  const [, comm, args, ppid, stat, user] = row;
  const program = CHURN_PROGRAMS.find((name) => comm === name);
  const argsProgram = CHURN_PROGRAMS.find((name) => argsPatterns(name)[0].test(args));
  const parentArgs = expected.parents.get(Number(ppid));
  const forkedChild = comm === 'bash' && parentArgs !== undefined;
  if (program === undefined && argsProgram === undefined && !forkedChild) return undefined;

  const describe = () => JSON.stringify(row);
  if (program !== undefined && !argsPatterns(program).some((pattern) => pattern.test(args))) {
    return `comm ${program} with args of another process: ${describe()}`;
  }
  if (program === undefined && comm !== 'bash') {
    return `args of ${argsProgram} with comm ${JSON.stringify(comm)}: ${describe()}`;
  }
  // Between the switch to the new program's memory and the copy of its
  // arguments, the cmdline is empty and args shows the kernel-thread form.
  if (program === undefined && argsProgram === undefined && args !== parentArgs && !/^\[bash\]( <defunct>)?$/.test(args)) {
    return `forked child with args other than its script's: ${describe()}`;
  }
  if (parentArgs === undefined) {
    return `parent is not a churn script: ${describe()}`;
  }
  if (user !== expected.user) {
    return `user is not ${expected.user}: ${describe()}`;
  }
  if (stat.startsWith('Z') !== args.endsWith(' <defunct>')) {
    return `state and <defunct> disagree: ${describe()}`;
  }
  return undefined;
}

/** Returns whether a row is one of the churn's children, by comm. */
export function isChurnRow(row: readonly string[]): boolean {
  return (CHURN_PROGRAMS as readonly string[]).includes(row[1]);
}

/** Returns the host pids whose comm is churna or churnb: leftovers once a churn has ended. */
export function churnLeftovers(): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    let comm: string;
    try {
      comm = readFileSync(`/proc/${name}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if ((CHURN_PROGRAMS as readonly string[]).includes(comm)) found.push(Number(name));
  }
  return found;
}

const PID_MAX_PATH = '/proc/sys/kernel/pid_max';

/** Reads /proc/sys/kernel/pid_max. */
export function readPidMax(): number {
  return Number(readFileSync(PID_MAX_PATH, 'utf8').trim());
}

/** Writes /proc/sys/kernel/pid_max (root only). */
export function writePidMax(value: number): void {
  writeFileSync(PID_MAX_PATH, `${value}\n`);
}

/** Returns the number of tasks (threads of every process) in the host's /proc. Each task has a pid of its own. */
export function countTasks(): number {
  let tasks = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    try {
      tasks += readdirSync(`/proc/${name}/task`).length;
    } catch {
      continue;
    }
  }
  return tasks;
}
