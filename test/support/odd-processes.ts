// Starts real processes with properties that are hard to list correctly (odd
// names and arguments, zombies, scheduling policies, ids without names, a
// pseudo-terminal, threads, capabilities, seccomp), for the differential test.
//
// Every process is a child of the test process or of such a child, and stop()
// kills and reaps all of them: an orphan would be reparented to pid 1, which
// cannot be relied on to reap it.

import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Names of the odd processes that startOddProcesses starts. */
export const ODD_PROCESS_NAMES = [
  'commWithParentheses',
  'commWithControlCharacter',
  'renamedArgv0',
  'argsWithOddCharacters',
  'argsWithInvalidUtf8',
  'longArgs',
  'zombie',
  'zombieParent',
  'niced',
  'negativeNice',
  'fifo',
  'roundRobin',
  'batch',
  'idle',
  'supplementaryGroups',
  'unknownUser',
  'differentRealAndEffectiveIds',
  'longUserName',
  'pseudoTerminal',
  'multiThreaded',
  'stopped',
  'reducedCapabilities',
  'seccompFilter',
  'seccompStrict',
] as const;

export type OddProcessName = (typeof ODD_PROCESS_NAMES)[number];

/** The running odd processes and the ones that could not be started. */
export interface OddProcesses {
  /** Pid of each odd process that started. */
  readonly pids: ReadonlyMap<OddProcessName, number>;
  /** Reason why each odd process that did not start is missing. */
  readonly unavailable: ReadonlyMap<OddProcessName, string>;
  /** Returns the pid of a started odd process; throws with the reason for a missing one. */
  pid(name: OddProcessName): number;
  /** Kills (SIGKILL) every process that was started and waits until each one is reaped. */
  stop(): Promise<void>;
}

/** Executable name of the copy of sleep whose comm has spaces and parentheses. */
export const COMM_WITH_PARENTHESES_FILE = 'my ) odd (name) x';
/** The kernel keeps the first 15 bytes of the executable's name as comm. */
export const COMM_WITH_PARENTHESES = 'my ) odd (name)';

// 17 bytes: "ctl", a control character, two 2-byte and three 3-byte UTF-8
// characters. The kernel cuts comm at 15 bytes, inside the last check mark.
export const COMM_WITH_CONTROL_CHARACTER_FILE = 'ctl\x01éé✓✓✓';

/** argv[0] of the renamedArgv0 process. */
export const RENAMED_ARGV0 = 'fancy-name';

/** Arguments after `bash -c 'read -r _'` of the argsWithOddCharacters process. */
export const ODD_ARGUMENTS = ['tab\there', 'new\nline', 'héllo wörld ✓', 'bell\x07ctl', '', 'trailing  '];

/** Number and size of the arguments of the longArgs process, together above ps's 128 KiB limit. */
export const LONG_ARGUMENT_COUNT = 3;
export const LONG_ARGUMENT_LENGTH = 60_000;

export const POSITIVE_NICE = 7;
export const NEGATIVE_NICE = -5;
export const BATCH_NICE = 4;
export const FIFO_PRIORITY = 10;
export const ROUND_ROBIN_PRIORITY = 5;

/** Uid and gid that should have no passwd or group entry. */
export const UNKNOWN_UID = 54321;
export const UNKNOWN_GID = 54321;
/** Supplementary gid that should have no group entry. */
export const UNKNOWN_SUPPLEMENTARY_GID = 54322;
/** Uid of the supplementary groups process, and its named supplementary groups (adm, dialout, sudo on Debian). */
export const SUPPLEMENTARY_GROUPS_UID = 1000;
export const NAMED_SUPPLEMENTARY_GIDS = [4, 20, 27];

/** Real uid and gid of the differentRealAndEffectiveIds process; its effective ids are the unknown ones. */
export const REAL_UID = 1000;
export const REAL_GID = 4;

/** Capabilities that setpriv adds or removes for the reducedCapabilities process. */
export const INHERITABLE_CAPABILITIES = ['kill', 'net_bind_service'];
export const AMBIENT_CAPABILITIES = ['net_bind_service'];
export const REMOVED_BOUNDING_CAPABILITIES = ['net_raw', 'sys_admin'];

/** Number of worker threads the multiThreaded process starts besides node's own threads. */
export const WORKER_THREAD_COUNT = 2;

// Longer than any test run, so that a sleep never exits on its own.
const SLEEP_SECONDS = '1000';

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 20;
// A process is settled when its state, rss and vsz stay the same over this
// many polls, so that values read a few milliseconds apart agree.
const SETTLED_POLLS = 3;
const MAX_STDERR_CHARACTERS = 2000;

// Capability bit numbers from include/uapi/linux/capability.h.
const CAP_SETGID = 6;
const CAP_SETUID = 7;
const CAP_SETPCAP = 8;
const CAP_SYS_NICE = 23;

// Capabilities that the test process needs to start each privileged odd
// process. Root has them all outside a container, but a container's root may
// lack some (Docker drops CAP_SYS_NICE by default).
const REQUIRED_CAPABILITIES: Partial<Record<OddProcessName, Array<[string, number]>>> = {
  negativeNice: [['CAP_SYS_NICE', CAP_SYS_NICE]],
  fifo: [['CAP_SYS_NICE', CAP_SYS_NICE]],
  roundRobin: [['CAP_SYS_NICE', CAP_SYS_NICE]],
  supplementaryGroups: [['CAP_SETUID', CAP_SETUID], ['CAP_SETGID', CAP_SETGID]],
  unknownUser: [['CAP_SETUID', CAP_SETUID], ['CAP_SETGID', CAP_SETGID]],
  differentRealAndEffectiveIds: [['CAP_SETUID', CAP_SETUID], ['CAP_SETGID', CAP_SETGID]],
  longUserName: [['CAP_SETUID', CAP_SETUID], ['CAP_SETGID', CAP_SETGID]],
  reducedCapabilities: [['CAP_SETPCAP', CAP_SETPCAP]],
};

// Forks a child that exits at once, then waits for a line or EOF on stdin
// before it reaps the child, so that the child stays a zombie until stop().
const ZOMBIE_PARENT_PERL = `
use POSIX ();
my $pid = fork() // die "fork failed: $!\\n";
POSIX::_exit(0) if $pid == 0;
$| = 1;
print "$pid\\n";
my $line = <STDIN>;
waitpid($pid, 0);
`;

// Installs a seccomp filter that allows every system call, then runs the
// command in argv. Filters survive execve, so the command runs in filter mode.
const SECCOMP_FILTER_PYTHON = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]
class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]
BPF_RET_K = 0x06
SECCOMP_RET_ALLOW = 0x7FFF0000
PR_SET_SECCOMP = 22
PR_SET_NO_NEW_PRIVS = 38
SECCOMP_MODE_FILTER = 2
allow_all = (SockFilter * 1)(SockFilter(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW))
program = SockFprog(1, allow_all)
if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
    sys.exit("prctl(PR_SET_NO_NEW_PRIVS) failed: " + os.strerror(ctypes.get_errno()))
if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) != 0:
    sys.exit("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER) failed: " + os.strerror(ctypes.get_errno()))
os.execvp(sys.argv[1], sys.argv[1:])
`;

// Enters strict seccomp mode, where only read, write, _exit and sigreturn are
// allowed, then blocks in read() on stdin. Any other system call kills it.
const SECCOMP_STRICT_PYTHON = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_SECCOMP = 22
SECCOMP_MODE_STRICT = 1
if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) != 0:
    sys.exit("prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) failed: " + os.strerror(ctypes.get_errno()))
os.read(0, 1)
`;

// Starts worker threads that block forever, then reports on stdout.
const MULTI_THREADED_NODE = `
const { Worker } = require('node:worker_threads');
let online = 0;
for (let i = 0; i < ${WORKER_THREAD_COUNT}; i++) {
  const worker = new Worker('setInterval(() => {}, 1e9)', { eval: true });
  worker.on('online', () => {
    online += 1;
    if (online === ${WORKER_THREAD_COUNT}) process.stdout.write('ready\\n');
  });
}
setInterval(() => {}, 1e9);
`;

/** Fields of /proc/PID/stat that the helpers need. */
export interface ProcStat {
  comm: string;
  state: string;
  ppid: number;
}

/**
 * Reads /proc/PID/stat; returns undefined when the process does not exist.
 *
 * comm is everything between the first '(' and the last ')', because comm
 * itself can contain both.
 */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return { comm: text.slice(open + 1, close), state: fields[0], ppid: Number(fields[1]) };
}

/** Reads /proc/PID/status into a map of field name to value; undefined when the process does not exist. */
export function readProcStatus(pid: number): Map<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
    }
  }
  return fields;
}

/** Returns the raw bytes of /proc/PID/cmdline, or undefined when the process does not exist. */
export function readProcCmdline(pid: number): Buffer | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`);
  } catch {
    return undefined;
  }
}

/** Returns the pids of the processes whose parent is ppid. */
export function findChildPids(ppid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && readProcStat(Number(entry))?.ppid === ppid) {
      children.push(Number(entry));
    }
  }
  return children;
}

/**
 * Returns the names of the capabilities that the test process needs to start
 * the named odd process but lacks. The list is empty when it can start it.
 */
export function missingCapabilities(name: OddProcessName): string[] {
  const effective = BigInt(`0x${readProcStatus(process.pid)?.get('CapEff') ?? '0'}`);
  return (REQUIRED_CAPABILITIES[name] ?? [])
    .filter(([, bit]) => ((effective >> BigInt(bit)) & 1n) === 0n)
    .map(([capability]) => capability);
}

/** A direct child of the test process, with what it has written to stderr. */
interface TrackedChild {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  stderr: () => string;
}

/** A process whose parent is a tracked child and which must be killed before it. */
interface Grandchild {
  pid: number;
  parentPid: number;
}

/**
 * Starts each odd process and waits until it is settled.
 *
 * An odd process that fails to start, or needs a capability that the test
 * process lacks, is listed in `unavailable` with the reason. The others still
 * start.
 */
export async function startOddProcesses(): Promise<OddProcesses> {
  const starter = new OddProcessStarter();
  try {
    await starter.startAll();
  } catch (error) {
    await starter.stop();
    throw error;
  }
  return starter;
}

class OddProcessStarter implements OddProcesses {
  readonly pids = new Map<OddProcessName, number>();
  readonly unavailable = new Map<OddProcessName, string>();

  private readonly children: TrackedChild[] = [];
  private readonly grandchildren: Grandchild[] = [];
  // Children that reap their own children when stdin closes; they must not be
  // killed before that, or their children would become orphans.
  private readonly reapOnStdinEnd: TrackedChild[] = [];
  private readonly temporaryDirectory = mkdtempSync(join(tmpdir(), 'psnode-odd-'));

  pid(name: OddProcessName): number {
    const pid = this.pids.get(name);
    if (pid === undefined) {
      throw new Error(`odd process ${name} is not running: ${this.unavailable.get(name) ?? 'it was not started'}`);
    }
    return pid;
  }

  async startAll(): Promise<void> {
    const starts: Array<[OddProcessName[], () => Promise<void>]> = [
      [['commWithParentheses'], () => this.startCopiedSleep('commWithParentheses', COMM_WITH_PARENTHESES_FILE)],
      [
        ['commWithControlCharacter'],
        () => this.startCopiedSleep('commWithControlCharacter', COMM_WITH_CONTROL_CHARACTER_FILE),
      ],
      [['renamedArgv0'], () => this.startRenamedArgv0()],
      [['argsWithOddCharacters'], () => this.startArgsWithOddCharacters()],
      [['argsWithInvalidUtf8'], () => this.startArgsWithInvalidUtf8()],
      [['longArgs'], () => this.startLongArgs()],
      [['zombie', 'zombieParent'], () => this.startZombie()],
      // In its own session, so it has no controlling terminal even when the
      // test runs in one.
      [['niced'], () => this.startSleep('niced', 'nice', ['-n', String(POSITIVE_NICE)], { detached: true })],
      [['negativeNice'], () => this.startSleep('negativeNice', 'nice', ['-n', String(NEGATIVE_NICE)])],
      [['fifo'], () => this.startSleep('fifo', 'chrt', ['-f', String(FIFO_PRIORITY)])],
      [['roundRobin'], () => this.startSleep('roundRobin', 'chrt', ['-r', String(ROUND_ROBIN_PRIORITY)])],
      [['batch'], () => this.startSleep('batch', 'nice', ['-n', String(BATCH_NICE), 'chrt', '-b', '0'])],
      [['idle'], () => this.startSleep('idle', 'chrt', ['-i', '0'])],
      [['supplementaryGroups'], () => this.startSupplementaryGroups()],
      [['unknownUser'], () => this.startUnknownUser()],
      [['differentRealAndEffectiveIds'], () => this.startDifferentRealAndEffectiveIds()],
      [['longUserName'], () => this.startLongUserName()],
      [['pseudoTerminal'], () => this.startPseudoTerminal()],
      [['multiThreaded'], () => this.startMultiThreaded()],
      [['stopped'], () => this.startStopped()],
      [['reducedCapabilities'], () => this.startReducedCapabilities()],
      [['seccompFilter'], () => this.startSeccompFilter()],
      [['seccompStrict'], () => this.startSeccompStrict()],
    ];

    for (const [names, start] of starts) {
      const missing = names.flatMap(missingCapabilities);
      if (missing.length > 0) {
        for (const name of names) {
          this.unavailable.set(name, `the test process lacks ${missing.join(' and ')}`);
        }
        continue;
      }
      try {
        await start();
      } catch (error) {
        for (const name of names) {
          this.unavailable.set(name, error instanceof Error ? error.message : String(error));
        }
      }
    }
  }

  async stop(): Promise<void> {
    const problems: string[] = [];

    // First let each zombie parent reap its zombie and exit.
    for (const tracked of this.reapOnStdinEnd) {
      tracked.child.stdin?.end();
    }
    for (const tracked of this.reapOnStdinEnd) {
      if (!(await settlesWithin(tracked.exited, STOP_TIMEOUT_MS))) {
        problems.push(`${tracked.name} (pid ${tracked.child.pid}) did not exit after its stdin was closed`);
      }
    }

    // Then kill each grandchild while its parent is alive to reap it.
    for (const grandchild of this.grandchildren) {
      if (readProcStat(grandchild.pid)?.ppid !== grandchild.parentPid) {
        continue;
      }
      killQuietly(grandchild.pid);
      const reaped = await pollUntil(() => readProcStat(grandchild.pid)?.ppid !== grandchild.parentPid, STOP_TIMEOUT_MS);
      if (!reaped) {
        problems.push(`pid ${grandchild.pid} was not reaped by its parent ${grandchild.parentPid}`);
      }
    }

    // Node reaps its direct children.
    for (const tracked of this.children) {
      if (tracked.child.exitCode === null && tracked.child.signalCode === null) {
        tracked.child.kill('SIGKILL');
      }
    }
    for (const tracked of this.children) {
      if (!(await settlesWithin(tracked.exited, STOP_TIMEOUT_MS))) {
        problems.push(`${tracked.name} (pid ${tracked.child.pid}) did not exit after SIGKILL`);
      }
    }

    rmSync(this.temporaryDirectory, { recursive: true, force: true });
    if (problems.length > 0) {
      throw new Error(`stopping the odd processes failed: ${problems.join('; ')}`);
    }
  }

  private spawnTracked(name: string, command: string, args: string[], options: SpawnOptions = {}): TrackedChild {
    const child = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: childEnvironment(),
      ...options,
    });
    let stderrText = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (stderrText.length < MAX_STDERR_CHARACTERS) {
        stderrText += chunk;
      }
    });
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      // A spawn error (command not found) emits 'error' and no 'exit'.
      child.once('error', () => resolve());
    });
    const tracked: TrackedChild = { name, child, exited, stderr: () => stderrText.trim() };
    this.children.push(tracked);
    return tracked;
  }

  /**
   * Waits until the tracked child's process (pid, or the child itself) meets
   * `ready` and is settled. Rejects with the child's stderr when the child
   * exits first or the wait times out.
   */
  private async waitUntilReady(
    tracked: TrackedChild,
    awaitedCondition: string,
    ready: (pid: number) => boolean,
    pid: number | undefined = tracked.child.pid,
  ): Promise<number> {
    if (pid === undefined) {
      throw new Error(`${tracked.name}: spawn failed${describeStderr(tracked)}`);
    }
    const settled = await pollUntilSettled(pid, () => ready(pid) || hasExited(tracked), READY_TIMEOUT_MS);
    if (hasExited(tracked)) {
      const status = tracked.child.exitCode ?? tracked.child.signalCode ?? 'a spawn error';
      throw new Error(`${tracked.name}: exited with ${status} before ${awaitedCondition}${describeStderr(tracked)}`);
    }
    if (!settled) {
      throw new Error(`${tracked.name}: timed out after ${READY_TIMEOUT_MS} ms waiting until ${awaitedCondition}${describeStderr(tracked)}`);
    }
    return pid;
  }

  /** Starts `command ...prefixArgs sleep 1000`, where command execs sleep in the same process. */
  private async startSleep(
    name: OddProcessName,
    command: string,
    prefixArgs: string[],
    options: SpawnOptions = {},
  ): Promise<void> {
    const tracked = this.spawnTracked(name, command, [...prefixArgs, 'sleep', SLEEP_SECONDS], options);
    const pid = await this.waitUntilReady(tracked, 'it runs sleep', (p) => readProcStat(p)?.comm === 'sleep');
    this.pids.set(name, pid);
  }

  private async startCopiedSleep(name: OddProcessName, fileName: string): Promise<void> {
    const path = join(this.temporaryDirectory, fileName);
    copyFileSync(findExecutable('sleep'), path);
    const expectedComm = Buffer.from(fileName).subarray(0, 15).toString('latin1');
    const tracked = this.spawnTracked(name, path, [SLEEP_SECONDS]);
    const pid = await this.waitUntilReady(tracked, 'its comm is the file name', (p) => readProcStat(p)?.comm === expectedComm);
    this.pids.set(name, pid);
  }

  private async startRenamedArgv0(): Promise<void> {
    const tracked = this.spawnTracked('renamedArgv0', 'bash', ['-c', `exec -a ${RENAMED_ARGV0} sleep ${SLEEP_SECONDS}`]);
    const pid = await this.waitUntilReady(tracked, 'it runs sleep', (p) => readProcStat(p)?.comm === 'sleep');
    this.pids.set('renamedArgv0', pid);
  }

  // bash blocks in its read builtin, so the process stays bash with the
  // arguments in its cmdline. $0 is the first argument after the script.
  private async startArgsWithOddCharacters(): Promise<void> {
    const tracked = this.spawnTracked('argsWithOddCharacters', 'bash', ['-c', 'read -r _', ...ODD_ARGUMENTS], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const pid = await this.waitUntilReady(tracked, 'bash waits on stdin', (p) => readProcStat(p)?.comm === 'bash');
    this.pids.set('argsWithOddCharacters', pid);
  }

  // Node passes arguments as UTF-8, so bash makes the invalid bytes with $'\x..'
  // quoting and execs a second bash with them. The argv[0] ' lead' starts the
  // args with a space.
  private async startArgsWithInvalidUtf8(): Promise<void> {
    const script = String.raw`exec -a ' lead' bash -c 'read -r _' $'\xff\xfe' $'caf\xc3' 'ok ✓'`;
    const tracked = this.spawnTracked('argsWithInvalidUtf8', 'bash', ['-c', script], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const pid = await this.waitUntilReady(tracked, 'argv[0] is " lead"', (p) =>
      readProcCmdline(p)?.subarray(0, 6).equals(Buffer.from(' lead\0')) === true,
    );
    this.pids.set('argsWithInvalidUtf8', pid);
  }

  private async startLongArgs(): Promise<void> {
    const args = Array.from({ length: LONG_ARGUMENT_COUNT }, (_, index) =>
      String.fromCharCode('a'.charCodeAt(0) + index).repeat(LONG_ARGUMENT_LENGTH),
    );
    const tracked = this.spawnTracked('longArgs', 'bash', ['-c', 'read -r _', ...args], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const pid = await this.waitUntilReady(tracked, 'bash waits on stdin', (p) => readProcStat(p)?.comm === 'bash');
    this.pids.set('longArgs', pid);
  }

  private async startZombie(): Promise<void> {
    const tracked = this.spawnTracked('zombieParent', 'perl', ['-e', ZOMBIE_PARENT_PERL], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.reapOnStdinEnd.push(tracked);

    const firstLine = await readFirstLine(tracked.child, READY_TIMEOUT_MS);
    const zombiePid = Number(firstLine);
    if (!Number.isInteger(zombiePid) || zombiePid <= 0) {
      throw new Error(`zombieParent: printed ${JSON.stringify(firstLine)} instead of its child's pid${describeStderr(tracked)}`);
    }

    await this.waitUntilReady(tracked, 'its child is a zombie', (p) => readProcStat(p)?.state === 'Z', zombiePid);
    const parentPid = await this.waitUntilReady(tracked, 'it waits on stdin', (p) => readProcStat(p)?.comm === 'perl');
    this.pids.set('zombie', zombiePid);
    this.pids.set('zombieParent', parentPid);
  }

  private async startSupplementaryGroups(): Promise<void> {
    const groups = [...NAMED_SUPPLEMENTARY_GIDS, UNKNOWN_SUPPLEMENTARY_GID].join(',');
    requireNoGroupEntry(UNKNOWN_SUPPLEMENTARY_GID);
    await this.startSleep('supplementaryGroups', 'setpriv', [
      `--reuid=${SUPPLEMENTARY_GROUPS_UID}`,
      `--regid=${SUPPLEMENTARY_GROUPS_UID}`,
      `--groups=${groups}`,
    ]);
  }

  private async startUnknownUser(): Promise<void> {
    requireNoPasswdEntry(UNKNOWN_UID);
    requireNoGroupEntry(UNKNOWN_GID);
    await this.startSleep('unknownUser', 'setpriv', [
      `--reuid=${UNKNOWN_UID}`,
      `--regid=${UNKNOWN_GID}`,
      '--clear-groups',
    ]);
  }

  private async startDifferentRealAndEffectiveIds(): Promise<void> {
    requireNoPasswdEntry(UNKNOWN_UID);
    requireNoGroupEntry(UNKNOWN_GID);
    await this.startSleep('differentRealAndEffectiveIds', 'setpriv', [
      `--ruid=${REAL_UID}`,
      `--euid=${UNKNOWN_UID}`,
      `--rgid=${REAL_GID}`,
      `--egid=${UNKNOWN_GID}`,
      '--clear-groups',
    ]);
  }

  // ps truncates names wider than 8 characters in every column but the last;
  // this process checks that the whole name is compared.
  private async startLongUserName(): Promise<void> {
    const user = readDatabase('/etc/passwd').find((entry) => entry.name.length > 8);
    const group = readDatabase('/etc/group').find((entry) => entry.name.length > 8);
    if (user === undefined || group === undefined) {
      throw new Error('no user or group in /etc/passwd and /etc/group has a name longer than 8 characters');
    }
    await this.startSleep('longUserName', 'setpriv', [
      `--reuid=${user.id}`,
      `--regid=${group.id}`,
      `--groups=${group.id}`,
    ]);
  }

  // script runs the command on a new pseudo-terminal in a child process;
  // that child, not script, is the odd process.
  private async startPseudoTerminal(): Promise<void> {
    const tracked = this.spawnTracked('pseudoTerminal', 'script', ['-qfc', `exec sleep ${SLEEP_SECONDS}`, '/dev/null'], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...childEnvironment(), SHELL: '/bin/sh' },
    });
    const scriptPid = tracked.child.pid;
    if (scriptPid === undefined) {
      throw new Error(`pseudoTerminal: spawning script failed${describeStderr(tracked)}`);
    }

    let sleepPid: number | undefined;
    const found = await pollUntil(() => {
      sleepPid = findChildPids(scriptPid).find((pid) => readProcStat(pid)?.comm === 'sleep');
      return sleepPid !== undefined || hasExited(tracked);
    }, READY_TIMEOUT_MS);
    if (!found || sleepPid === undefined) {
      throw new Error(`pseudoTerminal: script did not start sleep${describeStderr(tracked)}`);
    }
    this.grandchildren.push({ pid: sleepPid, parentPid: scriptPid });

    await this.waitUntilReady(tracked, 'sleep runs on the pseudo-terminal', () => true, sleepPid);
    this.pids.set('pseudoTerminal', sleepPid);
  }

  private async startMultiThreaded(): Promise<void> {
    const tracked = this.spawnTracked('multiThreaded', process.execPath, ['-e', MULTI_THREADED_NODE], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = await readFirstLine(tracked.child, READY_TIMEOUT_MS);
    if (line !== 'ready') {
      throw new Error(`multiThreaded: printed ${JSON.stringify(line)} instead of "ready"${describeStderr(tracked)}`);
    }
    const pid = await this.waitUntilReady(tracked, 'its workers are online', () => true);
    this.pids.set('multiThreaded', pid);
  }

  private async startStopped(): Promise<void> {
    const tracked = this.spawnTracked('stopped', 'sleep', [SLEEP_SECONDS]);
    const pid = await this.waitUntilReady(tracked, 'it runs sleep', (p) => readProcStat(p)?.comm === 'sleep');
    process.kill(pid, 'SIGSTOP');
    await this.waitUntilReady(tracked, 'it is stopped', (p) => readProcStat(p)?.state === 'T');
    this.pids.set('stopped', pid);
  }

  private async startReducedCapabilities(): Promise<void> {
    await this.startSleep('reducedCapabilities', 'setpriv', [
      `--inh-caps=${INHERITABLE_CAPABILITIES.map((name) => `+${name}`).join(',')}`,
      `--ambient-caps=${AMBIENT_CAPABILITIES.map((name) => `+${name}`).join(',')}`,
      `--bounding-set=${REMOVED_BOUNDING_CAPABILITIES.map((name) => `-${name}`).join(',')}`,
    ]);
  }

  private async startSeccompFilter(): Promise<void> {
    const tracked = this.spawnTracked('seccompFilter', 'python3', ['-c', SECCOMP_FILTER_PYTHON, 'sleep', SLEEP_SECONDS]);
    const pid = await this.waitUntilReady(tracked, 'it runs sleep', (p) => readProcStat(p)?.comm === 'sleep');
    this.pids.set('seccompFilter', pid);
  }

  private async startSeccompStrict(): Promise<void> {
    const tracked = this.spawnTracked('seccompStrict', 'python3', ['-c', SECCOMP_STRICT_PYTHON], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const pid = await this.waitUntilReady(tracked, 'it is in strict seccomp mode', (p) => readProcStatus(p)?.get('Seccomp') === '1');
    this.pids.set('seccompStrict', pid);
  }
}

/** Copies the test's environment without the variables that make bash read startup files. */
/**
 * Returns the environment for an odd process: without the shells' startup
 * files, and without the sanitizer run's LD_PRELOAD, whose runtime costs a
 * child CPU time and makes mlock of its shadow memory fail.
 */
export function childEnvironment(): NodeJS.ProcessEnv {
  const environment = { ...process.env };
  delete environment.BASH_ENV;
  delete environment.ENV;
  delete environment.LD_PRELOAD;
  return environment;
}

function hasExited(tracked: TrackedChild): boolean {
  return tracked.child.exitCode !== null || tracked.child.signalCode !== null || tracked.child.pid === undefined;
}

function describeStderr(tracked: TrackedChild): string {
  const text = tracked.stderr();
  return text === '' ? '' : `; stderr: ${text}`;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
      throw error;
    }
  }
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Polls condition until it returns true (resolves true) or the timeout passes (resolves false). */
async function pollUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) {
      return true;
    }
    await delay(POLL_INTERVAL_MS);
  }
  return condition();
}

/**
 * Polls until condition returns true and the process's state, rss and vsz
 * stay the same over SETTLED_POLLS polls in a row. Resolves false on timeout.
 */
async function pollUntilSettled(pid: number, condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let previous: string | undefined;
  let samePolls = 0;
  while (Date.now() < deadline) {
    if (condition()) {
      const status = readProcStatus(pid);
      const snapshot = `${readProcStat(pid)?.state} ${status?.get('VmRSS')} ${status?.get('VmSize')}`;
      samePolls = snapshot === previous ? samePolls + 1 : 0;
      previous = snapshot;
      if (samePolls >= SETTLED_POLLS - 1) {
        return true;
      }
    } else {
      samePolls = 0;
      previous = undefined;
    }
    await delay(POLL_INTERVAL_MS);
  }
  return false;
}

async function settlesWithin(promise: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const result = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return result;
}

/** Resolves with the first line the child writes to stdout; rejects if it exits or times out first. */
function readFirstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for a line on stdout`)), timeoutMs);
    const onData = (chunk: string): void => {
      text += chunk;
      const newline = text.indexOf('\n');
      if (newline >= 0) {
        finish(undefined, text.slice(0, newline));
      }
    };
    const onExit = (): void => finish(new Error(`exited before writing a line to stdout (wrote ${JSON.stringify(text)})`));
    function finish(error: Error | undefined, line?: string): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error !== undefined) {
        reject(error);
      } else {
        resolve(line as string);
      }
    }
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Returns the absolute path of an executable found on PATH; copyFileSync needs a path. */
function findExecutable(name: string): string {
  for (const directory of (process.env.PATH ?? '').split(':')) {
    const path = join(directory, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      continue;
    }
  }
  throw new Error(`${name} not found on PATH`);
}

interface DatabaseEntry {
  name: string;
  id: number;
}

/** Reads names and ids from a file in /etc/passwd or /etc/group format. */
function readDatabase(path: string): DatabaseEntry[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const fields = line.split(':');
      return { name: fields[0], id: Number(fields[2]) };
    });
}

// NOTE: these read the files only, while ps also queries NSS services (LDAP,
// systemd-userdb). An id that has an entry only there still prints as a name.
function requireNoPasswdEntry(uid: number): void {
  if (readDatabase('/etc/passwd').some((entry) => entry.id === uid)) {
    throw new Error(`uid ${uid} has an entry in /etc/passwd, but this process needs a uid without one`);
  }
}

function requireNoGroupEntry(gid: number): void {
  if (readDatabase('/etc/group').some((entry) => entry.id === gid)) {
    throw new Error(`gid ${gid} has an entry in /etc/group, but this process needs a gid without one`);
  }
}
