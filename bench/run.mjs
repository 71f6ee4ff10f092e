// The psnode benchmark (`npm run bench`). For each size it starts N
// sleeping processes and times psnode, ps and other Node.js process listers
// on them, next to C floors that only read the same /proc files. It
// profiles psnode at 1,000 processes and writes bench/results/latest.json
// and docs/benchmarks.md.
//
// Environment:
//   BENCH_SIZES         process counts to start, comma separated (default 100,1000,5000)
//   BENCH_RUNS          timed calls per tool and size (default 30)
//   BENCH_TOOLS         only these tool ids, comma separated (default all; see stats.mjs)
//   BENCH_MEMORY_CALLS  calls of the memory check at 1,000 processes (default 10000; 0 skips it)
//   BENCH_PROFILE       0 skips strace, perf and callgrind (default 1)
//   BENCH_OUTPUT        results file (default bench/results/latest.json)
//   BENCH_DOCS          0 leaves docs/benchmarks.md alone (default 1)
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { profileCounts, profileCpu } from './profile.mjs';
import { writeReport } from './report.mjs';
import { startSleepers } from './sleepers.mjs';
import { evaluateTargets, FLOORS, MB, MEMORY_TARGET_CALLS, summarize, TARGET_SIZE, TOOLS } from './stats.mjs';

const require = createRequire(import.meta.url);
const execFileAsync = promisify(execFile);
const root = path.resolve(new URL('..', import.meta.url).pathname);
const WARMUP_RUNS = 3;
// Untimed calls also go on until this much time has passed (at most
// MAX_WARMUP_RUNS calls), so that V8 has compiled a fast tool's JavaScript
// as it has in an agent that polls. Three calls of a few milliseconds
// leave it interpreted.
const WARMUP_SECONDS = 0.5;
const MAX_WARMUP_RUNS = 100;
// A tool's timed calls stop after this many seconds once there are
// MIN_RUNS of them, so slow tools at 5,000 processes fit the run time.
const MAX_SECONDS_PER_TOOL = 15;
const MIN_RUNS = 10;
// Memory is read after these calls. The first is the baseline.
const MEMORY_CHECKPOINTS = [100, 1000, 2000, 5000, 10000];
// Pause for the sleeping processes' start-up to settle before timing.
const SETTLE_MS = 1000;

function readSettings() {
  const numbers = (name, fallback) => {
    const text = process.env[name];
    if (text === undefined || text === '') return fallback;
    const values = text.split(',').map((part) => Number(part.trim()));
    if (values.some((value) => !Number.isInteger(value) || value < 0)) {
      throw new Error(`${name} must be non-negative integers separated by commas, received '${text}'`);
    }
    return values;
  };
  const tools = process.env.BENCH_TOOLS ? process.env.BENCH_TOOLS.split(',').map((t) => t.trim()) : null;
  const known = new Set(TOOLS.map((t) => t.id));
  for (const id of tools ?? []) {
    if (!known.has(id)) throw new Error(`unknown tool id '${id}' in BENCH_TOOLS. Known ids: ${[...known].join(', ')}`);
  }
  const runs = numbers('BENCH_RUNS', [30])[0];
  if (runs < 5) throw new Error(`BENCH_RUNS must be at least 5 for percentiles, received ${runs}`);
  return {
    sizes: numbers('BENCH_SIZES', [100, 1000, 5000]),
    runs,
    tools,
    memoryCalls: numbers('BENCH_MEMORY_CALLS', [MEMORY_TARGET_CALLS])[0],
    profile: process.env.BENCH_PROFILE !== '0',
    output: path.resolve(root, process.env.BENCH_OUTPUT || 'bench/results/latest.json'),
    docs: process.env.BENCH_DOCS !== '0',
  };
}

function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function compileFloor(directory) {
  const binary = path.join(directory, 'floor');
  execFileSync('cc', ['-O2', '-pthread', '-o', binary, path.join(root, 'bench/floor.c')], { stdio: 'inherit' });
  return binary;
}

async function runFloor(binary, floor, runs) {
  const args = [floor.mode ?? floor.id, String(runs + WARMUP_RUNS), String(floor.threads ?? 1)];
  const { stdout } = await execFileAsync(binary, args);
  const result = JSON.parse(stdout);
  return {
    timesMs: result.timesNs.slice(WARMUP_RUNS).map((ns) => ns / 1e6),
    processes: result.processes,
    bytes: result.bytes,
  };
}

async function runWorker(spec) {
  const { stdout } = await execFileAsync(process.execPath, [path.join(root, 'bench/worker.mjs'), JSON.stringify(spec)], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

/** Returns the peak RSS in KiB of a command, the largest of three runs. */
async function commandPeakRssKiB(command, args) {
  let peak = 0;
  for (let i = 0; i < 3; i += 1) {
    const { stderr } = await execFileAsync('/usr/bin/time', ['-f', '%M', command, ...args], {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
    });
    peak = Math.max(peak, Number(stderr.trim().split('\n').pop()));
  }
  return peak;
}

const COMMANDS = {
  cli: [process.execPath, [path.join(root, 'dist/cli.js')]],
  ps: ['ps', ['-eo', 'user,pid,ppid,pcpu,etime,tty,time,args']],
};

function median(values) {
  return summarize(values).median;
}

async function measureFloors(binary, runs) {
  const floors = {};
  for (const floor of FLOORS) floors[floor.id] = await runFloor(binary, floor, runs);
  return floors;
}

async function measureSize(count, settings, binary, scratch) {
  log(`starting ${count} sleeping processes`);
  const sleepers = await startSleepers(count);
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    // Ten pids spread over the sleepers, for processInfoByPids.
    const step = Math.max(1, Math.floor(count / 10));
    const tenPids = sleepers.pids.filter((_, i) => i % step === 0).slice(0, 10);

    log(`${count}: floors`);
    const floorsBefore = await measureFloors(binary, settings.runs);
    const tools = {};
    for (const tool of TOOLS) {
      if (settings.tools && !settings.tools.includes(tool.id)) continue;
      log(`${count}: ${tool.id}`);
      const raw = await runWorker({
        tool: tool.id,
        runs: settings.runs,
        warmup: WARMUP_RUNS,
        warmupSeconds: WARMUP_SECONDS,
        maxWarmup: MAX_WARMUP_RUNS,
        minRuns: Math.min(MIN_RUNS, settings.runs),
        maxSeconds: MAX_SECONDS_PER_TOOL,
        pids: tenPids,
      });
      if (tool.command) raw.commandMaxRssKiB = await commandPeakRssKiB(...COMMANDS[tool.command]);
      tools[tool.id] = raw;
    }
    log(`${count}: floors again`);
    const floorsAfter = await measureFloors(binary, settings.runs);

    const floors = {};
    for (const { id } of FLOORS) {
      const timesMs = [...floorsBefore[id].timesMs, ...floorsAfter[id].timesMs];
      floors[id] = { time: summarize(timesMs), processes: floorsAfter[id].processes, bytes: floorsAfter[id].bytes, timesMs };
    }

    const size = { processes: count, floors, tools: {}, memory: null, profile: null };
    for (const [id, raw] of Object.entries(tools)) {
      size.tools[id] = summarizeTool(TOOLS.find((t) => t.id === id), raw, floors);
    }

    if (count === TARGET_SIZE) await measureAtTargetSize(size, settings, binary, scratch);
    return size;
  } finally {
    log(`${count}: stopping the sleeping processes`);
    await sleepers.stop();
  }
}

/**
 * Adds the profile and the memory checks to the results of TARGET_SIZE.
 * perf measures CPU time, so it runs alone. The memory checks, strace and
 * callgrind do not depend on timing, so they run side by side.
 */
async function measureAtTargetSize(size, settings, binary, scratch) {
  const context = { root, floorBinary: binary, scratch, log };
  if (settings.profile) {
    log(`${size.processes}: profiling (perf)`);
    size.profile = await profileCpu(context);
  }

  const jobs = [];
  const memoryWanted = settings.memoryCalls > 0 && (!settings.tools || settings.tools.includes('psnode-default'));
  if (memoryWanted) {
    const beside = settings.profile ? ', beside strace and callgrind' : '';
    log(`${size.processes}: memory checks, ${settings.memoryCalls} calls each${beside}`);
    size.memory = {};
    for (const [key, tool] of [['default', 'memory-default'], ['monitor', 'memory-monitor']]) {
      jobs.push(measureMemory(tool, settings.memoryCalls).then((memory) => {
        size.memory[key] = memory;
      }));
    }
  }
  if (settings.profile) {
    jobs.push(profileCounts(context).then((counts) => Object.assign(size.profile, counts)));
  }
  await Promise.all(jobs);
}

async function measureMemory(tool, calls) {
  const checkpoints = MEMORY_CHECKPOINTS.filter((n) => n <= calls);
  if (!checkpoints.includes(calls)) checkpoints.push(calls);
  const raw = await runWorker({ tool, calls, checkpoints });
  const toMB = (mib) => (mib * 1024 * 1024) / MB;
  const usageMB = {};
  for (const [n, usage] of Object.entries(raw.usageMiB)) {
    usageMB[n] = Object.fromEntries(Object.entries(usage).map(([key, mib]) => [key, toMB(mib)]));
  }
  return {
    calls: raw.calls,
    seconds: raw.seconds,
    usageMB,
    growthMB: usageMB[calls].rss - usageMB[checkpoints[0]].rss,
  };
}

function summarizeTool(tool, raw, floors) {
  const time = summarize(raw.timesMs);
  const floor = tool.floor ? floors[tool.floor] : null;
  const shares = raw.timesMs.map((wall, i) => raw.mainThreadCpuMs[i] / wall);
  return {
    time,
    ratio: floor ? time.median / floor.time.median : null,
    mainThreadCpuMs: median(raw.mainThreadCpuMs),
    loopActiveMs: median(raw.mainThreadMs),
    mainThreadShare: median(shares),
    rows: raw.rows,
    errors: raw.errors,
    maxRssKiB: raw.maxRssKiB,
    commandMaxRssKiB: raw.commandMaxRssKiB ?? null,
    timesMs: raw.timesMs,
  };
}

function commandOutput(command, args) {
  try {
    return execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function packageVersion(name) {
  const manifest = path.join(root, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : null;
}

function describeEnvironment() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const commit = commandOutput('git', ['rev-parse', 'HEAD']);
  const dirty = commandOutput('git', ['status', '--porcelain', '--untracked-files=no']);
  // psnode loads its addon through node-gyp-build, which takes
  // build/Release before prebuilds/.
  const addon = require('node-gyp-build').path(root);
  return {
    date: new Date().toISOString(),
    machine: {
      cpu: model,
      cores: os.cpus().length,
      kernel: `${os.type()} ${os.release()}`,
      memoryGiB: os.totalmem() / 2 ** 30,
      loadAverage: os.loadavg(),
    },
    versions: {
      node: process.version,
      psnode: JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version,
      psnodeCommit: commit,
      psnodeUncommittedChanges: Boolean(dirty),
      addon: path.relative(root, addon),
      ps: commandOutput('ps', ['--version']),
      cc: commandOutput('cc', ['--version'])?.split('\n')[0] ?? null,
      psList: packageVersion('ps-list'),
      pidusage: packageVersion('pidusage'),
      systeminformation: packageVersion('systeminformation'),
      stroncium_procfs: packageVersion('@stroncium/procfs'),
      strace: commandOutput('strace', ['--version'])?.split('\n')[0] ?? null,
      perf: commandOutput('perf', ['--version']),
      valgrind: commandOutput('valgrind', ['--version']),
    },
  };
}

async function main() {
  const settings = readSettings();
  for (const file of ['dist/index.js', 'dist/cli.js']) {
    if (!existsSync(path.join(root, file))) {
      throw new Error(`${file} is missing: run 'npm run build' before the benchmark`);
    }
  }

  const started = performance.now();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'psnode-bench-'));
  try {
    const binary = compileFloor(scratch);
    const results = {
      ...describeEnvironment(),
      settings: { sizes: settings.sizes, runs: settings.runs, warmup: WARMUP_RUNS, warmupSeconds: WARMUP_SECONDS, maxWarmup: MAX_WARMUP_RUNS, tools: settings.tools, memoryCalls: settings.memoryCalls },
      baselineMaxRssKiB: (await runWorker({ tool: 'baseline' })).maxRssKiB,
      sizes: {},
      targets: null,
    };
    for (const count of settings.sizes) {
      results.sizes[count] = await measureSize(count, settings, binary, scratch);
    }
    if (results.sizes[TARGET_SIZE]) results.targets = evaluateTargets(results.sizes[TARGET_SIZE]);
    results.durationSeconds = (performance.now() - started) / 1000;
    results.machine.loadAverageAtEnd = os.loadavg();

    mkdirSync(path.dirname(settings.output), { recursive: true });
    writeFileSync(settings.output, JSON.stringify(results, null, 2) + '\n');
    log(`wrote ${path.relative(root, settings.output)}`);
    if (settings.docs) {
      writeReport(results, path.join(root, 'docs/benchmarks.md'));
      log('wrote docs/benchmarks.md');
    }
    for (const target of results.targets ?? []) {
      if (target.pass === null) continue;
      log(`${target.pass ? 'PASS' : 'FAIL'} ${target.description}: ${target.value.toFixed(3)} (limit ${target.limit})`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
