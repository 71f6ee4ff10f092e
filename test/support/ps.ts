// Runs the installed procps-ng ps as the oracle for the differential test.
//
// Each keyword gets its own ps run, `ps -o pid=,KEY= -p PIDS`, with KEY last:
// ps pads or truncates every column except the last one, so only the last
// column shows the whole value.

import { execFile } from 'node:child_process';

// How ps 4.0.2 aligns each keyword's column (the format table in
// src/ps/output.c). A right-aligned value is padded on the left to the column
// width, so its leading spaces are padding. A left-aligned value follows the
// single separator space directly and is not padded when it is the last
// column, so its leading and trailing spaces belong to the value (args can
// start or end with spaces).
const RIGHT_ALIGNED_KEYWORDS: ReadonlySet<string> = new Set([
  'etime',
  'nice',
  'pcpu',
  'pgid',
  'pid',
  'ppid',
  'rss',
  'stime',
  'time',
  'uid',
  'vsz',
]);

const LEFT_ALIGNED_KEYWORDS: ReadonlySet<string> = new Set([
  'args',
  'comm',
  'group',
  'label',
  'rgroup',
  'ruser',
  's',
  'supgrp',
  'tty',
  'user',
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

// Values at least this long may have been cut because of the pid column in
// front of them; every other value is far shorter.
const LONG_VALUE_CHARACTERS = 64 * 1024;

// A ps output line: the right-aligned pid, one separator space, then the value.
const PS_LINE = /^ *(\d+) (.*)$/s;

/** Values that ps printed for one keyword, by pid. */
export type PsValues = Map<number, string>;

/**
 * Builds the environment for ps: the caller's environment (so TZ is the same
 * as the test process's), with the C.UTF-8 locale and without COLUMNS or any
 * other variable that ps reads for its own settings.
 */
export function psEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C.UTF-8' };
  for (const name of PS_SETTINGS_VARIABLES) {
    delete environment[name];
  }
  return environment;
}

/** Returns true when the alignment tables in this file list the keyword, which runPs needs. */
export function isSupportedPsKeyword(keyword: string): boolean {
  return RIGHT_ALIGNED_KEYWORDS.has(keyword) || LEFT_ALIGNED_KEYWORDS.has(keyword);
}

/**
 * Runs `ps -o pid=,KEYWORD= -p PIDS` and returns each listed process's value,
 * exactly as ps printed it without the column padding.
 *
 * Pids that ps did not list (the process has exited) are missing from the
 * result. Rejects when ps fails for another reason or prints a line that does
 * not start with a pid.
 */
export async function runPs(pids: readonly number[], keyword: string): Promise<PsValues> {
  if (!isSupportedPsKeyword(keyword)) {
    throw new Error(
      `ps keyword "${keyword}" is not supported: add it to RIGHT_ALIGNED_KEYWORDS or ` +
        'LEFT_ALIGNED_KEYWORDS in test/support/ps.ts as ps aligns it',
    );
  }
  if (pids.length === 0) {
    return new Map();
  }

  const args = ['-o', `pid=,${keyword}=`, '-p', pids.join(',')];
  const values = parsePsOutput(await execPs(args), keyword);

  // ps 4.0.2 limits the width of a whole line to about 128 KiB, so the pid
  // column shortens a long last value. Measured with a 180,000-byte cmdline
  // and a 5-character pid column: args alone printed 131,071 characters,
  // after the pid 131,066. Such values are read again from a ps run that
  // prints the value alone.
  for (const [pid, value] of values) {
    if (value.length >= LONG_VALUE_CHARACTERS) {
      const alone = await runPsAlone(pid, keyword);
      if (alone !== undefined) {
        values.set(pid, alone);
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
 * Runs runPs for each keyword at the same time, so that every keyword's values
 * are read within a few milliseconds of each other.
 */
export async function runPsForKeywords(
  pids: readonly number[],
  keywords: readonly string[],
): Promise<Map<string, PsValues>> {
  const results = await Promise.all(keywords.map((keyword) => runPs(pids, keyword)));
  return new Map(keywords.map((keyword, index) => [keyword, results[index]]));
}

/** Splits ps output into values by pid, removing only the padding ps adds. */
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
      throw new Error(`ps -o pid=,${keyword}= printed a line without a leading pid: ${JSON.stringify(line)}`);
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
      { encoding: 'buffer', env: psEnvironment(), maxBuffer: MAX_PS_OUTPUT_BYTES },
      (error, stdout, stderr) => {
        const stderrText = stderr.toString('utf8').trim();
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
