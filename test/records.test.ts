import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  listDescriptors,
  processInfoByPids,
  processRecords,
  processRecordsByPids,
  type DescriptorName,
} from '../lib/index';
import { binding } from '../lib/binding';

// errno of a cancelled native call (Linux).
const ECANCELED = 125;

let child: ChildProcess;

beforeAll(async () => {
  child = spawn('sleep', ['1000'], { stdio: 'ignore' });
  await once(child, 'spawn');
});

afterAll(async () => {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
});

describe('typed records', () => {
  it('defaults to the ps -ef columns', async () => {
    const [record] = await processRecordsByPids([child.pid!]);
    expect(Object.keys(record).sort()).toEqual(
      ['args', 'etime', 'pcpu', 'pid', 'ppid', 'time', 'tty', 'user'].sort(),
    );
  });

  it('numbers for ids and counters', async () => {
    const [record] = await processRecordsByPids([child.pid!], ['pid', 'ppid', 'uid', 'vsz', 'rss', 'nlwp']);
    expect(record.pid).toBe(child.pid);
    expect(record.ppid).toBe(process.pid);
    expect(record.uid).toBe(process.getuid!());
    expect(typeof record.vsz).toBe('number');
    expect(record.rss).toBeGreaterThan(0);
    expect(record.nlwp).toBe(1);
  });

  it('argv as an array', async () => {
    const [record] = await processRecordsByPids([child.pid!], ['args']);
    expect(record.args).toEqual(['sleep', '1000']);
  });

  it('start time in epoch milliseconds', async () => {
    const [record] = await processRecordsByPids([child.pid!], ['stime', 'lstart']);
    expect(Math.abs(record.stime - Date.now())).toBeLessThan(60_000);
    expect(record.lstart).toBe(record.stime);
  });

  it('times in seconds', async () => {
    const [record] = await processRecordsByPids([child.pid!], ['etime', 'time']);
    expect(record.etime).toBeGreaterThanOrEqual(0);
    expect(record.etime).toBeLessThan(60);
    // An idle sleep; the sanitizer run's preloaded runtime costs it a few ticks.
    expect(record.time).toBeLessThan(1);
  });

  it('null for no terminal', async () => {
    const [record] = await processRecordsByPids([child.pid!], ['tty', 'tpgid']);
    expect(record.tty).toBeNull();
    expect(record.tpgid).toBeNull();
  });

  it('arrays for groups and capabilities', async () => {
    const [record] = await processRecordsByPids([child.pid!], ['supgid', 'groups', 'capbnd']);
    expect(Array.isArray(record.supgid)).toBe(true);
    expect(Array.isArray(record.groups)).toBe(true);
    expect(record.capbnd).toContain('KILL');
  });

  it('kernel thread has empty argv', async () => {
    const [record] = await processRecordsByPids([2], ['args', 'comm', 'vsz']);
    expect(record.args).toEqual([]);
    expect(record.comm).toBe('kthreadd');
    expect(record.vsz).toBe(0);
  });

  it('agrees with the string rows', async () => {
    const names = (await listDescriptors()).filter(
      (n) => !['pcpu', '%cpu', 'etime', 'etimes', 'time', 'times', 'cputime', 'cputimes', 'wchan', 'wname', 'psr'].includes(n),
    ) as DescriptorName[];
    const idAndNumbers = names.filter((n) => ['pid', 'ppid', 'pgid', 'sid', 'uid', 'gid', 'euid', 'nlwp', 'vsz', 'sz', 'pri'].includes(n));
    const [record] = await processRecordsByPids([child.pid!], idAndNumbers);
    const [, row] = await processInfoByPids([child.pid!], idAndNumbers);
    idAndNumbers.forEach((name, i) => {
      expect(String(record[name])).toBe(row[i]);
    });
  });

  it('every descriptor has a typed value', async () => {
    const names = (await listDescriptors()) as DescriptorName[];
    const [record] = await processRecordsByPids([child.pid!], names);
    for (const name of names) {
      expect(record).toHaveProperty([name]);
    }
  });

  it('processRecords lists every process', async () => {
    const records = await processRecords(['pid']);
    expect(records.map((r) => r.pid)).toContain(child.pid);
  });

  it('empty pid list gives no records', async () => {
    expect(await processRecordsByPids([], ['pid'])).toEqual([]);
  });
});

describe('cancellation', () => {
  it('rejects at once when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(processRecords(['pid'], { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
      code: 'ABORT_ERR',
    });
  });

  it('rejects promptly during a call', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const call = processRecords(['pid', 'args', 'user', 'cgroup', 'wchan'], { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'ABORT_ERR' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('keeps the abort reason as cause', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(processInfoByPids([1], ['pid'], { signal: controller.signal })).rejects.toMatchObject({
      cause: reason,
    });
  });

  it('rejects a signal that is not an AbortSignal', async () => {
    await expect(
      processInfoByPids([1], ['pid'], { signal: {} as AbortSignal }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
  });

  it('stops native work whose cancel flag is set', async () => {
    // The flag that an AbortSignal sets: the addon checks it before each
    // block of processes, here while it still lists /proc.
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(cancel, 0, 1);
    const options = { format: 'ps' as const, threads: false, typed: false, cancel };
    await expect(binding().list(['pid'], null, options)).rejects.toMatchObject({
      errno: ECANCELED,
      path: '/proc',
    });
    const monitor = new (binding().Monitor)(null);
    await expect(monitor.sample(null, cancel)).rejects.toMatchObject({ errno: ECANCELED });
    await expect(monitor.sample(null, undefined)).resolves.toBeDefined();
    monitor.close();
  });

  it('a later call still works', async () => {
    const rows = await processInfoByPids([child.pid!], ['pid']);
    expect(rows[1]).toEqual([String(child.pid)]);
  });
});
