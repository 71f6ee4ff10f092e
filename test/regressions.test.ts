import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { processInfoByPids } from '../lib/index';

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
