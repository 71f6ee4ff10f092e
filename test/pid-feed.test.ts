import { readdirSync } from 'node:fs';
import { native } from './support/native';

/** Returns the numeric entries of /proc, ascending. */
function procPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^[0-9]+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

describe('PidFeed', () => {
  it('lists the pids of /proc in ascending order', () => {
    const feed = native.readPidFeed('/proc', 100000)!;
    expect(feed.ascending).toBe(true);
    expect(feed.overflow).toEqual([]);
    expect(feed.pids).toContain(1);
    expect(feed.pids).toContain(process.pid);
    expect(feed.pids).toEqual([...feed.pids].sort((a, b) => a - b));
  });

  it('puts pids past its capacity in overflow, in order', () => {
    const before = procPids();
    const feed = native.readPidFeed('/proc', 10)!;
    expect(feed.pids).toHaveLength(10);
    expect(feed.overflow.length).toBeGreaterThan(0);
    const all = [...feed.pids, ...feed.overflow];
    expect(all).toEqual([...all].sort((a, b) => a - b));
    // pid 1 and this process live throughout; others may come and go.
    expect(feed.pids[0]).toBe(1);
    expect(all).toContain(process.pid);
    expect(Math.abs(all.length - before.length)).toBeLessThan(50);
  });

  it('fails on a directory that cannot be opened', () => {
    expect(native.readPidFeed('/nonexistent-psnode-dir', 10)).toBeNull();
  });

  it('takes a capacity of zero', () => {
    const feed = native.readPidFeed('/proc', 0)!;
    expect(feed.pids).toEqual([]);
    expect(feed.overflow).toContain(1);
  });
});
