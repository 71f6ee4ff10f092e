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

describe('fixed bugs', () => {
  let child: ChildProcess;

  beforeAll(async () => {
    child = spawn('sleep', ['1000'], { stdio: 'ignore' });
    await once(child, 'spawn');
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
