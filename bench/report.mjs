// Writes docs/benchmarks.md from the results object of bench/run.mjs.
// `node bench/report.mjs [RESULTS]` rewrites it from a results file
// (default bench/results/latest.json) without measuring again.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { FLOORS, MB, TARGET_SIZE, TOOLS } from './stats.mjs';

/** Formats milliseconds with two decimals below 10 and one above. */
function ms(value) {
  if (!Number.isFinite(value)) return '–';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

const ratio = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '–');
const percent = (share) => (Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '–');
const megabytes = (kib) => (Number.isFinite(kib) && kib > 0 ? ((kib * 1024) / MB).toFixed(1) : '–');
const count = (value) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });
const cell = (text) => String(text).replace(/\|/g, '\\|');

function table(header, rows) {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

function environmentSection(results) {
  const { machine, versions } = results;
  const commit = versions.psnodeCommit
    ? `${versions.psnodeCommit.slice(0, 12)}${versions.psnodeUncommittedChanges ? ' with uncommitted changes' : ''}`
    : 'unknown';
  return [
    '## Machine and versions',
    '',
    table(['', ''], [
      ['date', results.date],
      ['CPU', `${machine.cpu}, ${machine.cores} cores`],
      ['kernel', machine.kernel],
      ['memory', `${machine.memoryGiB.toFixed(1)} GiB`],
      ['load average at start (1, 5, 15 min)', machine.loadAverage.map((l) => l.toFixed(2)).join(', ')],
      ...(machine.loadAverageAtEnd
        ? [['load average at the end', machine.loadAverageAtEnd.map((l) => l.toFixed(2)).join(', ')]]
        : []),
      ['Node.js', versions.node],
      ['psnode', `${versions.psnode}, commit ${commit}${versions.addon ? `, addon ${versions.addon}` : ''}`],
      ['ps', versions.ps ?? 'not found'],
      ['ps-list', versions.psList],
      ['pidusage', versions.pidusage],
      ['systeminformation', versions.systeminformation],
      ['@stroncium/procfs', versions.stroncium_procfs],
      ['floor compiler', `${versions.cc} (-O2)`],
      ['profilers', [versions.strace, versions.perf, versions.valgrind].filter(Boolean).join('; ')],
      ['runs', `up to ${results.settings.runs} timed calls per tool and size (fewer once a tool has taken 15 s and made 10) after untimed ones (at least ${results.settings.warmup}, and on for ${results.settings.warmupSeconds ?? 0} s, at most ${results.settings.maxWarmup ?? results.settings.warmup}, so that V8 has compiled the JavaScript); each floor ${results.settings.runs} runs before and ${results.settings.runs} after the tools`],
      ['node process with nothing loaded', `${megabytes(results.baselineMaxRssKiB)} MB peak RSS`],
      ['benchmark duration', `${Math.round(results.durationSeconds)} s`],
    ]),
  ].join('\n');
}

function targetsSection(results) {
  if (!results.targets) {
    return `## Targets\n\nNot checked: the run did not include ${TARGET_SIZE} processes.`;
  }
  const value = (t) => {
    if (t.value === null) return 'not measured';
    if (t.unit === 'x') return ratio(t.value);
    if (t.unit === 'share') return percent(t.value);
    return `${t.value.toFixed(t.unit === 'ms' ? 3 : 1)} ${t.unit}`;
  };
  const limit = (t) => {
    if (t.unit === 'x') return `${t.limit}x`;
    if (t.unit === 'share') return percent(t.limit);
    return `${t.limit} ${t.unit}`;
  };
  const passed = results.targets.filter((t) => t.pass === true).length;
  const measured = results.targets.filter((t) => t.pass !== null).length;
  const verdict = (t) => {
    if (t.pass === null) return 'not measured';
    return t.pass ? 'pass' : '**fail**';
  };
  const lines = [
    `## Targets (${count(TARGET_SIZE)} processes)`,
    '',
    `${passed} of the ${measured} targets measured pass. Ratios are medians over the median of the matching floor in the same run.`,
    '',
    table(['target', 'measured', 'limit', 'result'],
      results.targets.map((t) => [t.description, value(t), limit(t), verdict(t)])),
  ];
  const size = results.sizes[TARGET_SIZE];
  const parallel = size?.floors['default-2threads'];
  const psnode = size?.tools['psnode-default'];
  if (parallel && psnode) {
    const single = size.floors.default.time.median;
    lines.push(
      '',
      `For scale: the same files read by two threads of plain C took ${ratio(parallel.time.median / single)} the ` +
        `single-thread floor (${ms(parallel.time.median)} ms), the least that spreading the reads over two ` +
        `threads reached here. psnode's default listing took ${ratio(psnode.time.median / parallel.time.median)} ` +
        'that parallel floor.',
    );
  }
  return lines.join('\n');
}

function sizeSection(size) {
  const rows = [];
  for (const floor of FLOORS) {
    const f = size.floors[floor.id];
    const ofFloor = floor.of ? `${ratio(f.time.median / size.floors[floor.of].time.median)} (${floor.of})` : '1.00x';
    rows.push([floor.label, ms(f.time.median), `${ms(f.time.p10)}–${ms(f.time.p90)}`, ofFloor, '–', '–', '–', count(f.processes), f.time.count]);
  }
  for (const tool of TOOLS) {
    const t = size.tools[tool.id];
    if (!t) continue;
    const rss = t.commandMaxRssKiB
      ? `${megabytes(t.maxRssKiB)} (child ${megabytes(t.commandMaxRssKiB)})`
      : megabytes(t.maxRssKiB);
    const floorName = tool.floor ? ` (${tool.floor})` : '';
    rows.push([
      tool.label,
      ms(t.time.median),
      `${ms(t.time.p10)}–${ms(t.time.p90)}`,
      t.ratio === null ? '–' : `${ratio(t.ratio)}${floorName}`,
      `${ms(t.mainThreadCpuMs)} (${percent(t.mainThreadShare)})`,
      ms(t.loopActiveMs),
      rss,
      count(t.rows),
      t.time.count + (t.errors.length ? ` (${t.errors.length} failed)` : ''),
    ]);
  }
  return [
    `### ${count(size.processes)} sleeping processes`,
    '',
    table(['tool', 'median ms', 'p10–p90 ms', 'x floor', 'main-thread CPU ms (share)', 'event loop active ms', 'peak RSS MB', 'rows', 'calls'], rows),
  ].join('\n');
}

function memorySection(size) {
  if (!size?.memory) return null;
  const checkpoints = Object.keys(size.memory.default.usageMB);
  const metrics = [['rss', 'RSS'], ['heapTotal', 'V8 heap total'], ['heapUsed', 'V8 heap used'], ['external', 'external']];
  const rows = [];
  for (const [label, memory] of [['processInfo()', size.memory.default], ['ProcessMonitor sample()', size.memory.monitor]]) {
    for (const [key, name] of metrics) {
      const first = memory.usageMB[checkpoints[0]][key];
      const last = memory.usageMB[checkpoints[checkpoints.length - 1]][key];
      const growth = last - first;
      rows.push([
        `${label} ${name}`,
        ...checkpoints.map((n) => memory.usageMB[n][key].toFixed(1)),
        `${growth >= 0 ? '+' : ''}${growth.toFixed(1)}`,
      ]);
    }
  }
  const seconds = (memory) => `${memory.seconds.toFixed(0)} s`;
  return [
    `## Memory over repeated calls (${count(size.processes)} processes)`,
    '',
    'Memory of one node process (`process.memoryUsage()`, MB of 10^6 bytes) after the given number of calls,',
    `each awaited before the next. The ${count(size.memory.default.calls)} calls took ${seconds(size.memory.default)} for`,
    `processInfo() and ${seconds(size.memory.monitor)} for sample(), run side by side with each other and with the profile's`,
    'strace and callgrind runs.',
    '',
    table(['after calls', ...checkpoints.map((n) => count(Number(n))), `growth from ${count(Number(checkpoints[0]))}`], rows),
  ].join('\n');
}

function syscallTable(profile) {
  const names = new Set([...Object.keys(profile.syscalls.psnode), ...Object.keys(profile.syscalls.floor)]);
  const processes = profile.inProcess.rows;
  const rows = [...names]
    .map((name) => {
      const p = profile.syscalls.psnode[name]?.calls ?? 0;
      const f = profile.syscalls.floor[name]?.calls ?? 0;
      return { name, p, f };
    })
    .sort((a, b) => b.p + b.f - (a.p + a.f))
    .map(({ name, p, f }) => [name, count(p), (p / processes).toFixed(2), count(f), (f / processes).toFixed(2)]);
  return table(['system call', 'psnode per listing', 'per process', 'floor per listing', 'per process'], rows);
}

function instructionsTable(instructions) {
  const objects = Object.entries(instructions.objects)
    .sort((a, b) => b[1] - a[1])
    .filter(([, ir]) => ir / instructions.total >= 0.005)
    .map(([object, ir]) => [object, count(Math.round(ir)), percent(ir / instructions.total)]);
  return table(['object', 'instructions per listing', 'share'], objects);
}

/** Shortens a C++ function name to its qualified name, without parameters. */
function shortName(name) {
  return name
    .replace(/\[abi:cxx11\]/g, '')
    .replace(/\(anonymous namespace\)::/g, '')
    .replace(/\(.*$/, '');
}

function topFunctionsTable(instructions, functions, column) {
  return table(['function', 'object', column, 'share'],
    functions.map((f) => [`\`${shortName(f.function)}\``, f.object, count(Math.round(f.ir)), percent(f.ir / instructions.total)]));
}

function perfTable(perf) {
  return table(['object', 'share of samples'], perf.objects.map((o) => [o.name, `${o.percent.toFixed(1)}%`]));
}

function perfSymbols(perf) {
  return table(['function ([k] kernel, [.] user)', 'share of samples'], perf.symbols.map((s) => [`\`${s.name}\``, `${s.percent.toFixed(1)}%`]));
}

function profileSection(size) {
  const profile = size?.profile;
  if (!profile) return null;
  const processes = profile.inProcess.rows;
  const psnodeCpu = profile.cpu.psnode;
  const floorCpu = profile.cpu.floor;
  return [
    `## Where the time goes (${count(size.processes)} sleeping processes, ${count(processes)} listed)`,
    '',
    `Each psnode figure is per listing with the default descriptors: the difference between a node process`,
    `that makes ${profile.listings} \`processInfo()\` calls (\`bench/profile-target.mjs\`) and one that makes none,`,
    `divided by ${profile.listings}, so node's start-up cancels out. The floor's figures are per run of the default floor.`,
    '',
    '### System calls (`strace -f -c`)',
    '',
    syscallTable(profile),
    '',
    '### CPU time per listing (`perf stat`, mean of 3 runs each)',
    '',
    table(['', 'user ms', 'kernel ms', 'total ms'], [
      ['psnode, all threads', ms(psnodeCpu.userMs), ms(psnodeCpu.sysMs), ms(psnodeCpu.userMs + psnodeCpu.sysMs)],
      ['floor', ms(floorCpu.userMs), ms(floorCpu.sysMs), ms(floorCpu.userMs + floorCpu.sysMs)],
    ]),
    '',
    'The kernel splits CPU time into user and kernel time by sampling at clock ticks, so the split is approximate.',
    `Inside the psnode process, \`process.cpuUsage()\` over the ${profile.listings} listings gave`,
    `${ms(profile.inProcess.userMs / profile.listings)} ms user and ${ms(profile.inProcess.systemMs / profile.listings)} ms kernel time per listing.`,
    '',
    '### Instructions per listing (`valgrind --tool=callgrind`, user space only)',
    '',
    `psnode: ${count(Math.round(profile.instructions.psnode.total))} instructions per listing, ` +
      `${count(Math.round(profile.instructions.psnode.total / processes))} per process; ` +
      `floor: ${count(Math.round(profile.instructions.floor.total))} per run, ` +
      `${count(Math.round(profile.instructions.floor.total / processes))} per process.`,
    '',
    instructionsTable(profile.instructions.psnode),
    '',
    'Functions by their own instructions:',
    '',
    topFunctionsTable(profile.instructions.psnode, profile.instructions.psnode.top, 'instructions per listing'),
    '',
    ...(profile.instructions.psnode.topInclusive
      ? [
          "The addon's and Node-API's functions by inclusive instructions (with their callees; the thread-pool",
          'part starts at `ListWorker::Execute`, the main-thread conversion to JavaScript at `ListWorker::OnOK`):',
          '',
          topFunctionsTable(profile.instructions.psnode, profile.instructions.psnode.topInclusive, 'inclusive instructions per listing'),
          '',
        ]
      : []),
    '### Sampled CPU time (`perf record -e cpu-clock`, kernel and user)',
    '',
    `psnode, ${profile.perfRecordListings} listings:`,
    '',
    perfTable(profile.perf.psnode),
    '',
    perfSymbols(profile.perf.psnode),
    '',
    `Floor, ${profile.perfRecordListings} runs:`,
    '',
    perfTable(profile.perf.floor),
    '',
    perfSymbols(profile.perf.floor),
  ].join('\n');
}

const HOW_TO_RUN = `## How to run

\`\`\`sh
npm run build            # the addon and dist/
npm run bench            # several minutes (see "benchmark duration" below); writes bench/results/latest.json and this page
BENCH_SIZES=100,1000 BENCH_RUNS=10 npm run bench   # quicker
npm run test:perf        # checks the targets against bench/results/latest.json
\`\`\`

Run it as root: 5,000 processes can exceed a user's process limit, only root
reads every process's \`/proc\` files, and with \`perf_event_paranoid\` at 2
(as here) \`perf\` sees kernel time only as root. It needs \`cc\`,
\`strace\`, \`perf\` (Debian's linux-perf) and \`valgrind\`; \`BENCH_PROFILE=0\`
skips the profile. Other settings: \`BENCH_TOOLS\` (tool ids from
\`bench/stats.mjs\`, comma separated), \`BENCH_MEMORY_CALLS\` (default 10000),
\`BENCH_OUTPUT\` (results file) and \`BENCH_DOCS=0\` (leave this page alone).
Other work on the machine shows in the figures: the load average at the
start and end is recorded below.`;

const METHOD = `## Method

- **Processes.** For each size N, one bash process forks N \`sleep\`
  processes and stays their parent; afterwards it kills and reaps every one
  (\`bench/sleepers.mjs\`). Every tool lists every process of the machine,
  so a listing has N rows plus the machine's own processes.
- **Floors.** \`bench/floor.c\`, compiled with \`cc -O2\`, lists \`/proc\` with
  readdir and reads each process's files on one thread with open, read
  (one call unless the 64 KiB buffer fills) and close, by full path
  (\`/proc/PID/stat\`), without parsing. The default floor reads \`stat\` and \`cmdline\` and takes the
  effective uid from the owner of \`/proc/PID\` with stat(2), plus
  \`/proc/uptime\` once: what the default descriptors need, and what ps
  reads for them. (Before psnode took the effective ids from the
  directory's owner, the default descriptors read \`status\` too, and so
  did this floor.) The stat-only floor reads \`stat\` alone. The
  every-descriptor floor reads \`stat\`, \`status\`, \`cmdline\`,
  \`attr/current\`, \`wchan\`, \`cgroup\` and a stat of each of the
  eight \`ns/*\` links, plus \`/proc/uptime\` and \`/proc/stat\` once. The
  parallel floor reads the default floor's files on two threads, each
  taking every other process once the directory is read, with the helper
  started on another CPU as psnode starts its own. It times each run
  inside its process, so process start-up is not counted. Each floor runs
  before and after the tools of a size, and its median is taken over both.
- **Tools.** Each tool runs in a node process of its own
  (\`bench/worker.mjs\`): untimed calls for at least 0.5 s (at least 3, at
  most 100), so that V8 has compiled the tool's JavaScript as it has in an
  agent that polls, then the timed ones, each awaited before the next. The time is the wall time of the promise. The spawned
  commands (psnode's CLI, \`ps\`) include their process start-up.
  systeminformation's \`processes()\` returns a cached result within 500 ms
  of its previous call, so the worker waits 510 ms, untimed, before each call.
  "every descriptor" is \`listDescriptors()\` without \`hpid\`, \`huser\`,
  \`huid\`, \`hgroup\` and \`hgroups\`, which need a join; aliases stay in, as a
  caller passing \`listDescriptors()\` gets them.
- **Ratio.** The tool's median over the median of the floor that reads the
  files the tool needs (named in brackets).
- **Main-thread time.** The CPU time of the node process's main thread over
  the call, from \`/proc/thread-self/schedstat\`, and its share of the call's
  wall time (median of the per-call shares). The event-loop active time
  (\`performance.eventLoopUtilization()\`) is shown beside it. It also counts
  time the main thread was runnable but waiting for a CPU. That happens
  when a thread that the call wakes preempts the main thread on a busy
  machine, and on a loaded 2-core machine it can make the active time as
  long as the whole call.
- **Peak RSS.** \`process.resourceUsage().maxRSS\` of the worker process. For
  spawned commands, the child's peak RSS from \`/usr/bin/time -f %M\` (largest
  of three runs) is given in brackets; ps-list and systeminformation spawn
  \`ps\` too, and that child is not counted.
- **Memory.** One node process calls \`processInfo()\` (or a monitor's
  \`sample()\`) 10,000 times at ${count(TARGET_SIZE)} processes and reads
  \`process.memoryUsage()\` after 100 calls and at later checkpoints; the
  target compares the RSS after 10,000 calls with the RSS after 100.`;

const FINDINGS = `## What the profiles showed

Measured on this machine (2-vCPU VM, Linux 6.18) on 2026-12-04 while the
figures above were improved; they explain the gaps that remain.

- **Runs differ.** Three runs of the same code at 1,000 processes, one
  after another, gave 0.84 to 0.92x for the default descriptors and 0.47
  to 0.48x for the monitor. Their main-thread shares were 10.1 to 10.6%
  for pid,ppid,comm, 8.6 to 10.1% for every descriptor, 14.2 to 17.2% for
  the monitor and 55 to 62% for 10 pids. Targets within that spread of
  their limit pass in some runs and fail in others.
- **Helper threads started late.** Linux starts a new thread on its
  creator's CPU when it expects the creator to wait, and the load balancer
  moves it later. psnode's caller reads too, so a helper began about 1.7 ms
  after the call started and took 3 of 34 blocks: two threads listed no
  faster than one. Starting helpers with a CPU mask that leaves out the
  caller's CPU made the helper start within 0.1 ms and take half the
  blocks. A plain C reader of 1,067 kept stat files, with a 1 ms pause
  between passes, took 2.0 ms per pass on one thread, 1.9 ms on two
  without the mask and 1.2 ms with it.
- **status was half the default floor.** The default descriptors read
  \`status\` only for the effective uid. The kernel keeps \`/proc/PID\`
  owned by the task's euid and egid, and ps reads them from there; an
  fstat of the directory descriptor replaced the read. The default floor
  went from about 14 ms to about 7 ms at 1,000 processes.
- **Two threads do not reach 0.6x of one here.** The parallel floor took
  0.59 to 0.79x the single-thread floor across the runs of the day. In the profile, the
  two threads spend time on what they share: the process's file-table
  lock (taken by every open and close) and the memory cgroup's counters
  (charged for every open file).
- **An idle CPU is slow to start.** Listing \`/proc\` took 0.21 ms in a
  loop and 0.49 ms after a 2 ms sleep. Every psnode call starts after
  such a pause (the pool thread wakes up), and the floors run back to back.
- **Each call costs the event loop a fixed 35 to 60 µs.** A listing of one
  pid through the addon alone (\`binding().list(['pid'], [1])\`) cost the
  main thread 41 µs of CPU time. That time goes to creating the async
  work, waking a pool thread and settling the promise. Node.js's own \`fs.promises.access()\`
  cost it 42 µs in the same run, so this is the price of any call through
  the libuv pool here. At 10 pids that is a third or more of the call, so
  processInfoByPids() cannot meet the 10% main-thread target.
- **A monitor sample's main-thread time is mostly fixed.** A sample at
  1,000 processes cost the main thread 0.22 ms of CPU time, 0.16 ms of it
  active in the event loop. The addon's sample alone, without building
  the 1,000 result objects, cost 0.15 ms (0.09 ms active); a sample of no
  processes cost 0.05 ms. The rest outside the event loop is kernel time,
  mostly waking the main thread from idle.
- **Most samples need not list /proc.** A monitor sample lists the
  directory only when \`/proc/loadavg\` shows that a task other than its
  own helper threads was created since the previous sample. That saves
  0.2 to 0.6 ms per sample on a machine where no process starts.`;

export function writeReport(results, file) {
  const sizes = Object.values(results.sizes).sort((a, b) => a.processes - b.processes);
  const target = results.sizes[TARGET_SIZE];
  const ordered = target ? [target, ...sizes.filter((s) => s !== target)] : sizes;
  const parts = [
    '# Benchmarks',
    '',
    'How long psnode takes to list processes, next to the least work that reading',
    'the same `/proc` files takes (the floors) and next to `ps` and other Node.js',
    'process listers, on processes the benchmark starts. `npm run bench` wrote this',
    'page and `bench/results/latest.json`; the figures below are from one run.',
    '',
    HOW_TO_RUN,
    '',
    environmentSection(results),
    '',
    targetsSection(results),
    '',
    FINDINGS,
    '',
    '## Results',
    '',
    'Times in milliseconds per call. "x floor" is the ratio to the floor named in brackets.',
    '',
    ...ordered.flatMap((size) => [sizeSection(size), '']),
    memorySection(target),
    '',
    profileSection(target),
    '',
    METHOD,
    '',
  ];
  writeFileSync(file, parts.filter((part) => part !== null).join('\n').replace(/\n{3,}/g, '\n\n'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const input = path.resolve(process.argv[2] ?? path.join(root, 'bench/results/latest.json'));
  writeReport(JSON.parse(readFileSync(input, 'utf8')), path.join(root, 'docs/benchmarks.md'));
}
