// The public API as a user calls it, against `sleep` and `true` processes
// that the tests start, kill and reap themselves.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import {
  DefaultDescriptors,
  MAX_PID,
  PsnodeError,
  listDescriptors,
  processInfo,
  processInfoByPids,
} from '../lib/index';

const DEFAULT_HEADER = ['USER', 'PID', 'PPID', '%CPU', 'ELAPSED', 'TTY', 'TIME', 'COMMAND'];

// The AIX descriptors in the same order twice: code form, then normal form.
const AIX_CODES = ['%C', '%G', '%P', '%U', '%a', '%c', '%g', '%n', '%p', '%r', '%t', '%u', '%x', '%y', '%z'];
const AIX_NAMES = [
  'pcpu', 'group', 'ppid', 'user', 'args', 'comm', 'rgroup', 'nice',
  'pid', 'pgid', 'etime', 'ruser', 'time', 'tty', 'vsz',
];

// psgo's value strings. Go prints a duration under one second in ms, µs or
// ns ("282.627853ms"), and from one minute on with no zero leading units
// ("2m0.25s", "1h0m3s").
const GO_PERCENT = /^\d+\.\d{3}$/;
const GO_DURATION = /^(?:(?:\d+h\d+m|\d+m)?\d+(?:\.\d+)?s|\d+(?:\.\d+)?(?:ms|µs|ns))$/;
const GO_WHOLE_SECONDS = /^(?:\d+h\d+m|\d+m)?\d+s$/;
const GO_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2}) [A-Za-z0-9+-]+$/;

const children: ChildProcess[] = [];

/** Starts `sleep ARGS` and resolves once it has exec'd. */
async function startSleep(args: string[] = ['1000']): Promise<ChildProcess> {
  const child = spawn('sleep', args, { stdio: 'ignore' });
  children.push(child);
  await once(child, 'spawn');
  return child;
}

/** Kills a child unless it has exited, and resolves once it is reaped. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** Returns the pid of a `true` process that has exited and been reaped. */
async function reapedPid(): Promise<number> {
  const child = spawn('true', { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

/** Returns the ids of this process's threads other than the main thread. */
function otherThreadIds(): number[] {
  return readdirSync('/proc/self/task')
    .map(Number)
    .filter((tid) => tid !== process.pid);
}

/** Returns the row whose `pid` column (index 0) is `pid`. */
function rowOf(table: string[][], pid: number): string[] | undefined {
  return table.slice(1).find((row) => row[0] === String(pid));
}

type CodedError = Error & { code?: unknown; value?: unknown };

/** Resolves to the error that `call` rejects or throws with. Fails the test if the call resolves. */
async function rejectionOf(call: () => Promise<unknown>): Promise<CodedError> {
  try {
    await call();
  } catch (error) {
    return error as CodedError;
  }
  throw new Error('expected the call to reject, but it resolved');
}

let sleeper: ChildProcess;

beforeAll(async () => {
  sleeper = await startSleep(['1000', '2']);
});

afterAll(async () => {
  await Promise.all(children.map(stopChild));
});

describe('descriptors', () => {
  it('defaults to the ps -ef columns', async () => {
    const table = await processInfoByPids([process.pid]);
    expect(table[0]).toEqual(DEFAULT_HEADER);
  });

  it('exports DefaultDescriptors', () => {
    expect(DefaultDescriptors).toEqual(['user', 'pid', 'ppid', 'pcpu', 'etime', 'tty', 'time', 'args']);
  });

  it('empty list means defaults', async () => {
    const table = await processInfoByPids([process.pid], []);
    expect(table[0]).toEqual(DEFAULT_HEADER);
  });

  it('code form gives same headers', async () => {
    const codes = await processInfoByPids([], AIX_CODES);
    const names = await processInfoByPids([], AIX_NAMES);
    expect(codes).toEqual(names);
  });

  it('code form gives same values', async () => {
    // Each normal name directly follows its code in one listing, so both
    // columns come from the same read of /proc.
    const paired = AIX_CODES.flatMap((code, i) => [code, AIX_NAMES[i]]);
    const [, row] = await processInfoByPids([sleeper.pid!], paired);
    for (let i = 0; i < paired.length; i += 2) {
      expect([paired[i], row[i]]).toEqual([paired[i], row[i + 1]]);
    }
  });

  it('ignores surrounding whitespace', async () => {
    const spaced = await processInfoByPids([sleeper.pid!], [' pid', 'comm ', '\t%p\n', '  args  ']);
    const plain = await processInfoByPids([sleeper.pid!], ['pid', 'comm', 'pid', 'args']);
    expect(spaced).toEqual(plain);
  });

  it('duplicates give duplicate columns', async () => {
    const table = await processInfoByPids([sleeper.pid!], ['pid', 'comm', 'pid', '%p']);
    const pid = String(sleeper.pid);
    expect(table).toEqual([
      ['PID', 'COMMAND', 'PID', 'PID'],
      [pid, 'sleep', pid, pid],
    ]);
  });
});

describe('processInfo', () => {
  it('includes this process', async () => {
    const table = await processInfo(['pid']);
    expect(rowOf(table, process.pid)).toBeDefined();
  });

  it('includes a spawned child', async () => {
    const table = await processInfo(['pid']);
    expect(rowOf(table, sleeper.pid!)).toBeDefined();
  });

  it('sorts rows by ascending pid', async () => {
    const pids = (await processInfo(['pid'])).slice(1).map((row) => Number(row[0]));
    const sorted = [...pids].sort((a, b) => a - b);
    expect(pids).toEqual(sorted);
  });

  it('lists each pid once', async () => {
    const pids = (await processInfo(['pid'])).slice(1).map((row) => row[0]);
    expect(new Set(pids).size).toBe(pids.length);
  });

  it('fills every cell of every row', async () => {
    const descriptors = await listDescriptors();
    const table = await processInfo(descriptors);
    const width = descriptors.length;
    const wrongWidth = table.filter((row) => row.length !== width);
    expect(wrongWidth).toEqual([]);
  });

  it('keeps cells in place across text chunks', async () => {
    // The addon hands a long listing over as several strings; a cell lost
    // or repeated at a cut would shift the rest of the row.
    // Every descriptor three times: over 32 KiB even on a quiet machine.
    const every = await listDescriptors();
    const descriptors = ['pid', ...every, ...every, ...every, 'pid'];
    const table = await processInfo(descriptors);
    const bytes = table.slice(1).reduce((sum, row) => sum + row.join('\0').length + 1, 0);
    expect(bytes).toBeGreaterThan(32 * 1024);
    const shifted = table.slice(1).filter((row) => row[0] !== row[row.length - 1]);
    expect(shifted).toEqual([]);
  });

  it('returns strings only', async () => {
    const table = await processInfo(await listDescriptors());
    const nonStrings = table.flat().filter((cell) => typeof cell !== 'string');
    expect(nonStrings).toEqual([]);
  });
});

describe('processInfoByPids', () => {
  it('accepts number pids', async () => {
    const table = await processInfoByPids([sleeper.pid!], ['pid']);
    expect(table).toEqual([['PID'], [String(sleeper.pid)]]);
  });

  it('accepts string pids', async () => {
    const table = await processInfoByPids([String(sleeper.pid)], ['pid']);
    expect(table).toEqual([['PID'], [String(sleeper.pid)]]);
  });

  it('sorts given pids ascending', async () => {
    const other = await startSleep();
    const pids = [sleeper.pid!, other.pid!];
    const table = await processInfoByPids([...pids].sort((a, b) => b - a), ['pid']);
    const expected = [...pids].sort((a, b) => a - b).map((p) => [String(p)]);
    expect(table.slice(1)).toEqual(expected);
  });

  it('leaves out a reaped pid', async () => {
    const exitedPid = await reapedPid();
    const table = await processInfoByPids([exitedPid, sleeper.pid!], ['pid']);
    expect(table).toEqual([['PID'], [String(sleeper.pid)]]);
  });

  it('prints duplicate pids once', async () => {
    const pid = sleeper.pid!;
    const table = await processInfoByPids([pid, String(pid), pid], ['pid']);
    expect(table).toEqual([['PID'], [String(pid)]]);
  });

  it('empty list gives header only', async () => {
    const table = await processInfoByPids([], ['pid', 'comm']);
    expect(table).toEqual([['PID', 'COMMAND']]);
  });

  it('leaves out non-leader thread ids', async () => {
    const threads = otherThreadIds();
    expect(threads.length).toBeGreaterThan(0);
    const table = await processInfoByPids(threads, ['pid']);
    expect(table).toEqual([['PID']]);
  });

  it('accepts the maximum pid', async () => {
    const table = await processInfoByPids([MAX_PID], ['pid']);
    expect(table[0]).toEqual(['PID']);
  });
});

describe('child process values', () => {
  it('ppid is the parent pid', async () => {
    const [, row] = await processInfoByPids([sleeper.pid!], ['ppid']);
    expect(row).toEqual([String(process.pid)]);
  });

  it('args is the command line', async () => {
    const [, row] = await processInfoByPids([sleeper.pid!], ['args']);
    expect(row).toEqual(['sleep 1000 2']);
  });

  it('comm is the program name', async () => {
    const [, row] = await processInfoByPids([sleeper.pid!], ['comm']);
    expect(row).toEqual(['sleep']);
  });

  it('pid column is the pid', async () => {
    const [, row] = await processInfoByPids([sleeper.pid!], ['pid']);
    expect(row).toEqual([String(sleeper.pid)]);
  });
});

describe('psgo format', () => {
  const descriptors = ['pcpu', 'etime', 'time', 'stime', 'groups', 'label'];
  let psgo: Record<string, string>;
  let ps: Record<string, string>;
  let supplementaryGroups: string;

  beforeAll(async () => {
    const pid = sleeper.pid!;
    const [, psgoRow] = await processInfoByPids([pid], descriptors, { format: 'psgo' });
    const [, psRow] = await processInfoByPids([pid], descriptors, { format: 'ps' });
    psgo = Object.fromEntries(descriptors.map((d, i) => [d, psgoRow[i]]));
    ps = Object.fromEntries(descriptors.map((d, i) => [d, psRow[i]]));
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    supplementaryGroups = /^Groups:(.*)$/m.exec(status)![1].trim();
  });

  it('pcpu has three decimals', () => {
    expect(psgo.pcpu).toMatch(GO_PERCENT);
  });

  it('etime is a Go duration', () => {
    expect(psgo.etime).toMatch(GO_DURATION);
  });

  it('time is whole Go seconds', () => {
    expect(psgo.time).toMatch(GO_WHOLE_SECONDS);
  });

  it('time of idle sleep is 0s', () => {
    expect(psgo.time).toBe('0s');
  });

  it('stime is a Go time', () => {
    expect(psgo.stime).toMatch(GO_TIME);
  });

  it('stime is the start time', () => {
    const [, date, time, zoneHours, zoneMinutes] = GO_TIME.exec(psgo.stime)!;
    const started = Date.parse(`${date}T${time}${zoneHours}:${zoneMinutes}`);
    // The child started during this test file's run, so its start time lies
    // within two minutes of now.
    expect(Math.abs(Date.now() - started)).toBeLessThan(120_000);
  });

  it('groups empty without supplementary groups', () => {
    const expected = supplementaryGroups === '' ? '' : ps.groups;
    expect(psgo.groups).toBe(expected);
  });

  it('label ? where ps prints -', () => {
    const expected = ps.label === '-' ? '?' : ps.label;
    expect(psgo.label).toBe(expected);
  });

  it('is the default for no options', async () => {
    const table = await processInfoByPids([sleeper.pid!], ['pcpu', 'time']);
    expect(table[1][1]).toBe('00:00:00');
  });
});

describe('ps format', () => {
  it('groups - without supplementary groups', async () => {
    const pid = sleeper.pid!;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const groups = /^Groups:(.*)$/m.exec(status)![1].trim();
    const [, row] = await processInfoByPids([pid], ['groups']);
    if (groups === '') {
      expect(row[0]).toBe('-');
    } else {
      expect(row[0]).not.toBe('-');
    }
  });

  it('pcpu has one decimal', async () => {
    const [, row] = await processInfoByPids([sleeper.pid!], ['pcpu']);
    expect(row[0]).toMatch(/^\d+\.\d$/);
  });

  it('etime is [[DD-]hh:]mm:ss', async () => {
    const [, row] = await processInfoByPids([sleeper.pid!], ['etime']);
    expect(row[0]).toMatch(/^(?:(?:\d+-)?\d{2}:)?\d{2}:\d{2}$/);
  });
});

describe('argument errors', () => {
  interface ErrorCase {
    title: string;
    call: () => Promise<unknown>;
    name: 'TypeError' | 'RangeError' | 'PsnodeError';
    code: string;
    value: unknown;
    /** Text that the message contains to name the value. */
    named: string;
  }

  const some = ['pid'];
  const cases: ErrorCase[] = [
    {
      title: 'unknown descriptor',
      call: () => processInfo(['pid', 'bogus']),
      name: 'PsnodeError', code: 'ERR_UNKNOWN_DESCRIPTOR', value: 'bogus', named: '"bogus"',
    },
    {
      title: 'unknown descriptor by pids',
      call: () => processInfoByPids([1], [' nosuch ']),
      name: 'PsnodeError', code: 'ERR_UNKNOWN_DESCRIPTOR', value: ' nosuch ', named: 'nosuch',
    },
    {
      title: 'empty descriptor',
      call: () => processInfo(['']),
      name: 'PsnodeError', code: 'ERR_UNKNOWN_DESCRIPTOR', value: '', named: '""',
    },
    {
      title: 'descriptors not an array',
      call: () => processInfo('pid' as unknown as string[]),
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', value: 'pid', named: '"pid"',
    },
    {
      title: 'descriptor not a string',
      call: () => processInfo([7] as unknown as string[]),
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', value: 7, named: '7',
    },
    {
      title: 'pids not an array',
      call: () => processInfoByPids('42' as unknown as string[], some),
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', value: '42', named: '"42"',
    },
    {
      title: 'pids missing',
      call: () => processInfoByPids(undefined as unknown as string[], some),
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', value: undefined, named: 'undefined',
    },
    {
      title: 'pid of type boolean',
      call: () => processInfoByPids([true] as unknown as number[], some),
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', value: true, named: 'boolean',
    },
    {
      title: 'pid null',
      call: () => processInfoByPids([null] as unknown as number[], some),
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', value: null, named: 'null',
    },
    {
      title: 'string pid with letters',
      call: () => processInfoByPids(['abc'], some),
      name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', value: 'abc', named: '"abc"',
    },
    {
      title: 'string pid empty',
      call: () => processInfoByPids([''], some),
      name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', value: '', named: '""',
    },
    {
      title: 'string pid with space',
      call: () => processInfoByPids([' 1'], some),
      name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', value: ' 1', named: '" 1"',
    },
    {
      title: 'string pid signed',
      call: () => processInfoByPids(['+1'], some),
      name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', value: '+1', named: '"+1"',
    },
    {
      title: 'string pid fractional',
      call: () => processInfoByPids(['1.0'], some),
      name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', value: '1.0', named: '"1.0"',
    },
    {
      title: 'string pid zero',
      call: () => processInfoByPids(['0'], some),
      name: 'RangeError', code: 'ERR_OUT_OF_RANGE', value: '0', named: '"0"',
    },
    {
      title: 'string pid too large',
      call: () => processInfoByPids([String(MAX_PID + 1)], some),
      name: 'RangeError', code: 'ERR_OUT_OF_RANGE', value: String(MAX_PID + 1), named: `"${MAX_PID + 1}"`,
    },
    {
      title: 'number pid zero',
      call: () => processInfoByPids([0], some),
      name: 'RangeError', code: 'ERR_OUT_OF_RANGE', value: 0, named: 'number 0',
    },
    {
      title: 'number pid negative',
      call: () => processInfoByPids([-5], some),
      name: 'RangeError', code: 'ERR_OUT_OF_RANGE', value: -5, named: '-5',
    },
    {
      title: 'number pid fractional',
      call: () => processInfoByPids([1.5], some),
      name: 'RangeError', code: 'ERR_OUT_OF_RANGE', value: 1.5, named: '1.5',
    },
    {
      title: 'number pid NaN',
      call: () => processInfoByPids([NaN], some),
      name: 'RangeError', code: 'ERR_OUT_OF_RANGE', value: NaN, named: 'NaN',
    },
    {
      title: 'number pid Infinity',
      call: () => processInfoByPids([Infinity], some),
      name: 'RangeError', code: 'ERR_OUT_OF_RANGE', value: Infinity, named: 'Infinity',
    },
    {
      title: 'number pid too large',
      call: () => processInfoByPids([MAX_PID + 1], some),
      name: 'RangeError', code: 'ERR_OUT_OF_RANGE', value: MAX_PID + 1, named: String(MAX_PID + 1),
    },
    {
      title: 'bad pid after good',
      call: () => processInfoByPids([1, 2, 'x'], some),
      name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', value: 'x', named: 'pids[2]',
    },
    {
      title: 'options not an object',
      call: () => processInfo(some, 'psgo' as unknown as { format: 'psgo' }),
      name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', value: 'psgo', named: '"psgo"',
    },
    {
      title: 'unknown format',
      call: () => processInfo(some, { format: 'json' as 'ps' }),
      name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', value: 'json', named: '"json"',
    },
    {
      title: 'format in capitals',
      call: () => processInfoByPids([1], some, { format: 'PS' as 'ps' }),
      name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', value: 'PS', named: '"PS"',
    },
  ];

  const expectedClass = { TypeError, RangeError, PsnodeError };

  describe.each(cases)('$title', ({ call, name, code, value, named }) => {
    let error: CodedError;

    beforeAll(async () => {
      error = await rejectionOf(call);
    });

    it('does not throw synchronously', () => {
      expect(() => {
        call().catch(() => undefined);
      }).not.toThrow();
    });

    it('has the expected class', () => {
      expect(error).toBeInstanceOf(expectedClass[name]);
    });

    it('has the expected name', () => {
      expect(error.name).toBe(name);
    });

    it('has the expected code', () => {
      expect(error.code).toBe(code);
    });

    it('carries the offending value', () => {
      expect(error.value).toBe(value);
    });

    it('message names the value', () => {
      expect(error.message).toContain(named);
    });
  });

  it('checks pids before descriptors', async () => {
    const error = await rejectionOf(() => processInfoByPids(['abc'], ['bogus']));
    expect(error.code).toBe('ERR_INVALID_ARG_VALUE');
  });

  it('rejects unknown descriptor before reading', async () => {
    // An empty pid list reads nothing from /proc, yet the descriptors are checked.
    const error = await rejectionOf(() => processInfoByPids([], ['bogus']));
    expect(error.code).toBe('ERR_UNKNOWN_DESCRIPTOR');
  });

  it('bigint pid message says bigint', async () => {
    // A bigint is not a number here, so "received the number 1" contradicts
    // "must be a number".
    const error = await rejectionOf(() => processInfoByPids([1n] as unknown as number[], some));
    expect(error.code).toBe('ERR_INVALID_ARG_TYPE');
    expect(error.message).not.toContain('the number 1');
  });
});

describe('sparse arrays', () => {
  // An array with a hole, such as one built by index assignment, holds
  // undefined where the hole is.
  it('pids hole is a type error', async () => {
    const pids: number[] = [];
    pids[1] = process.pid;
    const error = await rejectionOf(() => processInfoByPids(pids, ['pid']));
    expect(error.code).toBe('ERR_INVALID_ARG_TYPE');
  });

  it('pids hole message names index', async () => {
    const pids: number[] = [];
    pids[1] = process.pid;
    const error = await rejectionOf(() => processInfoByPids(pids, ['pid']));
    expect(error.message).toContain('pids[0]');
  });

  it('descriptors hole is a type error', async () => {
    const descriptors: string[] = [];
    descriptors[1] = 'pid';
    const error = await rejectionOf(() => processInfo(descriptors));
    expect(error.code).toBe('ERR_INVALID_ARG_TYPE');
  });
});

describe('listDescriptors', () => {
  let names: string[];

  beforeAll(async () => {
    names = await listDescriptors();
  });

  it('is sorted', () => {
    expect(names).toEqual([...names].sort());
  });

  it('has no duplicates', () => {
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(AIX_NAMES)('contains AIX name %s', (name) => {
    expect(names).toContain(name);
  });

  it.each([
    'capamb', 'capbnd', 'capeff', 'capinh', 'capprm',
    'seccomp', 'label', 'groups', 'uid', 'rss', 'state', 'stime',
  ])('contains psgo name %s', (name) => {
    expect(names).toContain(name);
  });

  it('contains no code forms', () => {
    // AIX codes are '%' and one letter; ps's %cpu and %mem are keywords.
    expect(names.filter((name) => /^%[A-Za-z]$/.test(name))).toEqual([]);
  });

  it('returns a fresh array', async () => {
    names.push('mutated');
    const again = await listDescriptors();
    names.pop();
    expect(again).not.toContain('mutated');
  });

  it('every name is accepted', async () => {
    const table = await processInfoByPids([process.pid], names);
    expect(table[1]).toHaveLength(names.length);
  });
});

describe('concurrency', () => {
  it('20 concurrent calls resolve', async () => {
    const calls = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? processInfo(['pid', 'comm'])
        : processInfoByPids([process.pid, sleeper.pid!], ['pid', 'comm'], { format: 'psgo' }),
    );
    const tables = await Promise.all(calls);
    const missingSelf = tables.filter((table) => rowOf(table, process.pid) === undefined);
    expect(missingSelf).toEqual([]);
  });

  it('concurrent calls keep their headers', async () => {
    const descriptorSets = [['pid'], ['comm', 'pid'], ['args'], ['%C', '%p'], ['user', 'group']];
    const calls = Array.from({ length: 20 }, (_, i) => processInfo(descriptorSets[i % descriptorSets.length]));
    const headers = (await Promise.all(calls)).map((table) => table[0]);
    const expected = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => (await processInfoByPids([], descriptorSets[i % descriptorSets.length]))[0]),
    );
    expect(headers).toEqual(expected);
  });
});

describe('exiting processes', () => {
  it('listing never rejects during churn', async () => {
    const runMs = 2000;
    const maxChildren = 3000;
    const maxListings = 2000;
    const deadline = Date.now() + runMs;
    const descriptors = await listDescriptors();
    const recentPids: number[] = [];
    const failures: unknown[] = [];
    let started = 0;
    let listings = 0;

    // Starts batches of short-lived children, kills half of them at once
    // and reaps every one before the next batch.
    const churn = async (): Promise<void> => {
      while (Date.now() < deadline && started < maxChildren) {
        const batch = Array.from({ length: 8 }, (_, i) => {
          const child = spawn('true', { stdio: 'ignore' });
          const exited = once(child, 'exit');
          if (i % 2 === 0) child.kill('SIGKILL');
          started++;
          if (child.pid !== undefined) recentPids.push(child.pid);
          return exited;
        });
        await Promise.all(batch);
        recentPids.splice(0, Math.max(0, recentPids.length - 32));
      }
    };

    const list = async (format: 'ps' | 'psgo'): Promise<void> => {
      while (Date.now() < deadline && listings < maxListings) {
        listings++;
        try {
          await processInfo(descriptors, { format });
          await processInfoByPids([...recentPids], descriptors, { format });
        } catch (error) {
          failures.push(error);
        }
      }
    };

    await Promise.all([churn(), list('ps'), list('psgo')]);

    expect(failures).toEqual([]);
    expect(started).toBeGreaterThan(0);
    expect(listings).toBeGreaterThan(0);
  });
});
