// Times one tool in a process of its own, so that the peak RSS reported is
// that tool's alone. bench/run.mjs starts it as
//
//   node bench/worker.mjs '{"tool":"psnode-default","runs":30,"warmup":3,...}'
//
// and reads one JSON object from its standard output: the wall time and the
// main-thread time of each run in milliseconds, the rows the last run
// returned, the errors and the peak RSS of this process.
//
// Main-thread time is the event loop's active time over the call, from
// performance.eventLoopUtilization(): the time the loop spent outside its
// poll for I/O. That covers the call's synchronous part, the callbacks
// that run when the work completes and any garbage collection on the main
// thread. Time the libuv thread pool spends reading /proc is not in it.
// As a cross-check, the main thread's CPU time over the call is read from
// /proc/thread-self/schedstat (nanoseconds on the CPU): it leaves out time
// the thread was runnable but waiting for a CPU, which the active time
// counts.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const execFileAsync = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;

// ps -ef's columns, as psnode's DefaultDescriptors.
const PS_ARGS = ['-eo', 'user,pid,ppid,pcpu,etime,tty,time,args'];
// Host descriptors print "?" without a join, so they are left out.
const HOST_DESCRIPTORS = new Set(['hpid', 'huser', 'huid', 'hgroup', 'hgroups']);
// systeminformation's processes() returns its previous result when called
// again within 500 ms; waiting longer makes every call do its work.
const SYSTEMINFORMATION_CACHE_MS = 500;
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

function listPids() {
  return readdirSync('/proc')
    .filter((name) => /^[0-9]+$/.test(name))
    .map(Number);
}

/**
 * Returns { call, pause, close } for a tool: call() runs it once and
 * resolves to the number of rows it returned; pause() runs, untimed,
 * before each call.
 */
async function makeTool(spec) {
  const psnode = () => require(`${root}dist/index.js`);
  switch (spec.tool) {
    case 'psnode-default': {
      const { processInfo } = psnode();
      return { call: async () => (await processInfo()).length - 1 };
    }
    case 'psnode-pid-ppid-comm': {
      const { processInfo } = psnode();
      return { call: async () => (await processInfo(['pid', 'ppid', 'comm'])).length - 1 };
    }
    case 'psnode-all': {
      const { processInfo, listDescriptors } = psnode();
      const descriptors = (await listDescriptors()).filter((d) => !HOST_DESCRIPTORS.has(d));
      return { call: async () => (await processInfo(descriptors)).length - 1 };
    }
    case 'psnode-by-pids': {
      const { processInfoByPids } = psnode();
      return { call: async () => (await processInfoByPids(spec.pids)).length - 1 };
    }
    case 'psnode-records': {
      const { processRecords } = psnode();
      return { call: async () => (await processRecords()).length };
    }
    case 'psnode-monitor': {
      const { ProcessMonitor } = psnode();
      const monitor = new ProcessMonitor();
      return {
        call: async () => (await monitor.sample()).processes.length,
        close: () => monitor.close(),
      };
    }
    case 'psnode-cli': {
      const cli = `${root}dist/cli.js`;
      return {
        call: async () => {
          const { stdout } = await execFileAsync(process.execPath, [cli], { maxBuffer: MAX_OUTPUT_BYTES });
          return countLines(stdout) - 1;
        },
      };
    }
    case 'ps': {
      return {
        call: async () => {
          const { stdout } = await execFileAsync('ps', PS_ARGS, { maxBuffer: MAX_OUTPUT_BYTES });
          return countLines(stdout) - 1;
        },
      };
    }
    case 'ps-list': {
      const psList = (await import('ps-list')).default;
      return { call: async () => (await psList()).length };
    }
    case 'pidusage': {
      const pidusage = require('pidusage');
      return {
        call: async () => Object.keys(await pidusage(listPids())).length,
        close: () => pidusage.clear(),
      };
    }
    case 'systeminformation': {
      const si = require('systeminformation');
      return {
        call: async () => (await si.processes()).list.length,
        pause: () => delay(SYSTEMINFORMATION_CACHE_MS + 10),
      };
    }
    case 'procfs': {
      const { procfs, ProcfsError } = require('@stroncium/procfs');
      return {
        call: async () => {
          let rows = 0;
          for (const pid of procfs.processes()) {
            try {
              procfs.processStat(pid);
              procfs.processStatus(pid);
              procfs.processCmdline(pid);
              rows += 1;
            } catch (error) {
              // A process that exited meanwhile is left out.
              if (error.code !== ProcfsError.ERR_NOT_FOUND) throw error;
            }
          }
          return rows;
        },
      };
    }
    default:
      throw new Error(`unknown tool '${spec.tool}'`);
  }
}

/** Returns the CPU time of the calling thread in milliseconds. */
function threadCpuMs() {
  const schedstat = readFileSync('/proc/thread-self/schedstat', 'latin1');
  return Number(schedstat.slice(0, schedstat.indexOf(' '))) / 1e6;
}

function countLines(text) {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}

/**
 * Makes untimed calls (see the warm-up below), then spec.runs timed ones. The timed
 * calls stop early once they have taken spec.maxSeconds and number at
 * least spec.minRuns, so that slow tools at 5,000 processes fit the
 * benchmark's time.
 */
async function timeTool(spec) {
  const tool = await makeTool(spec);
  const timesMs = [];
  const mainThreadMs = [];
  const mainThreadCpuMs = [];
  const errors = [];
  let rows = 0;
  // Untimed calls: at least spec.warmup, and on until spec.warmupSeconds
  // have passed, at most spec.maxWarmup.
  const warmupStart = performance.now();
  let warmup = 0;
  while (
    warmup < spec.warmup ||
    (warmup < spec.maxWarmup && performance.now() - warmupStart < spec.warmupSeconds * 1000)
  ) {
    if (tool.pause) await tool.pause();
    try {
      rows = await tool.call();
    } catch (error) {
      errors.push(String(error && error.message));
    }
    warmup += 1;
  }
  const timedStart = performance.now();
  for (let run = 0; run < spec.runs; run += 1) {
    const spentSeconds = (performance.now() - timedStart) / 1000;
    if (timesMs.length >= spec.minRuns && spentSeconds > spec.maxSeconds) break;
    if (tool.pause) await tool.pause();

    const cpuBefore = threadCpuMs();
    const loopBefore = performance.eventLoopUtilization();
    const start = performance.now();
    try {
      rows = await tool.call();
    } catch (error) {
      // A process that exits while a tool reads it can fail a whole call
      // of some tools (pidusage); such runs are counted and left out.
      errors.push(String(error && error.message));
      continue;
    }
    const wall = performance.now() - start;
    const loop = performance.eventLoopUtilization(loopBefore);
    const cpu = threadCpuMs() - cpuBefore;

    timesMs.push(wall);
    mainThreadMs.push(loop.active);
    mainThreadCpuMs.push(cpu);
  }
  if (tool.close) tool.close();
  return { timesMs, mainThreadMs, mainThreadCpuMs, rows, errors };
}

/**
 * Calls processInfo() or a monitor's sample() spec.calls times and records
 * process.memoryUsage() (RSS, V8 heap, external memory) in MiB after each
 * call listed in spec.checkpoints.
 */
async function measureMemory(spec) {
  const { processInfo, ProcessMonitor } = require(`${root}dist/index.js`);
  const monitor = spec.tool === 'memory-monitor' ? new ProcessMonitor() : null;
  const call = monitor ? () => monitor.sample() : () => processInfo();
  const checkpoints = new Set(spec.checkpoints);
  const usageMiB = {};
  const start = performance.now();
  for (let done = 1; done <= spec.calls; done += 1) {
    await call();
    if (!checkpoints.has(done)) continue;
    const usage = process.memoryUsage();
    usageMiB[done] = Object.fromEntries(Object.entries(usage).map(([key, bytes]) => [key, bytes / (1024 * 1024)]));
  }
  const seconds = (performance.now() - start) / 1000;
  if (monitor) monitor.close();
  return { usageMiB, calls: spec.calls, seconds };
}

async function main() {
  const spec = JSON.parse(process.argv[2]);
  // eventLoopUtilization() reads zero until the event loop has started.
  await new Promise((resolve) => setImmediate(resolve));
  let result;
  if (spec.tool === 'baseline') {
    result = {};
  } else if (spec.tool.startsWith('memory-')) {
    result = await measureMemory(spec);
  } else {
    result = await timeTool(spec);
  }
  result.tool = spec.tool;
  result.maxRssKiB = process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
