// Starts small containers (PID and mount namespaces made with util-linux
// unshare) and reads what the host's /proc shows about their processes, for
// the container tests. Needs root.
//
// Every launcher (unshare or nsenter) is a child of the test process. stop()
// kills the container's process first, so that the launcher reaps it and
// then exits itself. An orphan would be reparented to pid 1, which cannot be
// relied on to reap it.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const POLL_INTERVAL_MS = 20;
const READY_TIMEOUT_MS = 10_000;
const EXIT_TIMEOUT_MS = 5_000;

/** One process of a container, as the host's /proc shows it. */
export interface ContainerProcess {
  /** Pid on the host. */
  hostPid: number;
  /** Pid in the PID namespace of the container's pid 1. */
  pid: number;
  /** Command line, arguments joined by spaces. */
  args: string;
}

/** A process started in namespaces of its own through a launcher. */
export interface Launched {
  /** The launcher (unshare or nsenter) that the test spawned. */
  readonly launcher: ChildProcess;
  /** Host pid of the launcher's child: a container's pid 1, or a process that joined one. */
  readonly target: number;
  /** Kills the target with SIGKILL and waits until the launcher has exited and been reaped. */
  stop(): Promise<void>;
}

const launched: Launched[] = [];

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value other than undefined, and rejects after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined,
  description: string,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await delay(POLL_INTERVAL_MS);
  }
}

/** Reads a /proc file, or returns undefined when the process has gone. */
function readProcFile(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Returns the command line of a host pid with arguments joined by spaces, or undefined once it has gone. */
export function argsOf(pid: number): string | undefined {
  const cmdline = readProcFile(pid, 'cmdline');
  if (cmdline === undefined) return undefined;
  return cmdline.replace(/\0$/, '').split('\0').join(' ');
}

/** Returns the NSpid line of a host pid: its pid in each PID namespace, outermost first. */
export function nsPidsOf(pid: number): number[] | undefined {
  const status = readProcFile(pid, 'status');
  const line = status?.split('\n').find((l) => l.startsWith('NSpid:'));
  if (line === undefined) return undefined;
  return line.slice('NSpid:'.length).trim().split(/\s+/).map(Number);
}

/** Returns a namespace link of a host pid, such as 'pid:[4026532281]'. */
export function namespaceOf(pid: number, kind: 'pid' | 'mnt' | 'user'): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/${kind}`);
  } catch {
    return undefined;
  }
}

/** Returns the pids of the children of every thread of a host pid. */
export function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const task of tasks) {
    const text = readProcFile(pid, `task/${task}/children`) ?? '';
    for (const word of text.trim().split(/\s+/)) {
      if (word !== '') children.push(Number(word));
    }
  }
  return children;
}

/** Returns the pids of the host's /proc, ascending. */
export function hostPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^[0-9]+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

/** Returns `pid` and its descendants, found through the host's children files. */
export function subtreeOf(pid: number): number[] {
  const found: number[] = [];
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (found.includes(next)) continue;
    found.push(next);
    pending.push(...childrenOf(next));
  }
  return found.sort((a, b) => a - b);
}

/**
 * Returns the processes that the /proc of the PID namespace of host pid
 * `init` lists, ascending by their pid there: the members of that namespace
 * and their descendants in nested namespaces. Each pid there comes from the
 * NSpid line of the host's status file.
 */
export function containerProcesses(init: number): ContainerProcess[] {
  const namespace = namespaceOf(init, 'pid');
  const level = nsPidsOf(init)?.length;
  if (namespace === undefined || level === undefined) return [];

  const members = hostPids().filter((pid) => namespaceOf(pid, 'pid') === namespace);
  const hostPidsInside = new Set(members.flatMap(subtreeOf));

  const processes: ContainerProcess[] = [];
  for (const hostPid of hostPidsInside) {
    const nsPids = nsPidsOf(hostPid);
    const args = argsOf(hostPid);
    if (nsPids === undefined || args === undefined || nsPids.length < level) continue;
    processes.push({ hostPid, pid: nsPids[level - 1], args });
  }
  return processes.sort((a, b) => a.pid - b.pid);
}

/** Returns whether two lists contain the same strings, in any order. */
function sameMembers(actual: string[], expected: readonly string[]): boolean {
  const sortedActual = [...actual].sort();
  const sortedExpected = [...expected].sort();
  return sortedActual.length === sortedExpected.length && sortedActual.every((s, i) => s === sortedExpected[i]);
}

/**
 * Spawns `command ARGS` as a launcher, waits until its one child exists and
 * until that child and its descendants run exactly `expectedArgs` (command
 * lines joined by spaces), and returns the launched process.
 */
export async function launch(
  command: string,
  args: readonly string[],
  expectedArgs: readonly string[],
): Promise<Launched> {
  const launcher = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  launcher.stderr!.setEncoding('utf8');
  launcher.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(launcher, 'exit');
  // A launcher that fails to start rejects `spawn` below, and `exited` too.
  exited.catch(() => undefined);
  await once(launcher, 'spawn');

  let target = 0;
  const entry: Launched = {
    launcher,
    get target() {
      return target;
    },
    stop: () => stopLaunched(launcher, target, exited),
  };
  launched.push(entry);

  const describeLauncher = () => `${command} ${args.join(' ')} (stderr: ${JSON.stringify(stderr)})`;
  // The target is the launcher's child in another PID namespace: unshare
  // with --map-users first forks a helper that runs newuidmap in its own.
  const launcherNamespace = namespaceOf(launcher.pid!, 'pid');
  target = await waitFor(() => {
    if (launcher.exitCode !== null || launcher.signalCode !== null) {
      throw new Error(`launcher exited early: ${describeLauncher()}`);
    }
    const inside = childrenOf(launcher.pid!).filter((pid) => {
      const namespace = namespaceOf(pid, 'pid');
      return namespace !== undefined && namespace !== launcherNamespace;
    });
    return inside.length === 1 ? inside[0] : undefined;
  }, `the child of ${describeLauncher()} in a new PID namespace`);

  const running = () => subtreeOf(target).map((pid) => argsOf(pid) ?? '');
  await waitFor(
    () => (sameMembers(running(), expectedArgs) ? true : undefined),
    `${JSON.stringify(expectedArgs)} to run under ${describeLauncher()}, last seen ${JSON.stringify(running())}`,
  );
  return entry;
}

/** Returns the parent pid of a host pid from its stat file, or undefined once it has gone. */
function parentOf(pid: number): number | undefined {
  const stat = readProcFile(pid, 'stat');
  if (stat === undefined) return undefined;
  // The fields after comm, which may contain spaces and parentheses, start after the last ')'.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

async function stopLaunched(launcher: ChildProcess, target: number, exited: Promise<unknown>): Promise<void> {
  if (launcher.exitCode === null && launcher.signalCode === null) {
    // A target that is no longer the launcher's child has exited (killed
    // with the namespace it ran in), so the launcher exits by itself, and the
    // target's pid may belong to another process by now.
    if (target === 0) {
      launcher.kill('SIGKILL');
    } else if (parentOf(target) === launcher.pid) {
      process.kill(target, 'SIGKILL');
    }

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), EXIT_TIMEOUT_MS);
    });
    const reaped = await Promise.race([exited.then(() => true), timeout]);
    clearTimeout(timer);
    if (!reaped) {
      // NOTE: the launcher should exit once it has reaped the target.
      // Killing it leaves the target's remains to pid 1.
      launcher.kill('SIGKILL');
      await exited;
    }
  }
  // The container's processes inherit the launcher's stderr, and an open
  // pipe would keep jest from exiting.
  launcher.stderr?.destroy();
}

/** Stops every launched process, the latest first. */
export async function stopAll(): Promise<void> {
  while (launched.length > 0) {
    await launched.pop()!.stop();
  }
}

/**
 * Starts a container in new PID and mount namespaces with its own /proc
 * (`unshare --pid --mount --fork --mount-proc`, plus `extraOptions`), whose
 * pid 1 runs `command`. Resolves once the processes run `expectedArgs`.
 */
export function startContainer(
  command: readonly string[],
  expectedArgs: readonly string[],
  extraOptions: readonly string[] = [],
): Promise<Launched> {
  return launch('unshare', [...extraOptions, '--pid', '--mount', '--fork', '--mount-proc', '--', ...command], expectedArgs);
}

/** Options of a container that runs in a directory of its own as root directory. */
export interface RootfsOptions {
  /** Contents of the container's /etc/passwd, or 'fifo' for a named pipe there. */
  passwd: string | 'fifo';
  /** Contents of the container's /etc/group, which is left out when undefined. */
  group?: string;
  /** Target of the container's /etc/localtime symbolic link. */
  localtime?: string;
  /** Hides the host's locales from the container with a tmpfs over /usr/lib/locale, if the host has that directory. */
  hideLocales?: boolean;
  /** Shell script that the container's pid 1 runs with /bin/sh -c, inside the root directory. */
  script: string;
  /** Extra arguments of that sh -c, after the script ($0, $1, ...). */
  scriptArgs?: readonly string[];
  /** Command lines that the container runs once it is ready. */
  expectedArgs: readonly string[];
}

/** A rootfs container and the directory that it runs in. */
export interface RootfsContainer extends Launched {
  /** The container's root directory on the host. */
  readonly root: string;
  /** Removes the root directory. Call it after stop(). */
  removeRoot(): void;
}

// Directories of the host that the container's root takes: a directory is
// bind-mounted (read-only), a symbolic link such as Debian's /bin -> usr/bin
// is copied.
const SHARED_DIRECTORIES = ['usr', 'bin', 'lib', 'lib64', 'sbin'];

/** Returns the mounts whose mount point is `path` or below it, from this process's mountinfo. */
function mountsBelow(path: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((mountPoint) => mountPoint !== undefined && (mountPoint === path || mountPoint.startsWith(`${path}/`)));
}

/**
 * Starts a container whose root directory is a fresh temporary directory
 * with its own /etc: the host's /usr (and /bin, /lib, ...) is bind-mounted
 * into it, and its /proc is the container's. The bind mounts are made
 * inside the container's mount namespace (unshare --mount makes mounts
 * private), so they never appear on the host.
 */
export async function startRootfsContainer(options: RootfsOptions): Promise<RootfsContainer> {
  const root = mkdtempSync(join(tmpdir(), 'psnode-rootfs-'));
  // mkdtemp makes the directory 0700, which a container process that does
  // not run as root could not search.
  chmodSync(root, 0o755);
  const created: string[] = [];
  const directories: string[] = [];
  const makeDirectory = (relative: string) => {
    mkdirSync(join(root, relative));
    directories.push(join(root, relative));
  };
  const makeFile = (relative: string, contents: string) => {
    writeFileSync(join(root, relative), contents);
    created.push(join(root, relative));
  };

  const mounts: string[] = [];
  for (const name of SHARED_DIRECTORIES) {
    const host = `/${name}`;
    if (!existsSync(host)) continue;
    if (lstatSync(host).isSymbolicLink()) {
      symlinkSync(readlinkSync(host), join(root, name));
      created.push(join(root, name));
    } else {
      makeDirectory(name);
      mounts.push(`mount --rbind ${host} "$R/${name}" && mount -o remount,bind,ro "$R/${name}"`);
    }
  }
  makeDirectory('etc');
  makeDirectory('proc');
  makeDirectory('dev');
  makeFile('dev/null', '');
  mounts.push('mount --bind /dev/null "$R/dev/null"');
  mounts.push('mount -t proc proc "$R/proc"');
  if (options.hideLocales && existsSync('/usr/lib/locale')) mounts.push('mount -t tmpfs -o ro tmpfs "$R/usr/lib/locale"');

  if (options.passwd === 'fifo') {
    const fifo = spawn('mkfifo', [join(root, 'etc/passwd')], { stdio: 'ignore' });
    const [status] = await once(fifo, 'exit');
    if (status !== 0) throw new Error(`mkfifo ${join(root, 'etc/passwd')} failed with status ${status}`);
    created.push(join(root, 'etc/passwd'));
  } else {
    makeFile('etc/passwd', options.passwd);
  }
  if (options.group !== undefined) makeFile('etc/group', options.group);
  if (options.localtime !== undefined) {
    symlinkSync(options.localtime, join(root, 'etc/localtime'));
    created.push(join(root, 'etc/localtime'));
  }

  // Everything the setup script runs before `exec chroot` forks from pid 1
  // and has exited by the time the expected processes run.
  const setup = [...mounts, `exec chroot "$R" /bin/sh -c "$0" "$@"`].join(' && ');
  const container = await startContainer(
    ['env', `R=${root}`, 'sh', '-c', setup, options.script, ...(options.scriptArgs ?? [])],
    options.expectedArgs,
    [],
  ).catch((error: unknown) => {
    removeRoot();
    throw error;
  });

  function removeRoot(): void {
    // Removes only what this function created, and only when nothing is
    // mounted below the root: rmdir fails on a directory that is not empty.
    const leftover = mountsBelow(root);
    if (leftover.length > 0) {
      throw new Error(`not removing ${root}: mounts left on the host at ${leftover.join(', ')}`);
    }
    for (const path of created) unlinkSync(path);
    for (const path of directories.reverse()) rmdirSync(path);
    rmdirSync(root);
  }

  return {
    launcher: container.launcher,
    target: container.target,
    stop: () => container.stop(),
    root,
    removeRoot,
  };
}
