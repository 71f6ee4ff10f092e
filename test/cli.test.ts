// The psnode command as a user runs it: `node dist/cli.js FLAGS`, built from
// lib/ before the tests, against a `sleep` process that the tests start.

import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listDescriptors } from '../lib/index';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

// The table separates columns by at least three spaces, and no cell before
// the last one (COMMAND) contains three spaces in a row.
const COLUMN_GAP = / {3,}/;

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args` and resolves with its exit status and output. */
function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      let status: number | null = 0;
      if (error) status = typeof error.code === 'number' ? error.code : null;
      resolve({ status, stdout, stderr });
    });
  });
}

/** Splits table output into lines of cells. */
function cellsOf(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(COLUMN_GAP));
}

const children: ChildProcess[] = [];

/** Starts `sleep 1000` and resolves once it has exec'd. */
async function startSleep(): Promise<ChildProcess> {
  const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
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

let first: ChildProcess;
let second: ChildProcess;

beforeAll(async () => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'lib'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  first = await startSleep();
  second = await startSleep();
});

afterAll(async () => {
  await Promise.all(children.map(stopChild));
});

describe('default output', () => {
  let result: CliResult;

  beforeAll(async () => {
    result = await runCli([]);
  });

  it('exits 0', () => {
    expect(result.status).toBe(0);
  });

  it('prints the ps -ef header', () => {
    const header = result.stdout.split('\n')[0];
    expect(header).toMatch(/^USER {3,}PID {3,}PPID {3,}%CPU {3,}ELAPSED {3,}TTY {3,}TIME {3,}COMMAND$/);
  });

  it('prints nothing on stderr', () => {
    expect(result.stderr).toBe('');
  });

  it('includes a spawned child', () => {
    const pids = cellsOf(result.stdout).map((cells) => cells[1]);
    expect(pids).toContain(String(first.pid));
  });

  it('rows have the header width', () => {
    // The table has eight columns. An args cell may contain three spaces in
    // a row, so a row can split into more cells, but never fewer.
    const short = cellsOf(result.stdout).filter((cells) => cells.length < 8);
    expect(short).toEqual([]);
  });

  it('ends with a newline', () => {
    expect(result.stdout.endsWith('\n')).toBe(true);
  });
});

describe('-format', () => {
  const expected = ['PID', 'USER', 'GROUP', 'SECCOMP'];

  it.each([
    ['-format', 'pid, user, group, seccomp'],
    ['--format', 'pid, user, group, seccomp'],
  ])('%s LIST prints those headers', async (flag, list) => {
    const result = await runCli([flag, list]);
    expect(cellsOf(result.stdout)[0]).toEqual(expected);
  });

  it.each(['-format=pid, user, group, seccomp', '--format=pid, user, group, seccomp'])(
    '%s prints those headers',
    async (arg) => {
      const result = await runCli([arg]);
      expect(cellsOf(result.stdout)[0]).toEqual(expected);
    },
  );

  it('accepts code form', async () => {
    const result = await runCli(['-format', '%p,%c', '-pids', String(first.pid)]);
    expect(cellsOf(result.stdout)).toEqual([
      ['PID', 'COMMAND'],
      [String(first.pid), 'sleep'],
    ]);
  });

  it('exits 0', async () => {
    const result = await runCli(['-format', 'pid']);
    expect(result.status).toBe(0);
  });
});

describe('-pids', () => {
  it.each(['-pids', '--pids'])('%s with one pid', async (flag) => {
    const result = await runCli([flag, String(first.pid), '-format', 'pid,comm']);
    expect(cellsOf(result.stdout)).toEqual([
      ['PID', 'COMMAND'],
      [String(first.pid), 'sleep'],
    ]);
  });

  it('two pids comma separated', async () => {
    const pids = [first.pid!, second.pid!].sort((a, b) => a - b);
    const result = await runCli(['-pids', `${pids[0]}, ${pids[1]}`, '-format', 'pid']);
    expect(cellsOf(result.stdout)).toEqual([['PID'], [String(pids[0])], [String(pids[1])]]);
  });

  it('-pids=LIST form', async () => {
    const result = await runCli([`-pids=${first.pid}`, '-format=pid']);
    expect(cellsOf(result.stdout)).toEqual([['PID'], [String(first.pid)]]);
  });

  it('missing pid prints header only', async () => {
    const exitedPid = await reapedPid();
    const result = await runCli(['-pids', String(exitedPid), '-format', 'pid,comm']);
    expect(cellsOf(result.stdout)).toEqual([['PID', 'COMMAND']]);
  });

  it('missing pid exits 0', async () => {
    const exitedPid = await reapedPid();
    const result = await runCli(['-pids', String(exitedPid)]);
    expect(result.status).toBe(0);
  });

  it('missing pid among present ones', async () => {
    const exitedPid = await reapedPid();
    const result = await runCli(['-pids', `${exitedPid},${first.pid}`, '-format', 'pid']);
    expect(cellsOf(result.stdout)).toEqual([['PID'], [String(first.pid)]]);
  });
});

describe('-list', () => {
  it('prints descriptors comma separated', async () => {
    const result = await runCli(['-list']);
    expect(result.stdout).toBe((await listDescriptors()).join(', ') + '\n');
  });

  it('--list exits 0', async () => {
    const result = await runCli(['--list']);
    expect(result.status).toBe(0);
  });
});

describe('--json', () => {
  it('prints the table as JSON', async () => {
    const result = await runCli(['--json', '-pids', String(first.pid), '-format', 'pid,comm']);
    expect(JSON.parse(result.stdout)).toEqual([
      ['PID', 'COMMAND'],
      [String(first.pid), 'sleep'],
    ]);
  });

  it('first row is the default header', async () => {
    const result = await runCli(['--json']);
    const rows = JSON.parse(result.stdout) as string[][];
    expect(rows[0]).toEqual(['USER', 'PID', 'PPID', '%CPU', 'ELAPSED', 'TTY', 'TIME', 'COMMAND']);
  });

  it('-json=false prints a table', async () => {
    const result = await runCli(['-json=false', '-format', 'pid', '-pids', String(first.pid)]);
    expect(cellsOf(result.stdout)).toEqual([['PID'], [String(first.pid)]]);
  });
});

describe('--help and --version', () => {
  it.each(['--help', '-help', '-h'])('%s exits 0', async (flag) => {
    const result = await runCli([flag]);
    expect(result.status).toBe(0);
  });

  it('--help mentions -format', async () => {
    const result = await runCli(['--help']);
    expect(result.stdout).toContain('-format');
  });

  it('--help mentions -pids', async () => {
    const result = await runCli(['--help']);
    expect(result.stdout).toContain('-pids');
  });

  it('--version prints package version', async () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result.stdout).toBe(`psnode ${manifest.version}\n`);
  });

  it('--version exits 0', async () => {
    const result = await runCli(['--version']);
    expect(result.status).toBe(0);
  });
});

describe('usage errors', () => {
  // Each case: the arguments, and text that stderr contains to name the problem.
  const cases: Array<[string, string[], string]> = [
    ['unknown flag', ['--bogus'], '--bogus'],
    ['unknown descriptor', ['-format', 'pid, bogus'], 'bogus'],
    ['pids not a number', ['-pids', 'abc'], '"abc"'],
    ['pid zero', ['-pids', '0'], '"0"'],
    ['pids without value', ['-pids'], '-pids'],
    ['format without value', ['-format'], '-format'],
    ['positional argument', ['extra'], 'extra'],
    ['join without pids', ['-join'], '-pids'],
    ['fill-mappings without join', ['-fill-mappings', '-pids', '1'], '-join'],
    ['boolean flag bad value', ['-json=maybe'], 'maybe'],
  ];

  describe.each(cases)('%s', (_title, args, named) => {
    let result: CliResult;

    beforeAll(async () => {
      result = await runCli(args);
    });

    it('exits 2', () => {
      expect(result.status).toBe(2);
    });

    it('prints nothing on stdout', () => {
      expect(result.stdout).toBe('');
    });

    it('names the problem on stderr', () => {
      expect(result.stderr).toContain(named);
    });

    it('prefixes stderr with psnode', () => {
      expect(result.stderr).toMatch(/^psnode: /);
    });
  });
});
