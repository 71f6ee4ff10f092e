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
  /** One row per thread, as `ps -L` prints them; tid then names the thread. Default false. */
  threads?: boolean;
  /** Aborts the call: it rejects with an AbortError (code 'ABORT_ERR') and the native work stops at the next process. */
  signal?: AbortSignal;
}

/** The checked options common to every listing call. */
export interface CheckedOptions {
  format: OutputFormat;
  threads: boolean;
  signal?: AbortSignal;
}

/** One range of a user or group id map, as psgo's JoinNamespaceOpts takes it. */
export interface IdMapping {
  /** First id of the range as the caller sees it. */
  containerID: number;
  /** First id of the range on the host. */
  hostID: number;
  /** Number of ids in the range. */
  size: number;
}

/** Options of the join functions. */
export interface JoinNamespaceOptions extends ProcessInfoOptions {
  /** Maps the caller's uids to host uids for huser and huid. */
  uidMap?: readonly IdMapping[];
  /** Maps the caller's gids to host gids for hgroup and hgroups. */
  gidMap?: readonly IdMapping[];
  /** Takes both maps from /proc/self/uid_map and gid_map, for a caller that runs in a user namespace. */
  fillMappings?: boolean;
}

/** The checked join options, in the form the addon takes. */
export interface CheckedJoinOptions extends CheckedOptions {
  uidMap: Array<[number, number, number]> | null;
  gidMap: Array<[number, number, number]> | null;
  fillMappings: boolean;
}

const MAX_ID = 4294967295;

function parseIdMap(value: unknown, name: string): Array<[number, number, number]> | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) {
    throw invalidType(`options.${name} must be an array of { containerID, hostID, size }, received ${describe(value)}`, value);
  }
  return Array.from(value, (entry: unknown, index): [number, number, number] => {
    const where = `options.${name}[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      throw invalidType(`${where} must be an object { containerID, hostID, size }, received ${describe(entry)}`, entry);
    }
    const fields = entry as Record<string, unknown>;
    const triple = (['containerID', 'hostID', 'size'] as const).map((key) => {
      const n = fields[key];
      if (typeof n !== 'number') {
        throw invalidType(`${where}.${key} must be a number, received ${describe(n)}`, n);
      }
      const min = key === 'size' ? 1 : 0;
      if (!Number.isInteger(n) || n < min || n > MAX_ID) {
        throw outOfRange(`${where}.${key} must be an integer from ${min} to ${MAX_ID}, received ${describe(n)}`, n);
      }
      return n;
    });
    return [triple[0], triple[1], triple[2]];
  });
}

/** Checks the options of a join call. */
export function parseJoinOptions(options: unknown): CheckedJoinOptions {
  const common = parseOptions(options);
  const fields = (options ?? {}) as Record<string, unknown>;
  const { fillMappings } = fields;
  if (fillMappings !== undefined && typeof fillMappings !== 'boolean') {
    throw invalidType(`options.fillMappings must be a boolean, received ${describe(fillMappings)}`, fillMappings);
  }
  return {
    ...common,
    uidMap: parseIdMap(fields.uidMap, 'uidMap'),
    gidMap: parseIdMap(fields.gidMap, 'gidMap'),
    fillMappings: fillMappings === true,
  };
}

/** Checks one pid, named `where` in messages: a positive integer, or a string of decimal digits. */
export function parsePid(value: unknown, where: string): number {
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
  // Array.from visits the holes of a sparse array, which map() skips.
  return Array.from(pids, (value: unknown, index) => parsePid(value, `pids[${index}]`));
}

/** Checks the options object. */
export function parseOptions(options: unknown): CheckedOptions {
  if (options === undefined || options === null) return { format: 'ps', threads: false };
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw invalidType(`options must be an object, received ${describe(options)}`, options);
  }
  const { format = 'ps', threads = false, signal } = options as {
    format?: unknown;
    threads?: unknown;
    signal?: unknown;
  };
  if (format !== 'ps' && format !== 'psgo') {
    throw invalidValue(
      `options.format must be 'ps' or 'psgo', received ${describe(format)}`,
      format,
    );
  }
  if (typeof threads !== 'boolean') {
    throw invalidType(`options.threads must be a boolean, received ${describe(threads)}`, threads);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw invalidType(`options.signal must be an AbortSignal, received ${describe(signal)}`, signal);
  }
  return signal === undefined ? { format, threads } : { format, threads, signal };
}
