/**
 * psnode lists Linux processes the way ps(1) does, as rows of strings or
 * as typed records. Every call checks its arguments here, before any /proc
 * work, and then reads /proc on the libuv thread pool.
 */
import { withAbort } from './abort';
import {
  parseJoinOptions,
  parseOptions,
  parsePid,
  parsePids,
  type CheckedOptions,
  type JoinNamespaceOptions,
  type ProcessInfoOptions,
} from './arguments';
import { binding } from './binding';
import { DefaultDescriptors, descriptorNames, resolveDescriptors, type Column } from './descriptors';
import { toSystemError } from './errors';
import { unpackRecords, unpackRows } from './packed';
import type { DescriptorName, ProcessRecord } from './records';

export { DefaultDescriptors } from './descriptors';
export {
  MAX_PID,
  type IdMapping,
  type JoinNamespaceOptions,
  type OutputFormat,
  type ProcessInfoOptions,
} from './arguments';
export { PsnodeError, type PsnodeErrorCode, type SystemError } from './errors';
export type { DescriptorName, ProcessRecord, TypedFields } from './records';
export {
  ProcessMonitor,
  type MonitorOptions,
  type MonitorProcess,
  type MonitorSample,
  type SampleOptions,
} from './monitor';

/** One call to the addon, after its arguments are checked. */
interface Call {
  columns: Column[];
  checked: CheckedOptions;
  typed: boolean;
}

/** Runs a listing of `pids` (all when null) and converts native failures. */
async function runList(call: Call, pids: number[] | null): Promise<unknown[]> {
  const names = call.columns.map((c) => c.name);
  const { format, threads, signal } = call.checked;
  try {
    return await withAbort(signal, (cancel) =>
      binding().list(names, pids, { format, threads, typed: call.typed, cancel }),
    );
  } catch (error) {
    throw toSystemError(error);
  }
}

/** Runs a listing of the containers of `targets`. */
async function runJoin(call: Call, targets: number[], options: unknown): Promise<unknown[]> {
  const names = call.columns.map((c) => c.name);
  const { uidMap, gidMap, fillMappings } = parseJoinOptions(options);
  const { format, threads, signal } = call.checked;
  try {
    return await withAbort(signal, (cancel) =>
      binding().join(names, targets, {
        format, threads, typed: call.typed, cancel, uidMap, gidMap, fillMappings,
      }),
    );
  } catch (error) {
    throw toSystemError(error);
  }
}

function prepare(descriptors: unknown, options: unknown, typed: boolean): Call {
  return { columns: resolveDescriptors(descriptors), checked: parseOptions(options), typed };
}

/** Returns the header row followed by the addon's packed rows. */
function withHeader(columns: Column[], packed: unknown[]): string[][] {
  const rows = unpackRows(packed, columns.length);
  rows.unshift(columns.map((c) => c.header));
  return rows;
}

/**
 * Lists every process visible in /proc: a header row, then one row per
 * process in ascending pid order. `descriptors` defaults to
 * DefaultDescriptors (the columns of `ps -ef`).
 */
export async function processInfo(
  descriptors?: readonly string[],
  options?: ProcessInfoOptions,
): Promise<string[][]> {
  const call = prepare(descriptors, options, false);
  return withHeader(call.columns, await runList(call, null));
}

/**
 * Lists the given pids, given as numbers or decimal strings. A pid that
 * does not exist, exits meanwhile, or names a thread rather than a
 * process is left out; duplicates print once. No pids gives the header
 * row alone.
 */
export async function processInfoByPids(
  pids: ReadonlyArray<string | number>,
  descriptors?: readonly string[],
  options?: ProcessInfoOptions,
): Promise<string[][]> {
  const checked = parsePids(pids);
  const call = prepare(descriptors, options, false);
  if (checked.length === 0) return withHeader(call.columns, []);
  return withHeader(call.columns, await runList(call, checked));
}

/**
 * Lists every process as a typed record: an object per process, keyed by
 * descriptor name, with numbers, strings and arrays (see TypedFields for
 * each type and unit). `descriptors` defaults to DefaultDescriptors.
 */
export async function processRecords<K extends DescriptorName = (typeof DefaultDescriptors)[number] & DescriptorName>(
  descriptors?: readonly K[],
  options?: Omit<ProcessInfoOptions, 'format'>,
): Promise<Array<ProcessRecord<K>>> {
  const call = prepare(descriptors, options, true);
  return unpackRecords(await runList(call, null), call.columns.map((c) => c.name)) as Array<ProcessRecord<K>>;
}

/** Lists the given pids as typed records (see processRecords). */
export async function processRecordsByPids<K extends DescriptorName = (typeof DefaultDescriptors)[number] & DescriptorName>(
  pids: ReadonlyArray<string | number>,
  descriptors?: readonly K[],
  options?: Omit<ProcessInfoOptions, 'format'>,
): Promise<Array<ProcessRecord<K>>> {
  const checked = parsePids(pids);
  const call = prepare(descriptors, options, true);
  if (checked.length === 0) return [];
  return unpackRecords(await runList(call, checked), call.columns.map((c) => c.name)) as Array<ProcessRecord<K>>;
}

/** Resolves to every supported descriptor in normal form, sorted. */
export async function listDescriptors(): Promise<string[]> {
  return descriptorNames();
}

/**
 * Lists the processes of the container that `pid` (a host pid) runs in:
 * joins its mount namespace on a thread of its own and reads the /proc,
 * /etc/passwd and /etc/group found there. Needs CAP_SYS_ADMIN and
 * CAP_SYS_CHROOT (root). A pid that does not exist gives the header row
 * alone. One that cannot be joined rejects with a system error (EPERM,
 * EACCES) that carries the pid.
 */
export async function joinNamespaceAndProcessInfo(
  pid: string | number,
  descriptors?: readonly string[],
  options?: JoinNamespaceOptions,
): Promise<string[][]> {
  const target = parsePid(pid, 'pid');
  const call = prepare(descriptors, options, false);
  return withHeader(call.columns, await runJoin(call, [target], options));
}

/**
 * Lists the processes of the containers that the given host pids run in.
 * Pids that share a PID namespace (the containers of a pod) are listed
 * once, so no process appears twice. Rows come grouped by namespace in the
 * order of the pids, after one header row.
 */
export async function joinNamespaceAndProcessInfoByPids(
  pids: ReadonlyArray<string | number>,
  descriptors?: readonly string[],
  options?: JoinNamespaceOptions,
): Promise<string[][]> {
  const targets = parsePids(pids);
  const call = prepare(descriptors, options, false);
  parseJoinOptions(options);
  if (targets.length === 0) return withHeader(call.columns, []);
  return withHeader(call.columns, await runJoin(call, targets, options));
}
