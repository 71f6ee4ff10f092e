// Differential test: psnode's cells against what the installed procps-ng ps
// (4.0.2) prints for the same pids, over every process of the machine and
// over odd processes that this test starts. Capabilities and seccomp have no
// ps keyword, so they are checked against this file's own decoding of
// /proc/PID/status.
//
// psnode and ps read /proc at slightly different moments. Values that cannot
// change in that time must be equal; the others get the tolerances described
// at each check. A pid is compared only when both psnode and ps listed it.

import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';

import { listDescriptors, processInfo, processInfoByPids } from '../lib/index';
import {
  BATCH_NICE,
  COMM_WITH_PARENTHESES,
  LONG_ARGUMENT_LENGTH,
  missingCapabilities,
  NEGATIVE_NICE,
  ODD_PROCESS_NAMES,
  OddProcesses,
  OddProcessName,
  POSITIVE_NICE,
  readProcStat,
  readProcStatus,
  startOddProcesses,
  UNKNOWN_SUPPLEMENTARY_GID,
  UNKNOWN_UID,
} from './support/odd-processes';
import { PsValues, runPsForKeywords } from './support/ps';
import { parseCpuTime, parseElapsed, shorten } from './support/ps-values';

// Capability names by bit number, from include/uapi/linux/capability.h, up
// to bit 40 (CAP_CHECKPOINT_RESTORE, Linux 5.9).
const CAPABILITY_NAMES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
];

const SECCOMP_MODES: Record<string, string> = { '0': 'disabled', '1': 'strict', '2': 'filter' };

/** Where a descriptor's expected value comes from. */
type Oracle = { psKeyword: string } | { statusField: string; decode: (value: string | undefined) => string | undefined };

/** What a comparison may use besides the two values. */
interface ComparisonContext {
  /** Elapsed seconds of the process as ps printed them, when known. */
  elapsedSeconds: number | undefined;
  /** Seconds from just before psnode and ps started reading until both finished. */
  snapshotSeconds: number;
  /** True for odd processes, which are settled, so their memory sizes must be equal. */
  settled: boolean;
  /** Values of the same ps keyword read before, during and after psnode's read, for keywords in BRACKETED_PS_KEYWORDS. */
  bracket: string[];
}

/** Returns undefined when the psnode value agrees with the oracle's, else why not. */
type Comparison = (psnodeValue: string, oracleValue: string, context: ComparisonContext) => string | undefined;

interface DescriptorCheck {
  descriptor: string;
  /** Header that psnode prints: psgo's header for the descriptor. */
  header: string;
  oracle: Oracle;
  compare: Comparison;
}

const exact: Comparison = (psnodeValue, oracleValue) =>
  psnodeValue === oracleValue ? undefined : 'values differ';

// ps prints etime from /proc/uptime read at its own start; 1 s covers the
// whole-second rounding, and a slow snapshot adds its duration.
const elapsedWithinTolerance: Comparison = (psnodeValue, oracleValue, context) => {
  const psnodeSeconds = parseElapsed(psnodeValue);
  const oracleSeconds = parseElapsed(oracleValue);
  if (psnodeSeconds === undefined) {
    return 'psnode value is not [[DD-]hh:]mm:ss';
  }
  if (oracleSeconds === undefined) {
    return 'ps value is not [[DD-]hh:]mm:ss';
  }
  const tolerance = 1 + Math.floor(context.snapshotSeconds);
  return Math.abs(psnodeSeconds - oracleSeconds) <= tolerance ? undefined : `differs by more than ${tolerance} s`;
};

// CPU time grows by at most (number of CPUs) seconds per second.
const cpuTimeWithinTolerance: Comparison = (psnodeValue, oracleValue, context) => {
  const psnodeSeconds = parseCpuTime(psnodeValue);
  const oracleSeconds = parseCpuTime(oracleValue);
  if (psnodeSeconds === undefined) {
    return 'psnode value is not [DD-]HH:MM:SS';
  }
  if (oracleSeconds === undefined) {
    return 'ps value is not [DD-]HH:MM:SS';
  }
  const tolerance = 1 + Math.floor(availableParallelism() * context.snapshotSeconds);
  return Math.abs(psnodeSeconds - oracleSeconds) <= tolerance ? undefined : `differs by more than ${tolerance} s`;
};

// pcpu is the CPU time over the elapsed time. Between two reads t seconds
// apart it moves by at most 100 * CPUs * t / elapsed percentage points; 0.2
// covers the rounding of two one-decimal values.
const pcpuWithinTolerance: Comparison = (psnodeValue, oracleValue, context) => {
  if (!PCPU_FORMAT.test(psnodeValue)) {
    return 'psnode value is not ps pcpu format (one decimal below 100, none above)';
  }
  if (!PCPU_FORMAT.test(oracleValue)) {
    return 'ps value is not ps pcpu format';
  }
  if (context.elapsedSeconds === undefined || context.elapsedSeconds === 0) {
    return undefined;
  }
  const tolerance = 0.2 + (100 * availableParallelism() * context.snapshotSeconds) / context.elapsedSeconds;
  return Math.abs(Number(psnodeValue) - Number(oracleValue)) <= tolerance
    ? undefined
    : `differs by more than ${tolerance.toFixed(2)}`;
};

// A settled odd process's memory cannot change between the reads. A running
// process's can, by megabytes within milliseconds (a compiler growing, a
// garbage collector), and not always in one direction. So memory is compared
// only when ps's values read before, during and after psnode's read are
// within the tolerance of each other, and psnode's must then lie among them.
const memoryWithinTolerance: Comparison = (psnodeValue, oracleValue, context) => {
  if (!/^\d+$/.test(psnodeValue)) {
    return 'psnode value is not a decimal number of KiB';
  }
  if (context.settled) {
    return exact(psnodeValue, oracleValue, context);
  }
  const psnodeKiB = Number(psnodeValue);
  const samples = [oracleValue, ...context.bracket].map(Number);
  const least = Math.min(...samples);
  const greatest = Math.max(...samples);
  const tolerance = Math.max(MEMORY_TOLERANCE_KIB, MEMORY_TOLERANCE_FRACTION * greatest);
  if (greatest - least > tolerance) {
    return undefined;
  }
  if (psnodeKiB >= least - tolerance && psnodeKiB <= greatest + tolerance) {
    return undefined;
  }
  return `outside ps's values ${least}-${greatest} KiB by more than ${Math.round(tolerance)} KiB`;
};

// A running process changes state at any moment, so only a settled odd
// process's state must be equal.
const stateCompared: Comparison = (psnodeValue, oracleValue, context) => {
  if (!/^[DIKPRSTtWXxZ]$/.test(psnodeValue)) {
    return 'psnode value is not a process state letter';
  }
  return context.settled ? exact(psnodeValue, oracleValue, context) : undefined;
};

const PCPU_FORMAT = /^(\d{1,2}\.\d|\d{3,})$/;
const MEMORY_TOLERANCE_KIB = 256;
const MEMORY_TOLERANCE_FRACTION = 0.02;

function capabilityOracle(statusField: string): Oracle {
  return { statusField, decode: (value) => (value === undefined ? undefined : decodeCapabilities(value)) };
}

/** Every descriptor of psnode's first release, with its oracle and comparison. */
const DESCRIPTOR_CHECKS: DescriptorCheck[] = [
  { descriptor: 'pcpu', header: '%CPU', oracle: { psKeyword: 'pcpu' }, compare: pcpuWithinTolerance },
  { descriptor: 'group', header: 'GROUP', oracle: { psKeyword: 'group' }, compare: exact },
  { descriptor: 'ppid', header: 'PPID', oracle: { psKeyword: 'ppid' }, compare: exact },
  { descriptor: 'user', header: 'USER', oracle: { psKeyword: 'user' }, compare: exact },
  { descriptor: 'args', header: 'COMMAND', oracle: { psKeyword: 'args' }, compare: exact },
  { descriptor: 'comm', header: 'COMMAND', oracle: { psKeyword: 'comm' }, compare: exact },
  { descriptor: 'rgroup', header: 'RGROUP', oracle: { psKeyword: 'rgroup' }, compare: exact },
  { descriptor: 'nice', header: 'NI', oracle: { psKeyword: 'nice' }, compare: exact },
  { descriptor: 'pid', header: 'PID', oracle: { psKeyword: 'pid' }, compare: exact },
  { descriptor: 'pgid', header: 'PGID', oracle: { psKeyword: 'pgid' }, compare: exact },
  { descriptor: 'etime', header: 'ELAPSED', oracle: { psKeyword: 'etime' }, compare: elapsedWithinTolerance },
  { descriptor: 'ruser', header: 'RUSER', oracle: { psKeyword: 'ruser' }, compare: exact },
  { descriptor: 'time', header: 'TIME', oracle: { psKeyword: 'time' }, compare: cpuTimeWithinTolerance },
  { descriptor: 'tty', header: 'TTY', oracle: { psKeyword: 'tty' }, compare: exact },
  { descriptor: 'vsz', header: 'VSZ', oracle: { psKeyword: 'vsz' }, compare: memoryWithinTolerance },
  { descriptor: 'uid', header: 'UID', oracle: { psKeyword: 'uid' }, compare: exact },
  { descriptor: 'rss', header: 'RSS', oracle: { psKeyword: 'rss' }, compare: memoryWithinTolerance },
  { descriptor: 'state', header: 'STATE', oracle: { psKeyword: 's' }, compare: stateCompared },
  // NOTE: stime can differ for a process started the day before, when the
  // local date changes between the two reads.
  { descriptor: 'stime', header: 'STIME', oracle: { psKeyword: 'stime' }, compare: exact },
  { descriptor: 'label', header: 'LABEL', oracle: { psKeyword: 'label' }, compare: exact },
  // Both print '-' for a process without supplementary groups.
  { descriptor: 'groups', header: 'GROUPS', oracle: { psKeyword: 'supgrp' }, compare: exact },
  { descriptor: 'capamb', header: 'AMBIENT CAPS', oracle: capabilityOracle('CapAmb'), compare: exact },
  { descriptor: 'capinh', header: 'INHERITED CAPS', oracle: capabilityOracle('CapInh'), compare: exact },
  { descriptor: 'capprm', header: 'PERMITTED CAPS', oracle: capabilityOracle('CapPrm'), compare: exact },
  { descriptor: 'capeff', header: 'EFFECTIVE CAPS', oracle: capabilityOracle('CapEff'), compare: exact },
  { descriptor: 'capbnd', header: 'BOUNDING CAPS', oracle: capabilityOracle('CapBnd'), compare: exact },
  {
    descriptor: 'seccomp',
    header: 'SECCOMP',
    oracle: { statusField: 'Seccomp', decode: (value) => (value === undefined ? '?' : (SECCOMP_MODES[value] ?? '?')) },
    compare: exact,
  },
];

const DESCRIPTORS = DESCRIPTOR_CHECKS.map((check) => check.descriptor);
const PS_KEYWORDS = DESCRIPTOR_CHECKS.flatMap((check) => ('psKeyword' in check.oracle ? [check.oracle.psKeyword] : []));
const CHECK_BY_DESCRIPTOR = new Map(DESCRIPTOR_CHECKS.map((check) => [check.descriptor, check]));

// ps keywords that ps also reads right before and right after psnode.
const BRACKETED_PS_KEYWORDS = ['rss', 'vsz'];

// Kernel workers rename themselves as they pick up work, so their comm and
// args can change between the two reads.
const RENAMING_DESCRIPTORS = new Set(['comm', 'args']);

/** psnode's rows and ps's values read at nearly the same time. */
interface Snapshot {
  header: string[];
  /** Pids of psnode's rows, in row order. */
  rowPids: number[];
  /** psnode's cells by pid, then by descriptor. */
  cells: Map<number, Map<string, string>>;
  /** ps's values by keyword, then by pid. */
  ps: Map<string, PsValues>;
  /** ps's values of BRACKETED_PS_KEYWORDS read before and after psnode, by keyword. */
  psBefore: Map<string, PsValues>;
  psAfter: Map<string, PsValues>;
  /** /proc/PID/status fields, read right after psnode and ps. */
  statuses: Map<number, Map<string, string>>;
  seconds: number;
  /** True when the pids are settled odd processes. */
  settled: boolean;
}

/** A psnode cell that disagrees with the oracle. */
interface Mismatch {
  pid: number;
  descriptor: string;
  psnode: string;
  oracle: string;
  reason: string;
}

/** Runs psnode and ps over the pids (every process when none are given) at the same time. */
async function takeSnapshot(pids: number[] | undefined, settled: boolean): Promise<Snapshot> {
  const psPids = pids ?? listProcPids();
  const psBefore = await runPsForKeywords(psPids, BRACKETED_PS_KEYWORDS);
  const started = performance.now();
  const [table, ps] = await Promise.all([
    pids === undefined ? processInfo(DESCRIPTORS) : processInfoByPids(pids, DESCRIPTORS),
    runPsForKeywords(psPids, PS_KEYWORDS),
  ]);
  const psAfter = await runPsForKeywords(psPids, BRACKETED_PS_KEYWORDS);
  const statuses = new Map<number, Map<string, string>>();
  for (const pid of psPids) {
    const status = readProcStatus(pid);
    if (status !== undefined) {
      statuses.set(pid, status);
    }
  }
  const seconds = (performance.now() - started) / 1000;

  const [header, ...rows] = table;
  const pidColumn = DESCRIPTORS.indexOf('pid');
  const cells = new Map<number, Map<string, string>>();
  const rowPids: number[] = [];
  for (const row of rows) {
    const pid = Number(row[pidColumn]);
    rowPids.push(pid);
    cells.set(pid, new Map(DESCRIPTORS.map((descriptor, column) => [descriptor, row[column]])));
  }
  return { header, rowPids, cells, ps, psBefore, psAfter, statuses, seconds, settled };
}

function listProcPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .sort((a, b) => a - b);
}

/** Returns the oracle's value of a descriptor for a pid, or undefined when the oracle did not list the pid. */
function oracleValue(snapshot: Snapshot, pid: number, descriptor: string): string | undefined {
  const check = CHECK_BY_DESCRIPTOR.get(descriptor);
  if (check === undefined) {
    throw new Error(`descriptor ${descriptor} is not in DESCRIPTOR_CHECKS`);
  }
  if ('psKeyword' in check.oracle) {
    return snapshot.ps.get(check.oracle.psKeyword)?.get(pid);
  }
  const status = snapshot.statuses.get(pid);
  return status === undefined ? undefined : check.oracle.decode(status.get(check.oracle.statusField));
}

/** Returns the values that ps printed before and after psnode's read, for a descriptor in BRACKETED_PS_KEYWORDS. */
function bracketValues(snapshot: Snapshot, pid: number, descriptor: string): string[] {
  const check = CHECK_BY_DESCRIPTOR.get(descriptor);
  if (check === undefined || !('psKeyword' in check.oracle)) {
    return [];
  }
  const keyword = check.oracle.psKeyword;
  const values = [snapshot.psBefore.get(keyword)?.get(pid), snapshot.psAfter.get(keyword)?.get(pid)];
  return values.filter((value): value is string => value !== undefined);
}

/**
 * Returns true when the process exited while psnode and ps read it: it is
 * gone or a zombie by the time its status is read after both, but not a
 * zombie to both of them. An exiting process loses its cmdline and memory
 * and is reparented, so those values change between the reads.
 */
function exitedDuringSnapshot(snapshot: Snapshot, pid: number): boolean {
  const statusState = snapshot.statuses.get(pid)?.get('State')?.charAt(0);
  const states = [snapshot.cells.get(pid)?.get('state'), snapshot.ps.get('s')?.get(pid), statusState];
  if (statusState === undefined) {
    return true;
  }
  const zombieStates = states.filter((state) => state === 'Z' || state === 'X').length;
  return zombieStates > 0 && zombieStates < states.length;
}

function isKernelWorker(snapshot: Snapshot, pid: number): boolean {
  const comms = [snapshot.cells.get(pid)?.get('comm'), snapshot.ps.get('comm')?.get(pid)];
  return comms.some((comm) => comm?.startsWith('kworker/') === true);
}

/**
 * Compares one descriptor for one pid. Returns undefined when they agree or
 * the pid is not comparable (missing from either side, a renaming kernel
 * worker, exited meanwhile, or capabilities this file cannot name), else the
 * mismatch.
 */
function compareCell(snapshot: Snapshot, pid: number, descriptor: string): Mismatch | undefined {
  const psnodeValue = snapshot.cells.get(pid)?.get(descriptor);
  const expected = oracleValue(snapshot, pid, descriptor);
  if (psnodeValue === undefined || expected === undefined) {
    return undefined;
  }
  if (RENAMING_DESCRIPTORS.has(descriptor) && isKernelWorker(snapshot, pid)) {
    return undefined;
  }
  if (exitedDuringSnapshot(snapshot, pid)) {
    return undefined;
  }

  const context: ComparisonContext = {
    elapsedSeconds: parseElapsed(snapshot.ps.get('etime')?.get(pid) ?? ''),
    snapshotSeconds: snapshot.seconds,
    settled: snapshot.settled,
    bracket: bracketValues(snapshot, pid, descriptor),
  };
  const check = CHECK_BY_DESCRIPTOR.get(descriptor) as DescriptorCheck;
  const reason = check.compare(psnodeValue, expected, context);
  return reason === undefined ? undefined : { pid, descriptor, psnode: psnodeValue, oracle: expected, reason };
}

/** Compares a descriptor for every pid that both psnode and the oracle listed. */
function compareDescriptor(snapshot: Snapshot, descriptor: string): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const pid of snapshot.cells.keys()) {
    const mismatch = compareCell(snapshot, pid, descriptor);
    if (mismatch !== undefined) {
      mismatches.push(mismatch);
    }
  }
  return mismatches;
}

/** Formats mismatches so that a failed expectation names pid, descriptor and both values. */
function describeMismatches(snapshot: Snapshot, mismatches: Mismatch[]): string[] {
  return mismatches.map((mismatch) => {
    const comm = snapshot.ps.get('comm')?.get(mismatch.pid) ?? '?';
    return (
      `pid ${mismatch.pid} (${comm}) ${mismatch.descriptor}: ${mismatch.reason}: ` +
      `psnode ${shorten(mismatch.psnode, mismatch.oracle)}, expected ${shorten(mismatch.oracle, mismatch.psnode)}`
    );
  });
}

const LAST_CAPABILITY = Number(readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8'));

/**
 * Decodes a /proc/PID/status capability mask the way psgo prints it: 'full'
 * when every capability up to cap_last_cap is set, 'none' when none is, else
 * the names without CAP_, sorted and joined by ','. Returns undefined when a
 * set bit has no name in CAPABILITY_NAMES (a kernel newer than the table).
 */
function decodeCapabilities(hexMask: string): string | undefined {
  const mask = BigInt(`0x${hexMask}`);
  const all = (1n << BigInt(LAST_CAPABILITY + 1)) - 1n;
  if ((mask & all) === all) {
    return 'full';
  }
  if (mask === 0n) {
    return 'none';
  }
  const names: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if ((mask >> BigInt(bit)) & 1n) {
      const name = CAPABILITY_NAMES[bit];
      if (name === undefined) {
        return undefined;
      }
      names.push(name);
    }
  }
  return names.sort().join(',');
}

/** Returns `it`, or `it.skip` when the test process lacks a capability that the odd process needs. */
function itIfStartable(name: OddProcessName): jest.It {
  return missingCapabilities(name).length === 0 ? it : it.skip;
}

const unstartable = ODD_PROCESS_NAMES.filter((name) => missingCapabilities(name).length > 0);
if (unstartable.length > 0) {
  const reasons = unstartable.map((name) => `${name} (needs ${missingCapabilities(name).join(', ')})`);
  console.warn(`differential test: skipping the checks of odd processes the test process cannot start: ${reasons.join('; ')}`);
}

// Children inherit the seccomp mode, so an ordinary child is in filter mode
// when the test itself runs under a filter (as in a Docker container).
const TEST_SECCOMP_MODE = readProcStatus(process.pid)?.get('Seccomp');
if (TEST_SECCOMP_MODE !== '0') {
  console.warn(`differential test: the test process's seccomp mode is ${TEST_SECCOMP_MODE}, so "seccomp disabled" is skipped`);
}

let odd: OddProcesses;
let machineSnapshot: Snapshot;
let oddSnapshot: Snapshot;

beforeAll(async () => {
  odd = await startOddProcesses();
  for (const [name, reason] of odd.unavailable) {
    if (missingCapabilities(name).length === 0) {
      console.warn(`differential test: odd process ${name} could not be started: ${reason}`);
    }
  }

  const oddPids = [...odd.pids.values()];
  oddSnapshot = await takeSnapshot(oddPids, true);
  machineSnapshot = await takeSnapshot(undefined, false);
}, 120_000);

afterAll(async () => {
  await odd?.stop();
}, 60_000);

describe('listDescriptors', () => {
  it('lists every compared descriptor', async () => {
    const descriptors = await listDescriptors();

    expect(descriptors).toEqual(expect.arrayContaining(DESCRIPTORS));
  });

  it('returns descriptors sorted', async () => {
    const descriptors = await listDescriptors();

    expect(descriptors).toEqual([...descriptors].sort());
  });
});

describe('table shape', () => {
  it('header row names each descriptor', () => {
    expect(machineSnapshot.header).toEqual(DESCRIPTOR_CHECKS.map((check) => check.header));
  });

  it('rows are in ascending pid order', () => {
    const sorted = [...machineSnapshot.rowPids].sort((a, b) => a - b);

    expect(machineSnapshot.rowPids).toEqual(sorted);
  });

  it('each process has one row', () => {
    expect(new Set(machineSnapshot.rowPids).size).toBe(machineSnapshot.rowPids.length);
  });

  it('each row has one cell per descriptor', () => {
    const widths = new Set([...machineSnapshot.cells.values()].map((cells) => cells.size));

    expect([...widths]).toEqual([DESCRIPTORS.length]);
  });

  it('threads are not listed as processes', () => {
    const pid = odd.pid('multiThreaded');
    const threadIds = readdirSync(`/proc/${pid}/task`).map(Number);
    const listedThreads = threadIds.filter((tid) => tid !== pid && machineSnapshot.cells.has(tid));

    expect(threadIds.length).toBeGreaterThan(1);
    expect(listedThreads).toEqual([]);
  });
});

describe('every process of the machine', () => {
  it('lists nearly every process that ps lists', () => {
    const psPids = [...(machineSnapshot.ps.get('pid')?.keys() ?? [])];
    const listed = psPids.filter((pid) => machineSnapshot.cells.has(pid));

    // Processes that start or exit between the two reads may be missing from one side.
    expect(listed.length).toBeGreaterThanOrEqual(psPids.length - 5);
  });

  it('lists every odd process', () => {
    const missing = [...odd.pids].filter(([, pid]) => !machineSnapshot.cells.has(pid));

    expect(missing).toEqual([]);
  });

  it('includes kernel threads', () => {
    const kernelThreads = [...machineSnapshot.cells.values()].filter((cells) => cells.get('ppid') === '2');

    expect(kernelThreads.length).toBeGreaterThan(0);
  });

  it.each(DESCRIPTORS)('%s matches the oracle', (descriptor) => {
    const mismatches = compareDescriptor(machineSnapshot, descriptor);

    expect(describeMismatches(machineSnapshot, mismatches)).toEqual([]);
  });
});

describe('every odd process', () => {
  for (const name of ODD_PROCESS_NAMES) {
    itIfStartable(name)(`${name} matches the oracle in every descriptor`, () => {
      const pid = odd.pid(name);
      const mismatches = DESCRIPTORS.flatMap((descriptor) => {
        const mismatch = compareCell(oddSnapshot, pid, descriptor);
        return mismatch === undefined ? [] : [mismatch];
      });

      expect(oddSnapshot.cells.has(pid)).toBe(true);
      expect(describeMismatches(oddSnapshot, mismatches)).toEqual([]);
    });
  }
});

/**
 * One odd process and descriptor: the oracle must show the odd property
 * (`expected`), so the case really tests it, and psnode must agree with the
 * oracle.
 */
interface OddCase {
  title: string;
  process: OddProcessName;
  descriptor: string;
  expected: string | RegExp | ((processes: OddProcesses) => string);
}

const ODD_CASES: OddCase[] = [
  { title: 'comm with spaces and parentheses', process: 'commWithParentheses', descriptor: 'comm', expected: COMM_WITH_PARENTHESES },
  { title: 'args of a file name with parentheses', process: 'commWithParentheses', descriptor: 'args', expected: /\/my \) odd \(name\) x 1000$/ },
  // The control character prints as '?', and so does the lead byte of the
  // check mark that the kernel cut at 15 bytes.
  { title: 'comm cut inside a UTF-8 character', process: 'commWithControlCharacter', descriptor: 'comm', expected: 'ctl?éé✓✓?' },
  { title: 'args with a control character', process: 'commWithControlCharacter', descriptor: 'args', expected: /\/ctl\?éé✓✓✓ 1000$/ },
  { title: 'args of a renamed argv[0]', process: 'renamedArgv0', descriptor: 'args', expected: 'fancy-name 1000' },
  { title: 'comm of a renamed argv[0]', process: 'renamedArgv0', descriptor: 'comm', expected: 'sleep' },
  {
    title: 'args with tabs, newlines and UTF-8',
    process: 'argsWithOddCharacters',
    descriptor: 'args',
    expected: 'bash -c read -r _ tab?here new line héllo wörld ✓ bell?ctl  trailing  ',
  },
  // From the first invalid byte on, ps escapes as in the C locale, so the
  // valid check mark after it prints as three '?'.
  { title: 'args with invalid UTF-8', process: 'argsWithInvalidUtf8', descriptor: 'args', expected: ' lead -c read -r _ ?? caf? ok ???' },
  { title: 'comm of a process with invalid UTF-8 args', process: 'argsWithInvalidUtf8', descriptor: 'comm', expected: 'bash' },
  // ps reads at most 128 KiB of cmdline, so the last argument is cut.
  {
    title: 'args longer than 128 KiB',
    process: 'longArgs',
    descriptor: 'args',
    expected: new RegExp(`^bash -c read -r _ a{${LONG_ARGUMENT_LENGTH}} b{${LONG_ARGUMENT_LENGTH}} c{1,${LONG_ARGUMENT_LENGTH - 1}}$`),
  },
  { title: 'zombie state', process: 'zombie', descriptor: 'state', expected: 'Z' },
  { title: 'zombie args', process: 'zombie', descriptor: 'args', expected: '[perl] <defunct>' },
  { title: 'zombie comm', process: 'zombie', descriptor: 'comm', expected: 'perl' },
  { title: 'zombie vsz', process: 'zombie', descriptor: 'vsz', expected: '0' },
  { title: 'zombie rss', process: 'zombie', descriptor: 'rss', expected: '0' },
  { title: 'zombie ppid', process: 'zombie', descriptor: 'ppid', expected: (processes) => String(processes.pid('zombieParent')) },
  { title: 'positive nice', process: 'niced', descriptor: 'nice', expected: String(POSITIVE_NICE) },
  { title: 'negative nice', process: 'negativeNice', descriptor: 'nice', expected: String(NEGATIVE_NICE) },
  { title: 'nice of SCHED_FIFO', process: 'fifo', descriptor: 'nice', expected: '-' },
  { title: 'nice of SCHED_RR', process: 'roundRobin', descriptor: 'nice', expected: '-' },
  { title: 'nice of SCHED_BATCH', process: 'batch', descriptor: 'nice', expected: String(BATCH_NICE) },
  { title: 'nice of SCHED_IDLE', process: 'idle', descriptor: 'nice', expected: '-' },
  {
    title: 'supplementary groups with a gid without name',
    process: 'supplementaryGroups',
    descriptor: 'groups',
    expected: new RegExp(`^([^,]+,){3}${UNKNOWN_SUPPLEMENTARY_GID}$`),
  },
  { title: 'no supplementary groups', process: 'unknownUser', descriptor: 'groups', expected: '-' },
  { title: 'user without passwd entry', process: 'unknownUser', descriptor: 'user', expected: String(UNKNOWN_UID) },
  { title: 'ruser without passwd entry', process: 'unknownUser', descriptor: 'ruser', expected: String(UNKNOWN_UID) },
  { title: 'group without group entry', process: 'unknownUser', descriptor: 'group', expected: String(UNKNOWN_UID) },
  { title: 'rgroup without group entry', process: 'unknownUser', descriptor: 'rgroup', expected: String(UNKNOWN_UID) },
  { title: 'uid without passwd entry', process: 'unknownUser', descriptor: 'uid', expected: String(UNKNOWN_UID) },
  { title: 'effective user unlike real user', process: 'differentRealAndEffectiveIds', descriptor: 'user', expected: String(UNKNOWN_UID) },
  { title: 'real user unlike effective user', process: 'differentRealAndEffectiveIds', descriptor: 'ruser', expected: /^(?!54321$).+/ },
  { title: 'effective group unlike real group', process: 'differentRealAndEffectiveIds', descriptor: 'group', expected: String(UNKNOWN_UID) },
  { title: 'real group unlike effective group', process: 'differentRealAndEffectiveIds', descriptor: 'rgroup', expected: /^(?!54321$).+/ },
  { title: 'uid is the effective uid', process: 'differentRealAndEffectiveIds', descriptor: 'uid', expected: String(UNKNOWN_UID) },
  // ps cuts names to 8 characters in every column but the last.
  { title: 'user name longer than 8', process: 'longUserName', descriptor: 'user', expected: /^[^+]{9,}$/ },
  { title: 'ruser name longer than 8', process: 'longUserName', descriptor: 'ruser', expected: /^[^+]{9,}$/ },
  { title: 'group name longer than 8', process: 'longUserName', descriptor: 'group', expected: /^[^+]{9,}$/ },
  { title: 'rgroup name longer than 8', process: 'longUserName', descriptor: 'rgroup', expected: /^[^+]{9,}$/ },
  { title: 'groups name longer than 8', process: 'longUserName', descriptor: 'groups', expected: /^[^+]{9,}$/ },
  { title: 'tty of a pseudo-terminal', process: 'pseudoTerminal', descriptor: 'tty', expected: /^pts\/\d+$/ },
  { title: 'tty without a terminal', process: 'niced', descriptor: 'tty', expected: '?' },
  { title: 'comm of a multi-threaded process', process: 'multiThreaded', descriptor: 'comm', expected: 'node' },
  { title: 'pid of a multi-threaded process', process: 'multiThreaded', descriptor: 'pid', expected: (processes) => String(processes.pid('multiThreaded')) },
  { title: 'state of a stopped process', process: 'stopped', descriptor: 'state', expected: 'T' },
  { title: 'state of a sleeping process', process: 'niced', descriptor: 'state', expected: 'S' },
  { title: 'inherited capabilities', process: 'reducedCapabilities', descriptor: 'capinh', expected: 'KILL,NET_BIND_SERVICE' },
  { title: 'ambient capabilities', process: 'reducedCapabilities', descriptor: 'capamb', expected: 'NET_BIND_SERVICE' },
  {
    title: 'reduced bounding set',
    process: 'reducedCapabilities',
    descriptor: 'capbnd',
    expected: /^(?!.*\b(NET_RAW|SYS_ADMIN)\b)[A-Z_]+(,[A-Z_]+)+$/,
  },
  { title: 'reduced permitted set', process: 'reducedCapabilities', descriptor: 'capprm', expected: /^(?!.*\b(NET_RAW|SYS_ADMIN)\b)[A-Z_]+(,[A-Z_]+)+$/ },
  { title: 'reduced effective set', process: 'reducedCapabilities', descriptor: 'capeff', expected: /^(?!.*\b(NET_RAW|SYS_ADMIN)\b)[A-Z_]+(,[A-Z_]+)+$/ },
  { title: 'no permitted capabilities', process: 'unknownUser', descriptor: 'capprm', expected: 'none' },
  { title: 'no effective capabilities', process: 'unknownUser', descriptor: 'capeff', expected: 'none' },
  { title: 'no ambient capabilities', process: 'niced', descriptor: 'capamb', expected: 'none' },
  { title: 'seccomp filter mode', process: 'seccompFilter', descriptor: 'seccomp', expected: 'filter' },
  { title: 'seccomp strict mode', process: 'seccompStrict', descriptor: 'seccomp', expected: 'strict' },
  { title: 'seccomp disabled', process: 'niced', descriptor: 'seccomp', expected: 'disabled' },
];

describe('odd processes', () => {
  for (const oddCase of ODD_CASES) {
    const skip = oddCase.process === 'niced' && oddCase.descriptor === 'seccomp' && TEST_SECCOMP_MODE !== '0';
    (skip ? it.skip : itIfStartable(oddCase.process))(oddCase.title, () => {
      const pid = odd.pid(oddCase.process);
      const expected = oracleValue(oddSnapshot, pid, oddCase.descriptor);
      const cell = oddSnapshot.cells.get(pid)?.get(oddCase.descriptor);

      expect(expected).toBeDefined();
      if (oddCase.expected instanceof RegExp) {
        expect(expected).toMatch(oddCase.expected);
      } else if (typeof oddCase.expected === 'function') {
        expect(expected).toBe(oddCase.expected(odd));
      } else {
        expect(expected).toBe(oddCase.expected);
      }
      expect(cell).toBe(expected);
    });
  }

  it('multi-threaded process has several threads', () => {
    const status = readProcStatus(odd.pid('multiThreaded'));

    expect(Number(status?.get('Threads'))).toBeGreaterThan(1);
  });
});

describe('kernel thread kthreadd', () => {
  const KTHREADD_PID = 2;
  // In a PID namespace (a container), pid 2 is an ordinary process.
  const isKthreadd = readProcStat(KTHREADD_PID)?.comm === 'kthreadd';
  if (!isKthreadd) {
    console.warn('differential test: pid 2 is not kthreadd (a PID namespace?), so its checks are skipped');
  }
  const itWithKthreadd = isKthreadd ? it : it.skip;

  const kernelThreadCases: Array<[string, string]> = [
    ['comm', 'kthreadd'],
    ['args', '[kthreadd]'],
    ['ppid', '0'],
    ['tty', '?'],
    ['vsz', '0'],
    ['rss', '0'],
    ['capeff', 'full'],
  ];
  for (const [descriptor, value] of kernelThreadCases) {
    itWithKthreadd(`kthreadd ${descriptor}`, () => {
      const expected = oracleValue(machineSnapshot, KTHREADD_PID, descriptor);

      expect(expected).toBe(value);
      expect(machineSnapshot.cells.get(KTHREADD_PID)?.get(descriptor)).toBe(expected);
    });
  }
});
