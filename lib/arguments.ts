import { describe } from './descriptors';
import { invalidType, invalidValue, outOfRange } from './errors';

/**
 * Largest pid Linux can hand out: PID_MAX_LIMIT, 4 * 1024 * 1024 on 64-bit
 * kernels (include/linux/threads.h). /proc/sys/kernel/pid_max is at most this.
 */
export const MAX_PID = 4194304;

/** Output strings: procps-ng ps 4.0.2's (default) or psgo's where they differ. */
export type OutputFormat = 'ps' | 'psgo';

/** Options of every listing call. */
export interface ProcessInfoOptions {
  /** 'ps' (default) prints what procps-ng ps prints; 'psgo' prints psgo's strings for pcpu, etime, time, stime, groups and label. */
  format?: OutputFormat;
}

/** Checks one pid: a positive integer, or a string of decimal digits. */
export function parsePid(value: unknown, index: number): number {
  const where = `pids[${index}]`;
  let pid: number;
  if (typeof value === 'number') {
    pid = value;
  } else if (typeof value === 'string') {
    if (!/^[0-9]+$/.test(value)) {
      throw invalidValue(
        `${where} must be a positive decimal integer, received ${describe(value)}`,
        value,
      );
    }
    pid = Number(value);
  } else {
    throw invalidType(
      `${where} must be a number or a string of decimal digits, received ${describe(value)}`,
      value,
    );
  }
  if (!Number.isInteger(pid) || pid < 1 || pid > MAX_PID) {
    throw outOfRange(
      `${where} must be an integer from 1 to ${MAX_PID}, received ${describe(value)}`,
      value,
    );
  }
  return pid;
}

/** Checks a pid list and returns its pids as numbers. */
export function parsePids(pids: unknown): number[] {
  if (!Array.isArray(pids)) {
    throw invalidType(`pids must be an array, received ${describe(pids)}`, pids);
  }
  return pids.map((value: unknown, index) => parsePid(value, index));
}

/** Checks the options object and returns the output format. */
export function parseOptions(options: unknown): OutputFormat {
  if (options === undefined || options === null) return 'ps';
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw invalidType(`options must be an object, received ${describe(options)}`, options);
  }
  const { format } = options as { format?: unknown };
  if (format === undefined) return 'ps';
  if (format !== 'ps' && format !== 'psgo') {
    throw invalidValue(
      `options.format must be 'ps' or 'psgo', received ${describe(format)}`,
      format,
    );
  }
  return format;
}
