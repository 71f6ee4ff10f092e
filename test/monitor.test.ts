import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { ProcessMonitor, processRecordsByPids } from '../lib/index';

const children: ChildProcess[] = [];

async function start(command: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  await once(child, 'spawn');
  return child;
}

afterAll(async () => {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }),
  );
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ProcessMonitor', () => {
  let busy: ChildProcess;
  let idle: ChildProcess;
  let monitor: ProcessMonitor;

  beforeAll(async () => {
    busy = await start('sh', ['-c', 'while :; do :; done']);
    idle = await start('sleep', ['1000']);
    monitor = new ProcessMonitor();
  });

  afterAll(() => monitor.close());

  it('first sample has no interval CPU', async () => {
    const first = await monitor.sample();
    expect(first.cpu).toBeNull();
    expect(first.processes.find((p) => p.pid === busy.pid)?.cpu).toBeNull();
  });

  it('busy child near 100, idle near 0', async () => {
    await monitor.sample();
    await sleep(1000);
    const sample = await monitor.sample();
    const busyRow = sample.processes.find((p) => p.pid === busy.pid)!;
    const idleRow = sample.processes.find((p) => p.pid === idle.pid)!;
    expect(sample.interval).toBeGreaterThan(900);
    // A 2-core machine shared with the test runner: allow scheduling noise.
    expect(busyRow.cpu).toBeGreaterThan(80);
    expect(busyRow.cpu).toBeLessThan(110);
    expect(idleRow.cpu).toBeLessThan(2);
    expect(sample.cpu).toBeGreaterThan(40);
  });

  it('reports static data of a process', async () => {
    const sample = await monitor.sample({ pids: [idle.pid!] });
    expect(sample.processes).toHaveLength(1);
    const [row] = sample.processes;
    expect(row.args).toBe('sleep 1000');
    expect(row.comm).toBe('sleep');
    expect(row.user).toBe((await processRecordsByPids([idle.pid!], ['user']))[0].user);
    expect(row.ppid).toBe(process.pid);
  });

  it('forgets processes outside the pid list', async () => {
    await monitor.sample({ pids: [idle.pid!] });
    expect(monitor.openFiles).toBe(1);
  });

  it('forgets a process that exited', async () => {
    const short = await start('sleep', ['1000']);
    await monitor.sample({ pids: [short.pid!, idle.pid!] });
    const exited = once(short, 'exit');
    short.kill('SIGKILL');
    await exited;
    const sample = await monitor.sample({ pids: [short.pid!, idle.pid!] });
    expect(sample.processes.map((p) => p.pid)).toEqual([idle.pid]);
    expect(monitor.openFiles).toBe(1);
  });

  it('keeps a quarter of the file limit by default', async () => {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'))!;
    const soft = Number(line.split(/\s+/)[3]);
    const own = new ProcessMonitor();
    const sample = await own.sample();
    // Processes that exit during the sample close their files.
    expect(own.openFiles).toBeLessThanOrEqual(Math.min(4096, Math.floor(soft / 4)));
    expect(own.openFiles).toBeGreaterThanOrEqual(
      Math.min(sample.processes.length - 5, Math.floor(soft / 4), 4096),
    );
    own.close();
  });

  it('finds a process started and drops one ended between full samples', async () => {
    // A sample lists /proc only when the last created pid moved on since
    // the last listing. Otherwise it reads the processes it already has.
    const own = new ProcessMonitor();
    await own.sample();
    await own.sample();
    const child = await start('sleep', ['1000']);
    const pids = async (): Promise<number[]> => (await own.sample()).processes.map((p) => p.pid);
    expect(await pids()).toContain(child.pid);
    expect(await pids()).toContain(child.pid);
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    expect(await pids()).not.toContain(child.pid);
    own.close();
  });

  it('keeps no files with maxOpenFiles 0', async () => {
    const unkept = new ProcessMonitor({ maxOpenFiles: 0 });
    await unkept.sample();
    expect(unkept.openFiles).toBe(0);
  });

  it('serializes concurrent samples', async () => {
    const samples = await Promise.all([monitor.sample(), monitor.sample(), monitor.sample()]);
    expect(samples[1].timestamp).toBeGreaterThanOrEqual(samples[0].timestamp);
    expect(samples[2].timestamp).toBeGreaterThanOrEqual(samples[1].timestamp);
  });

  it('rejects a bad maxOpenFiles', () => {
    expect(() => new ProcessMonitor({ maxOpenFiles: -1 })).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }),
    );
  });

  it('keeps args and user of a process across samples and after close()', async () => {
    // The addon sends them in the first sample that has the process only.
    const own = new ProcessMonitor();
    for (let i = 0; i < 3; i++) {
      const [row] = (await own.sample({ pids: [idle.pid!] })).processes;
      expect([row.args, row.user]).toEqual(['sleep 1000', expect.stringMatching(/.+/)]);
      if (i === 1) own.close();
    }
    own.close();
  });

  it('follows a comm that changes between samples', async () => {
    // comm goes out only when it changed since the sample before.
    const child = spawn('sh', ['-c', 'read x; printf renamed > /proc/$$/comm; read y'], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    await once(child, 'spawn');
    const own = new ProcessMonitor();
    const comm = async (): Promise<string | undefined> =>
      (await own.sample({ pids: [child.pid!] })).processes[0]?.comm;
    try {
      expect(await comm()).toBe('sh');
      child.stdin!.write('\n');
      const deadline = Date.now() + 5000;
      while (readFileSync(`/proc/${child.pid}/comm`, 'utf8') !== 'renamed\n' && Date.now() < deadline) {
        await sleep(10);
      }
      expect(await comm()).toBe('renamed');
      expect(await comm()).toBe('renamed');
    } finally {
      own.close();
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });

  it('sends static data again after a cancelled sample', async () => {
    const own = new ProcessMonitor();
    const controller = new AbortController();
    const cancelled = own.sample({ signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'ABORT_ERR' });
    const sample = await own.sample();
    expect(sample.processes.filter((p) => p.user === '')).toEqual([]);
    expect(sample.processes.find((p) => p.pid === idle.pid)?.args).toBe('sleep 1000');
    own.close();
  });

  it('aborts a sample', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(monitor.sample({ signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
      code: 'ABORT_ERR',
    });
  });
});
