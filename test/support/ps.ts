// Runs the installed procps-ng ps as the oracle for the differential tests.
//
// Each keyword gets its own ps run, `ps -o pid=,KEY= -p PIDS`, with KEY last:
// ps pads or truncates every column except the last one, so only the last
// column shows the whole value. In thread mode the run is
// `ps -L -o tid=,KEY= ...`, one line per thread.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

// How ps 4.0.2 aligns each keyword's column (the format table in
// src/ps/output.c, checked against the installed ps with a header wider than
// every value). A right-aligned value is padded on the left to the column
// width, so its leading spaces are padding. A left-aligned value follows the
// single separator space directly and is not padded when it is the last
// column, so its leading and trailing spaces belong to the value (args can
// start or end with spaces).
const RIGHT_ALIGNED_KEYWORDS: ReadonlySet<string> = new Set([
  '%cpu',
  'cgroupns',
  'cls',
  'cputime',
  'cputimes',
  'drs',
  'egid',
  'etime',
  'etimes',
  'euid',
  'f',
  'fgid',
  'flag',
  'flags',
  'fsgid',
  'fsuid',
  'fuid',
  'gid',
  'ipcns',
  'lstart',
  'lwp',
  'maj_flt',
  'majflt',
  'min_flt',
  'minflt',
  'mntns',
  'netns',
  'ni',
  'nice',
  'nlwp',
  'pcpu',
  'pgid',
  'pgrp',
  'pid',
  'pidns',
  'ppid',
  'pri',
  'psr',
  'rgid',
  'rss',
  'rssize',
  'rsz',
  'rtprio',
  'ruid',
  'sess',
  'session',
  'sgid',
  'sid',
  'spid',
  'start_time',
  'stime',
  'suid',
  'svgid',
  'svuid',
  'sz',
  'tgid',
  'thcount',
  'tid',
  'time',
  'timens',
  'times',
  'tpgid',
  'trs',
  'uid',
  'userns',
  'utsns',
  'vsize',
  'vsz',
]);

const LEFT_ALIGNED_KEYWORDS: ReadonlySet<string> = new Set([
  'args',
  'cgroup',
  'class',
  'cmd',
  'comm',
  'command',
  'egroup',
  'euser',
  'fgroup',
  'fsgroup',
  'fsuser',
  'fuser',
  'group',
  'label',
  'policy',
  'rgroup',
  'ruser',
  's',
  'sgroup',
  'stat',
  'state',
  'supgid',
  'supgrp',
  'suser',
  'svgroup',
  'svuser',
  'tname',
  'tt',
  'tty',
  'ucmd',
  'ucomm',
  'uname',
  'user',
  'wchan',
  'wname',
]);

// Right-aligned keywords whose values always fill the column (pmem " 0.3",
// bsdstart " 20:04", start "  Dec 04"), so leading spaces belong to the
// value and are kept.
const FULL_WIDTH_KEYWORDS: ReadonlySet<string> = new Set([
  '%mem',
  'bsdstart',
  'pmem',
  'start',
]);

// Environment variables that change what ps selects or prints. They are
// removed so that the caller's shell settings cannot change the oracle.
const PS_SETTINGS_VARIABLES = [
  'CMD_ENV',
  'COLUMNS',
  'I_WANT_A_BROKEN_PS',
  'LINES',
  'POSIX2',
  'POSIXLY_CORRECT',
  'PS_FORMAT',
  'PS_PERSONALITY',
  'UNIX95',
  '_XPG',
];

// ps output for ~1,000 processes with 128 KiB args each stays well below this.
const MAX_PS_OUTPUT_BYTES = 256 * 1024 * 1024;

// A ps run over a few hundred processes takes well under a second. One that
// blocks (on a process whose memory cannot be read, for example) fails with
// this time in its message.
const PS_TIMEOUT_MS = 60_000;

// Values at least this long may have been cut because of the pid column in
// front of them; every other value is far shorter.
const LONG_VALUE_CHARACTERS = 64 * 1024;

// A ps output line: the right-aligned pid (or tid), one separator space, then the value.
const PS_LINE = /^ *(\d+) (.*)$/s;

/** Values that ps printed for one keyword, by pid (by tid in thread mode). */
export type PsValues = Map<number, string>;

/** The processes that ps lists: these pids (`-p`), or every process (`-e`). */
export type PsSelection = readonly number[] | 'every';

export interface PsRunOptions {
  /** One line per thread (`-L`), keyed by tid. Default false. */
  threads?: boolean;
}

/**
 * Builds the environment for ps: the caller's environment (so TZ is the same
 * as the test process's), with the C.UTF-8 locale and without COLUMNS or any
 * other variable that ps reads for its own settings. LD_PRELOAD goes too:
 * the sanitizer run preloads AddressSanitizer, under which procps-ng ps
 * 4.0.2 hangs.
 */
export function psEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C.UTF-8' };
  for (const name of PS_SETTINGS_VARIABLES) {
    delete environment[name];
  }
  delete environment.LD_PRELOAD;
  return environment;
}

/**
 * Returns how ps aligns the keyword's column: 'right', 'left', or 'full-width'
 * (right-aligned, but every value fills the column). Returns undefined when
 * the alignment tables in this file do not list the keyword.
 */
export function psAlignment(keyword: string): 'right' | 'left' | 'full-width' | undefined {
  if (RIGHT_ALIGNED_KEYWORDS.has(keyword)) {
    return 'right';
  }
  if (LEFT_ALIGNED_KEYWORDS.has(keyword)) {
    return 'left';
  }
  return FULL_WIDTH_KEYWORDS.has(keyword) ? 'full-width' : undefined;
}

/** Returns true when the alignment tables in this file list the keyword, which runPs needs. */
export function isSupportedPsKeyword(keyword: string): boolean {
  return psAlignment(keyword) !== undefined;
}

/**
 * Runs `ps -o pid=,KEYWORD= -p PIDS` and returns each listed process's value,
 * exactly as ps printed it without the column padding. With `threads`, runs
 * `ps -L -o tid=,KEYWORD=` and returns each thread's value by tid. The
 * selection 'every' runs ps with `-e` in place of `-p PIDS`.
 *
 * Pids that ps did not list (the process has exited) are missing from the
 * result. Rejects when ps fails for another reason or prints a line that does
 * not start with a pid.
 */
export async function runPs(selection: PsSelection, keyword: string, options: PsRunOptions = {}): Promise<PsValues> {
  if (!isSupportedPsKeyword(keyword)) {
    throw new Error(
      `ps keyword "${keyword}" is not supported: add it to RIGHT_ALIGNED_KEYWORDS, ` +
        'LEFT_ALIGNED_KEYWORDS or FULL_WIDTH_KEYWORDS in test/support/ps.ts as ps aligns it',
    );
  }
  if (selection !== 'every' && selection.length === 0) {
    return new Map();
  }

  const threads = options.threads === true;
  const args = [
    ...(threads ? ['-L'] : []),
    '-o',
    `${threads ? 'tid' : 'pid'}=,${keyword}=`,
    ...(selection === 'every' ? ['-e'] : ['-p', selection.join(',')]),
  ];
  const values = parsePsOutput(await execPs(args), keyword);

  // ps 4.0.2 limits the width of a whole line to about 128 KiB, so the pid
  // column shortens a long last value. Measured with a 180,000-byte cmdline
  // and a 5-character pid column: args alone printed 131,071 characters,
  // after the pid 131,066. Such values are read again from a ps run that
  // prints the value alone.
  for (const [id, value] of values) {
    if (value.length >= LONG_VALUE_CHARACTERS) {
      const alone = threads ? await runPsAloneForThread(id, keyword) : await runPsAlone(id, keyword);
      if (alone !== undefined) {
        values.set(id, alone);
      }
    }
  }
  return values;
}

/** Runs `ps -o KEYWORD= -p PID`; returns undefined when the process has exited. */
async function runPsAlone(pid: number, keyword: string): Promise<string | undefined> {
  const stdout = await execPs(['-o', `${keyword}=`, '-p', String(pid)]);
  if (stdout === '') {
    return undefined;
  }
  const value = stdout.endsWith('\n') ? stdout.slice(0, -1) : stdout;
  if (value.includes('\n')) {
    throw new Error(`ps -o ${keyword}= -p ${pid} printed more than one line`);
  }
  return RIGHT_ALIGNED_KEYWORDS.has(keyword) ? value.replace(/^ +/, '') : value;
}

/**
 * Reads a long value of one thread again, from `ps -L -o KEYWORD= -p TGID`.
 * ps cannot select a single thread, so this works only for values that every
 * thread of the process shares, such as the command line. It rejects when
 * the threads' values differ, and returns undefined when the thread has exited.
 */
async function runPsAloneForThread(tid: number, keyword: string): Promise<string | undefined> {
  let tgid: number;
  try {
    const status = readFileSync(`/proc/${tid}/status`, 'latin1');
    tgid = Number(/^Tgid:\s*(\d+)$/m.exec(status)?.[1]);
  } catch {
    return undefined;
  }
  const stdout = await execPs(['-L', '-o', `${keyword}=`, '-p', String(tgid)]);
  const lines = stdout.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  if (lines.length === 0) {
    return undefined;
  }
  if (new Set(lines).size > 1) {
    throw new Error(`ps -L -o ${keyword}= -p ${tgid} printed a long value that differs between threads`);
  }
  return RIGHT_ALIGNED_KEYWORDS.has(keyword) ? lines[0].replace(/^ +/, '') : lines[0];
}

/**
 * Runs runPs for each keyword at the same time, so that every keyword's values
 * are read within a few milliseconds of each other.
 */
export async function runPsForKeywords(
  selection: PsSelection,
  keywords: readonly string[],
  options: PsRunOptions = {},
): Promise<Map<string, PsValues>> {
  const results = await Promise.all(keywords.map((keyword) => runPs(selection, keyword, options)));
  return new Map(keywords.map((keyword, index) => [keyword, results[index]]));
}

/**
 * Runs ps with the given arguments (in the same environment as runPs) and
 * resolves with its standard output. ps exiting with status 1 and no output
 * (no listed process exists) resolves with ''.
 */
export function runPsCommand(args: readonly string[]): Promise<string> {
  return execPs([...args]);
}

/** Splits ps output into values by pid (or tid), removing only the padding ps adds. */
export function parsePsOutput(stdout: string, keyword: string): PsValues {
  const values: PsValues = new Map();
  // ps turns newlines inside values into spaces, so each line is one process.
  const lines = stdout.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }

  for (const line of lines) {
    const match = PS_LINE.exec(line);
    if (match === null) {
      throw new Error(`ps -o pid=,${keyword}= printed a line without a leading pid or tid: ${JSON.stringify(line)}`);
    }
    const pid = Number(match[1]);
    const value = RIGHT_ALIGNED_KEYWORDS.has(keyword) ? match[2].replace(/^ +/, '') : match[2];
    values.set(pid, value);
  }
  return values;
}

function execPs(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'ps',
      args,
      { encoding: 'buffer', env: psEnvironment(), maxBuffer: MAX_PS_OUTPUT_BYTES, timeout: PS_TIMEOUT_MS },
      (error, stdout, stderr) => {
        const stderrText = stderr.toString('utf8').trim();
        // Node also kills ps when its output exceeds maxBuffer, which has its own error code.
        if (error !== null && error.killed === true && error.code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          reject(new Error(`ps ${args.join(' ')} timed out after ${PS_TIMEOUT_MS} ms and was killed`));
          return;
        }
        // ps exits with status 1 and prints nothing when no listed pid exists.
        const noProcessFound = error !== null && error.code === 1 && stdout.length === 0 && stderrText === '';
        if (error !== null && !noProcessFound) {
          reject(new Error(`ps ${args.join(' ')} failed: ${error.message}${stderrText ? `: ${stderrText}` : ''}`));
          return;
        }

        try {
          // ps escapes what is not valid UTF-8 in a UTF-8 locale, so fatal
          // decoding only rejects output that psnode could never match anyway.
          resolve(new TextDecoder('utf-8', { fatal: true }).decode(stdout));
        } catch (decodeError) {
          reject(new Error(`ps ${args.join(' ')} printed invalid UTF-8: ${String(decodeError)}`));
        }
      },
    );
  });
}
