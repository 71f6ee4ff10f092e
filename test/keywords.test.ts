// Differential test of every descriptor that ps also has. psnode's cells are
// compared with what the installed procps-ng ps (4.0.2) prints for the same
// keyword, on every process of the machine and on odd processes that this
// test starts. Each comparison runs once per process (`ps -o`) and once per
// thread (`ps -L -o`, `ps -eL -o`). The file also checks the headers, ps's
// KEY=HEADER header override, and the CLI's ps-style -o, -eo, -L and -eLo
// options.
//
// psnode and ps read /proc at slightly different moments. Values that cannot
// change in that time must be equal; the others get the tolerance described at
// each comparison. A row is compared only when both psnode and ps listed it and
// its process existed before the snapshot started.

import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { descriptorNames } from '../lib/descriptors';
import { listDescriptors, processInfo, processInfoByPids } from '../lib/index';
import {
  childEnvironment,
  BATCH_NICE,
  COMM_WITH_PARENTHESES,
  FIFO_PRIORITY,
  findChildPids,
  missingCapabilities,
  NAMED_SUPPLEMENTARY_GIDS,
  NEGATIVE_NICE,
  ODD_PROCESS_NAMES,
  OddProcesses,
  OddProcessName,
  POSITIVE_NICE,
  readProcStatus,
  REAL_GID,
  REAL_UID,
  ROUND_ROBIN_PRIORITY,
  startOddProcesses,
  UNKNOWN_GID,
  UNKNOWN_SUPPLEMENTARY_GID,
  UNKNOWN_UID,
} from './support/odd-processes';
import { psAlignment, PsSelection, PsValues, runPsCommand, runPsForKeywords } from './support/ps';
import { parseCpuTime, parseElapsed, shorten } from './support/ps-values';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

// psnode descriptors that ps has no keyword for: psgo's capability sets and
// seccomp mode, and the host descriptors of container listings.
const PSNODE_ONLY_DESCRIPTORS: ReadonlySet<string> = new Set([
  'capamb',
  'capbnd',
  'capeff',
  'capinh',
  'capprm',
  'hgroup',
  'hgroups',
  'hpid',
  'huid',
  'huser',
  'seccomp',
]);

// psgo's groups is ps's supgrp: both print '-' without supplementary groups.
const PS_KEYWORD_BY_DESCRIPTOR: Readonly<Record<string, string>> = { groups: 'supgrp' };

// Headers that psnode takes from psgo rather than from ps. ps prints TT for
// tty (TTY only for the AIX code %y) and S for state, and has no groups.
const PSGO_HEADERS: Readonly<Record<string, string>> = { groups: 'GROUPS', state: 'STATE', tty: 'TTY' };

/** What a comparison may use besides the two values. */
interface ComparisonContext {
  /** Elapsed seconds of the process or thread as ps printed them, when known. */
  elapsedSeconds: number | undefined;
  /** Seconds from just before psnode and ps started reading until both finished. */
  snapshotSeconds: number;
  /** True for an odd process that stayed settled during the snapshot, so its volatile values must be equal too. */
  settled: boolean;
  /** ps's values read right before and right after psnode's read, for keywords in BRACKETED_PS_KEYWORDS. */
  before: string | undefined;
  after: string | undefined;
}

/** Returns undefined when the psnode value agrees with ps's, else why not. */
type Comparison = (psnodeValue: string, psValue: string, context: ComparisonContext) => string | undefined;

const exact: Comparison = (psnodeValue, psValue) => (psnodeValue === psValue ? undefined : 'values differ');

/**
 * Elapsed time: ps prints it from /proc/uptime read at its own start, so 1 s
 * covers the whole-second rounding, and a slow snapshot adds its duration.
 */
function elapsedWithinTolerance(parse: (text: string) => number | undefined, format: string): Comparison {
  return (psnodeValue, psValue, context) => {
    const psnodeSeconds = parse(psnodeValue);
    const psSeconds = parse(psValue);
    if (psnodeSeconds === undefined) {
      return `psnode value is not ${format}`;
    }
    if (psSeconds === undefined) {
      return `ps value is not ${format}`;
    }
    const tolerance = 1 + Math.floor(context.snapshotSeconds);
    return Math.abs(psnodeSeconds - psSeconds) <= tolerance ? undefined : `differs by more than ${tolerance} s`;
  };
}

/**
 * CPU time grows by at most (number of CPUs) seconds per second. A settled
 * odd process sleeps, so its CPU time must be equal.
 */
function cpuTimeWithinTolerance(parse: (text: string) => number | undefined, format: string): Comparison {
  return (psnodeValue, psValue, context) => {
    const psnodeSeconds = parse(psnodeValue);
    const psSeconds = parse(psValue);
    if (psnodeSeconds === undefined) {
      return `psnode value is not ${format}`;
    }
    if (psSeconds === undefined) {
      return `ps value is not ${format}`;
    }
    if (context.settled) {
      return exact(psnodeValue, psValue, context);
    }
    const tolerance = 1 + Math.floor(availableParallelism() * context.snapshotSeconds);
    return Math.abs(psnodeSeconds - psSeconds) <= tolerance ? undefined : `differs by more than ${tolerance} s`;
  };
}

const PCPU_FORMAT = /^(\d{1,2}\.\d|\d{3,})$/;

// pcpu is the CPU time over the elapsed time. Between two reads t seconds
// apart it moves by at most 100 * CPUs * t / elapsed percentage points; 0.2
// covers the rounding of two one-decimal values. A settled odd process uses
// no CPU, so its pcpu only falls as the elapsed time grows: by at most
// pcpu * t / elapsed.
const pcpuWithinTolerance: Comparison = (psnodeValue, psValue, context) => {
  if (!PCPU_FORMAT.test(psnodeValue)) {
    return 'psnode value is not ps pcpu format (one decimal below 100, none above)';
  }
  if (!PCPU_FORMAT.test(psValue)) {
    return 'ps value is not ps pcpu format';
  }
  if (context.elapsedSeconds === undefined || context.elapsedSeconds === 0) {
    return undefined;
  }
  const greatestPercent = context.settled ? Math.max(Number(psnodeValue), Number(psValue)) : 100 * availableParallelism();
  const tolerance = 0.2 + (greatestPercent * context.snapshotSeconds) / context.elapsedSeconds;
  return Math.abs(Number(psnodeValue) - Number(psValue)) <= tolerance
    ? undefined
    : `differs by more than ${tolerance.toFixed(2)}`;
};

/**
 * Memory sizes: a settled odd process's cannot change between the reads. A
 * running process's can, by megabytes within milliseconds and not always in
 * one direction. So its value is compared only when ps's values read before,
 * during and after psnode's read are equal. psnode's must then be within
 * 4 MiB or 5 % of them, which still catches a wrong unit: a node process's
 * heap was seen to grow and shrink by 2 MiB between ps's reads. `unitKiB` is
 * the size of the value's unit (pages for sz).
 */
function memoryWithinTolerance(unitKiB: number): Comparison {
  const toleranceUnits = 4096 / unitKiB;
  return (psnodeValue, psValue, context) => {
    if (!/^\d+$/.test(psnodeValue)) {
      return 'psnode value is not a decimal number';
    }
    if (context.settled) {
      return exact(psnodeValue, psValue, context);
    }
    return withinBracket(Number(psnodeValue), psValue, context, (psNumber) =>
      Math.max(toleranceUnits, 0.05 * psNumber),
    );
  };
}

// pmem is rss over MemTotal in tenths of a percent: it drifts with rss.
const pmemWithinTolerance: Comparison = (psnodeValue, psValue, context) => {
  if (!/^[ \d]\d\.\d$/.test(psnodeValue)) {
    return 'psnode value is not ps pmem format (%2u.%u)';
  }
  if (context.settled) {
    return exact(psnodeValue, psValue, context);
  }
  return withinBracket(Number(psnodeValue), psValue, context, () => 0.1);
};

/**
 * Returns undefined when ps's values before, during and after psnode's read
 * differ (the process is changing, so they cannot be compared), or when
 * psnode's value is within the tolerance of them.
 */
function withinBracket(
  psnodeNumber: number,
  psValue: string,
  context: ComparisonContext,
  tolerance: (psNumber: number) => number,
): string | undefined {
  if (context.before !== psValue || context.after !== psValue) {
    return undefined;
  }
  const psNumber = Number(psValue);
  const allowed = tolerance(psNumber);
  if (Math.abs(psnodeNumber - psNumber) <= allowed) {
    return undefined;
  }
  return `differs from ps's ${psNumber} by more than ${allowed}`;
}

// Page fault counters never decrease, so psnode's count lies between ps's
// counts read before and after it.
const counterBetweenReads: Comparison = (psnodeValue, psValue, context) => {
  if (!/^\d+$/.test(psnodeValue)) {
    return 'psnode value is not a decimal count';
  }
  if (context.before === undefined || context.after === undefined) {
    return context.settled ? exact(psnodeValue, psValue, context) : undefined;
  }
  const count = Number(psnodeValue);
  if (count < Number(context.before) || count > Number(context.after)) {
    return `outside ps's counts ${context.before} before and ${context.after} after`;
  }
  return undefined;
};

/**
 * Values that a running process changes at any moment (state, threads,
 * processor, wait channel): only a settled odd process's must be equal, and
 * every other value must match the format.
 */
function comparedWhenSettled(format: RegExp, description: string): Comparison {
  return (psnodeValue, psValue, context) => {
    if (!format.test(psnodeValue)) {
      return `psnode value is not ${description}`;
    }
    return context.settled ? exact(psnodeValue, psValue, context) : undefined;
  };
}

const STATE_FORMAT = /^[DIKPRSTtWXxZ]$/;
// The state letter, then <, N, L, s, l and + in ps's order.
const STAT_FORMAT = /^[DIKPRSTtWXxZ][<N]?L?s?l?\+?$/;

const PAGE_KIB = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' })) / 1024;

// Descriptors compared with a tolerance or only when settled; every other one
// must be equal.
const COMPARISON_BY_DESCRIPTOR: Readonly<Record<string, Comparison>> = {
  '%cpu': pcpuWithinTolerance,
  '%mem': pmemWithinTolerance,
  cputime: cpuTimeWithinTolerance(parseCpuTime, '[DD-]HH:MM:SS'),
  cputimes: cpuTimeWithinTolerance(parseWholeSeconds, 'whole seconds'),
  drs: memoryWithinTolerance(1),
  etime: elapsedWithinTolerance(parseElapsed, '[[DD-]hh:]mm:ss'),
  etimes: elapsedWithinTolerance(parseWholeSeconds, 'whole seconds'),
  maj_flt: counterBetweenReads,
  majflt: counterBetweenReads,
  min_flt: counterBetweenReads,
  minflt: counterBetweenReads,
  nlwp: comparedWhenSettled(/^[1-9]\d*$/, 'a thread count'),
  pcpu: pcpuWithinTolerance,
  pmem: pmemWithinTolerance,
  psr: comparedWhenSettled(/^\d+$/, 'a processor number'),
  rss: memoryWithinTolerance(1),
  rssize: memoryWithinTolerance(1),
  rsz: memoryWithinTolerance(1),
  s: comparedWhenSettled(STATE_FORMAT, 'a process state letter'),
  stat: comparedWhenSettled(STAT_FORMAT, 'a state letter and ps flags'),
  state: comparedWhenSettled(STATE_FORMAT, 'a process state letter'),
  sz: memoryWithinTolerance(PAGE_KIB),
  thcount: comparedWhenSettled(/^[1-9]\d*$/, 'a thread count'),
  time: cpuTimeWithinTolerance(parseCpuTime, '[DD-]HH:MM:SS'),
  times: cpuTimeWithinTolerance(parseWholeSeconds, 'whole seconds'),
  vsize: memoryWithinTolerance(1),
  vsz: memoryWithinTolerance(1),
  wchan: comparedWhenSettled(/^\S+$/, 'a wait channel name'),
  wname: comparedWhenSettled(/^\S+$/, 'a wait channel name'),
};

// ps keywords that ps also reads right before and right after psnode.
const BRACKETED_PS_KEYWORDS = [
  '%mem',
  'drs',
  'maj_flt',
  'majflt',
  'min_flt',
  'minflt',
  'pmem',
  'rss',
  'rssize',
  'rsz',
  'sz',
  'vsize',
  'vsz',
];

// The test process allocates and frees ps's output while it reads, so its
// memory sizes move by megabytes in both directions during a snapshot.
const OWN_VOLATILE_DESCRIPTORS: ReadonlySet<string> = new Set([
  '%mem',
  'drs',
  'pmem',
  'rss',
  'rssize',
  'rsz',
  'sz',
  'vsize',
  'vsz',
]);

// Kernel workers rename themselves as they pick up work, so their command
// names and command lines can change between the two reads.
const RENAMING_DESCRIPTORS: ReadonlySet<string> = new Set(['args', 'cmd', 'comm', 'command', 'ucmd', 'ucomm']);

// Every descriptor of psnode that ps has a keyword for. The list comes from
// the addon's table, so a new descriptor is compared at once.
const ALL_DESCRIPTORS = descriptorNames();
const DESCRIPTORS = ALL_DESCRIPTORS.filter((descriptor) => !PSNODE_ONLY_DESCRIPTORS.has(descriptor));

function psKeyword(descriptor: string): string {
  return PS_KEYWORD_BY_DESCRIPTOR[descriptor] ?? descriptor;
}

const PS_KEYWORDS = DESCRIPTORS.map(psKeyword);

/** psnode's rows and ps's values, read at nearly the same time. */
interface Snapshot {
  /** True for a row per thread, keyed by tid. False for a row per process, keyed by pid. */
  threads: boolean;
  /** True when the rows are settled odd processes. */
  settled: boolean;
  header: string[];
  /** Keys (pid or tid) of psnode's rows, in row order. */
  rowIds: number[];
  /** psnode's cells by key, then by descriptor. */
  cells: Map<number, Map<string, string>>;
  /** ps's values by keyword, then by key. */
  ps: Map<string, PsValues>;
  /** ps's values of BRACKETED_PS_KEYWORDS read before and after psnode, by keyword. */
  psBefore: Map<string, PsValues>;
  psAfter: Map<string, PsValues>;
  /** /proc/ID/status fields by key, read right after psnode and ps. */
  statuses: Map<number, Map<string, string>>;
  /** Pids listed before the snapshot: only their rows are compared. */
  pids: ReadonlySet<number>;
  seconds: number;
}

/** A psnode cell that disagrees with ps. */
interface Mismatch {
  id: number;
  descriptor: string;
  psnode: string;
  ps: string;
  reason: string;
}

/**
 * Runs psnode and ps over the pids (every process when none are given) at
 * the same time. For every process in thread mode, ps runs with -e, and only
 * the threads of the processes listed before are compared.
 */
async function takeSnapshot(pids: number[] | undefined, threads: boolean, settled: boolean): Promise<Snapshot> {
  const listed = pids ?? listProcPids();
  const selection: PsSelection = pids === undefined && threads ? 'every' : listed;
  const psBefore = await runPsForKeywords(selection, BRACKETED_PS_KEYWORDS, { threads });
  const started = performance.now();
  const [table, ps] = await Promise.all([
    pids === undefined ? processInfo(DESCRIPTORS, { threads }) : processInfoByPids(pids, DESCRIPTORS, { threads }),
    runPsForKeywords(selection, PS_KEYWORDS, { threads }),
  ]);
  const psAfter = await runPsForKeywords(selection, BRACKETED_PS_KEYWORDS, { threads });

  const [header, ...rows] = table;
  const keyColumn = DESCRIPTORS.indexOf(threads ? 'tid' : 'pid');
  const cells = new Map<number, Map<string, string>>();
  const rowIds: number[] = [];
  for (const row of rows) {
    const id = Number(row[keyColumn]);
    rowIds.push(id);
    cells.set(id, new Map(DESCRIPTORS.map((descriptor, column) => [descriptor, row[column]])));
  }

  // /proc/TID/status is the thread's own status, though /proc does not list tids.
  const statuses = new Map<number, Map<string, string>>();
  for (const id of new Set([...rowIds, ...(ps.get('pid')?.keys() ?? [])])) {
    const status = readProcStatus(id);
    if (status !== undefined) {
      statuses.set(id, status);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { threads, settled, header, rowIds, cells, ps, psBefore, psAfter, statuses, pids: new Set(listed), seconds };
}

function listProcPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Returns true when the process exited while psnode and ps read it: it is
 * gone or a zombie by the time its status is read after both, but not a
 * zombie to both of them.
 */
function exitedDuringSnapshot(snapshot: Snapshot, id: number): boolean {
  const statusState = snapshot.statuses.get(id)?.get('State')?.charAt(0);
  if (statusState === undefined) {
    return true;
  }
  const states = [snapshot.cells.get(id)?.get('s'), snapshot.ps.get('s')?.get(id), statusState];
  const zombieStates = states.filter((state) => state === 'Z' || state === 'X').length;
  return zombieStates > 0 && zombieStates < states.length;
}

// ps keywords whose values read before and after psnode show whether a
// process did work during the snapshot.
const ACTIVITY_PS_KEYWORDS = ['min_flt', 'rss', 'vsz'];

/**
 * Returns true for a row of a settled snapshot whose process did no work
 * meanwhile. An odd process counts as settled once its state and memory
 * stay the same for a few polls, but a node process may still run its
 * garbage collector or compiler threads after that.
 */
function stayedSettled(snapshot: Snapshot, id: number): boolean {
  if (!snapshot.settled) {
    return false;
  }
  return ACTIVITY_PS_KEYWORDS.every((keyword) => {
    const before = snapshot.psBefore.get(keyword)?.get(id);
    return before !== undefined && before === snapshot.psAfter.get(keyword)?.get(id);
  });
}

function isKernelWorker(snapshot: Snapshot, id: number): boolean {
  const comms = [snapshot.cells.get(id)?.get('comm'), snapshot.ps.get('comm')?.get(id)];
  return comms.some((comm) => comm?.startsWith('kworker/') === true);
}

/**
 * Compares one descriptor for one row. Returns undefined when they agree or
 * the row is not comparable (missing from either side, of a process that
 * started during the snapshot, a renaming kernel worker, the test process's
 * memory, or exited meanwhile), else the mismatch.
 */
function compareCell(snapshot: Snapshot, id: number, descriptor: string): Mismatch | undefined {
  const row = snapshot.cells.get(id);
  const psnodeValue = row?.get(descriptor);
  const keyword = psKeyword(descriptor);
  const psValue = snapshot.ps.get(keyword)?.get(id);
  if (psnodeValue === undefined || psValue === undefined) {
    return undefined;
  }
  if (!snapshot.pids.has(Number(row?.get('pid')))) {
    return undefined;
  }
  if (RENAMING_DESCRIPTORS.has(descriptor) && isKernelWorker(snapshot, id)) {
    return undefined;
  }
  if (OWN_VOLATILE_DESCRIPTORS.has(descriptor) && Number(row?.get('pid')) === process.pid) {
    return undefined;
  }
  if (exitedDuringSnapshot(snapshot, id)) {
    return undefined;
  }

  const context: ComparisonContext = {
    elapsedSeconds: parseWholeSeconds(snapshot.ps.get('etimes')?.get(id) ?? ''),
    snapshotSeconds: snapshot.seconds,
    settled: stayedSettled(snapshot, id),
    before: snapshot.psBefore.get(keyword)?.get(id),
    after: snapshot.psAfter.get(keyword)?.get(id),
  };
  const compare = COMPARISON_BY_DESCRIPTOR[descriptor] ?? exact;
  const reason = compare(psnodeValue, psValue, context);
  return reason === undefined ? undefined : { id, descriptor, psnode: psnodeValue, ps: psValue, reason };
}

/** Compares a descriptor for every row that both psnode and ps listed. */
function compareDescriptor(snapshot: Snapshot, descriptor: string): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const id of snapshot.rowIds) {
    const mismatch = compareCell(snapshot, id, descriptor);
    if (mismatch !== undefined) {
      mismatches.push(mismatch);
    }
  }
  return mismatches;
}

/** Compares every descriptor for one row. */
function compareRow(snapshot: Snapshot, id: number): Mismatch[] {
  return DESCRIPTORS.flatMap((descriptor) => {
    const mismatch = compareCell(snapshot, id, descriptor);
    return mismatch === undefined ? [] : [mismatch];
  });
}

/** Formats mismatches so that a failed expectation names the row, descriptor and both values. */
function describeMismatches(snapshot: Snapshot, mismatches: Mismatch[]): string[] {
  return mismatches.map((mismatch) => {
    const comm = snapshot.ps.get('comm')?.get(mismatch.id) ?? '?';
    const row = snapshot.threads
      ? `tid ${mismatch.id} of pid ${snapshot.cells.get(mismatch.id)?.get('pid') ?? '?'}`
      : `pid ${mismatch.id}`;
    return (
      `${row} (${comm}) ${mismatch.descriptor}: ${mismatch.reason}: ` +
      `psnode ${shorten(mismatch.psnode, mismatch.ps)}, ps ${shorten(mismatch.ps, mismatch.psnode)}`
    );
  });
}


function parseWholeSeconds(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

// ----------------------------------------------------------------------------
// A process whose threads differ from each other: a renamed thread, a niced
// thread, a SCHED_FIFO thread, a thread with other credentials and a thread
// that used CPU time. ps -L reads each thread's own stat and status, so each
// of these shows on its row only. The main thread's row is the exception,
// because ps reads it from /proc/PID: its CPU time and page faults are the
// whole process's.
//
// Where the test process may choose pids (CAP_SYS_ADMIN), the process gets
// the highest free pid below pid_max, so that every other thread has a lower
// tid than the main thread, as after a pid wraparound. ps -L lists the main
// thread first and then the others in the kernel's thread list order.

const THREAD_NAMES = ['main', 'renamed', 'niced', 'fifo', 'credentials', 'busy'] as const;
type ThreadName = (typeof THREAD_NAMES)[number];

/** Thread name that the renamed thread sets: parentheses, a control character and a check mark, 13 bytes. */
const RENAMED_THREAD_NAME = Buffer.from('thr (odd)\x01✓', 'utf8');
const THREAD_NICE = 9;
const THREAD_FIFO_PRIORITY = 15;
/** CPU seconds that the busy thread uses, so that the process's CPU time shows at least 1 s. */
const BUSY_THREAD_CPU_SECONDS = 1.2;
const THREAD_COUNT = THREAD_NAMES.length;

// setresuid and setresgid system call numbers by Node's process.arch. The
// raw system calls change only the calling thread's credentials; glibc's
// wrappers would change every thread's.
const SETRESID_SYSCALLS: Readonly<Record<string, { setresuid: number; setresgid: number }>> = {
  x64: { setresuid: 117, setresgid: 119 },
  arm64: { setresuid: 147, setresgid: 149 },
};

// Capability bit numbers from include/uapi/linux/capability.h.
const THREAD_ODDITIES_CAPABILITIES: Array<[string, number]> = [
  ['CAP_SETGID', 6],
  ['CAP_SETUID', 7],
  ['CAP_SYS_NICE', 23],
];
const CAP_SYS_ADMIN = 21;

// Runs the command in argv as a child with the highest free pid below
// pid_max (clone3 with set_tid, Linux 5.5, needs CAP_SYS_ADMIN), then waits
// until the child exits and reaps it. clone3 is 435 on every architecture.
const HIGH_PID_LAUNCHER_PYTHON = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
SYS_CLONE3 = 435
EEXIST = 17
class CloneArgs(ctypes.Structure):
    _fields_ = [(field, ctypes.c_uint64) for field in (
        "flags", "pidfd", "child_tid", "parent_tid", "exit_signal", "stack",
        "stack_size", "tls", "set_tid", "set_tid_size", "cgroup")]
pid_max = int(open("/proc/sys/kernel/pid_max").read())
chosen = (ctypes.c_int32 * 1)()
pid = -1
for candidate in range(pid_max - 1, pid_max - 1000, -1):
    chosen[0] = candidate
    args = CloneArgs(exit_signal=17, set_tid=ctypes.addressof(chosen), set_tid_size=1)
    pid = libc.syscall(SYS_CLONE3, ctypes.byref(args), ctypes.c_size_t(ctypes.sizeof(args)))
    if pid == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    if pid > 0 or ctypes.get_errno() != EEXIST:
        break
if pid < 0:
    sys.exit("clone3 with set_tid failed: " + os.strerror(ctypes.get_errno()))
os.waitpid(pid, 0)
`;

// Starts each thread, lets it change itself, locks one page of memory (the
// L in stat), prints the thread ids as JSON and then blocks on stdin.
const THREAD_ODDITIES_PYTHON = `
import ctypes, json, os, sys, threading, time
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_NAME = 15
name, nice, fifo_priority, setresuid, setresgid, ruid, euid, rgid, egid, busy_seconds = sys.argv[1:11]
tids = {"main": threading.get_native_id()}
barrier = threading.Barrier(${THREAD_COUNT})

def fail(operation):
    sys.stderr.write(operation + " failed: " + os.strerror(ctypes.get_errno()) + "\\n")
    sys.stderr.flush()
    os._exit(1)

def renamed():
    if libc.prctl(PR_SET_NAME, ctypes.c_char_p(bytes.fromhex(name)), 0, 0, 0) != 0:
        fail("prctl(PR_SET_NAME)")

def niced():
    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), int(nice))

def fifo():
    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(int(fifo_priority)))

def credentials():
    if libc.syscall(int(setresgid), int(rgid), int(egid), int(rgid)) != 0:
        fail("setresgid")
    if libc.syscall(int(setresuid), int(ruid), int(euid), int(ruid)) != 0:
        fail("setresuid")

def busy():
    end = time.thread_time() + float(busy_seconds)
    while time.thread_time() < end:
        pass

def run(thread_name, change):
    try:
        change()
    except Exception as error:
        sys.stderr.write(thread_name + ": " + str(error) + "\\n")
        sys.stderr.flush()
        os._exit(1)
    tids[thread_name] = threading.get_native_id()
    barrier.wait()
    threading.Event().wait()

page = ctypes.create_string_buffer(4096)
if libc.mlock(page, ctypes.c_size_t(4096)) != 0:
    fail("mlock")
for thread_name, change in (("renamed", renamed), ("niced", niced), ("fifo", fifo), ("credentials", credentials), ("busy", busy)):
    threading.Thread(target=run, args=(thread_name, change), daemon=True).start()
barrier.wait()
print(json.dumps(tids), flush=True)
sys.stdin.read()
`;

/** The started process with differing threads. */
interface ThreadOddities {
  pid: number;
  tids: Record<ThreadName, number>;
}

const STARTUP_TIMEOUT_MS = 15_000;

/** Returns why the thread oddities process cannot start here, or undefined when it can. */
function threadOdditiesUnavailable(): string | undefined {
  if (SETRESID_SYSCALLS[process.arch] === undefined) {
    return `no setresuid system call number for ${process.arch}`;
  }
  const missing = THREAD_ODDITIES_CAPABILITIES.filter(([, bit]) => !hasCapability(bit));
  return missing.length > 0 ? `the test process lacks ${missing.map(([name]) => name).join(', ')}` : undefined;
}

function hasCapability(bit: number): boolean {
  const effective = BigInt(`0x${readProcStatus(process.pid)?.get('CapEff') ?? '0'}`);
  return ((effective >> BigInt(bit)) & 1n) === 1n;
}

async function startThreadOddities(): Promise<ThreadOddities> {
  const syscalls = SETRESID_SYSCALLS[process.arch];
  const args = [
    RENAMED_THREAD_NAME.toString('hex'),
    THREAD_NICE,
    THREAD_FIFO_PRIORITY,
    syscalls.setresuid,
    syscalls.setresgid,
    REAL_UID,
    UNKNOWN_UID,
    REAL_GID,
    UNKNOWN_GID,
    BUSY_THREAD_CPU_SECONDS,
  ].map(String);
  const command = ['python3', '-c', THREAD_ODDITIES_PYTHON, ...args];
  const highPid = hasCapability(CAP_SYS_ADMIN);
  const launcher = highPid ? ['python3', '-c', HIGH_PID_LAUNCHER_PYTHON] : [];
  const [file, ...fileArgs] = [...launcher, ...command];
  const child = spawn(file, fileArgs, { stdio: ['pipe', 'pipe', 'pipe'], env: childEnvironment() });
  threadOdditiesChild = child;

  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`thread oddities: no thread ids after ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(stdout.slice(0, stdout.indexOf('\n')));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`thread oddities: python3 exited with ${code ?? signal} before it was ready; stderr: ${stderr.trim()}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  const tids = JSON.parse(line) as Record<ThreadName, number>;
  return { pid: tids.main, tids };
}

/** The direct child: the thread oddities process itself, or the launcher that reaps it. */
let threadOdditiesChild: ChildProcess | undefined;

/**
 * Kills the thread oddities process (SIGKILL) and resolves once it is reaped:
 * by Node when it is the direct child, else by the launcher, which then
 * exits and is reaped by Node.
 */
async function stopThreadOddities(): Promise<void> {
  const child = threadOdditiesChild;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // The launcher's child, found by its parent when it failed before printing its pid.
  const launchedPids = findChildPids(child.pid as number);
  if (launchedPids.length > 0) {
    for (const pid of launchedPids) {
      process.kill(pid, 'SIGKILL');
    }
    // The launcher exits once it has reaped the process; it is killed only if it hangs.
    const timer = setTimeout(() => child.kill('SIGKILL'), STARTUP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    return;
  }
  child.kill('SIGKILL');
  await exited;
}

// ----------------------------------------------------------------------------

const unstartable = ODD_PROCESS_NAMES.filter((name) => missingCapabilities(name).length > 0);
if (unstartable.length > 0) {
  const reasons = unstartable.map((name) => `${name} (needs ${missingCapabilities(name).join(', ')})`);
  console.warn(`keywords test: skipping the checks of odd processes the test process cannot start: ${reasons.join('; ')}`);
}
const THREAD_ODDITIES_UNAVAILABLE = threadOdditiesUnavailable();
if (THREAD_ODDITIES_UNAVAILABLE !== undefined) {
  console.warn(`keywords test: skipping the checks of differing threads: ${THREAD_ODDITIES_UNAVAILABLE}`);
}

/** Returns `it`, or `it.skip` when the test process lacks a capability that the odd process needs. */
function itIfStartable(name: OddProcessName | 'threadOddities'): jest.It {
  if (name === 'threadOddities') {
    return THREAD_ODDITIES_UNAVAILABLE === undefined ? it : it.skip;
  }
  return missingCapabilities(name).length === 0 ? it : it.skip;
}

let odd: OddProcesses;
let threadOddities: ThreadOddities | undefined;
let machineSnapshot: Snapshot;
let machineThreadSnapshot: Snapshot;
let oddSnapshot: Snapshot;
let oddThreadSnapshot: Snapshot;
/** ps's header for each ps keyword, from `ps -o KEY -p PID`. */
let psHeaders: Map<string, string>;

beforeAll(async () => {
  // The CLI tests run dist/cli.js, so it is built from the current lib/.
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'lib'], { cwd: ROOT, stdio: 'pipe' });

  odd = await startOddProcesses();
  for (const [name, reason] of odd.unavailable) {
    if (missingCapabilities(name).length === 0) {
      console.warn(`keywords test: odd process ${name} could not be started: ${reason}`);
    }
  }
  if (THREAD_ODDITIES_UNAVAILABLE === undefined) {
    threadOddities = await startThreadOddities();
  }

  const oddPids = [...odd.pids.values(), ...(threadOddities === undefined ? [] : [threadOddities.pid])];
  oddSnapshot = await takeSnapshot(oddPids, false, true);
  oddThreadSnapshot = await takeSnapshot(oddPids, true, true);
  machineSnapshot = await takeSnapshot(undefined, false, false);
  machineThreadSnapshot = await takeSnapshot(undefined, true, false);
  psHeaders = await readPsHeaders(PS_KEYWORDS);
}, 120_000);

afterAll(async () => {
  await stopThreadOddities();
  await odd?.stop();
}, 60_000);

/** Runs `ps -o KEY -p PID` for each keyword and returns its header, without the padding. */
async function readPsHeaders(keywords: readonly string[]): Promise<Map<string, string>> {
  const headers = await Promise.all(keywords.map((keyword) => readPsHeaderLine(['-o', keyword])));
  return new Map(keywords.map((keyword, index) => [keyword, headers[index].trim()]));
}

/** Runs ps with the format arguments for the test process and returns the header line. */
async function readPsHeaderLine(formatArgs: string[]): Promise<string> {
  const stdout = await runPsCommand([...formatArgs, '-p', String(process.pid)]);
  return stdout.split('\n')[0];
}

function oddPid(name: OddProcessName | 'threadOddities'): number {
  if (name === 'threadOddities') {
    if (threadOddities === undefined) {
      throw new Error(`thread oddities process is not running: ${THREAD_ODDITIES_UNAVAILABLE}`);
    }
    return threadOddities.pid;
  }
  return odd.pid(name);
}

function threadId(name: ThreadName): number {
  if (threadOddities === undefined) {
    throw new Error(`thread oddities process is not running: ${THREAD_ODDITIES_UNAVAILABLE}`);
  }
  return threadOddities.tids[name];
}

describe('descriptor coverage', () => {
  it('compares every descriptor ps has', async () => {
    const descriptors = await listDescriptors();
    const withPsKeyword = descriptors.filter((descriptor) => !PSNODE_ONLY_DESCRIPTORS.has(descriptor));

    expect(DESCRIPTORS).toEqual(withPsKeyword);
  });

  it.each([...PSNODE_ONLY_DESCRIPTORS])('ps has no keyword %s', async (descriptor) => {
    await expect(runPsCommand(['-o', descriptor, '-p', String(process.pid)])).rejects.toThrow(
      /unknown user-defined format specifier/,
    );
  });
});

// A header wider than any value, so ps pads every value to its width.
const WIDE_HEADER = 'W'.repeat(40);

describe('ps alignment table', () => {
  // runPs removes the padding by this table, so a wrong entry would change values.
  it.each(PS_KEYWORDS)('%s is aligned as ps aligns it', async (keyword) => {
    const stdout = await runPsCommand(['-o', `${keyword}=${WIDE_HEADER},pid=`, '-p', String(process.pid)]);
    const line = stdout.split('\n')[1];
    const printed = line.startsWith(' ') ? 'right' : 'left';

    expect(psAlignment(keyword) === 'left' ? 'left' : 'right').toBe(printed);
  });
});

describe('headers', () => {
  const psHeaderDescriptors = DESCRIPTORS.filter((descriptor) => PSGO_HEADERS[descriptor] === undefined);

  it.each(psHeaderDescriptors)('%s header is ps header', (descriptor) => {
    const column = DESCRIPTORS.indexOf(descriptor);

    expect(machineSnapshot.header[column]).toBe(psHeaders.get(descriptor));
  });

  it.each(Object.entries(PSGO_HEADERS))('%s header is psgo header %s', (descriptor, header) => {
    const column = DESCRIPTORS.indexOf(descriptor);

    expect(machineSnapshot.header[column]).toBe(header);
  });

  it('thread mode prints the same headers', () => {
    expect(machineThreadSnapshot.header).toEqual(machineSnapshot.header);
  });
});

describe('every process', () => {
  it('lists every process that ps lists', () => {
    const psPids = [...(machineSnapshot.ps.get('pid')?.keys() ?? [])];
    // ps reads only pids listed before the snapshot, so one that still
    // exists after both reads existed during psnode's read too.
    const missing = psPids.filter((pid) => !machineSnapshot.cells.has(pid) && machineSnapshot.statuses.has(pid));

    expect(missing).toEqual([]);
  });

  it('has one row per process', () => {
    expect(new Set(machineSnapshot.rowIds).size).toBe(machineSnapshot.rowIds.length);
  });

  it.each(DESCRIPTORS)('%s matches ps', (descriptor) => {
    const mismatches = compareDescriptor(machineSnapshot, descriptor);

    expect(describeMismatches(machineSnapshot, mismatches)).toEqual([]);
  });
});

describe('every thread', () => {
  it('lists nearly every thread that ps -eL lists', () => {
    const snapshot = machineThreadSnapshot;
    const psTids = [...(snapshot.ps.get('pid')?.entries() ?? [])]
      .filter(([, pid]) => snapshot.pids.has(Number(pid)))
      .map(([tid]) => tid);
    const missing = psTids.filter((tid) => !snapshot.cells.has(tid) && snapshot.statuses.has(tid));

    // A thread that a listed process starts during the snapshot may be missing from psnode's rows.
    expect(missing.length).toBeLessThanOrEqual(5);
  });

  it('has one row per thread', () => {
    expect(new Set(machineThreadSnapshot.rowIds).size).toBe(machineThreadSnapshot.rowIds.length);
  });

  it('has rows of threads', () => {
    const threadRows = machineThreadSnapshot.rowIds.filter(
      (tid) => machineThreadSnapshot.cells.get(tid)?.get('pid') !== String(tid),
    );

    expect(threadRows.length).toBeGreaterThan(0);
  });

  it.each(DESCRIPTORS)('%s matches ps -L', (descriptor) => {
    const mismatches = compareDescriptor(machineThreadSnapshot, descriptor);

    expect(describeMismatches(machineThreadSnapshot, mismatches)).toEqual([]);
  });
});

const ODD_NAMES: Array<OddProcessName | 'threadOddities'> = [...ODD_PROCESS_NAMES, 'threadOddities'];

describe('every odd process', () => {
  for (const name of ODD_NAMES) {
    itIfStartable(name)(`${name} matches ps`, () => {
      const pid = oddPid(name);

      expect(oddSnapshot.cells.has(pid)).toBe(true);
      expect(describeMismatches(oddSnapshot, compareRow(oddSnapshot, pid))).toEqual([]);
    });

    itIfStartable(name)(`${name} threads match ps -L`, () => {
      const pid = oddPid(name);
      const tids = oddThreadSnapshot.rowIds.filter((tid) => oddThreadSnapshot.cells.get(tid)?.get('pid') === String(pid));
      const mismatches = tids.flatMap((tid) => compareRow(oddThreadSnapshot, tid));

      expect(tids.length).toBeGreaterThan(0);
      expect(describeMismatches(oddThreadSnapshot, mismatches)).toEqual([]);
    });
  }
});

/**
 * One odd process (or one of its threads) and descriptor. ps must show the
 * odd property (`expected`), so that the case really tests it. psnode must
 * then agree with ps as the descriptor's comparison requires: equal, unless
 * COMPARISON_BY_DESCRIPTOR lists the descriptor.
 */
interface OddCase {
  title: string;
  process: OddProcessName | 'threadOddities';
  /** A thread of the thread oddities process, compared in thread mode. Without it the process row is compared. */
  thread?: ThreadName;
  descriptor: string;
  expected: string | RegExp | ((pid: number) => string);
}

const LSTART_FORMAT = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123]\d \d{2}:\d{2}:\d{2} \d{4}$/;

const ODD_CASES: OddCase[] = [
  // Sessions, process groups and terminals.
  { title: 'sid of a session leader', process: 'niced', descriptor: 'sid', expected: (pid) => String(pid) },
  { title: 'sess of a session leader', process: 'niced', descriptor: 'sess', expected: (pid) => String(pid) },
  { title: 'session of a session leader', process: 'niced', descriptor: 'session', expected: (pid) => String(pid) },
  { title: 'pgrp of a session leader', process: 'niced', descriptor: 'pgrp', expected: (pid) => String(pid) },
  { title: 'sid of a session member', process: 'stopped', descriptor: 'sid', expected: String(readSid(process.pid)) },
  { title: 'tpgid on a pseudo-terminal', process: 'pseudoTerminal', descriptor: 'tpgid', expected: (pid) => String(pid) },
  { title: 'tpgid without a terminal', process: 'niced', descriptor: 'tpgid', expected: '-1' },
  { title: 'tt of a pseudo-terminal', process: 'pseudoTerminal', descriptor: 'tt', expected: /^pts\/\d+$/ },
  { title: 'tname of a pseudo-terminal', process: 'pseudoTerminal', descriptor: 'tname', expected: /^pts\/\d+$/ },
  { title: 'tt without a terminal', process: 'niced', descriptor: 'tt', expected: '?' },

  // State and the letters after it.
  { title: 'stat of a zombie', process: 'zombie', descriptor: 'stat', expected: 'Z' },
  { title: 's of a zombie', process: 'zombie', descriptor: 's', expected: 'Z' },
  { title: 'stat of a stopped process', process: 'stopped', descriptor: 'stat', expected: 'T' },
  { title: 's of a stopped process', process: 'stopped', descriptor: 's', expected: 'T' },
  { title: 'stat of a niced session leader', process: 'niced', descriptor: 'stat', expected: 'SNs' },
  { title: 'stat with negative nice', process: 'negativeNice', descriptor: 'stat', expected: 'S<' },
  { title: 'stat of a multi-threaded process', process: 'multiThreaded', descriptor: 'stat', expected: 'Sl' },
  { title: 'stat in the foreground', process: 'pseudoTerminal', descriptor: 'stat', expected: 'Ss+' },
  { title: 'stat with locked memory', process: 'threadOddities', descriptor: 'stat', expected: 'SLl' },

  // Thread counts and ids on a process row.
  { title: 'nlwp of a single thread', process: 'niced', descriptor: 'nlwp', expected: '1' },
  { title: 'thcount of threadOddities', process: 'threadOddities', descriptor: 'thcount', expected: String(THREAD_COUNT) },
  { title: 'nlwp of threadOddities', process: 'threadOddities', descriptor: 'nlwp', expected: String(THREAD_COUNT) },
  { title: 'tid of a process row', process: 'multiThreaded', descriptor: 'tid', expected: (pid) => String(pid) },
  { title: 'lwp of a process row', process: 'multiThreaded', descriptor: 'lwp', expected: (pid) => String(pid) },
  { title: 'spid of a process row', process: 'multiThreaded', descriptor: 'spid', expected: (pid) => String(pid) },
  { title: 'tgid of a process row', process: 'multiThreaded', descriptor: 'tgid', expected: (pid) => String(pid) },

  // Real, effective, saved and file system ids.
  { title: 'euid unlike ruid', process: 'differentRealAndEffectiveIds', descriptor: 'euid', expected: String(UNKNOWN_UID) },
  { title: 'ruid unlike euid', process: 'differentRealAndEffectiveIds', descriptor: 'ruid', expected: String(REAL_UID) },
  { title: 'suid follows euid', process: 'differentRealAndEffectiveIds', descriptor: 'suid', expected: String(UNKNOWN_UID) },
  { title: 'svuid follows euid', process: 'differentRealAndEffectiveIds', descriptor: 'svuid', expected: String(UNKNOWN_UID) },
  { title: 'fuid follows euid', process: 'differentRealAndEffectiveIds', descriptor: 'fuid', expected: String(UNKNOWN_UID) },
  { title: 'fsuid follows euid', process: 'differentRealAndEffectiveIds', descriptor: 'fsuid', expected: String(UNKNOWN_UID) },
  { title: 'egid unlike rgid', process: 'differentRealAndEffectiveIds', descriptor: 'egid', expected: String(UNKNOWN_GID) },
  { title: 'gid unlike rgid', process: 'differentRealAndEffectiveIds', descriptor: 'gid', expected: String(UNKNOWN_GID) },
  { title: 'rgid unlike egid', process: 'differentRealAndEffectiveIds', descriptor: 'rgid', expected: String(REAL_GID) },
  { title: 'sgid follows egid', process: 'differentRealAndEffectiveIds', descriptor: 'sgid', expected: String(UNKNOWN_GID) },
  { title: 'svgid follows egid', process: 'differentRealAndEffectiveIds', descriptor: 'svgid', expected: String(UNKNOWN_GID) },
  { title: 'fgid follows egid', process: 'differentRealAndEffectiveIds', descriptor: 'fgid', expected: String(UNKNOWN_GID) },
  { title: 'fsgid follows egid', process: 'differentRealAndEffectiveIds', descriptor: 'fsgid', expected: String(UNKNOWN_GID) },
  { title: 'euser without passwd entry', process: 'differentRealAndEffectiveIds', descriptor: 'euser', expected: String(UNKNOWN_UID) },
  { title: 'uname without passwd entry', process: 'differentRealAndEffectiveIds', descriptor: 'uname', expected: String(UNKNOWN_UID) },
  { title: 'ruser with passwd entry', process: 'differentRealAndEffectiveIds', descriptor: 'ruser', expected: /^[a-z_][^,]*$/ },
  { title: 'suser without passwd entry', process: 'differentRealAndEffectiveIds', descriptor: 'suser', expected: String(UNKNOWN_UID) },
  { title: 'svuser without passwd entry', process: 'differentRealAndEffectiveIds', descriptor: 'svuser', expected: String(UNKNOWN_UID) },
  { title: 'fuser without passwd entry', process: 'differentRealAndEffectiveIds', descriptor: 'fuser', expected: String(UNKNOWN_UID) },
  { title: 'fsuser without passwd entry', process: 'differentRealAndEffectiveIds', descriptor: 'fsuser', expected: String(UNKNOWN_UID) },
  { title: 'egroup without group entry', process: 'differentRealAndEffectiveIds', descriptor: 'egroup', expected: String(UNKNOWN_GID) },
  { title: 'rgroup with group entry', process: 'differentRealAndEffectiveIds', descriptor: 'rgroup', expected: /^[a-z_][^,]*$/ },
  { title: 'sgroup without group entry', process: 'differentRealAndEffectiveIds', descriptor: 'sgroup', expected: String(UNKNOWN_GID) },
  { title: 'svgroup without group entry', process: 'differentRealAndEffectiveIds', descriptor: 'svgroup', expected: String(UNKNOWN_GID) },
  { title: 'fgroup without group entry', process: 'differentRealAndEffectiveIds', descriptor: 'fgroup', expected: String(UNKNOWN_GID) },
  { title: 'fsgroup without group entry', process: 'differentRealAndEffectiveIds', descriptor: 'fsgroup', expected: String(UNKNOWN_GID) },
  { title: 'euser name longer than 8', process: 'longUserName', descriptor: 'euser', expected: /^[^+]{9,}$/ },
  { title: 'fsgroup name longer than 8', process: 'longUserName', descriptor: 'fsgroup', expected: /^[^+]{9,}$/ },

  // Supplementary groups.
  {
    title: 'supgid with a gid without name',
    process: 'supplementaryGroups',
    descriptor: 'supgid',
    expected: [...NAMED_SUPPLEMENTARY_GIDS, UNKNOWN_SUPPLEMENTARY_GID].join(','),
  },
  {
    title: 'supgrp with a gid without name',
    process: 'supplementaryGroups',
    descriptor: 'supgrp',
    expected: new RegExp(`^([^,]+,){3}${UNKNOWN_SUPPLEMENTARY_GID}$`),
  },
  { title: 'supgid without supplementary groups', process: 'unknownUser', descriptor: 'supgid', expected: '-' },
  { title: 'supgrp without supplementary groups', process: 'unknownUser', descriptor: 'supgrp', expected: '-' },

  // Scheduling.
  { title: 'pri of a niced process', process: 'niced', descriptor: 'pri', expected: String(19 - POSITIVE_NICE) },
  { title: 'ni of a niced process', process: 'niced', descriptor: 'ni', expected: String(POSITIVE_NICE) },
  { title: 'rtprio of SCHED_OTHER', process: 'niced', descriptor: 'rtprio', expected: '-' },
  { title: 'policy of SCHED_OTHER', process: 'niced', descriptor: 'policy', expected: 'TS' },
  { title: 'pri with negative nice', process: 'negativeNice', descriptor: 'pri', expected: String(19 - NEGATIVE_NICE) },
  { title: 'ni with negative nice', process: 'negativeNice', descriptor: 'ni', expected: String(NEGATIVE_NICE) },
  { title: 'pri of SCHED_FIFO', process: 'fifo', descriptor: 'pri', expected: String(40 + FIFO_PRIORITY) },
  { title: 'rtprio of SCHED_FIFO', process: 'fifo', descriptor: 'rtprio', expected: String(FIFO_PRIORITY) },
  { title: 'policy of SCHED_FIFO', process: 'fifo', descriptor: 'policy', expected: 'FF' },
  { title: 'cls of SCHED_FIFO', process: 'fifo', descriptor: 'cls', expected: 'FF' },
  { title: 'class of SCHED_FIFO', process: 'fifo', descriptor: 'class', expected: 'FF' },
  { title: 'ni of SCHED_FIFO', process: 'fifo', descriptor: 'ni', expected: '-' },
  { title: 'pri of SCHED_RR', process: 'roundRobin', descriptor: 'pri', expected: String(40 + ROUND_ROBIN_PRIORITY) },
  { title: 'rtprio of SCHED_RR', process: 'roundRobin', descriptor: 'rtprio', expected: String(ROUND_ROBIN_PRIORITY) },
  { title: 'policy of SCHED_RR', process: 'roundRobin', descriptor: 'policy', expected: 'RR' },
  { title: 'pri of SCHED_BATCH', process: 'batch', descriptor: 'pri', expected: String(19 - BATCH_NICE) },
  { title: 'rtprio of SCHED_BATCH', process: 'batch', descriptor: 'rtprio', expected: '0' },
  { title: 'policy of SCHED_BATCH', process: 'batch', descriptor: 'policy', expected: 'B' },
  { title: 'cls of SCHED_BATCH', process: 'batch', descriptor: 'cls', expected: 'B' },
  { title: 'ni of SCHED_BATCH', process: 'batch', descriptor: 'ni', expected: String(BATCH_NICE) },
  { title: 'pri of SCHED_IDLE', process: 'idle', descriptor: 'pri', expected: '19' },
  { title: 'rtprio of SCHED_IDLE', process: 'idle', descriptor: 'rtprio', expected: '0' },
  { title: 'policy of SCHED_IDLE', process: 'idle', descriptor: 'policy', expected: 'IDL' },
  { title: 'class of SCHED_IDLE', process: 'idle', descriptor: 'class', expected: 'IDL' },
  { title: 'ni of SCHED_IDLE', process: 'idle', descriptor: 'ni', expected: '-' },
  { title: 'psr of a sleeping process', process: 'niced', descriptor: 'psr', expected: /^\d+$/ },

  // Flags and wait channels.
  { title: 'f of a process that forked without exec', process: 'zombie', descriptor: 'f', expected: /^[15]$/ },
  { title: 'flag of a process that exec-ed', process: 'niced', descriptor: 'flag', expected: /^[04]$/ },
  { title: 'flags of a process that forked without exec', process: 'zombie', descriptor: 'flags', expected: /^[15]$/ },
  { title: 'wchan of a sleeping process', process: 'niced', descriptor: 'wchan', expected: /^[a-z_][\w.]*$/ },
  { title: 'wchan of a stopped process', process: 'stopped', descriptor: 'wchan', expected: /^[a-z_][\w.]*$/ },
  { title: 'wname of a zombie', process: 'zombie', descriptor: 'wname', expected: '-' },

  // Memory.
  { title: 'sz of a zombie', process: 'zombie', descriptor: 'sz', expected: '0' },
  { title: 'trs of a zombie', process: 'zombie', descriptor: 'trs', expected: '0' },
  { title: 'drs of a zombie', process: 'zombie', descriptor: 'drs', expected: '0' },
  { title: 'vsize of a zombie', process: 'zombie', descriptor: 'vsize', expected: '0' },
  { title: 'rssize of a zombie', process: 'zombie', descriptor: 'rssize', expected: '0' },
  { title: 'rsz of a zombie', process: 'zombie', descriptor: 'rsz', expected: '0' },
  { title: 'pmem of a zombie', process: 'zombie', descriptor: 'pmem', expected: ' 0.0' },
  { title: 'sz of a sleeping process', process: 'niced', descriptor: 'sz', expected: /^[1-9]\d*$/ },
  { title: 'trs of a sleeping process', process: 'niced', descriptor: 'trs', expected: /^[1-9]\d*$/ },
  { title: 'drs of a sleeping process', process: 'niced', descriptor: 'drs', expected: /^[1-9]\d*$/ },
  { title: '%mem of a sleeping process', process: 'niced', descriptor: '%mem', expected: /^[ \d]\d\.\d$/ },
  { title: 'min_flt of a sleeping process', process: 'niced', descriptor: 'min_flt', expected: /^[1-9]\d*$/ },
  { title: 'maj_flt of a sleeping process', process: 'niced', descriptor: 'maj_flt', expected: /^\d+$/ },
  { title: 'minflt of a multi-threaded process', process: 'multiThreaded', descriptor: 'minflt', expected: /^[1-9]\d*$/ },
  { title: 'majflt of a multi-threaded process', process: 'multiThreaded', descriptor: 'majflt', expected: /^\d+$/ },

  // Start and elapsed times.
  // NOTE: only today's formats are checked on odd processes. The older forms
  // (MmmDD, "  Dec 04", "Dec  4") are compared only where the machine has a
  // process that started before today.
  { title: 'lstart', process: 'niced', descriptor: 'lstart', expected: LSTART_FORMAT },
  { title: 'start of today', process: 'niced', descriptor: 'start', expected: /^\d{2}:\d{2}:\d{2}$/ },
  { title: 'start_time of today', process: 'niced', descriptor: 'start_time', expected: /^\d{2}:\d{2}$/ },
  { title: 'bsdstart of today', process: 'niced', descriptor: 'bsdstart', expected: /^ \d{2}:\d{2}$/ },
  { title: 'stime of today', process: 'niced', descriptor: 'stime', expected: /^\d{2}:\d{2}$/ },
  { title: 'etimes of a new process', process: 'niced', descriptor: 'etimes', expected: /^\d+$/ },
  { title: 'times of a sleeping process', process: 'niced', descriptor: 'times', expected: '0' },
  { title: 'cputime of a sleeping process', process: 'niced', descriptor: 'cputime', expected: '00:00:00' },
  { title: 'cputimes of a sleeping process', process: 'niced', descriptor: 'cputimes', expected: '0' },
  // Starting costs a young process a tick or two, so not always 0.0.
  { title: '%cpu of a sleeping process', process: 'niced', descriptor: '%cpu', expected: /^0\.\d$/ },
  { title: 'pcpu of a zombie', process: 'zombie', descriptor: 'pcpu', expected: /^\d+\.\d$/ },

  // Control groups and namespaces.
  { title: 'cgroup', process: 'niced', descriptor: 'cgroup', expected: /\S/ },
  { title: 'ipcns', process: 'niced', descriptor: 'ipcns', expected: /^\d+$/ },
  { title: 'mntns', process: 'niced', descriptor: 'mntns', expected: /^\d+$/ },
  { title: 'netns', process: 'niced', descriptor: 'netns', expected: /^\d+$/ },
  { title: 'pidns', process: 'niced', descriptor: 'pidns', expected: /^\d+$/ },
  { title: 'userns', process: 'niced', descriptor: 'userns', expected: /^\d+$/ },
  { title: 'utsns', process: 'niced', descriptor: 'utsns', expected: /^\d+$/ },
  { title: 'cgroupns', process: 'niced', descriptor: 'cgroupns', expected: /^\d+$/ },
  { title: 'timens', process: 'niced', descriptor: 'timens', expected: /^\d+$/ },

  // Command names and lines.
  { title: 'cmd of a zombie', process: 'zombie', descriptor: 'cmd', expected: '[perl] <defunct>' },
  { title: 'command of a zombie', process: 'zombie', descriptor: 'command', expected: '[perl] <defunct>' },
  { title: 'ucmd of a zombie', process: 'zombie', descriptor: 'ucmd', expected: 'perl' },
  { title: 'ucomm with spaces and parentheses', process: 'commWithParentheses', descriptor: 'ucomm', expected: COMM_WITH_PARENTHESES },
  { title: 'ucmd with spaces and parentheses', process: 'commWithParentheses', descriptor: 'ucmd', expected: COMM_WITH_PARENTHESES },
  { title: 'cmd of a renamed argv[0]', process: 'renamedArgv0', descriptor: 'cmd', expected: 'fancy-name 1000' },
  { title: 'command longer than 128 KiB', process: 'longArgs', descriptor: 'command', expected: /^bash -c read -r _ a+ b+ c+$/ },
  { title: 'cmd with invalid UTF-8', process: 'argsWithInvalidUtf8', descriptor: 'cmd', expected: ' lead -c read -r _ ?? caf? ok ???' },

  // Rows of single threads (ps -L).
  { title: 'comm of a renamed thread', process: 'threadOddities', thread: 'renamed', descriptor: 'comm', expected: 'thr (odd)?✓' },
  { title: 'ucmd of a renamed thread', process: 'threadOddities', thread: 'renamed', descriptor: 'ucmd', expected: 'thr (odd)?✓' },
  { title: 'args of a renamed thread', process: 'threadOddities', thread: 'renamed', descriptor: 'args', expected: /python3 -c / },
  { title: 'comm of the main thread', process: 'threadOddities', thread: 'main', descriptor: 'comm', expected: 'python3' },
  { title: 'tid of a thread', process: 'threadOddities', thread: 'niced', descriptor: 'tid', expected: () => String(threadId('niced')) },
  { title: 'lwp of a thread', process: 'threadOddities', thread: 'niced', descriptor: 'lwp', expected: () => String(threadId('niced')) },
  { title: 'spid of a thread', process: 'threadOddities', thread: 'niced', descriptor: 'spid', expected: () => String(threadId('niced')) },
  { title: 'pid of a thread', process: 'threadOddities', thread: 'niced', descriptor: 'pid', expected: (pid) => String(pid) },
  { title: 'tgid of a thread', process: 'threadOddities', thread: 'niced', descriptor: 'tgid', expected: (pid) => String(pid) },
  { title: 'nlwp of a thread', process: 'threadOddities', thread: 'niced', descriptor: 'nlwp', expected: String(THREAD_COUNT) },
  { title: 'thcount of a thread', process: 'threadOddities', thread: 'niced', descriptor: 'thcount', expected: String(THREAD_COUNT) },
  { title: 'ni of a niced thread', process: 'threadOddities', thread: 'niced', descriptor: 'ni', expected: String(THREAD_NICE) },
  { title: 'pri of a niced thread', process: 'threadOddities', thread: 'niced', descriptor: 'pri', expected: String(19 - THREAD_NICE) },
  { title: 'stat of a niced thread', process: 'threadOddities', thread: 'niced', descriptor: 'stat', expected: 'SNLl' },
  { title: 'ni of the main thread', process: 'threadOddities', thread: 'main', descriptor: 'ni', expected: '0' },
  { title: 'policy of a SCHED_FIFO thread', process: 'threadOddities', thread: 'fifo', descriptor: 'policy', expected: 'FF' },
  { title: 'rtprio of a SCHED_FIFO thread', process: 'threadOddities', thread: 'fifo', descriptor: 'rtprio', expected: String(THREAD_FIFO_PRIORITY) },
  { title: 'pri of a SCHED_FIFO thread', process: 'threadOddities', thread: 'fifo', descriptor: 'pri', expected: String(40 + THREAD_FIFO_PRIORITY) },
  { title: 'ni of a SCHED_FIFO thread', process: 'threadOddities', thread: 'fifo', descriptor: 'ni', expected: '-' },
  { title: 'policy of the main thread', process: 'threadOddities', thread: 'main', descriptor: 'policy', expected: 'TS' },
  { title: 'euid of a thread', process: 'threadOddities', thread: 'credentials', descriptor: 'euid', expected: String(UNKNOWN_UID) },
  { title: 'ruid of a thread', process: 'threadOddities', thread: 'credentials', descriptor: 'ruid', expected: String(REAL_UID) },
  { title: 'user of a thread', process: 'threadOddities', thread: 'credentials', descriptor: 'user', expected: String(UNKNOWN_UID) },
  { title: 'egid of a thread', process: 'threadOddities', thread: 'credentials', descriptor: 'egid', expected: String(UNKNOWN_GID) },
  { title: 'rgid of a thread', process: 'threadOddities', thread: 'credentials', descriptor: 'rgid', expected: String(REAL_GID) },
  { title: 'euid of the main thread', process: 'threadOddities', thread: 'main', descriptor: 'euid', expected: '0' },
  { title: 'euid of the process row', process: 'threadOddities', descriptor: 'euid', expected: '0' },
  { title: 'lstart of a thread', process: 'threadOddities', thread: 'credentials', descriptor: 'lstart', expected: LSTART_FORMAT },
  { title: 'wchan of a thread', process: 'threadOddities', thread: 'fifo', descriptor: 'wchan', expected: /^[a-z_][\w.]*$/ },
  { title: 'times of a busy thread', process: 'threadOddities', thread: 'busy', descriptor: 'times', expected: /^[1-9]\d*$/ },
  { title: 'times of an idle thread', process: 'threadOddities', thread: 'niced', descriptor: 'times', expected: '0' },
  { title: 'times of the main thread row', process: 'threadOddities', thread: 'main', descriptor: 'times', expected: /^[1-9]\d*$/ },
  { title: 'cputimes of the main thread row', process: 'threadOddities', thread: 'main', descriptor: 'cputimes', expected: /^[1-9]\d*$/ },
  { title: 'time of the main thread row', process: 'threadOddities', thread: 'main', descriptor: 'time', expected: /^00:00:0[1-9]$/ },
  { title: 'cputime of the main thread row', process: 'threadOddities', thread: 'main', descriptor: 'cputime', expected: /^00:00:0[1-9]$/ },
  {
    title: 'min_flt of the main thread row',
    process: 'threadOddities',
    thread: 'main',
    descriptor: 'min_flt',
    expected: (pid) => oddSnapshot.ps.get('min_flt')?.get(pid) ?? 'the process row',
  },
  {
    title: 'minflt of the main thread row',
    process: 'threadOddities',
    thread: 'main',
    descriptor: 'minflt',
    expected: (pid) => oddSnapshot.ps.get('minflt')?.get(pid) ?? 'the process row',
  },
];

function readSid(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[3]);
}

describe('odd processes', () => {
  for (const oddCase of ODD_CASES) {
    itIfStartable(oddCase.process)(oddCase.title, () => {
      const pid = oddPid(oddCase.process);
      const snapshot = oddCase.thread === undefined ? oddSnapshot : oddThreadSnapshot;
      const id = oddCase.thread === undefined ? pid : threadId(oddCase.thread);
      const psValue = snapshot.ps.get(psKeyword(oddCase.descriptor))?.get(id);
      const cell = snapshot.cells.get(id)?.get(oddCase.descriptor);
      const mismatch = compareCell(snapshot, id, oddCase.descriptor);

      expect(psValue).toBeDefined();
      expect(cell).toBeDefined();
      if (oddCase.expected instanceof RegExp) {
        expect(psValue).toMatch(oddCase.expected);
      } else if (typeof oddCase.expected === 'function') {
        expect(psValue).toBe(oddCase.expected(pid));
      } else {
        expect(psValue).toBe(oddCase.expected);
      }
      expect(describeMismatches(snapshot, mismatch === undefined ? [] : [mismatch])).toEqual([]);
    });
  }
});

/** Returns the tids of a process's rows in row order: psnode's, or ps's when `fromPs` is true. */
function threadRows(snapshot: Snapshot, pid: number, fromPs: boolean): number[] {
  if (fromPs) {
    const psPids = [...(snapshot.ps.get('pid')?.entries() ?? [])];
    return psPids.filter(([, value]) => value === String(pid)).map(([tid]) => tid);
  }
  return snapshot.rowIds.filter((tid) => snapshot.cells.get(tid)?.get('pid') === String(pid));
}

const itWithHighPid = THREAD_ODDITIES_UNAVAILABLE === undefined && hasCapability(CAP_SYS_ADMIN) ? it : it.skip;

describe('thread rows', () => {
  itWithHighPid('main thread has the highest tid', () => {
    const pid = oddPid('threadOddities');

    expect(Math.max(...threadRows(oddThreadSnapshot, pid, true))).toBe(pid);
  });

  itWithHighPid('main thread row comes first', () => {
    const pid = oddPid('threadOddities');

    expect(threadRows(oddThreadSnapshot, pid, false)[0]).toBe(pid);
  });

  itWithHighPid('threads in ps -L order', () => {
    const pid = oddPid('threadOddities');

    expect(threadRows(oddThreadSnapshot, pid, false)).toEqual(threadRows(oddThreadSnapshot, pid, true));
  });

  it('one row per thread of a process', () => {
    const pid = odd.pid('multiThreaded');
    const taskIds = readdirSync(`/proc/${pid}/task`).map(Number).sort((a, b) => a - b);
    const rows = threadRows(oddThreadSnapshot, pid, false).sort((a, b) => a - b);

    expect(rows).toEqual(taskIds);
  });

  it('same threads as ps -L', () => {
    const pid = odd.pid('multiThreaded');

    expect(threadRows(oddThreadSnapshot, pid, false)).toEqual(threadRows(oddThreadSnapshot, pid, true));
  });

  it('multi-threaded process has several threads', () => {
    const pid = odd.pid('multiThreaded');

    expect(readdirSync(`/proc/${pid}/task`).length).toBeGreaterThan(1);
  });

  it('rows are in ps -L order', () => {
    const psOrder = [...(machineThreadSnapshot.ps.get('pid')?.keys() ?? [])];
    const listedByBoth = machineThreadSnapshot.rowIds.filter((tid) => machineThreadSnapshot.ps.get('pid')?.has(tid));

    expect(listedByBoth).toEqual(psOrder.filter((tid) => machineThreadSnapshot.cells.has(tid)));
  });

  it('process mode lists no thread', () => {
    const pid = odd.pid('multiThreaded');
    const threadIds = readdirSync(`/proc/${pid}/task`).map(Number).filter((tid) => tid !== pid);

    expect(threadIds.filter((tid) => machineSnapshot.cells.has(tid))).toEqual([]);
  });
});

describe('header override', () => {
  const OVERRIDDEN = ['pid', 'user', 'args', 'etime', 'tty', 'state', 'stat', 'lstart', 'wchan', 'supgrp'];

  it.each(OVERRIDDEN)('%s=HEADER prints ps header', async (keyword) => {
    const header = `My${keyword}`;
    const [psnodeHeader] = await processInfoByPids([process.pid], [`${keyword}=${header}`]);
    const psHeader = (await readPsHeaderLine(['-o', `${keyword}=${header}`])).trim();

    expect(psnodeHeader).toEqual([psHeader]);
  });

  it('every descriptor takes a header', async () => {
    const [header] = await processInfoByPids([process.pid], ALL_DESCRIPTORS.map((descriptor) => `${descriptor}=H-${descriptor}`));

    expect(header).toEqual(ALL_DESCRIPTORS.map((descriptor) => `H-${descriptor}`));
  });

  it('keeps the values', async () => {
    const pid = oddPid('niced');
    const [, plain] = await processInfoByPids([pid], ['pid', 'user', 'args', 'ni']);
    const [, renamed] = await processInfoByPids([pid], ['pid=A', 'user=B', 'args=C', 'ni=D']);

    expect(renamed).toEqual(plain);
  });

  it('KEY= prints an empty header', async () => {
    const [header] = await processInfoByPids([process.pid], ['pid=', 'comm']);
    const psHeader = await readPsHeaderLine(['-o', 'pid=,comm']);

    expect(header).toEqual(['', 'COMMAND']);
    expect(psHeader.trim()).toBe('COMMAND');
  });

  it('header may contain =', async () => {
    const [header] = await processInfoByPids([process.pid], ['pid=a=b']);
    const psHeader = (await readPsHeaderLine(['-o', 'pid=a=b'])).trim();

    expect(header).toEqual([psHeader]);
  });

  it('header may contain spaces', async () => {
    const [header] = await processInfoByPids([process.pid], ['args=Command line']);

    expect(header).toEqual(['Command line']);
  });

  it('same keyword with two headers', async () => {
    const [header] = await processInfoByPids([process.pid], ['pid=First', 'pid=Second']);
    const psHeader = (await readPsHeaderLine(['-o', 'pid=First', '-o', 'pid=Second'])).trim().split(/ +/);

    expect(header).toEqual(psHeader);
  });

  it('AIX code keeps its header', async () => {
    const [header] = await processInfoByPids([process.pid], ['%p', '%y']);

    expect(header).toEqual(['PID', 'TTY']);
  });

  it('works in thread mode', async () => {
    const [header] = await processInfoByPids([process.pid], ['tid=Thread', 'pid=Process'], { threads: true });

    expect(header).toEqual(['Thread', 'Process']);
  });
});

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args` and resolves with its exit status and output. */
function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      let status: number | null = 0;
      if (error) {
        status = typeof error.code === 'number' ? error.code : null;
      }
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs the CLI with -json and returns its rows. */
async function runCliJson(args: string[]): Promise<string[][]> {
  const result = await runCli([...args, '-json']);
  if (result.status !== 0) {
    throw new Error(`psnode ${args.join(' ')} -json exited with ${result.status}: ${result.stderr.trim()}`);
  }
  return JSON.parse(result.stdout) as string[][];
}

/** Runs ps with the arguments and splits each line into blank-separated cells. */
async function runPsCells(args: string[]): Promise<string[][]> {
  const stdout = await runPsCommand(args);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.trim().split(/ +/));
}

describe('CLI ps options', () => {
  it('-o LIST prints ps headers', async () => {
    const pid = String(oddPid('niced'));
    const [header] = await runCliJson(['-o', 'pid,tid,uname,ni,stat,ucmd', '-pids', pid]);
    const [psHeader] = await runPsCells(['-o', 'pid,tid,uname,ni,stat,ucmd', '-p', pid]);

    expect(header).toEqual(psHeader);
  });

  it('-o LIST prints ps values', async () => {
    const pid = String(oddPid('niced'));
    const [, row] = await runCliJson(['-o', 'pid,tid,uname,ni,stat,ucmd,pri,policy', '-pids', pid]);
    const [psRow] = await runPsCells(['-o', 'pid=,tid=,uname=,ni=,stat=,ucmd=,pri=,policy=', '-p', pid]);

    expect(row).toEqual(psRow);
  });

  it('-o KEY=HEADER renames like ps', async () => {
    const pid = String(oddPid('niced'));
    const [header] = await runCliJson(['-o', 'pid=Process,comm=Name,ni', '-pids', pid]);
    const [psHeader] = await runPsCells(['-o', 'pid=Process,comm=Name,ni', '-p', pid]);

    expect(header).toEqual(psHeader);
  });

  it('repeated -o adds columns', async () => {
    const pid = String(oddPid('niced'));
    const [header] = await runCliJson(['-o', 'pid', '-o', 'comm=Name', '-pids', pid]);
    const [psHeader] = await runPsCells(['-o', 'pid', '-o', 'comm=Name', '-p', pid]);

    expect(header).toEqual(psHeader);
  });

  it('-o takes blank-separated lists', async () => {
    const pid = String(oddPid('niced'));
    const [header] = await runCliJson(['-o', 'pid user ni', '-pids', pid]);
    const [psHeader] = await runPsCells(['-o', 'pid user ni', '-p', pid]);

    expect(header).toEqual(psHeader);
  });

  it('all-empty headers print no header line', async () => {
    const pid = String(oddPid('niced'));
    const result = await runCli(['-o', 'pid=', '-o', 'comm=', '-pids', pid]);
    const psLines = (await runPsCommand(['-o', 'pid=', '-o', 'comm=', '-p', pid])).trimEnd().split('\n');

    expect(psLines.length).toBe(1);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(psLines.length);
  });

  it('-eo LIST lists every process', async () => {
    const rows = await runCliJson(['-eo', 'pid,comm']);
    const pids = rows.slice(1).map(([pid]) => Number(pid));
    const oddPids = [...odd.pids.values()];

    expect(rows[0]).toEqual(['PID', 'COMMAND']);
    expect(oddPids.filter((pid) => !pids.includes(pid))).toEqual([]);
  });

  it('-eo lists the processes ps -e lists', async () => {
    const [rows, psRows] = await Promise.all([runCliJson(['-eo', 'pid']), runPsCells(['-e', '-o', 'pid='])]);
    const pids = new Set(rows.slice(1).map(([pid]) => pid));
    const missing = psRows.map(([pid]) => pid).filter((pid) => !pids.has(pid));

    // ps and the CLI each see processes (themselves, their neighbours) that start or exit meanwhile.
    expect(missing.length).toBeLessThanOrEqual(5);
  });

  it('-L prints a row per thread', async () => {
    const pid = String(oddPid('multiThreaded'));
    const rows = await runCliJson(['-L', '-o', 'pid,tid,comm,nlwp', '-pids', pid]);
    const psRows = await runPsCells(['-L', '-o', 'pid,tid,comm,nlwp', '-p', pid]);

    expect(rows).toEqual(psRows);
  });

  it('-eLo LIST lists every thread', async () => {
    const pid = oddPid('multiThreaded');
    const rows = await runCliJson(['-eLo', 'pid,lwp,comm']);
    const tids = rows.filter(([rowPid]) => rowPid === String(pid)).map(([, tid]) => Number(tid));
    const taskIds = readdirSync(`/proc/${pid}/task`).map(Number).sort((a, b) => a - b);

    expect(rows[0]).toEqual(['PID', 'LWP', 'COMMAND']);
    expect(tids).toEqual(taskIds);
  });

  it('-eLo names threads like ps -eLo', async () => {
    const pid = String(oddPid('multiThreaded'));
    const rows = await runCliJson(['-eLo', 'pid,spid,ucmd']);
    const psRows = await runPsCells(['-eLo', 'pid,spid,ucmd']);

    expect(rows.filter(([rowPid]) => rowPid === pid)).toEqual(psRows.filter(([rowPid]) => rowPid === pid));
  });

  it('prints an aligned table', async () => {
    const pid = String(oddPid('niced'));
    const result = await runCli(['-o', 'pid,ni,comm', '-pids', pid]);

    expect(result.stdout).toMatch(new RegExp(`^PID +NI +COMMAND\\n${pid} +${POSITIVE_NICE} +sleep\\n$`));
  });

  it('-o without a list exits 2', async () => {
    const result = await runCli(['-o']);

    expect(result.status).toBe(2);
  });

  it('-o with an unknown keyword exits 2', async () => {
    const result = await runCli(['-o', 'pid,nosuchkeyword']);

    expect(result.status).toBe(2);
  });

  it('-o with an unknown keyword names it', async () => {
    const result = await runCli(['-o', 'pid,nosuchkeyword']);

    expect(result.stderr).toMatch(/nosuchkeyword/);
  });

  it('-format with -o exits 2', async () => {
    const result = await runCli(['-format', 'pid', '-o', 'pid']);

    expect(result.status).toBe(2);
  });
});
