import { withAbort } from './abort';
import { parseOptions, parsePids } from './arguments';
import { binding } from './binding';
import { describe } from './descriptors';
import { outOfRange, invalidType, toSystemError } from './errors';
import { Cells } from './packed';
import type { NativeMonitor } from '../binding';

/** One process in a monitor sample. */
export interface MonitorProcess {
  pid: number;
  ppid: number;
  /** One-letter state, as ps's s prints it. */
  state: string;
  /**
   * Percent of one CPU used over the interval since the previous sample, or
   * over its life for a process that started within the interval. null on
   * a monitor's first sample.
   */
  cpu: number | null;
  /** User plus system CPU time since start, in clock ticks. */
  cpuTicks: number;
  /** Resident set size in KiB, from stat: the kernel's approximate count, as top shows it. */
  rss: number;
  /** Start time in milliseconds since the epoch. */
  startTime: number;
  comm: string;
  /** Command line as ps's args prints it; read once per process. */
  args: string;
  /** Effective user name, read once per process. */
  user: string;
}

/** The result of ProcessMonitor.sample(). */
export interface MonitorSample {
  /** When the sample started, in milliseconds since the epoch. */
  timestamp: number;
  /** Milliseconds since the previous sample; 0 on the first. */
  interval: number;
  /** Percent of all CPUs busy over the interval (100 = every CPU); null on the first sample. */
  cpu: number | null;
  /** CPUs counted in /proc/stat. */
  cpuCount: number;
  /** The processes, in ascending pid order. */
  processes: MonitorProcess[];
}

export interface MonitorOptions {
  /**
   * Most /proc/PID/stat files kept open between samples. The default is a
   * quarter of the process's open-file limit (RLIMIT_NOFILE, which Node.js
   * raises to its hard limit at start), at most 4096. Each kept file saves
   * an open and a close per sample; processes beyond the limit are opened
   * afresh each time.
   */
  maxOpenFiles?: number;
}

export interface SampleOptions {
  /** Only these pids; others are forgotten. Default: every process. */
  pids?: ReadonlyArray<string | number>;
  signal?: AbortSignal;
}

/**
 * A sample as the addon packs it (native/addon/monitor_wrap.cc):
 * timestamp, interval, cpu, cpuCount, numbers and texts. The numbers are,
 * per process, pid, ppid, cpu (negative when unknown), cpuTicks, rss,
 * startTime, state as a character code and flags of Sent bits. The texts
 * are, per process, comm when Sent.Comm, then args and user when
 * Sent.Static, each ended by NUL.
 */
type PackedSample = [number, number, number | null, number, Float64Array, string];

const NUMBERS_PER_PROCESS = 8;

/** Bits of a process's flags: which of its texts the addon sent. */
const enum Sent {
  Static = 1,
  Comm = 2,
}

/** The texts of one process that the addon sends only when they are new. */
interface Texts {
  comm: string;
  args: string;
  user: string;
}

const NO_TEXTS: Texts = { comm: '', args: '', user: '' };

/**
 * The texts the addon sends only when they are new (comm when it changes,
 * args and user once per process), per pid in ascending order, as of one
 * sample. A monitor keeps two and fills them in turn, so a sample leaves
 * no arrays behind for the garbage collector to promote.
 */
class KnownTexts {
  pids = new Float64Array(0);
  texts: Texts[] = [];
  count = 0;

  /** Empties the list, with room for `count` processes. */
  reset(count: number): void {
    if (this.pids.length < count) this.pids = new Float64Array(count + (count >> 2));
    this.texts.length = count;
    this.count = 0;
  }
}

/**
 * Builds a sample's objects, taking the texts the addon did not send from
 * `known`, and fills `next` with the texts to know for the next sample.
 * Both samples list pids in ascending order, so one forward walk through
 * `known` finds each pid's earlier texts.
 */
function unpack(packed: PackedSample, known: KnownTexts, next: KnownTexts): MonitorSample {
  const [timestamp, interval, cpu, cpuCount, numbers, texts] = packed;
  const count = numbers.length / NUMBERS_PER_PROCESS;
  next.reset(count);
  const processes = new Array<MonitorProcess>(count);
  const cells = new Cells([texts]);
  let knownIndex = 0;
  for (let p = 0, n = 0; p < count; p++, n += NUMBERS_PER_PROCESS) {
    const pid = numbers[n];
    const flags = numbers[n + 7];
    while (knownIndex < known.count && known.pids[knownIndex] < pid) knownIndex++;
    // The addon sends every text it has not sent for this process, so a
    // miss is not expected. One would show as empty texts.
    const earlier =
      knownIndex < known.count && known.pids[knownIndex] === pid ? known.texts[knownIndex] : NO_TEXTS;
    let current = earlier;
    if (flags !== 0) {
      const comm = flags & Sent.Comm ? cells.next() : earlier.comm;
      const args = flags & Sent.Static ? cells.next() : earlier.args;
      const user = flags & Sent.Static ? cells.next() : earlier.user;
      current = { comm, args, user };
    }
    next.pids[p] = pid;
    next.texts[p] = current;
    const processCpu = numbers[n + 2];
    processes[p] = {
      pid,
      ppid: numbers[n + 1],
      state: String.fromCharCode(numbers[n + 6]),
      cpu: processCpu < 0 ? null : processCpu,
      cpuTicks: numbers[n + 3],
      rss: numbers[n + 4],
      startTime: numbers[n + 5],
      comm: current.comm,
      args: current.args,
      user: current.user,
    };
  }
  next.count = count;
  return { timestamp, interval, cpu, cpuCount, processes };
}

/**
 * Samples processes repeatedly for a polling agent: each sample gives
 * %CPU over the interval since the previous one, like top, per process and
 * for the machine. State is kept per pid and start time (a reused pid
 * starts fresh), processes that exit are forgotten, and static data (args,
 * user, start time) is read only for processes not seen before. Samples of
 * one monitor run one after another; call close() to release its files.
 */
export class ProcessMonitor {
  readonly #native: NativeMonitor;
  #queue: Promise<unknown> = Promise.resolve();
  /** The texts the addon sent in earlier samples, and the list to fill next. */
  #known = new KnownTexts();
  #spare = new KnownTexts();

  constructor(options: MonitorOptions = {}) {
    const { maxOpenFiles = null } = options;
    if (maxOpenFiles !== null && typeof maxOpenFiles !== 'number') {
      throw invalidType(`maxOpenFiles must be a number, received ${describe(maxOpenFiles)}`, maxOpenFiles);
    }
    if (maxOpenFiles !== null && (!Number.isInteger(maxOpenFiles) || maxOpenFiles < 0)) {
      throw outOfRange(`maxOpenFiles must be a non-negative integer, received ${describe(maxOpenFiles)}`, maxOpenFiles);
    }
    this.#native = new (binding().Monitor)(maxOpenFiles);
  }

  /** Takes a sample; see MonitorSample. */
  sample(options: SampleOptions = {}): Promise<MonitorSample> {
    const pids = options.pids === undefined ? null : parsePids(options.pids);
    const { signal } = parseOptions({ signal: options.signal });
    const run = async (): Promise<MonitorSample> => {
      try {
        // Every sample the addon completes is unpacked, even one whose
        // caller has aborted meanwhile: the addon counts the static data
        // in it as delivered.
        return await withAbort(signal, (cancel) =>
          this.#native.sample(pids, cancel).then((packed) => {
            const sample = unpack(packed as PackedSample, this.#known, this.#spare);
            [this.#known, this.#spare] = [this.#spare, this.#known];
            return sample;
          }),
        );
      } catch (error) {
        throw toSystemError(error);
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** /proc files this monitor keeps open. */
  get openFiles(): number {
    return this.#native.openFiles;
  }

  /** Closes the kept files and drops every process's state. The monitor stays usable. */
  close(): void {
    this.#native.close();
    this.#known.reset(0);
  }
}
