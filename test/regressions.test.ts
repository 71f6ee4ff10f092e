import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { processInfoByPids } from '../lib/index';
import { NOBODY_SETPRIV } from './support/subprocess';

/** Returns a field of /proc/PID/status, such as "VmRSS", without its unit. */
function statusField(pid: number, key: string): string {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${key}:`));
  return line === undefined ? '' : line.slice(key.length + 1).trim().replace(/ kB$/, '');
}

/**
 * Waits, for at most 5 s, until `pid` runs sleep and its VmRSS has stayed
 * the same for 100 ms: 'spawn' fires before exec has loaded the program.
 */
async function settled(pid: number): Promise<void> {
  const deadline = Date.now() + 5000;
  let previous = '';
  while (Date.now() < deadline) {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    const rss = statusField(pid, 'VmRSS');
    if (comm === 'sleep' && rss === previous) return;
    previous = comm === 'sleep' ? rss : '';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('fixed bugs', () => {
  let child: ChildProcess;

  beforeAll(async () => {
    child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    await once(child, 'spawn');
    await settled(child.pid!);
  });

  afterAll(async () => {
    child.kill('SIGKILL');
    await once(child, 'exit');
  });

  it('rss is VmRSS, not stat rss', async () => {
    // stat's rss field sums per-CPU counters approximately (Linux 6.2+) and
    // was seen 20% below VmRSS; ps prints VmRSS.
    const pid = child.pid!;
    const [, [rss]] = await processInfoByPids([pid], ['rss']);
    expect(rss).toBe(statusField(pid, 'VmRSS'));
  });
});

const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  console.warn('regressions.test.ts: the non-dumpable process test skipped: setpriv to uid 65534 needs root (uid 0)');
}

describe('effective ids from the /proc/PID owner', () => {
  const itRoot = isRoot ? it : it.skip;

  itRoot('gives the euid and egid of a non-dumpable process, as status does', async () => {
    // A non-dumpable process's /proc/PID files are owned by root, but the
    // directory stays owned by its euid and egid: reading the owner of the
    // wrong one would print root here.
    const script = 'import ctypes, sys, time\n' +
      'ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)\n' + // PR_SET_DUMPABLE, 0
      'print("ready", flush=True)\n' +
      'time.sleep(60)\n';
    // Debian's python3 by path: a per-user shim (pyenv) is not readable
    // by uid 65534.
    const child = spawn('setpriv', [...NOBODY_SETPRIV, '/usr/bin/python3', '-c', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const started = await Promise.race([
        once(child.stdout!, 'data').then(() => 'ready'),
        once(child, 'exit').then(([code]) => `exited with ${code}`),
      ]);
      expect(started).toBe('ready');
      const pid = child.pid!;
      expect(statSync(`/proc/${pid}/stat`).uid).toBe(0);
      expect(statusField(pid, 'Uid').split(/\s+/)[1]).toBe('65534');
      const [, owner] = await processInfoByPids([pid], ['euid', 'egid', 'uid', 'gid']);
      expect(owner).toEqual(['65534', '65534', '65534', '65534']);
      // With status read for another column, the ids come from status.
      const [, both] = await processInfoByPids([pid], ['euid', 'egid', 'ruid']);
      expect(both).toEqual(['65534', '65534', '65534']);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
});
