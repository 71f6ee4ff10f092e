// Summary statistics and the performance targets, shared by bench/run.mjs
// (which writes them into the results file and docs/benchmarks.md).

/** The process count at which the targets are checked. */
export const TARGET_SIZE = 1000;

/** Bytes in a megabyte, as the memory targets count them (10^6). */
export const MB = 1e6;

/** Returns the q-quantile (0..1) of `values`, interpolating between ranks. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** Returns the median, 10th and 90th percentiles of `values`. */
export function summarize(values) {
  return {
    median: quantile(values, 0.5),
    p10: quantile(values, 0.1),
    p90: quantile(values, 0.9),
    count: values.length,
  };
}

/**
 * The tools timed at each size. `floor` names the floor that reads the
 * files the tool needs, and the tool's ratio is taken to it. It is null
 * where no floor matches (a listing of 10 pids).
 */
export const TOOLS = [
  { id: 'psnode-default', label: 'psnode processInfo(), default descriptors', floor: 'default', psnode: true },
  { id: 'psnode-pid-ppid-comm', label: "psnode processInfo(['pid', 'ppid', 'comm'])", floor: 'stat', psnode: true },
  { id: 'psnode-all', label: 'psnode processInfo(), every descriptor but the host ones', floor: 'all', psnode: true },
  { id: 'psnode-by-pids', label: 'psnode processInfoByPids(), 10 pids, default descriptors', floor: null, psnode: true },
  { id: 'psnode-records', label: 'psnode processRecords(), default descriptors', floor: 'default', psnode: true },
  { id: 'psnode-monitor', label: 'psnode ProcessMonitor sample()', floor: 'stat', psnode: true },
  { id: 'psnode-cli', label: 'psnode CLI: `node dist/cli.js`, whole process', floor: 'default', command: 'cli' },
  { id: 'ps', label: '`ps -eo user,pid,ppid,pcpu,etime,tty,time,args`, spawned', floor: 'default', command: 'ps' },
  { id: 'ps-list', label: 'ps-list `psList()`', floor: 'default' },
  { id: 'pidusage', label: 'pidusage, every pid of /proc', floor: 'stat' },
  { id: 'systeminformation', label: 'systeminformation `processes()`', floor: 'default' },
  { id: 'procfs', label: '@stroncium/procfs: stat, status and cmdline of every process', floor: 'default' },
];

// `mode` and `threads` are bench/floor.c's arguments; `of` names the
// floor that a parallel floor is compared with.
export const FLOORS = [
  { id: 'default', label: 'floor: stat, cmdline, owner of /proc/PID (C, one thread)' },
  {
    id: 'default-2threads',
    label: 'parallel floor: the default floor\'s files on two threads (C)',
    mode: 'default',
    threads: 2,
    of: 'default',
  },
  { id: 'stat', label: 'stat-only floor: stat (C, one thread)' },
  { id: 'all', label: 'every-descriptor floor: stat, status, cmdline, attr/current, wchan, cgroup, ns/* (C, one thread)' },
];

const MAIN_THREAD_LIMIT = 0.1;
const MEMORY_LIMIT_MB = 10;
export const MEMORY_TARGET_CALLS = 10000;

/** Returns the RSS growth of a memory run, or NaN if it made fewer calls than the target names. */
function memoryGrowth(memory) {
  return memory && memory.calls >= MEMORY_TARGET_CALLS ? memory.growthMB : NaN;
}

/**
 * Checks the targets against the results of one size. Returns one entry
 * per target with its measured value, its limit and whether it passes.
 */
export function evaluateTargets(size) {
  const targets = [];
  const tool = (id) => size.tools[id];
  const ratio = (id) => tool(id)?.ratio ?? NaN;
  const add = (id, description, value, limit, unit) => {
    // pass is null for a target that this run did not measure.
    const pass = Number.isFinite(value) ? value <= limit : null;
    targets.push({ id, description, value: Number.isFinite(value) ? value : null, limit, unit, pass });
  };

  add('default-ratio', 'processInfo(), default descriptors, at most 0.6x the single-thread floor',
    ratio('psnode-default'), 0.6, 'x');
  add('pid-ppid-comm-ratio', "processInfo(['pid', 'ppid', 'comm']) within 1.1x of the stat-only floor",
    ratio('psnode-pid-ppid-comm'), 1.1, 'x');
  add('all-ratio', 'processInfo() with every descriptor at most 1.5x its floor',
    ratio('psnode-all'), 1.5, 'x');
  add('by-pids-time', 'processInfoByPids() for 10 pids under 1 ms (median)',
    tool('psnode-by-pids')?.time.median ?? NaN, 1, 'ms');
  for (const { id, label } of TOOLS.filter((t) => t.psnode)) {
    add(`main-thread-${id}`, `main-thread time under 10% of the call: ${label}`,
      tool(id)?.mainThreadShare ?? NaN, MAIN_THREAD_LIMIT, 'share');
  }
  add('default-memory', 'processInfo(): RSS after 10,000 calls within 10 MB of RSS after 100',
    memoryGrowth(size.memory?.default), MEMORY_LIMIT_MB, 'MB');
  add('monitor-ratio', 'ProcessMonitor sample() at most 0.5x the stat-only floor',
    ratio('psnode-monitor'), 0.5, 'x');
  add('monitor-memory', 'ProcessMonitor sample(): RSS after 10,000 samples within 10 MB of RSS after 100',
    memoryGrowth(size.memory?.monitor), MEMORY_LIMIT_MB, 'MB');
  return targets;
}
