/**
 * psnode lists Linux processes the way ps(1) does, as rows of strings.
 * Every call checks its arguments here, before any /proc work, and then
 * reads /proc on the libuv thread pool.
 */
import { binding } from './binding';
import {
  parseJoinOptions,
  parseOptions,
  parsePid,
  parsePids,
  type JoinNamespaceOptions,
  type ProcessInfoOptions,
} from './arguments';
import { descriptorNames, resolveDescriptors } from './descriptors';
import { toSystemError } from './errors';

export { DefaultDescriptors } from './descriptors';
export {
  MAX_PID,
  type IdMapping,
  type JoinNamespaceOptions,
  type OutputFormat,
  type ProcessInfoOptions,
} from './arguments';
export { PsnodeError, type PsnodeErrorCode, type SystemError } from './errors';

async function list(
  descriptors: unknown,
  pids: number[] | null,
  options: unknown,
): Promise<string[][]> {
  const columns = resolveDescriptors(descriptors);
  const { format, threads } = parseOptions(options);
  const header = columns.map((d) => d.header);
  if (pids !== null && pids.length === 0) return [header];

  try {
    const rows = await binding().list(
      columns.map((d) => d.name),
      pids,
      format,
      threads,
    );
    return [header, ...rows];
  } catch (error) {
    throw toSystemError(error);
  }
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
  return list(descriptors, null, options);
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
  return list(descriptors, checked, options);
}

/** Resolves to every supported descriptor in normal form, sorted. */
export async function listDescriptors(): Promise<string[]> {
  return descriptorNames();
}


async function join(
  descriptors: unknown,
  targets: number[],
  options: unknown,
): Promise<string[][]> {
  const columns = resolveDescriptors(descriptors);
  const checked = parseJoinOptions(options);
  const header = columns.map((d) => d.header);
  if (targets.length === 0) return [header];

  try {
    const rows = await binding().join(
      columns.map((d) => d.name),
      targets,
      checked.format,
      checked.uidMap,
      checked.gidMap,
      checked.fillMappings,
      checked.threads,
    );
    return [header, ...rows];
  } catch (error) {
    throw toSystemError(error);
  }
}

/**
 * Lists the processes of the container that `pid` (a host pid) runs in:
 * joins its mount namespace on a thread of its own and reads the /proc,
 * /etc/passwd and /etc/group found there. Needs CAP_SYS_ADMIN and
 * CAP_SYS_CHROOT (root). A pid that does not exist gives the header row
 * alone; one that cannot be joined rejects with a system error (EPERM,
 * EACCES) that carries the pid.
 */
export async function joinNamespaceAndProcessInfo(
  pid: string | number,
  descriptors?: readonly string[],
  options?: JoinNamespaceOptions,
): Promise<string[][]> {
  const target = parsePid(pid, 'pid');
  return join(descriptors, [target], options);
}

/**
 * Lists the processes of the containers that the given host pids run in.
 * Pids that share a PID namespace (the containers of a pod) are listed
 * once, so no process appears twice; rows come grouped by namespace in the
 * order of the pids, after one header row.
 */
export async function joinNamespaceAndProcessInfoByPids(
  pids: ReadonlyArray<string | number>,
  descriptors?: readonly string[],
  options?: JoinNamespaceOptions,
): Promise<string[][]> {
  const targets = parsePids(pids);
  return join(descriptors, targets, options);
}
