// Types of the native addon (native/addon/module.cc) as lib/binding.ts
// loads it. Callers use the checked API in lib/index.ts, not this.

/** One row of the native descriptor table. */
export interface NativeDescriptor {
  /** Normal form, such as "pcpu". */
  name: string;
  /** AIX code form, such as "%C", or null. */
  code: string | null;
  /** Text of the header row. */
  header: string;
}

/** Rejection value of a listing that failed as a whole. */
export interface NativeListError extends Error {
  /** Positive errno of the failed system call. */
  errno: number;
  syscall: string;
  path: string;
  /** The target pid of a join that failed. */
  pid?: number;
}

/** Options of list(). */
export interface NativeListOptions {
  format: 'ps' | 'psgo';
  threads: boolean;
  typed: boolean;
  /** Set element 0 to nonzero to stop the listing between processes. */
  cancel?: Int32Array;
}

/** Options of join(): id maps are [containerID, hostID, size] triples. */
export interface NativeJoinOptions extends NativeListOptions {
  uidMap: Array<[number, number, number]> | null;
  gidMap: Array<[number, number, number]> | null;
  fillMappings: boolean;
}

/** The native Monitor class (native/addon/monitor_wrap.cc). */
export interface NativeMonitor {
  /** Resolves to a sample object; lib/monitor.ts gives its type. */
  sample(pids: number[] | null, cancel: Int32Array | undefined): Promise<unknown>;
  close(): void;
  readonly openFiles: number;
}

export interface NativeBinding {
  /** `maxOpenFiles` null: a quarter of RLIMIT_NOFILE, at most 4096. */
  Monitor: new (maxOpenFiles: number | null) => NativeMonitor;
  /** Returns the descriptor table, in table order. */
  descriptors(): NativeDescriptor[];
  /**
   * Lists processes on the libuv thread pool: every process of /proc when
   * `pids` is null, else those pids that exist. Resolves to one row per
   * process (per thread with `threads`) in ascending pid order, without a
   * header row: [rowCount, text], where text contains every cell followed by
   * a NUL, row after row; or, with `typed`, objects keyed by descriptor
   * name.
   */
  list(descriptors: string[], pids: number[] | null, options: NativeListOptions): Promise<unknown[]>;
  /**
   * Lists every process of each target's mount namespace, reading the
   * /proc mounted there; targets that share a PID namespace are listed
   * once.
   */
  join(descriptors: string[], targets: number[], options: NativeJoinOptions): Promise<unknown[]>;
  testing: NativeTesting;
}

/** Parsers and formatters exposed for the unit tests in test/; not API. */
export interface NativeTesting {
  parseStat(text: string | Buffer): Record<string, unknown> | null;
  parseStatus(text: string | Buffer): Record<string, unknown> | null;
  formatArgs(cmdline: string | Buffer, comm: string | Buffer, state: string): Buffer;
  formatComm(comm: string | Buffer): Buffer;
  formatCapabilities(mask: bigint, capLastCap: number): string;
  formatElapsed(seconds: number): string;
  formatCpuTime(seconds: number): string;
  formatGoDuration(nanoseconds: number | bigint): string;
  formatStartTime(start: number, now: number): string;
  ttyName(drivers: string, device: number, devDir: string): string;
  parseUptimeTicks(text: string, hz: number): number | null;
  fileNames(passwd: string | Buffer, group: string | Buffer, uid: number, gid: number): [string, string];
  parseIdMap(text: string | Buffer): Array<[number, number, number]>;
  /** Lists the directory `path` (a /proc) through a PidFeed of `capacity`. */
  readPidFeed(path: string, capacity: number): { pids: number[]; overflow: number[]; ascending: boolean } | null;
}
