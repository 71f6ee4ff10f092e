// Robustness of the listing and join functions. The tests cover races
// with processes that start and exit by the thousand while pids wrap, and
// containers whose /proc, /etc and /dev are hostile. They also cover bad
// arguments, an unprivileged caller, a long run of calls, and a low limit
// on open files. Every process the tests start is killed and reaped, and
// pid_max is restored after the race test.
//
// The parts that lower pid_max, create namespaces or switch users need
// root and are skipped with a printed reason otherwise.

import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants as fsConstants,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readablePackage, removeReadablePackage } from './support/unprivileged';
import {
  joinNamespaceAndProcessInfo,
  joinNamespaceAndProcessInfoByPids,
  listDescriptors,
  processInfo,
  processInfoByPids,
  type SystemError,
} from '../lib/index';
import {
  RACE_DESCRIPTORS,
  churnCommand,
  churnLeftovers,
  churnRowProblem,
  countTasks,
  isChurnRow,
  readChurnLog,
  readPidMax,
  reusedPids,
  writeChurnFiles,
  writePidMax,
  type ChurnLog,
} from './support/churn';
import {
  argsOf,
  delay,
  hostPids,
  nsPidsOf,
  startContainer,
  stopAll,
  subtreeOf,
  waitFor,
  type Launched,
} from './support/containers';
import { parsePsOutput, psEnvironment } from './support/ps';
import {
  DIST_INDEX,
  NOBODY_SETPRIV,
  collectGarbage,
  openDescriptorCount,
  runCommand,
  sanitizerQuarantineKiB,
  runNodeScript,
  startSleepHolder,
  statusNumber,
  withoutPreload,
  type CommandResult,
  type SleepHolder,
} from './support/subprocess';
import { startOnTerminal, type TerminalProcess } from './support/terminal';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  console.warn(
    'robustness.test.ts: skipped the parts that need root (uid 0): lowering pid_max, joining containers, ' +
      'hostile containers, and running as uid 65534 with setpriv',
  );
}
const describeRoot = isRoot ? describe : describe.skip;
const itRoot = isRoot ? it : it.skip;

type CodedError = Error & { code?: unknown; value?: unknown };

/** Resolves to the error that `call` rejects with. Fails the test if the call resolves. */
async function rejectionOf(call: () => Promise<unknown>): Promise<CodedError> {
  try {
    await call();
  } catch (error) {
    return error as CodedError;
  }
  throw new Error('expected the call to reject, but it resolved');
}

/** How a promise settled within a time limit. */
interface Settled<T> {
  value?: T;
  error?: unknown;
  /** Whether the promise was still pending when the limit passed. */
  timedOut: boolean;
  elapsedMs: number;
}

/** Resolves with the value or the rejection of `promise`, or with timedOut when it has not settled after `ms`. */
async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome = await Promise.race([
    promise.then(
      (value) => ({ value, timedOut: false }),
      (error: unknown) => ({ error, timedOut: false }),
    ),
    timeout.then(() => ({ timedOut: true })),
  ]);
  clearTimeout(timer);
  return { ...outcome, elapsedMs: Date.now() - started };
}

/**
 * Starts a container (see startContainer) whose processes run without
 * LD_PRELOAD: `env -u LD_PRELOAD` execs `command` as the container's pid 1.
 */
function startPlainContainer(command: string[], expectedArgs: string[]): Promise<Launched> {
  return startContainer(['env', '-u', 'LD_PRELOAD', ...command], expectedArgs);
}

/** Returns the name that the host's passwd file gives `uid`, or the uid in decimal. */
function hostUser(uid: number): string {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 3 && fields[2] === String(uid)) return fields[0];
  }
  return String(uid);
}

/** Starts `args` with its output ignored, and resolves once its args read `expectedArgs` (it has exec'd). */
async function startProcess(command: string, args: string[], expectedArgs: string): Promise<number> {
  const child = spawn(command, args, { stdio: 'ignore', env: withoutPreload() });
  started.push(child);
  await once(child, 'spawn');
  const pid = child.pid!;
  await waitFor(() => (argsOf(pid) === expectedArgs ? true : undefined), `pid ${pid} to run ${expectedArgs}`);
  return pid;
}

const started: ReturnType<typeof spawn>[] = [];

/** Kills every process that startProcess started and waits until each is reaped. */
async function stopStarted(): Promise<void> {
  while (started.length > 0) {
    const child = started.pop()!;
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}

beforeAll(() => {
  // The subprocess tests run the compiled API and CLI from dist/. npm test
  // compiles lib/ before jest starts, and this keeps a direct jest run
  // current too. A user who cannot write dist/ takes it as it is.
  try {
    accessSync(path.join(ROOT, 'dist'), fsConstants.W_OK);
  } catch {
    return;
  }
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'lib'], { cwd: ROOT, stdio: 'pipe' });
}, 60_000);

afterAll(async () => {
  removeReadablePackage();
  await stopStarted();
  await stopAll();
});

describe('races with process churn', () => {
  // The churn starts processes until it has started CHURN_PROCESSES (or,
  // with pid_max lowered, at least pid_max of them) or CHURN_SECONDS have
  // passed. As root, pid_max is lowered to the number of tasks plus
  // PID_HEADROOM, which leaves pids for the other processes of the
  // machine. The churn then starts more processes than the range has
  // pids, so pids wrap around and are reused. Pids above the lowered
  // pid_max keep working, because only new pids come from below it.
  const CHURN_PROCESSES = 3000;
  const CHURN_SECONDS = 15;
  const PID_HEADROOM = 2000;
  // The container lowers pid_max in its own PID namespace where the kernel
  // keeps one per namespace (Linux 6.14 and later). On older kernels the
  // host's lowered value covers the container too.
  const CONTAINER_PID_MAX = 1000;
  // After the churn's own bound, the time it may take to exit.
  const EXIT_GRACE_MS = 10_000;
  const MAX_REPORTED_PROBLEMS = 20;

  interface ChurnSession {
    failures: unknown[];
    hostProblems: string[];
    containerProblems: string[];
    hostChurnRows: number;
    containerChurnRows: number;
    calls: number;
    hostLog: ChurnLog;
    containerLog?: ChurnLog;
    hostExit: { status: number | null; signal: string | null };
    containerChurnEnded: boolean;
    leftovers: number[];
  }

  let temporary: string;
  let originalPidMax: number;
  let loweredPidMax: number | undefined;
  let pidMaxAfterRun: number;
  let session: ChurnSession;

  /** Starts a container whose pid 1 waits on `gate` (a FIFO) and then runs `command` before it execs sleep. */
  async function startGatedContainer(gate: string, command: string[]): Promise<Launched> {
    // $0 is the gate, $1 the host's pid_max as the container would see it
    // without a namespace of its own, $2 the container's pid_max, and the
    // rest the churn command.
    const script = [
      'read -r _ < "$0" || exit 1',
      'if [ "$(cat /proc/sys/kernel/pid_max)" != "$1" ]; then echo "$2" > /proc/sys/kernel/pid_max; fi',
      'shift 2',
      '"$@"',
      'exec sleep 1000',
    ].join('\n');
    const args = ['bash', '-c', script, gate, String(loweredPidMax), String(CONTAINER_PID_MAX), ...command];
    return startPlainContainer(args, [args.join(' ')]);
  }

  /** Opens the gate FIFO for writing, once the container's shell has opened it for reading, and writes a line. */
  async function openGate(gate: string): Promise<void> {
    const fd = await waitFor(() => {
      try {
        return openSync(gate, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENXIO') return undefined;
        throw error;
      }
    }, `the container to open ${gate}`);
    writeSync(fd, 'go\n');
    closeSync(fd);
  }

  async function runChurnSession(): Promise<ChurnSession> {
    const files = writeChurnFiles(temporary);
    const user = (await processInfoByPids([process.pid], ['user']))[1][0];
    const processes = Math.max(CHURN_PROCESSES, loweredPidMax ?? 0);
    const result: ChurnSession = {
      failures: [],
      hostProblems: [],
      containerProblems: [],
      hostChurnRows: 0,
      containerChurnRows: 0,
      calls: 0,
      hostLog: { pids: [], done: false },
      hostExit: { status: null, signal: null },
      containerChurnEnded: false,
      leftovers: [],
    };

    // Host pid of each churn script, with the args that its forked
    // children show until they exec.
    const hostParents = new Map<number, string>();
    let container: Launched | undefined;
    let containerLogPath: string | undefined;
    let containerCommand: string[] | undefined;
    if (isRoot) {
      const gate = path.join(temporary, 'gate');
      execFileSync('mkfifo', [gate]);
      containerLogPath = path.join(temporary, 'container.log');
      containerCommand = churnCommand(files, processes, CHURN_SECONDS, containerLogPath);
      container = await startGatedContainer(gate, containerCommand);
      await openGate(gate);
      const containerArgs = containerCommand.join(' ');
      const scriptPid = await waitFor(
        () => subtreeOf(container!.target).find((pid) => argsOf(pid) === containerArgs),
        'the container churn to start',
      );
      hostParents.set(scriptPid, containerArgs);
    }

    const hostLogPath = path.join(temporary, 'host.log');
    const hostCommand = churnCommand(files, processes, CHURN_SECONDS, hostLogPath, loweredPidMax === undefined ? undefined : originalPidMax);
    const churn = spawn(hostCommand[0], hostCommand.slice(1), { stdio: 'ignore', env: withoutPreload() });
    const churnExited = once(churn, 'exit');
    await once(churn, 'spawn');
    hostParents.set(churn.pid!, hostCommand.join(' '));

    const record = (problems: string[], problem: string | undefined) => {
      if (problem !== undefined && problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
    };
    const call = async <T>(run: () => Promise<T>): Promise<T | undefined> => {
      result.calls++;
      try {
        return await run();
      } catch (error) {
        result.failures.push(error);
        return undefined;
      }
    };

    let churnEnded = false;
    void churnExited.then(() => {
      churnEnded = true;
    });
    const deadline = Date.now() + CHURN_SECONDS * 1000 + EXIT_GRACE_MS;
    const churning = () => {
      const containerDone = containerLogPath === undefined || readChurnLog(containerLogPath).done;
      return !(churnEnded && containerDone) && Date.now() < deadline;
    };
    const hostExpectation = { parents: hostParents, user };
    let recentPids: number[] = [];

    // Lists the host (all of it, then the latest churn pids) and joins the
    // container, over and over until both churns have ended.
    const listRepeatedly = async (): Promise<void> => {
      while (churning()) {
        const all = await call(() => processInfo([...RACE_DESCRIPTORS]));
        for (const row of all?.slice(1) ?? []) {
          record(result.hostProblems, churnRowProblem(row, hostExpectation));
          if (isChurnRow(row)) result.hostChurnRows++;
        }

        const logged = readChurnLog(hostLogPath).pids.slice(-32);
        const byPids = await call(() => processInfoByPids([...logged, ...recentPids], [...RACE_DESCRIPTORS]));
        for (const row of byPids?.slice(1) ?? []) record(result.hostProblems, churnRowProblem(row, hostExpectation));
        recentPids = (all?.slice(1) ?? []).filter(isChurnRow).map((row) => Number(row[0]));

        if (container === undefined) continue;
        const joined = await call(() => joinNamespaceAndProcessInfo(container!.target, [...RACE_DESCRIPTORS]));
        // The script logs its own pid before it starts any child, so a
        // listing that shows a child was made after the log names it.
        const parent = readChurnLog(containerLogPath!).parent;
        const containerParents = new Map<number, string>(parent === undefined ? [] : [[parent, containerCommand!.join(' ')]]);
        for (const row of joined?.slice(1) ?? []) {
          record(result.containerProblems, churnRowProblem(row, { parents: containerParents, user }));
          if (isChurnRow(row)) result.containerChurnRows++;
        }
      }
    };
    await Promise.all([listRepeatedly(), listRepeatedly()]);

    if (!churnEnded) {
      // The churn should have ended by itself; SIGKILL ends it here so that
      // nothing outlives the test, and the exit test reports the signal.
      churn.kill('SIGKILL');
    }
    const [status, signal] = (await churnExited) as [number | null, string | null];
    result.hostExit = { status, signal };
    result.hostLog = readChurnLog(hostLogPath);
    if (containerLogPath !== undefined) {
      result.containerLog = readChurnLog(containerLogPath);
      result.containerChurnEnded = result.containerLog.done;
    }
    await container?.stop();
    result.leftovers = churnLeftovers();
    return result;
  }

  beforeAll(async () => {
    temporary = mkdtempSync(path.join(tmpdir(), 'psnode-churn-'));
    chmodSync(temporary, 0o755);
    originalPidMax = readPidMax();
    try {
      if (isRoot) {
        loweredPidMax = Math.min(originalPidMax, countTasks() + PID_HEADROOM);
        writePidMax(loweredPidMax);
      }
      session = await runChurnSession();
    } finally {
      if (isRoot) writePidMax(originalPidMax);
      pidMaxAfterRun = readPidMax();
    }
  }, 90_000);

  afterAll(() => {
    // A second chance to restore pid_max, should the hook above have been
    // cut short.
    if (isRoot && readPidMax() !== originalPidMax) writePidMax(originalPidMax);
    rmSync(temporary, { recursive: true, force: true });
  });

  it('no call rejects', () => {
    expect(session.failures).toEqual([]);
  });

  it('made calls during the churn', () => {
    expect(session.calls).toBeGreaterThan(10);
  });

  it('host rows show one process each', () => {
    expect(session.hostProblems).toEqual([]);
  });

  it('host listings saw churn processes', () => {
    expect(session.hostChurnRows).toBeGreaterThan(0);
  });

  itRoot('joined rows show one process each', () => {
    expect(session.containerProblems).toEqual([]);
  });

  itRoot('joins saw churn processes', () => {
    expect(session.containerChurnRows).toBeGreaterThan(0);
  });

  itRoot('host pids were reused', () => {
    expect(reusedPids(session.hostLog.pids).length).toBeGreaterThan(0);
  });

  itRoot('container pids were reused', () => {
    expect(reusedPids(session.containerLog?.pids ?? []).length).toBeGreaterThan(0);
  });

  itRoot('pid_max was lowered', () => {
    expect(loweredPidMax).toBeLessThan(originalPidMax);
  });

  itRoot('pid_max is restored', () => {
    expect(pidMaxAfterRun).toBe(originalPidMax);
  });

  it('churn exits by itself', () => {
    expect(session.hostExit).toEqual({ status: 0, signal: null });
  });

  it('churn reaps every child', () => {
    expect(session.hostLog.done).toBe(true);
  });

  itRoot('container churn reaps every child', () => {
    expect(session.containerChurnEnded).toBe(true);
  });

  it('leaves no churn processes', () => {
    expect(session.leftovers).toEqual([]);
  });
});

describeRoot('hostile container content', () => {
  // Each container runs `sh -c 'set -e; SETUP; exec sleep 1000'` in new PID
  // and mount namespaces. unshare makes the new mount namespace private, so
  // every mount of SETUP stays inside the container.
  const JOIN_TIME_LIMIT_MS = 5_000;
  let temporary: string;

  /** Starts a container that runs `setup` with sh, with `$0` set to `argument`, and then execs `sleep 1000`. */
  function startPrepared(setup: string, expectedArgs: string[], argument = 'container'): Promise<Launched> {
    return startPlainContainer(['sh', '-c', `set -e\n${setup}\nexec sleep 1000`, argument], expectedArgs);
  }

  beforeAll(() => {
    temporary = mkdtempSync(path.join(tmpdir(), 'psnode-hostile-'));
    chmodSync(temporary, 0o755);
  });

  afterAll(async () => {
    await stopAll();
    rmSync(temporary, { recursive: true, force: true });
  });

  /** Writes a fake /proc/PID directory for `pid`: stat, status and cmdline of this process with the comm `comm`. */
  function writeFakeProcess(directory: string, pid: number, comm: string): void {
    mkdirSync(directory, { recursive: true });
    const realStat = readFileSync('/proc/self/stat', 'utf8');
    const afterComm = realStat.slice(realStat.lastIndexOf(')') + 2);
    writeFileSync(path.join(directory, 'stat'), `${pid} (${comm}) ${afterComm}`);
    const status = readFileSync('/proc/self/status', 'utf8')
      .replace(/^Name:.*$/m, `Name:\t${comm}`)
      .replace(/^Tgid:.*$/m, `Tgid:\t${pid}`)
      .replace(/^Pid:.*$/m, `Pid:\t${pid}`)
      .replace(/^NSpid:.*$/m, `NSpid:\t${pid}`);
    writeFileSync(path.join(directory, 'status'), status);
    writeFileSync(path.join(directory, 'cmdline'), 'forged\0args\0');
  }

  describe('tmpfs over /proc', () => {
    let container: Launched;
    let plain: Launched;
    let error: SystemError;

    beforeAll(async () => {
      const fake = path.join(temporary, 'proc-1');
      writeFakeProcess(fake, 1, 'fakeinit');
      container = await startPrepared('mount -t tmpfs none /proc\nmkdir /proc/1\ncp "$0"/* /proc/1/', ['sleep 1000'], fake);
      plain = await startPlainContainer(['sleep', '1001'], ['sleep 1001']);
      error = (await rejectionOf(() => joinNamespaceAndProcessInfo(container.target, ['pid', 'comm', 'args']))) as unknown as SystemError;
    });

    it('rejects with ENOTSUP', () => {
      expect(error.code).toBe('ENOTSUP');
    });

    it('names statfs as the syscall', () => {
      expect(error.syscall).toBe('statfs');
    });

    it('names /proc as the path', () => {
      expect(error.path).toBe('/proc');
    });

    it('carries the pid', () => {
      expect(error.pid).toBe(container.target);
    });

    it('message names the pid', () => {
      expect(error.message).toContain(`pid ${container.target}`);
    });

    it('by pids rejects beside a plain container', async () => {
      const call = joinNamespaceAndProcessInfoByPids([plain.target, container.target], ['pid', 'comm']);
      await expect(call).rejects.toMatchObject({ code: 'ENOTSUP', pid: container.target });
    });
  });

  describe('mounts over /proc entries', () => {
    // The container's /proc is a real procfs, but a directory or a file of
    // its pid 2 is covered by a bind mount of forged content.
    const FAKE_COMM = 'fakecomm';
    let fakeDirectory: string;

    beforeAll(() => {
      fakeDirectory = path.join(temporary, 'proc-2');
      writeFakeProcess(fakeDirectory, 2, FAKE_COMM);
    });

    /** Returns the rows of a join that show the forged comm or args, or the error the join rejected with. */
    async function forgedRows(container: Launched): Promise<string[][]> {
      const outcome = await settleWithin(joinNamespaceAndProcessInfo(container.target, ['pid', 'comm', 'args']), JOIN_TIME_LIMIT_MS);
      if (outcome.timedOut) throw new Error(`the join did not settle within ${JOIN_TIME_LIMIT_MS} ms`);
      // A rejection lists no rows, so it shows nothing forged.
      return (outcome.value ?? []).filter((row) => row[1] === FAKE_COMM || row[2] === 'forged args');
    }

    it('bind over /proc/PID lists no forged row', async () => {
      const container = await startPrepared('sleep 999 &\nmount --bind "$0" "/proc/$!"', ['sleep 1000', 'sleep 999'], fakeDirectory);
      expect(await forgedRows(container)).toEqual([]);
    });

    it('bind over /proc/PID/stat lists no forged row', async () => {
      const stat = path.join(fakeDirectory, 'stat');
      const container = await startPrepared('sleep 999 &\nmount --bind "$0" "/proc/$!/stat"', ['sleep 1000', 'sleep 999'], stat);
      expect(await forgedRows(container)).toEqual([]);
    });
  });

  // [kind, commands that make /etc/passwd and /etc/group after a tmpfs
  // covers /etc, the user and group names that pid 1 (uid and gid 0) shows]
  describe.each([
    ['a FIFO', 'mkfifo /etc/passwd /etc/group', '0', '0'],
    ['a directory', 'mkdir /etc/passwd /etc/group', '0', '0'],
    ['a symlink to /dev/zero', 'ln -s /dev/zero /etc/passwd\nln -s /dev/zero /etc/group', '0', '0'],
    [
      // The first line would name uid and gid 0 if the file were read.
      'a 20 MiB file',
      [
        "{ echo 'bigroot:x:0:0::/:/bin/sh'; head -c 20971520 /dev/zero | tr '\\000' x; echo; } > /etc/passwd",
        "{ echo 'biggroup:x:0:'; head -c 20971520 /dev/zero | tr '\\000' x; echo; } > /etc/group",
      ].join('\n'),
      '0',
      '0',
    ],
    // The control: a small regular file names the ids.
    [
      'a small file',
      "echo 'smallroot:x:0:0::/:/bin/sh' > /etc/passwd\necho 'smallgroup:x:0:' > /etc/group",
      'smallroot',
      'smallgroup',
    ],
  ])('/etc/passwd as %s', (_kind, craft, user, group) => {
    let outcome: Settled<string[][]>;

    beforeAll(async () => {
      const container = await startPrepared(`mount -t tmpfs none /etc\n${craft}`, ['sleep 1000']);
      outcome = await settleWithin(
        joinNamespaceAndProcessInfo(container.target, ['pid', 'user', 'ruser', 'group', 'huser']),
        JOIN_TIME_LIMIT_MS,
      );
      await container.stop();
    });

    it('join settles within 5 s', () => {
      expect(outcome.timedOut).toBe(false);
    });

    it('join resolves', () => {
      expect(outcome.error).toBeUndefined();
    });

    it(user === '0' ? 'prints ids as numbers' : 'prints names from the file', () => {
      expect(outcome.value).toEqual([
        ['PID', 'USER', 'RUSER', 'GROUP', 'HUSER'],
        ['1', user, user, group, hostUser(0)],
      ]);
    });
  });

  describe.each([
    // [case, commands that craft /dev/pts after a tmpfs covers it, whether the tty name must show]
    ['regular file', ': > "/dev/pts/$n"', false],
    ['FIFO', 'mkfifo "/dev/pts/$n"', false],
    ['directory', 'mkdir "/dev/pts/$n"', false],
    ['symlink to /dev/null', 'ln -s /dev/null "/dev/pts/$n"', false],
    ['node with wrong minor', 'mknod "/dev/pts/$n" c "$major" "$((minor + 1))"', false],
    ['node with wrong major', 'mknod "/dev/pts/$n" c 1 3', false],
    ['block node with right numbers', 'mknod "/dev/pts/$n" b "$major" "$minor"', false],
    ['right node under another number', 'mknod "/dev/pts/$((n + 1))" c "$major" "$minor"', false],
    ['right node', 'mknod "/dev/pts/$n" c "$major" "$minor"', true],
  ])('/dev/pts/N as %s', (_kind, craft, nameShows) => {
    // The container's pid 1 has a pseudo-terminal as its controlling
    // terminal. Before it execs sleep it notes the terminal's number and
    // device numbers and covers /dev/pts with a tmpfs holding `craft`.
    const SETUP = [
      'set -e',
      'terminal=$(readlink /proc/self/fd/0)',
      'n=${terminal#/dev/pts/}',
      "set -- $(stat -Lc '%t %T' /proc/self/fd/0)",
      'major=$((0x$1))',
      'minor=$((0x$2))',
      'mount -t tmpfs none /dev/pts',
    ].join('\n');
    let terminal: TerminalProcess;
    let hostTty: string;
    let outcome: Settled<string[][]>;

    beforeAll(async () => {
      const depth = nsPidsOf(process.pid)!.length;
      terminal = await startOnTerminal(
        'exec unshare --pid --mount --fork --mount-proc /bin/sh -c "$PSNODE_CONTAINER_SCRIPT"',
        { PSNODE_CONTAINER_SCRIPT: `${SETUP}\n${craft}\nexec sleep 1000` },
        (pid) => argsOf(pid) === 'sleep 1000' && nsPidsOf(pid)?.length === depth + 1,
        `a container with ${_kind} at /dev/pts/N`,
      );
      hostTty = (await processInfoByPids([terminal.target], ['tty']))[1][0];
      outcome = await settleWithin(joinNamespaceAndProcessInfo(terminal.target, ['pid', 'tty']), JOIN_TIME_LIMIT_MS);
    });

    afterAll(async () => {
      await terminal?.stop();
    });

    it('host names the terminal', () => {
      expect(hostTty).toBe(terminal.tty);
    });

    it('join settles within 5 s', () => {
      expect(outcome.timedOut).toBe(false);
    });

    it('join resolves', () => {
      expect(outcome.error).toBeUndefined();
    });

    it(nameShows ? 'prints the terminal name' : 'prints ? or the right name', () => {
      const row = outcome.value?.find((cells) => cells[0] === '1');
      const allowed = nameShows ? [terminal.tty] : ['?', terminal.tty];
      expect(allowed).toContain(row?.[1]);
    });
  });

  describe('untouched /dev', () => {
    let terminal: TerminalProcess;

    beforeAll(async () => {
      const depth = nsPidsOf(process.pid)!.length;
      terminal = await startOnTerminal(
        'exec unshare --pid --mount --fork --mount-proc sleep 1000',
        {},
        (pid) => argsOf(pid) === 'sleep 1000' && nsPidsOf(pid)?.length === depth + 1,
        'a container on a pseudo-terminal',
      );
    });

    afterAll(async () => {
      await terminal?.stop();
    });

    it('join prints the terminal name', async () => {
      const table = await joinNamespaceAndProcessInfo(terminal.target, ['pid', 'tty']);
      expect(table).toEqual([['PID', 'TTY'], ['1', terminal.tty]]);
    });
  });
});

describe('bad arguments', () => {
  // Pids and descriptors that test/api.test.ts does not try. Each rejects
  // with a code before /proc is read.
  const badPids: Array<[string, unknown, string]> = [
    ['2**53', 2 ** 53, 'ERR_OUT_OF_RANGE'],
    ['1e300', 1e300, 'ERR_OUT_OF_RANGE'],
    ['-Infinity', -Infinity, 'ERR_OUT_OF_RANGE'],
    ['-0', -0, 'ERR_OUT_OF_RANGE'],
    ['-1', -1, 'ERR_OUT_OF_RANGE'],
    ["'99999999999999999999'", '99999999999999999999', 'ERR_OUT_OF_RANGE'],
    ['400 nines', '9'.repeat(400), 'ERR_OUT_OF_RANGE'],
    ["'00'", '00', 'ERR_OUT_OF_RANGE'],
    ["'0x10'", '0x10', 'ERR_INVALID_ARG_VALUE'],
    ["'1e3'", '1e3', 'ERR_INVALID_ARG_VALUE'],
    ["'-1'", '-1', 'ERR_INVALID_ARG_VALUE'],
    ["'1\\n'", '1\n', 'ERR_INVALID_ARG_VALUE'],
    ["'1\\0'", '1\u0000', 'ERR_INVALID_ARG_VALUE'],
    ['Arabic-Indic three', '\u0663', 'ERR_INVALID_ARG_VALUE'],
    ['fullwidth one', '\uff11', 'ERR_INVALID_ARG_VALUE'],
    ['object', {}, 'ERR_INVALID_ARG_TYPE'],
    ['array', [1], 'ERR_INVALID_ARG_TYPE'],
    ['Number object', Object(1), 'ERR_INVALID_ARG_TYPE'],
    ['symbol', Symbol('pid'), 'ERR_INVALID_ARG_TYPE'],
    ['function', () => 1, 'ERR_INVALID_ARG_TYPE'],
  ];

  it.each(badPids)('pid %s rejects by pids', async (_title, pid, code) => {
    await expect(processInfoByPids([pid as number], ['pid'])).rejects.toMatchObject({ code });
  });

  it.each(badPids)('pid %s rejects a join', async (_title, pid, code) => {
    await expect(joinNamespaceAndProcessInfo(pid as number, ['pid'])).rejects.toMatchObject({ code });
  });

  it.each(badPids)('pid %s carries the value', async (_title, pid) => {
    const error = await rejectionOf(() => processInfoByPids([pid as number], ['pid']));
    expect(Object.is(error.value, pid)).toBe(true);
  });

  it('symbol pid message names the type', async () => {
    const error = await rejectionOf(() => processInfoByPids([Symbol('pid')] as unknown as number[], ['pid']));
    expect(error.message).toContain('symbol');
  });

  it('leading zeros name the pid', async () => {
    const table = await processInfoByPids(['0001'], ['pid']);
    expect(table).toEqual([['PID'], ['1']]);
  });

  describe('100,000 pids', () => {
    // Pids 1 to 100,000: the listing holds only the ones that exist.
    const COUNT = 100_000;
    const TIME_LIMIT_MS = 10_000;
    let before: Set<number>;
    let after: Set<number>;
    let listed: number[];
    let elapsedMs: number;

    beforeAll(async () => {
      const pids = Array.from({ length: COUNT }, (_, i) => i + 1);
      before = new Set(hostPids());
      const started = Date.now();
      const table = await processInfoByPids(pids, ['pid']);
      elapsedMs = Date.now() - started;
      after = new Set(hostPids());
      listed = table.slice(1).map((row) => Number(row[0]));
    });

    it('finishes within 10 s', () => {
      expect(elapsedMs).toBeLessThan(TIME_LIMIT_MS);
    });

    it('lists only requested pids', () => {
      expect(listed.filter((pid) => pid < 1 || pid > COUNT)).toEqual([]);
    });

    it('lists only pids that existed', () => {
      // A process that started and exited during the call was never in
      // either snapshot, so it may be listed too; it is rare.
      expect(listed.filter((pid) => !before.has(pid) && !after.has(pid)).length).toBeLessThan(5);
    });

    it('lists every lasting process', () => {
      const lasting = [...before].filter((pid) => after.has(pid) && pid <= COUNT);
      const missing = lasting.filter((pid) => !listed.includes(pid));
      expect(missing).toEqual([]);
    });

    it('lists in ascending order', () => {
      expect(listed).toEqual([...listed].sort((a, b) => a - b));
    });

    it('lists each pid once', () => {
      expect(new Set(listed).size).toBe(listed.length);
    });
  });

  it('100,000 copies print once', async () => {
    const table = await processInfoByPids(Array(100_000).fill(process.pid), ['pid']);
    expect(table).toEqual([['PID'], [String(process.pid)]]);
  });

  it('bad pid at the end of 100,000', async () => {
    const pids: unknown[] = Array.from({ length: 100_000 }, (_, i) => i + 1);
    pids[99_999] = '0x10';
    const error = await rejectionOf(() => processInfoByPids(pids as number[], ['pid']));
    expect(error.message).toContain('pids[99999]');
  });

  const junkDescriptors = ['pid;', 'pid\u0000', '%', '   ', '=HEADER', 'pid,comm', 'pid comm', 'PID', '%Q', '%%p'];

  it.each(junkDescriptors)('descriptor %j is unknown', async (descriptor) => {
    await expect(processInfo(['pid', descriptor])).rejects.toMatchObject({ code: 'ERR_UNKNOWN_DESCRIPTOR', value: descriptor });
  });

  it.each(junkDescriptors)('descriptor %j is unknown to a join', async (descriptor) => {
    await expect(joinNamespaceAndProcessInfo(process.pid, [descriptor])).rejects.toMatchObject({ code: 'ERR_UNKNOWN_DESCRIPTOR' });
  });

  it('pid= prints an empty header', async () => {
    const table = await processInfoByPids([process.pid], ['pid=']);
    expect(table).toEqual([[''], [String(process.pid)]]);
  });

  it('header keeps a second =', async () => {
    const table = await processInfoByPids([], ['pid==x']);
    expect(table).toEqual([['=x']]);
  });

  it('1,000 duplicate descriptors', async () => {
    const table = await processInfoByPids([process.pid], Array(1000).fill('pid'));
    expect(table[1]).toEqual(Array(1000).fill(String(process.pid)));
  });

  describe('CLI', () => {
    function runCli(args: string[]): Promise<CommandResult> {
      return runCommand(process.execPath, [CLI, ...args]);
    }

    const usageErrors: Array<[string, string[]]> = [
      ['hex pid', ['-pids', '0x10']],
      ['exponent pid', ['-pids', '1e3']],
      ['Arabic-Indic pid', ['-pids', '\u0663']],
      ['20-digit pid', ['-pids', '99999999999999999999']],
      ['negative pid', ['-pids', '-1']],
      ['empty pid in list', ['-pids', '1,,2']],
      ['empty pid list', ['-pids', '']],
      ['descriptor with ;', ['-format', 'pid;']],
      ['descriptor %', ['-format', '%']],
      ['empty -format', ['-format', '']],
      ['-o =HEADER', ['-o', '=HEADER']],
      // ps 4.0.2 rejects an empty -o: "format specification must follow -o".
      ['empty -o', ['-o', '']],
    ];

    it.each(usageErrors)('%s exits 2', async (_title, args) => {
      const result = await runCli(args);
      expect(result.status).toBe(2);
    });

    it.each(usageErrors)('%s explains on stderr', async (_title, args) => {
      const result = await runCli(args);
      expect(result.stderr).toMatch(/^psnode: \S/);
    });

    it('10,000 pids list existing ones', async () => {
      // 10,000 pids fit in one argument; Linux limits one to 128 KiB.
      const pids = Array.from({ length: 10_000 }, (_, i) => i + 1);
      const result = await runCli(['-json', '-format', 'pid', '-pids', pids.join(',')]);
      const listed = (JSON.parse(result.stdout) as string[][]).slice(1).map((row) => Number(row[0]));
      expect(listed.filter((pid) => pid > 10_000)).toEqual([]);
    });

    it('duplicate pids print once', async () => {
      const result = await runCli(['-json', '-format', 'pid', '-pids', '1,1,01']);
      expect(JSON.parse(result.stdout)).toEqual([['PID'], ['1']]);
    });
  });
});

describeRoot('as an unprivileged user', () => {
  // Runs psnode and ps as uid 65534 (user nobody) with setpriv, over processes
  // of root, of uid 65533, of uid 65534 itself, a kernel thread and a
  // process on a pseudo-terminal, and compares them keyword by keyword.
  const KEYWORDS = [
    'user', 'ruser', 'group', 'supgid', 'args', 'comm', 'tty', 'stat', 'nlwp', 'f', 'wchan', 'label', 'cgroup',
    'ipcns', 'mntns', 'netns', 'pidns', 'userns', 'utsns', 'cgroupns', 'timens', 'rss', 'vsz',
  ];
  // Values that change while the process runs. pid 1 is left out for
  // them; rss and vsz are compared within RESIDENT_TOLERANCE_KIB.
  const VOLATILE_KEYWORDS = new Set(['stat', 'nlwp', 'wchan', 'rss', 'vsz']);
  const RESIDENT_TOLERANCE_KIB = 256;

  // Prints one JSON object with the rows of processInfoByPids for each
  // keyword, the outcome of joining each pid of the third argument, and
  // the number of rows that processInfo lists.
  // It loads a world-readable copy of the package, which uid 65534 can
  // read wherever the checkout is.
  const script = (index: string) => `
const psnode = require(${JSON.stringify(index)});
const [pids, keywords, joinTargets] = JSON.parse(process.argv[1]);
async function main() {
  const values = {};
  for (const keyword of keywords) {
    values[keyword] = (await psnode.processInfoByPids(pids, ['pid', keyword])).slice(1);
  }
  const joins = [];
  for (const pid of joinTargets) {
    try {
      await psnode.joinNamespaceAndProcessInfo(pid, ['pid']);
      joins.push({ target: pid, resolved: true });
    } catch (e) {
      joins.push({ target: pid, code: e.code, errno: e.errno, syscall: e.syscall, pid: e.pid, message: e.message });
    }
  }
  const listed = (await psnode.processInfo(['pid', 'user', 'args'])).length - 1;
  console.log(JSON.stringify({ uid: process.getuid(), values, joins, listed }));
}
main().catch((e) => { console.error(e); process.exit(1); });
`;

  interface JoinOutcome {
    target: number;
    resolved?: boolean;
    code?: string;
    errno?: number;
    syscall?: string;
    pid?: number;
    message?: string;
  }

  interface NobodyOutput {
    uid: number;
    values: Record<string, string[][]>;
    joins: JoinOutcome[];
    listed: number;
  }

  let rootSleep: number;
  let otherUserSleep: number;
  let nobodySleep: number;
  let terminal: TerminalProcess;
  let kernelThread: number | undefined;
  let pids: number[];
  let output: NobodyOutput;
  const psValues = new Map<string, Map<number, string>>();

  beforeAll(async () => {
    rootSleep = await startProcess('sleep', ['1000'], 'sleep 1000');
    otherUserSleep = await startProcess('setpriv', ['--reuid=65533', '--regid=65533', '--clear-groups', 'sleep', '1001'], 'sleep 1001');
    nobodySleep = await startProcess('setpriv', [...NOBODY_SETPRIV, 'sleep', '1002'], 'sleep 1002');
    terminal = await startOnTerminal('exec sleep 1003', {}, (pid) => argsOf(pid) === 'sleep 1003', 'sleep on a pseudo-terminal');
    // Pid 2 is kthreadd when this test runs in the host's PID namespace.
    kernelThread = readFileSync('/proc/2/stat', 'utf8').includes('(kthreadd)') ? 2 : undefined;
    pids = [1, ...(kernelThread === undefined ? [] : [kernelThread]), rootSleep, otherUserSleep, nobodySleep, terminal.target];

    const env = { ...process.env };
    delete env.PSNODE_PREBUILD;
    output = await runNodeScript<NobodyOutput>(
      ['setpriv', ...NOBODY_SETPRIV],
      script(readablePackage()),
      [JSON.stringify([pids, KEYWORDS, [rootSleep, nobodySleep]])],
      env,
    );
    for (const keyword of KEYWORDS) {
      const result = await runCommand('setpriv', [...NOBODY_SETPRIV, 'ps', '-o', `pid=,${keyword}=`, '-p', pids.join(',')], {
        env: withoutPreload(psEnvironment()),
      });
      if (result.status !== 0) {
        throw new Error(`ps -o ${keyword}= as uid 65534 failed with status ${result.status} (signal ${result.signal}): ${result.stderr}`);
      }
      psValues.set(keyword, parsePsOutput(result.stdout, keyword));
    }
  }, 60_000);

  afterAll(async () => {
    await terminal?.stop();
    await stopStarted();
  });

  /** Returns whether two values of `keyword` agree, within the tolerance for rss and vsz. */
  function agree(keyword: string, psnodeValue: string | undefined, psValue: string | undefined): boolean {
    if (psnodeValue === undefined || psValue === undefined) return false;
    if (psnodeValue === psValue) return true;
    if (keyword === 'rss' || keyword === 'vsz') {
      return Math.abs(Number(psnodeValue) - Number(psValue)) <= RESIDENT_TOLERANCE_KIB;
    }
    return false;
  }

  it('runs as uid 65534', () => {
    expect(output.uid).toBe(65534);
  });

  it('processInfo lists processes', () => {
    expect(output.listed).toBeGreaterThanOrEqual(pids.length);
  });

  it.each(KEYWORDS)('%s matches ps as the same user', (keyword) => {
    const ours = new Map(output.values[keyword].map(([pid, value]) => [Number(pid), value]));
    const theirs = psValues.get(keyword)!;
    const compared = VOLATILE_KEYWORDS.has(keyword) ? pids.filter((pid) => pid !== 1) : pids;
    const differences = compared
      .filter((pid) => !agree(keyword, ours.get(pid), theirs.get(pid)))
      .map((pid) => ({ pid, psnode: ours.get(pid), ps: theirs.get(pid) }));
    expect(differences).toEqual([]);
  });

  it('joining a root process rejects', () => {
    const outcome = output.joins.find((join) => join.target === rootSleep);
    expect(['EPERM', 'EACCES']).toContain(outcome?.code);
  });

  it('joining a root process carries the pid', () => {
    const outcome = output.joins.find((join) => join.target === rootSleep);
    expect(outcome?.pid).toBe(rootSleep);
  });

  it('joining its own process rejects', () => {
    const outcome = output.joins.find((join) => join.target === nobodySleep);
    expect(['EPERM', 'EACCES']).toContain(outcome?.code);
  });

  it('joining its own process carries the pid', () => {
    const outcome = output.joins.find((join) => join.target === nobodySleep);
    expect(outcome?.pid).toBe(nobodySleep);
  });

  it('join errors have negative errno', () => {
    const errnos = output.joins.map((join) => join.errno);
    expect(errnos.filter((errno) => errno === undefined || errno >= 0)).toEqual([]);
  });
});

describe('resource use', () => {
  describe('soak of 20,000 calls', () => {
    // The mix has 20,000 calls in all. There are 100 processInfo calls
    // with every descriptor, 1,000 with the default descriptors, 200 with
    // threads, and 16,700 processInfoByPids calls of three pids (one of
    // them reaped). The other 2,000 are joins, 1,500 of a plain container
    // and 500 of a container whose /proc is a tmpfs, which reject with
    // ENOTSUP. Without root they are processInfoByPids calls in psgo
    // format. The listings of every process are few because their cost
    // grows with the number of processes. With 90 processes, 200 calls in
    // a loop took 7 ms each with every descriptor and 0.2 ms each by pids
    // (2 vCPUs, unloaded), which puts the run at an estimated 10 s, several
    // times that under AddressSanitizer. Calls run in batches of 8,
    // alternately one after another and all 8 at once.
    const TOTAL_CALLS = 20_000;
    const BATCH = 8;
    // Resident memory may grow by this much over the run (after a full
    // garbage collection): the soak keeps no results, so growth beyond it
    // means memory that the calls do not free. Under AddressSanitizer
    // freed memory waits in a quarantine (256 MiB unless ASAN_OPTIONS sets
    // quarantine_size_mb), which the bound allows for.
    const RESIDENT_GROWTH_LIMIT_KIB = 50 * 1024 + sanitizerQuarantineKiB();

    type Kind = 'all' | 'default' | 'byPids' | 'threads' | 'join' | 'joinRejected' | 'psgo';
    const MIX: Array<[Kind, number]> = isRoot
      ? [['all', 100], ['default', 1000], ['byPids', 16_700], ['threads', 200], ['join', 1500], ['joinRejected', 500]]
      : [['all', 100], ['default', 1000], ['byPids', 16_700], ['threads', 200], ['psgo', 2000]];

    let descriptorsBefore: number;
    let descriptorsAfter: number;
    let threadsBefore: number;
    let threadsAfter: number;
    let residentBefore: number;
    let residentAfter: number;
    let calls = 0;
    let expectedRejections = 0;
    const unexpected: unknown[] = [];

    /** Spreads the kinds of MIX evenly over TOTAL_CALLS positions. */
    function schedule(): Kind[] {
      const order: Kind[] = [];
      const remaining = new Map(MIX);
      for (let i = 0; i < TOTAL_CALLS; i++) {
        // Picks the kind with the most calls left relative to its share.
        let best: Kind | undefined;
        let bestScore = -Infinity;
        for (const [kind, total] of MIX) {
          const score = remaining.get(kind)! / total;
          if (score > bestScore) {
            best = kind;
            bestScore = score;
          }
        }
        order.push(best!);
        remaining.set(best!, remaining.get(best!)! - 1);
      }
      return order;
    }

    beforeAll(async () => {
      const everyDescriptor = await listDescriptors();
      const reaped = spawn('true', { stdio: 'ignore' });
      await once(reaped, 'exit');
      const reapedPid = reaped.pid!;

      let plain: Launched | undefined;
      let hostile: Launched | undefined;
      if (isRoot) {
        plain = await startPlainContainer(['sh', '-c', 'sleep 5001 & exec sleep 5002'], ['sleep 5002', 'sleep 5001']);
        hostile = await startPlainContainer(['sh', '-c', 'mount -t tmpfs none /proc && exec sleep 5003'], ['sleep 5003']);
      }

      const callOf: Record<Kind, () => Promise<unknown>> = {
        all: () => processInfo(everyDescriptor),
        default: () => processInfo(),
        byPids: () => processInfoByPids([process.pid, 1, reapedPid]),
        threads: () => processInfo(['pid', 'tid', 'comm'], { threads: true }),
        join: () => joinNamespaceAndProcessInfo(plain!.target),
        joinRejected: () => joinNamespaceAndProcessInfo(hostile!.target, ['pid']),
        psgo: () => processInfoByPids([process.pid, 1, reapedPid], ['pid', 'pcpu', 'etime', 'stime'], { format: 'psgo' }),
      };
      const runOne = async (kind: Kind): Promise<void> => {
        calls++;
        try {
          await callOf[kind]();
        } catch (error) {
          if (kind === 'joinRejected' && (error as SystemError).code === 'ENOTSUP') expectedRejections++;
          else unexpected.push(error);
        }
      };

      // The warm-up starts libuv's thread pool, whose threads stay, and
      // loads everything the calls use.
      for (const [kind] of MIX) await callOf[kind]().catch(() => undefined);
      collectGarbage();
      descriptorsBefore = openDescriptorCount();
      threadsBefore = statusNumber('Threads');
      residentBefore = statusNumber('VmRSS');

      const order = schedule();
      for (let i = 0; i < order.length; i += BATCH) {
        const batch = order.slice(i, i + BATCH);
        if ((i / BATCH) % 2 === 0) {
          for (const kind of batch) await runOne(kind);
        } else {
          await Promise.all(batch.map(runOne));
        }
      }

      collectGarbage();
      // A joining thread has exited once its call resolves; the kernel may
      // take a moment to remove its task.
      await delay(100);
      descriptorsAfter = openDescriptorCount();
      threadsAfter = statusNumber('Threads');
      residentAfter = statusNumber('VmRSS');
      await plain?.stop();
      await hostile?.stop();
    }, 180_000);

    it('makes 20,000 calls', () => {
      expect(calls).toBe(TOTAL_CALLS);
    });

    it('no call rejects unexpectedly', () => {
      expect(unexpected).toEqual([]);
    });

    itRoot('every hostile join rejects', () => {
      expect(expectedRejections).toBe(500);
    });

    it('open descriptors return to start', () => {
      expect(descriptorsAfter).toBe(descriptorsBefore);
    });

    it('threads return to start', () => {
      expect(threadsAfter).toBe(threadsBefore);
    });

    it('resident memory grows under 50 MiB', () => {
      expect(residentAfter - residentBefore).toBeLessThan(RESIDENT_GROWTH_LIMIT_KIB);
    });
  });

  describe('RLIMIT_NOFILE of 64', () => {
    // A node process started with `prlimit --nofile=64:64` lists every
    // process, with every descriptor, while 2,000 sleeps run.
    const SLEEPS = 2000;
    const SCRIPT = `
const { readFileSync } = require('node:fs');
const psnode = require(${JSON.stringify(DIST_INDEX)});
const holder = process.argv[1];
const join = process.argv[2] === 'join';
async function main() {
  const limit = /^Max open files\\s+(\\d+)\\s+(\\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  const rows = (await psnode.processInfo(await psnode.listDescriptors())).slice(1);
  const children = (await psnode.processInfo(['ppid'])).slice(1).filter((row) => row[0] === holder).length;
  const joined = join ? (await psnode.joinNamespaceAndProcessInfo(holder, ['pid'])).length - 1 : null;
  console.log(JSON.stringify({ soft: Number(limit[1]), hard: Number(limit[2]), rows: rows.length, children, joined }));
}
main().catch((e) => { console.error(e); process.exit(1); });
`;

    interface LowLimitOutput {
      soft: number;
      hard: number;
      rows: number;
      children: number;
      joined: number | null;
    }

    let holder: SleepHolder;
    let output: LowLimitOutput;

    beforeAll(async () => {
      holder = await startSleepHolder(SLEEPS);
      output = await runNodeScript<LowLimitOutput>(['prlimit', '--nofile=64:64'], SCRIPT, [String(holder.pid), isRoot ? 'join' : '']);
    }, 90_000);

    afterAll(async () => {
      await holder?.stop();
    });

    it('runs with a limit of 64', () => {
      expect([output.soft, output.hard]).toEqual([64, 64]);
    });

    it('lists at least 2,000 processes', () => {
      expect(output.rows).toBeGreaterThanOrEqual(SLEEPS);
    });

    it('lists every sleep', () => {
      expect(output.children).toBe(SLEEPS);
    });

    itRoot('join lists at least 2,000 processes', () => {
      expect(output.joined).toBeGreaterThanOrEqual(SLEEPS);
    });
  });
});
