// The join functions against real containers that the tests create as root
// with util-linux unshare: PID and mount namespaces, a user namespace, a
// pod, nested PID namespaces and a container with its own root directory.
// Every container is killed and reaped in afterAll.

import { execFile, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { readablePackage, removeReadablePackage } from './support/unprivileged';
import {
  joinNamespaceAndProcessInfo,
  joinNamespaceAndProcessInfoByPids,
  processInfo,
  processInfoByPids,
  type SystemError,
} from '../lib/index';
import {
  containerProcesses,
  hostPids,
  launch,
  namespaceOf,
  nsPidsOf,
  startContainer,
  startRootfsContainer,
  stopAll,
  type ContainerProcess,
  type Launched,
  type RootfsContainer,
} from './support/containers';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const DIST_INDEX = path.join(ROOT, 'dist', 'index.js');

const HOST_DESCRIPTORS = ['hpid', 'huser', 'huid', 'hgroup', 'hgroups'];

// Host ids of the user-namespace container: container ids 0-65535 are host
// ids 100000-165535, taken from root's lines in /etc/subuid and /etc/subgid.
const SUBORDINATE_LINE = 'root:100000:65536';
const SUBORDINATE_BASE = 100000;

// Creating namespaces needs CAP_SYS_ADMIN, so the whole file needs root.
const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  console.warn('containers.test.ts skipped: creating namespaces with unshare needs root (uid 0)');
}
const describeRoot = isRoot ? describe : describe.skip;

/** Returns why the user-namespace container cannot start, or undefined when it can. */
function userNamespaceProblem(): string | undefined {
  for (const tool of ['newuidmap', 'newgidmap']) {
    const found = (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(path.join(dir, tool)));
    if (!found) return `${tool} is missing (Debian package uidmap)`;
  }
  for (const file of ['/etc/subuid', '/etc/subgid']) {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
    if (!lines.includes(SUBORDINATE_LINE)) return `${file} has no line ${SUBORDINATE_LINE}`;
  }
  return undefined;
}

const userNamespaceSkipReason = isRoot ? userNamespaceProblem() : 'not root';
if (isRoot && userNamespaceSkipReason !== undefined) {
  console.warn(`containers.test.ts: user namespace tests skipped: ${userNamespaceSkipReason}`);
}
const describeUserNamespace = userNamespaceSkipReason === undefined ? describe : describe.skip;

/** Returns the name that a passwd or group file gives `id`, or the id in decimal. */
function nameIn(file: string, id: number): string {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 3 && fields[2] === String(id)) return fields[0];
  }
  return String(id);
}

const hostUser = (uid: number) => nameIn('/etc/passwd', uid);
const hostGroup = (gid: number) => nameIn('/etc/group', gid);

/** Returns the data rows of a table, without its header row. */
function dataRows(table: string[][]): string[][] {
  return table.slice(1);
}

/** Returns the rows that descriptors ['pid', 'hpid', 'args'] are expected to give for a container's processes. */
function pidRows(processes: ContainerProcess[]): string[][] {
  return processes.map((p) => [String(p.pid), String(p.hostPid), p.args]);
}

/** Returns the row whose first cell is `first`, and throws when there is none. */
function rowStartingWith(table: string[][], first: string): string[] {
  const row = table.find((cells) => cells[0] === first);
  if (row === undefined) throw new Error(`no row starts with ${first} in ${JSON.stringify(table)}`);
  return row;
}

/** Returns the host pid of the process of `container` that runs `args`. */
function hostPidRunning(container: Launched, args: string): number {
  const found = containerProcesses(container.target).find((p) => p.args === args);
  if (found === undefined) throw new Error(`no process runs ${JSON.stringify(args)} in container ${container.target}`);
  return found.hostPid;
}

/** Returns the pid of a `true` process that has exited and been reaped. */
async function reapedPid(): Promise<number> {
  const child = spawn('true', { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

/** Rejects when `promise` has not settled after `ms` milliseconds. */
function withTimeout<T>(promise: Promise<T>, ms: number, description: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${description} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with a 30 s limit and resolves with its exit status and output. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, env, timeout: 30_000 }, (error, stdout, stderr) => {
      let status: number | null = 0;
      if (error) status = typeof error.code === 'number' ? error.code : null;
      resolve({ status, stdout, stderr });
    });
  });
}

/** Splits the CLI's table output into lines of cells (columns are three or more spaces apart). */
function cellsOf(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(/ {3,}/));
}

/** The fields of a rejection that a subprocess prints as JSON. */
interface PrintedError {
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
  pid?: number;
  message?: string;
}

// A script for `node -e` that prints the outcome of joining the pid in
// argv[1] (process.argv[1] with -e) as JSON: { rows } or { error }. With
// the argument 'own' it joins a sleep process of its own instead.
// It loads a world-readable copy of the package, which uid 65534 can read
// wherever the checkout is.
const joinScript = (index: string) => `
const { spawn } = require('node:child_process');
const psnode = require(${JSON.stringify(index)});
async function main() {
  let pid = process.argv[1];
  let child;
  if (pid === 'own') {
    child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    pid = child.pid;
  }
  try {
    const rows = await psnode.joinNamespaceAndProcessInfo(pid, ['pid', 'args']);
    console.log(JSON.stringify({ rows }));
  } catch (e) {
    const { code, errno, syscall, path, pid: errorPid, message } = e;
    console.log(JSON.stringify({ error: { code, errno, syscall, path, pid: errorPid, message } }));
  } finally {
    if (child) child.kill('SIGKILL');
  }
}
main();
`;

/** Runs joinScript as uid and gid 65534 with no supplementary groups, and parses its output. */
async function joinAsNobody(pid: number | 'own'): Promise<{ rows?: string[][]; error?: PrintedError; stderr: string }> {
  const result = await run('setpriv', [
    '--reuid=65534',
    '--regid=65534',
    '--clear-groups',
    process.execPath,
    '-e',
    joinScript(readablePackage()),
    String(pid),
  ], withoutPrebuildOverride());
  if (result.status !== 0 || result.stdout === '') {
    throw new Error(`the script as uid 65534 failed with status ${result.status}: ${result.stderr}`);
  }
  return { ...JSON.parse(result.stdout), stderr: result.stderr };
}

/** Returns the environment without PSNODE_PREBUILD, so the readable copy loads its own addon. */
function withoutPrebuildOverride(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.PSNODE_PREBUILD;
  return env;
}

afterAll(() => removeReadablePackage());

describeRoot('container functions', () => {
  // Two plain containers. In A, pid 1 runs as root and its child as uid
  // 70000, which has no name on the host. B starts after A, so its host
  // pids are higher.
  let containerA: Launched;
  let containerB: Launched;
  let childOfA: number;
  const A_ARGS = ['sleep 1002', 'sleep 1001'];
  const B_ARGS = ['sleep 2002', 'sleep 2001'];
  const UNNAMED_UID = 70000;

  beforeAll(async () => {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'lib'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    containerA = await startContainer(
      ['sh', '-c', `setpriv --reuid=${UNNAMED_UID} --regid=${UNNAMED_UID} --clear-groups sleep 1001 & exec sleep 1002`],
      A_ARGS,
    );
    containerB = await startContainer(['sh', '-c', 'sleep 2001 & exec sleep 2002'], B_ARGS);
    childOfA = hostPidRunning(containerA, 'sleep 1001');
  });

  afterAll(async () => {
    await stopAll();
  });

  describe('joinNamespaceAndProcessInfo', () => {
    const DESCRIPTORS = ['pid', 'hpid', 'args', 'user', 'ppid', 'uid', 'huid'];
    let table: string[][];

    beforeAll(async () => {
      table = await joinNamespaceAndProcessInfo(containerA.target, DESCRIPTORS);
    });

    it('starts with the header row', () => {
      expect(table[0]).toEqual(['PID', 'HPID', 'COMMAND', 'USER', 'PPID', 'UID', 'HUID']);
    });

    it('lists pid 1 first', () => {
      expect(table[1][0]).toBe('1');
    });

    it('maps pid 1 to its host pid', () => {
      expect(table[1][1]).toBe(String(containerA.target));
    });

    it('prints the args of pid 1', () => {
      expect(table[1][2]).toBe('sleep 1002');
    });

    it('pid 1 runs as root', () => {
      expect(table[1][3]).toBe('root');
    });

    it('pid 1 has ppid 0', () => {
      expect(table[1][4]).toBe('0');
    });

    it('child has ppid 1', () => {
      expect(rowStartingWith(table, '2')[4]).toBe('1');
    });

    it('unnamed uid prints as number', () => {
      // The container shares the host's /etc/passwd, which normally has no 70000.
      expect(rowStartingWith(table, '2')[3]).toBe(hostUser(UNNAMED_UID));
    });

    it('huid equals uid without user namespace', () => {
      const mismatched = dataRows(table).filter((row) => row[5] !== row[6]);
      expect(mismatched).toEqual([]);
    });

    it('lists each pid once', () => {
      const pids = dataRows(table).map((row) => row[0]);
      expect(new Set(pids).size).toBe(pids.length);
    });

    it('sorts rows by ascending pid', () => {
      const pids = dataRows(table).map((row) => Number(row[0]));
      expect(pids).toEqual([...pids].sort((x, y) => x - y));
    });

    it('lists exactly the container processes', () => {
      const rows = dataRows(table).map((row) => row.slice(0, 3));
      expect(rows).toEqual(pidRows(containerProcesses(containerA.target)));
    });

    it('accepts the pid as string', async () => {
      const fromString = await joinNamespaceAndProcessInfo(String(containerA.target), DESCRIPTORS);
      expect(fromString).toEqual(table);
    });

    it('defaults to ps -ef columns', async () => {
      const defaults = await joinNamespaceAndProcessInfo(containerA.target);
      expect(defaults[0]).toEqual(['USER', 'PID', 'PPID', '%CPU', 'ELAPSED', 'TTY', 'TIME', 'COMMAND']);
    });

    it('joining a child lists same container', async () => {
      const viaChild = await joinNamespaceAndProcessInfo(childOfA, DESCRIPTORS);
      expect(viaChild).toEqual(table);
    });

    // Descriptors whose values do not depend on the PID namespace or on
    // the time of the call read the same as on the host.
    it.each([['ps'], ['psgo']] as const)('other values match the host (%s)', async (format) => {
      const same = ['args', 'comm', 'nice', 'tty', 'stime', 'vsz', 'rss', 'state', 'capeff', 'capbnd',
        'seccomp', 'label', 'time', 'groups', 'user', 'group', 'uid', 'ruser', 'rgroup'];
      const joined = await joinNamespaceAndProcessInfo(containerA.target, ['hpid', ...same], { format });
      const host = await processInfoByPids([containerA.target, childOfA], ['pid', ...same], { format });
      expect(dataRows(joined)).toEqual(dataRows(host));
    });

    // This includes processes whose ns/pid link cannot be read, as pid 1 of
    // some sandboxes hides it even from root: an NSpid line with one entry
    // places them in the caller's PID namespace. A process that starts
    // during the call may print '?', so only older ones are checked.
    it('own namespace maps pids unchanged', async () => {
      const before = new Set(hostPids().map(String));
      const own = await joinNamespaceAndProcessInfo(process.pid, ['pid', 'hpid']);
      const mismatched = dataRows(own).filter((row) => before.has(row[0]) && row[1] !== row[0]);
      expect(mismatched).toEqual([]);
    });

    it('own namespace includes this process', async () => {
      const own = await joinNamespaceAndProcessInfo(process.pid, ['pid']);
      expect(dataRows(own).map((row) => row[0])).toContain(String(process.pid));
    });
  });

  describe('host id maps', () => {
    const DESCRIPTORS = ['pid', 'huid', 'huser', 'hgroup', 'hgroups'];
    const uidMap = [{ containerID: 0, hostID: SUBORDINATE_BASE, size: 65536 }];
    const gidMap = [{ containerID: 0, hostID: SUBORDINATE_BASE, size: 65536 }];

    it('uidMap maps huid', async () => {
      const table = await joinNamespaceAndProcessInfo(containerA.target, DESCRIPTORS, { uidMap });
      expect(rowStartingWith(table, '1')[1]).toBe(String(SUBORDINATE_BASE));
    });

    it('uidMap maps huser', async () => {
      const table = await joinNamespaceAndProcessInfo(containerA.target, DESCRIPTORS, { uidMap });
      expect(rowStartingWith(table, '1')[2]).toBe(hostUser(SUBORDINATE_BASE));
    });

    it('uid outside uidMap is overflow', async () => {
      const table = await joinNamespaceAndProcessInfo(containerA.target, DESCRIPTORS, { uidMap });
      expect(rowStartingWith(table, '2')[1]).toBe('65534');
    });

    it('uidMap leaves hgroup unmapped', async () => {
      const table = await joinNamespaceAndProcessInfo(containerA.target, DESCRIPTORS, { uidMap });
      expect(rowStartingWith(table, '1')[3]).toBe(hostGroup(0));
    });

    it('gidMap maps hgroup', async () => {
      const table = await joinNamespaceAndProcessInfo(containerA.target, DESCRIPTORS, { gidMap });
      expect(rowStartingWith(table, '1')[3]).toBe(hostGroup(SUBORDINATE_BASE));
    });

    it('gid outside gidMap is overflow', async () => {
      const table = await joinNamespaceAndProcessInfo(containerA.target, DESCRIPTORS, { gidMap });
      expect(rowStartingWith(table, '2')[3]).toBe(hostGroup(65534));
    });

    it('fillMappings on host maps identically', async () => {
      const filled = await joinNamespaceAndProcessInfo(containerA.target, DESCRIPTORS, { fillMappings: true });
      const plain = await joinNamespaceAndProcessInfo(containerA.target, DESCRIPTORS);
      expect(filled).toEqual(plain);
    });

    it('fillMappings overrides given maps', async () => {
      const filled = await joinNamespaceAndProcessInfo(containerA.target, DESCRIPTORS, { fillMappings: true, uidMap });
      expect(rowStartingWith(filled, '1')[1]).toBe('0');
    });
  });

  describe('pod', () => {
    // Pod member M joins the PID namespace of P but gets a mount namespace
    // of its own, as the containers of a Kubernetes pod do.
    let pod: Launched;
    let member: Launched;
    let podChild: number;

    beforeAll(async () => {
      pod = await startContainer(['sh', '-c', 'sleep 4001 & exec sleep 4002'], ['sleep 4002', 'sleep 4001']);
      member = await launch(
        'nsenter',
        ['--target', String(pod.target), '--pid', '--mount', '--', 'unshare', '--mount', '--', 'sleep', '4003'],
        ['sleep 4003'],
      );
      podChild = hostPidRunning(pod, 'sleep 4001');
    });

    it('member shares the PID namespace', () => {
      expect(namespaceOf(member.target, 'pid')).toBe(namespaceOf(pod.target, 'pid'));
    });

    it('member has own mount namespace', () => {
      expect(namespaceOf(member.target, 'mnt')).not.toBe(namespaceOf(pod.target, 'mnt'));
    });

    it.each([
      ['pid 1 and child', () => [pod.target, podChild]],
      ['pid 1 and member', () => [pod.target, member.target]],
      ['member and pid 1', () => [member.target, pod.target]],
      ['pid 1 twice', () => [pod.target, pod.target]],
    ])('%s list each process once', async (_, pids) => {
      const table = await joinNamespaceAndProcessInfoByPids(pids(), ['pid', 'hpid', 'args']);
      expect(dataRows(table)).toEqual(pidRows(containerProcesses(pod.target)));
    });

    it('lists the member too', async () => {
      const table = await joinNamespaceAndProcessInfoByPids([pod.target, podChild], ['hpid']);
      expect(dataRows(table).map((row) => row[0])).toContain(String(member.target));
    });

    it('prints one header row', async () => {
      const table = await joinNamespaceAndProcessInfoByPids([pod.target, member.target], ['pid', 'hpid']);
      const headers = table.filter((row) => row[0] === 'PID');
      expect(headers).toHaveLength(1);
    });
  });

  describe('two containers by pids', () => {
    it('B was created after A', () => {
      expect(containerB.target).toBeGreaterThan(containerA.target);
    });

    it('rows follow the given order', async () => {
      const table = await joinNamespaceAndProcessInfoByPids([containerB.target, containerA.target], ['pid', 'hpid', 'args']);
      const expected = [...pidRows(containerProcesses(containerB.target)), ...pidRows(containerProcesses(containerA.target))];
      expect(dataRows(table)).toEqual(expected);
    });

    it('creation order gives A first', async () => {
      const table = await joinNamespaceAndProcessInfoByPids([containerA.target, containerB.target], ['pid', 'hpid', 'args']);
      const expected = [...pidRows(containerProcesses(containerA.target)), ...pidRows(containerProcesses(containerB.target))];
      expect(dataRows(table)).toEqual(expected);
    });

    it('repeated pid keeps first position', async () => {
      const table = await joinNamespaceAndProcessInfoByPids([containerB.target, containerA.target, containerB.target], ['pid', 'hpid', 'args']);
      const expected = [...pidRows(containerProcesses(containerB.target)), ...pidRows(containerProcesses(containerA.target))];
      expect(dataRows(table)).toEqual(expected);
    });

    it('skips a missing pid', async () => {
      const missing = await reapedPid();
      const table = await joinNamespaceAndProcessInfoByPids([containerA.target, missing, containerB.target], ['pid', 'hpid', 'args']);
      const expected = [...pidRows(containerProcesses(containerA.target)), ...pidRows(containerProcesses(containerB.target))];
      expect(dataRows(table)).toEqual(expected);
    });

    it('accepts string pids', async () => {
      const table = await joinNamespaceAndProcessInfoByPids([String(containerB.target), String(containerA.target)], ['hpid']);
      expect(dataRows(table).map((row) => Number(row[0]))).toEqual([
        ...containerProcesses(containerB.target).map((process) => process.hostPid),
        ...containerProcesses(containerA.target).map((process) => process.hostPid),
      ]);
    });

    it('empty list gives header only', async () => {
      const table = await joinNamespaceAndProcessInfoByPids([], ['pid', 'hpid']);
      expect(table).toEqual([['PID', 'HPID']]);
    });
  });

  describe('nested PID namespaces', () => {
    // The outer container's pid 1 runs `sleep 5003`, and its pid 2 is a
    // second unshare whose child is the inner container's pid 1. The inner
    // processes have three NSpid entries. The second unshare itself moves
    // into the inner mount namespace (unshare(2) with CLONE_NEWNS), so its
    // mount namespace has the inner /proc while its PID namespace is the
    // outer one.
    const INNER_UNSHARE = ['unshare', '--pid', '--mount', '--fork', '--mount-proc', '--', 'sh', '-c'];
    const INNER_SCRIPT = 'sleep 5001 & exec sleep 5002';
    let outer: Launched;
    let innerLauncher: number;
    let inner: number;

    beforeAll(async () => {
      const launcherArgs = [...INNER_UNSHARE, INNER_SCRIPT].join(' ');
      outer = await startContainer(
        ['sh', '-c', `${INNER_UNSHARE.join(' ')} '${INNER_SCRIPT}' & exec sleep 5003`],
        ['sleep 5003', launcherArgs, 'sleep 5002', 'sleep 5001'],
      );
      innerLauncher = hostPidRunning(outer, launcherArgs);
      inner = hostPidRunning(outer, 'sleep 5002');
    });

    it('inner processes are two levels deep', () => {
      expect(nsPidsOf(inner)).toHaveLength(3);
    });

    it('outer join lists inner processes', async () => {
      const table = await joinNamespaceAndProcessInfo(outer.target, ['pid', 'hpid', 'args']);
      expect(dataRows(table)).toEqual(pidRows(containerProcesses(outer.target)));
    });

    it('outer join maps inner pid 1', async () => {
      const table = await joinNamespaceAndProcessInfo(outer.target, ['pid', 'hpid']);
      const outerPid = String(nsPidsOf(inner)![1]);
      expect(rowStartingWith(table, outerPid)[1]).toBe(String(inner));
    });

    it('inner join lists inner processes', async () => {
      const table = await joinNamespaceAndProcessInfo(inner, ['pid', 'hpid', 'args']);
      expect(dataRows(table)).toEqual(pidRows(containerProcesses(inner)));
    });

    it('inner join maps pid 1', async () => {
      const table = await joinNamespaceAndProcessInfo(inner, ['pid', 'hpid']);
      expect(table[1]).toEqual(['1', String(inner)]);
    });

    it('by pids lists both levels', async () => {
      const table = await joinNamespaceAndProcessInfoByPids([inner, outer.target], ['pid', 'hpid', 'args']);
      const expected = [...pidRows(containerProcesses(inner)), ...pidRows(containerProcesses(outer.target))];
      expect(dataRows(table)).toEqual(expected);
    });

    it('launcher has inner mount namespace', () => {
      expect(namespaceOf(innerLauncher, 'mnt')).toBe(namespaceOf(inner, 'mnt'));
    });

    it('launcher has outer PID namespace', () => {
      expect(namespaceOf(innerLauncher, 'pid')).toBe(namespaceOf(outer.target, 'pid'));
    });

    it('launcher join lists the inner /proc', async () => {
      const table = await joinNamespaceAndProcessInfo(innerLauncher, ['pid', 'hpid', 'args']);
      expect(dataRows(table)).toEqual(pidRows(containerProcesses(inner)));
    });

    // Both targets read the same /proc, so listing it twice would print
    // every process of the inner container twice.
    it('shared /proc lists once', async () => {
      const table = await joinNamespaceAndProcessInfoByPids([innerLauncher, inner], ['pid', 'hpid', 'args']);
      expect(dataRows(table)).toEqual(pidRows(containerProcesses(inner)));
    });
  });

  describe('container with own root', () => {
    // The container's /etc/passwd and /etc/group name ids 0 and 1234
    // differently from the host. Its /etc/localtime is a zone other than
    // UTC, and the host's locales are hidden from it, so listing values that
    // used the container's time zone or locale would differ from the host's.
    const PASSWD = 'containeruser:x:0:0::/:/bin/sh\napp:x:1234:1234::/:/bin/sh\n';
    const GROUP = 'containergroup:x:0:\napp:x:1234:\n';
    const APP_ID = 1234;
    // U+0378 is unassigned, so ps prints '?' for it in a UTF-8 locale.
    const ODD_ARGUMENT = 'odd\u0378arg';
    const SCRIPT = [
      `setpriv --reuid=${APP_ID} --regid=${APP_ID} --groups=0,${APP_ID} sleep 6001 &`,
      `sh -c 'sleep 6002; :' '${ODD_ARGUMENT}' &`,
      'exec sleep 6003',
    ].join(' ');
    const ZONE = '/usr/share/zoneinfo/Asia/Kathmandu';
    const DESCRIPTORS = ['pid', 'hpid', 'user', 'huser', 'group', 'hgroup', 'groups', 'hgroups', 'ruser', 'rgroup', 'uid', 'huid'];

    let container: RootfsContainer | undefined;
    let appPid: number;
    let table: string[][];

    beforeAll(async () => {
      container = await startRootfsContainer({
        passwd: PASSWD,
        group: GROUP,
        localtime: existsSync(ZONE) ? ZONE : undefined,
        hideLocales: true,
        script: SCRIPT,
        expectedArgs: ['sleep 6003', 'sleep 6001', `sh -c sleep 6002; : ${ODD_ARGUMENT}`, 'sleep 6002'],
      });
      appPid = hostPidRunning(container, 'sleep 6001');
      table = await joinNamespaceAndProcessInfo(container.target, DESCRIPTORS);
    });

    afterAll(async () => {
      await container?.stop();
      container?.removeRoot();
    });

    /** Returns the row of the process with host pid `hostPid`. */
    const rowOf = (hostPid: number) => {
      const row = table.find((cells) => cells[1] === String(hostPid));
      if (row === undefined) throw new Error(`no row for host pid ${hostPid} in ${JSON.stringify(table)}`);
      return row;
    };

    it('runs in its own root', () => {
      expect(readlinkSync(`/proc/${container!.target}/root`)).toBe(container!.root);
    });

    it('lists exactly the container processes', async () => {
      const rows = await joinNamespaceAndProcessInfo(container!.target, ['pid', 'hpid']);
      const expected = containerProcesses(container!.target).map((p) => [String(p.pid), String(p.hostPid)]);
      expect(dataRows(rows)).toEqual(expected);
    });

    it('names root from container passwd', () => {
      expect(rowOf(container!.target)[2]).toBe('containeruser');
    });

    it('names root from host passwd', () => {
      expect(rowOf(container!.target)[3]).toBe(hostUser(0));
    });

    it('names group from container group', () => {
      expect(rowOf(container!.target)[4]).toBe('containergroup');
    });

    it('names hgroup from host group', () => {
      expect(rowOf(container!.target)[5]).toBe(hostGroup(0));
    });

    it('names app user from container', () => {
      expect(rowOf(appPid)[2]).toBe('app');
    });

    it('names app huser from host', () => {
      expect(rowOf(appPid)[3]).toBe(hostUser(APP_ID));
    });

    it('names app group from container', () => {
      expect(rowOf(appPid)[4]).toBe('app');
    });

    it('names app hgroup from host', () => {
      expect(rowOf(appPid)[5]).toBe(hostGroup(APP_ID));
    });

    it('names supplementary groups from container', () => {
      expect(rowOf(appPid)[6]).toBe('containergroup,app');
    });

    it('names hgroups from host', () => {
      expect(rowOf(appPid)[7]).toBe(`${hostGroup(0)},${hostGroup(APP_ID)}`);
    });

    it('names ruser from container', () => {
      expect(rowOf(appPid)[8]).toBe('app');
    });

    it('names rgroup from container', () => {
      expect(rowOf(appPid)[9]).toBe('app');
    });

    it('uid and huid are equal', () => {
      expect(rowOf(appPid).slice(10)).toEqual([String(APP_ID), String(APP_ID)]);
    });

    it.each([['ps'], ['psgo']] as const)('stime uses host time zone (%s)', async (format) => {
      const joined = await joinNamespaceAndProcessInfo(container!.target, ['hpid', 'stime'], { format });
      const hostPids = dataRows(joined).map((row) => Number(row[0]));
      const host = await processInfoByPids(hostPids, ['pid', 'stime'], { format });
      expect(dataRows(joined)).toEqual(dataRows(host));
    });

    it('escapes args as the host', async () => {
      const joined = await joinNamespaceAndProcessInfo(container!.target, ['hpid', 'args']);
      const hostPids = dataRows(joined).map((row) => Number(row[0]));
      const host = await processInfoByPids(hostPids, ['pid', 'args']);
      expect(dataRows(joined)).toEqual(dataRows(host));
    });

    // The time zone and the locale are loaded once per process, so only a
    // process whose first listing is the join shows whether they came from
    // the host.
    it('first call in fresh process', async () => {
      const script = `
        const psnode = require(${JSON.stringify(DIST_INDEX)});
        (async () => {
          const joined = await psnode.joinNamespaceAndProcessInfo(${container!.target}, ['hpid', 'stime', 'args']);
          const pids = joined.slice(1).map((row) => Number(row[0]));
          const host = await psnode.processInfoByPids(pids, ['pid', 'stime', 'args']);
          console.log(JSON.stringify({ joined: joined.slice(1), host: host.slice(1) }));
        })();
      `;
      const result = await run(process.execPath, ['-e', script]);
      if (result.status !== 0) throw new Error(`the script failed with status ${result.status}: ${result.stderr}`);
      const { joined, host } = JSON.parse(result.stdout) as { joined: string[][]; host: string[][] };
      expect(joined).toEqual(host);
    });
  });

  describe('container without name files', () => {
    // /etc/passwd is a named pipe, which must not block the listing, and
    // /etc/group is missing: ids print as numbers.
    let container: RootfsContainer | undefined;

    beforeAll(async () => {
      container = await startRootfsContainer({ passwd: 'fifo', script: 'exec sleep 7001', expectedArgs: ['sleep 7001'] });
    });

    afterAll(async () => {
      await container?.stop();
      container?.removeRoot();
    });

    it('prints ids as numbers', async () => {
      const call = joinNamespaceAndProcessInfo(container!.target, ['pid', 'user', 'group', 'huser']);
      const table = await withTimeout(call, 10_000, 'joining the container with a FIFO /etc/passwd');
      expect(table).toEqual([['PID', 'USER', 'GROUP', 'HUSER'], ['1', '0', '0', hostUser(0)]]);
    });
  });

  describeUserNamespace('user namespace container', () => {
    // Container ids 0-65535 are host ids 100000-165535. Pid 1 runs as
    // container root, its child as uid and gid 1 with groups 5 and 6.
    const CHILD_ID = 1;
    const CHILD_GROUPS = [5, 6];
    const DESCRIPTORS = ['pid', 'user', 'huser', 'group', 'hgroup', 'uid', 'huid', 'ruser', 'rgroup', 'groups', 'hgroups', 'hpid'];
    let userContainer: Launched;
    let userChild: number;
    let table: string[][];

    beforeAll(async () => {
      userContainer = await startContainer(
        ['sh', '-c', `setpriv --reuid=${CHILD_ID} --regid=${CHILD_ID} --groups=${CHILD_GROUPS.join(',')} sleep 3001 & exec sleep 3002`],
        ['sleep 3002', 'sleep 3001'],
        [
          '--user',
          `--map-users=${SUBORDINATE_BASE},0,65536`,
          `--map-groups=${SUBORDINATE_BASE},0,65536`,
          '--setuid', '0',
          '--setgid', '0',
        ],
      );
      userChild = hostPidRunning(userContainer, 'sleep 3001');
      table = await joinNamespaceAndProcessInfo(userContainer.target, DESCRIPTORS);
    });

    it('runs in another user namespace', () => {
      expect(namespaceOf(userContainer.target, 'user')).not.toBe(namespaceOf(process.pid, 'user'));
    });

    it('pid 1 row has container and host ids', () => {
      const host = String(SUBORDINATE_BASE);
      expect(table[1]).toEqual(['1', 'root', hostUser(SUBORDINATE_BASE), 'root', hostGroup(SUBORDINATE_BASE),
        '0', host, 'root', 'root', '-', '-', String(userContainer.target)]);
    });

    it('child user is container side', () => {
      expect(rowStartingWith(table, '2')[1]).toBe(hostUser(CHILD_ID));
    });

    it('child huser is host side', () => {
      expect(rowStartingWith(table, '2')[2]).toBe(hostUser(SUBORDINATE_BASE + CHILD_ID));
    });

    it('child uid is container side', () => {
      expect(rowStartingWith(table, '2')[5]).toBe(String(CHILD_ID));
    });

    it('child huid is host side', () => {
      expect(rowStartingWith(table, '2')[6]).toBe(String(SUBORDINATE_BASE + CHILD_ID));
    });

    it('child groups are container side', () => {
      expect(rowStartingWith(table, '2')[9]).toBe(CHILD_GROUPS.map(hostGroup).join(','));
    });

    it('child hgroups are host side', () => {
      const expected = CHILD_GROUPS.map((gid) => hostGroup(SUBORDINATE_BASE + gid)).join(',');
      expect(rowStartingWith(table, '2')[10]).toBe(expected);
    });

    it('child maps to its host pid', () => {
      expect(rowStartingWith(table, '2')[11]).toBe(String(userChild));
    });

    it('lists exactly the container processes', async () => {
      const rows = await joinNamespaceAndProcessInfo(userContainer.target, ['pid', 'hpid', 'args']);
      expect(dataRows(rows)).toEqual(pidRows(containerProcesses(userContainer.target)));
    });

    it('CLI prints container and host names', async () => {
      const result = await run(process.execPath, [CLI, '-pids', String(userContainer.target), '-join', '-format', 'pid, user, huser, group, hgroup']);
      expect(cellsOf(result.stdout).slice(0, 2)).toEqual([
        ['PID', 'USER', 'HUSER', 'GROUP', 'HGROUP'],
        ['1', 'root', hostUser(SUBORDINATE_BASE), 'root', hostGroup(SUBORDINATE_BASE)],
      ]);
    });
  });

  describe('host after many joins', () => {
    const JOIN_COUNT = 50;
    let mountNamespaceBefore: string;
    let descriptorsBefore: number;
    let table: string[][];

    beforeAll(async () => {
      mountNamespaceBefore = readlinkSync('/proc/self/ns/mnt');
      descriptorsBefore = readdirSync('/proc/self/fd').length;
      for (let i = 0; i < JOIN_COUNT; i++) {
        await joinNamespaceAndProcessInfo(containerA.target, ['pid']);
      }
      table = await processInfo(['pid']);
    });

    it('lists this process', () => {
      expect(dataRows(table).map((row) => row[0])).toContain(String(process.pid));
    });

    it('lists host pid 1', () => {
      expect(table[1][0]).toBe('1');
    });

    it('lists the container pid 1', () => {
      expect(dataRows(table).map((row) => row[0])).toContain(String(containerA.target));
    });

    it('lists more than the container', () => {
      expect(dataRows(table).length).toBeGreaterThan(containerProcesses(containerA.target).length + 2);
    });

    it('keeps the mount namespace', () => {
      expect(readlinkSync('/proc/self/ns/mnt')).toBe(mountNamespaceBefore);
    });

    it('keeps the root directory', () => {
      expect(readlinkSync('/proc/self/root')).toBe('/');
    });

    it('closes the namespace descriptors', () => {
      // A few descriptors may come and go with jest itself, but one left
      // open per join would add 50.
      expect(readdirSync('/proc/self/fd').length).toBeLessThan(descriptorsBefore + 10);
    });
  });

  describe('concurrent joins', () => {
    const CALLS_PER_CONTAINER = 4;

    it('each call lists its own container', async () => {
      const targets = Array.from({ length: CALLS_PER_CONTAINER * 2 }, (_, i) => (i % 2 === 0 ? containerA : containerB));
      const tables = await Promise.all(targets.map((container) => joinNamespaceAndProcessInfo(container.target, ['pid', 'hpid', 'args'])));
      const expected = targets.map((container) => pidRows(containerProcesses(container.target)));
      expect(tables.map(dataRows)).toEqual(expected);
    });

    it('by pids calls run concurrently', async () => {
      const orders = [[containerA.target, containerB.target], [containerB.target, containerA.target], [containerA.target], [containerB.target]];
      const tables = await Promise.all(orders.map((pids) => joinNamespaceAndProcessInfoByPids(pids, ['hpid'])));
      const expected = orders.map((pids) => pids.flatMap((pid) => containerProcesses(pid).map((p) => [String(p.hostPid)])));
      expect(tables.map(dataRows)).toEqual(expected);
    });
  });

  describe('join beside host listing', () => {
    let joined: string[][];
    let host: string[][];

    beforeAll(async () => {
      [joined, host] = await Promise.all([joinNamespaceAndProcessInfo(containerA.target, ['hpid']), processInfo(['pid'])]);
    });

    it('join lists the container', () => {
      const expected = containerProcesses(containerA.target).map((p) => [String(p.hostPid)]);
      expect(dataRows(joined)).toEqual(expected);
    });

    it('host listing includes this process', () => {
      expect(dataRows(host).map((row) => row[0])).toContain(String(process.pid));
    });
  });

  describe('without root privileges', () => {
    let result: Awaited<ReturnType<typeof joinAsNobody>>;

    beforeAll(async () => {
      result = await joinAsNobody(containerA.target);
    });

    it('rejects instead of listing', () => {
      expect(result.rows).toBeUndefined();
    });

    it('rejects with EPERM or EACCES', () => {
      expect(['EPERM', 'EACCES']).toContain(result.error?.code);
    });

    it('errno is negative', () => {
      expect(result.error?.errno).toBeLessThan(0);
    });

    it('names the syscall', () => {
      expect(['open', 'setns']).toContain(result.error?.syscall);
    });

    it('names the namespace path', () => {
      expect(result.error?.path).toBe(`/proc/${containerA.target}/ns/mnt`);
    });

    it('carries the pid', () => {
      expect(result.error?.pid).toBe(containerA.target);
    });

    it('message names the pid', () => {
      expect(result.error?.message).toContain(`pid ${containerA.target}`);
    });

    it('own process rejects with EPERM', async () => {
      const own = await joinAsNobody('own');
      expect(own.error?.code).toBe('EPERM');
    });

    it('own process fails at setns', async () => {
      const own = await joinAsNobody('own');
      expect(own.error?.syscall).toBe('setns');
    });
  });

  describe('CLI -join', () => {
    it('prints pid 1 first', async () => {
      const result = await run(process.execPath, [CLI, '-pids', String(containerA.target), '-join']);
      expect(cellsOf(result.stdout)[1][1]).toBe('1');
    });

    it('prints the container args', async () => {
      const result = await run(process.execPath, [CLI, '-pids', String(containerA.target), '-join']);
      expect(cellsOf(result.stdout)[1][7]).toBe('sleep 1002');
    });

    it('exits 0', async () => {
      const result = await run(process.execPath, [CLI, '-pids', String(containerA.target), '-join']);
      expect(result.status).toBe(0);
    });

    it('maps pid to hpid', async () => {
      const result = await run(process.execPath, [CLI, '-pids', String(containerA.target), '-join', '-format', 'pid, hpid']);
      const expected = containerProcesses(containerA.target).map((p) => [String(p.pid), String(p.hostPid)]);
      expect(cellsOf(result.stdout)).toEqual([['PID', 'HPID'], ...expected]);
    });

    it('lists two containers in order', async () => {
      const result = await run(process.execPath, [CLI, '-pids', `${containerB.target},${containerA.target}`, '-join', '-format', 'hpid']);
      const expected = [containerB, containerA].flatMap((container) => containerProcesses(container.target).map((p) => [String(p.hostPid)]));
      expect(cellsOf(result.stdout)).toEqual([['HPID'], ...expected]);
    });

    it('accepts -fill-mappings', async () => {
      const result = await run(process.execPath, [CLI, '-pids', String(containerA.target), '-join', '-fill-mappings', '-format', 'pid, huid']);
      expect(cellsOf(result.stdout)).toEqual([['PID', 'HUID'], ['1', '0'], ['2', String(UNNAMED_UID)]]);
    });

    it('-fill-mappings without -join exits 2', async () => {
      const result = await run(process.execPath, [CLI, '-pids', String(containerA.target), '-fill-mappings']);
      expect(result.status).toBe(2);
    });
  });

  describe('host descriptors without join', () => {
    it('processInfo prints ?', async () => {
      const table = await processInfo(HOST_DESCRIPTORS);
      const known = dataRows(table).filter((row) => row.some((cell) => cell !== '?'));
      expect(known).toEqual([]);
    });

    it('processInfoByPids prints ? for containers', async () => {
      const table = await processInfoByPids([containerA.target, containerB.target], HOST_DESCRIPTORS);
      expect(dataRows(table)).toEqual([HOST_DESCRIPTORS.map(() => '?'), HOST_DESCRIPTORS.map(() => '?')]);
    });

    it('headers are uppercase', async () => {
      const table = await processInfo(HOST_DESCRIPTORS);
      expect(table[0]).toEqual(['HPID', 'HUSER', 'HUID', 'HGROUP', 'HGROUPS']);
    });
  });

  describe('missing pids and invalid arguments', () => {
    it('missing pid gives header only', async () => {
      const table = await joinNamespaceAndProcessInfo(await reapedPid(), ['pid', 'hpid']);
      expect(table).toEqual([['PID', 'HPID']]);
    });

    it('missing pids give header only', async () => {
      const table = await joinNamespaceAndProcessInfoByPids([await reapedPid(), await reapedPid()], ['pid']);
      expect(table).toEqual([['PID']]);
    });

    it.each([
      ['non-numeric pid', () => joinNamespaceAndProcessInfo('abc'), 'ERR_INVALID_ARG_VALUE'],
      ['pid 0', () => joinNamespaceAndProcessInfo(0), 'ERR_OUT_OF_RANGE'],
      ['negative pid', () => joinNamespaceAndProcessInfo(-1), 'ERR_OUT_OF_RANGE'],
      ['fractional pid', () => joinNamespaceAndProcessInfo(1.5), 'ERR_OUT_OF_RANGE'],
      ['boolean pid', () => joinNamespaceAndProcessInfo(true as unknown as number), 'ERR_INVALID_ARG_TYPE'],
      ['pids not an array', () => joinNamespaceAndProcessInfoByPids(containerA.target as unknown as number[]), 'ERR_INVALID_ARG_TYPE'],
      ['non-numeric pid in list', () => joinNamespaceAndProcessInfoByPids([containerA.target, 'x']), 'ERR_INVALID_ARG_VALUE'],
      ['unknown descriptor', () => joinNamespaceAndProcessInfo(containerA.target, ['nosuch']), 'ERR_UNKNOWN_DESCRIPTOR'],
      ['unknown format', () => joinNamespaceAndProcessInfo(containerA.target, ['pid'], { format: 'x' as 'ps' }), 'ERR_INVALID_ARG_VALUE'],
      [
        'uidMap entry without size',
        () => joinNamespaceAndProcessInfo(containerA.target, ['pid'], { uidMap: [{ containerID: 0, hostID: 0 }] as never }),
        'ERR_INVALID_ARG_TYPE',
      ],
      [
        'gidMap entry with size 0',
        () => joinNamespaceAndProcessInfo(containerA.target, ['pid'], { gidMap: [{ containerID: 0, hostID: 0, size: 0 }] }),
        'ERR_OUT_OF_RANGE',
      ],
      ['uidMap not an array', () => joinNamespaceAndProcessInfo(containerA.target, ['pid'], { uidMap: {} as never }), 'ERR_INVALID_ARG_TYPE'],
      ['fillMappings not boolean', () => joinNamespaceAndProcessInfo(containerA.target, ['pid'], { fillMappings: 'yes' as never }), 'ERR_INVALID_ARG_TYPE'],
    ])('%s rejects with code', async (_, call, code) => {
      await expect(call()).rejects.toMatchObject({ code });
    });

    it('rejection is not a system error', async () => {
      const error = (await joinNamespaceAndProcessInfo('abc').catch((e: unknown) => e)) as Partial<SystemError>;
      expect(error.errno).toBeUndefined();
    });
  });
});
