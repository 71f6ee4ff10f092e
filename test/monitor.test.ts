import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
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

  it('aborts a sample', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(monitor.sample({ signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
      code: 'ABORT_ERR',
    });
  });
});
