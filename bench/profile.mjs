// Finds where the time of a psnode listing goes, at the process count that
// bench/run.mjs has started: system calls (strace -c), user and kernel CPU
// time (perf stat), sampled kernel and user functions (perf record with the
// cpu-clock software event, since this virtual machine has no hardware
// counters) and instructions per function (valgrind --tool=callgrind).
//
// Each psnode figure is taken per listing as the difference between a node
// process that makes LISTINGS listings and one that makes none, so node's
// start-up cancels out. The floor is treated the same way, with one run as
// the base.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const LISTINGS = 50;
// perf record samples at 4 kHz; more listings give more samples.
const PERF_RECORD_LISTINGS = 200;
const PERF_STAT_REPEATS = 3;
const TOP_FUNCTIONS = 15;

async function run(command, args, options = {}) {
  return execFileAsync(command, args, { maxBuffer: 256 * 1024 * 1024, ...options });
}

/** Parses the table of `strace -c` into { syscall: { calls, errors, seconds } }. */
function parseStraceSummary(text) {
  const calls = {};
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    // % time, seconds, usecs/call, calls, [errors,] syscall
    if (fields.length < 5 || !/^[0-9.]+$/.test(fields[0]) || fields[fields.length - 1] === 'total') continue;
    const name = fields[fields.length - 1];
    const hasErrors = fields.length === 6;
    calls[name] = {
      calls: Number(fields[3]),
      errors: hasErrors ? Number(fields[4]) : 0,
      seconds: Number(fields[1]),
    };
  }
  return calls;
}

/** Returns per-unit system call counts: (many - few) / units. */
function diffCalls(many, few, units) {
  const result = {};
  for (const [name, entry] of Object.entries(many)) {
    const base = few[name] ?? { calls: 0, errors: 0 };
    const calls = (entry.calls - base.calls) / units;
    if (calls > 0.5) result[name] = { calls, errors: (entry.errors - base.errors) / units };
  }
  return result;
}

async function straceCalls(scratch, name, command, args) {
  const file = path.join(scratch, `strace-${name}.txt`);
  await run('strace', ['-f', '-c', '-o', file, command, ...args]);
  return parseStraceSummary(readFileSync(file, 'utf8'));
}

/**
 * Returns the mean user and system seconds of PERF_STAT_REPEATS runs of
 * `perf stat` over a command. (`perf stat -r` prints no user and system
 * times, so the runs are made one by one.)
 */
async function perfStat(scratch, name, command, args) {
  const file = path.join(scratch, `perf-stat-${name}.txt`);
  const totals = { user: 0, sys: 0 };
  for (let i = 0; i < PERF_STAT_REPEATS; i += 1) {
    await run('perf', ['stat', '-o', file, command, ...args]);
    const text = readFileSync(file, 'utf8');
    for (const key of Object.keys(totals)) {
      const seconds = new RegExp(`([0-9.]+) seconds ${key}`).exec(text)?.[1];
      if (seconds === undefined) throw new Error(`perf stat printed no '${key}' time: ${text}`);
      totals[key] += Number(seconds) / PERF_STAT_REPEATS;
    }
  }
  return totals;
}

/** Returns the share of cpu-clock samples per object and the top symbols. */
async function perfRecord(scratch, name, command, args) {
  const data = path.join(scratch, `perf-${name}.data`);
  await run('perf', ['record', '-q', '-e', 'cpu-clock', '-F', '4000', '-o', data, command, ...args]);
  const report = async (sort) => {
    const { stdout } = await run('perf', ['report', '-i', data, '--stdio', '--sort', sort, '--percent-limit', '0.5']);
    const rows = [];
    for (const line of stdout.split('\n')) {
      const match = /^\s+([0-9.]+)%\s+(.*)$/.exec(line);
      if (match) rows.push({ percent: Number(match[1]), name: match[2].trim() });
    }
    return rows;
  };
  return { objects: await report('dso'), symbols: (await report('sym')).slice(0, TOP_FUNCTIONS) };
}

/**
 * Parses `callgrind_annotate` output into { "function [object]": Ir },
 * with the source file prefix ("./malloc/malloc.c:") removed.
 */
function parseCallgrind(text) {
  const costs = new Map();
  for (const line of text.split('\n')) {
    const match = /^\s*([0-9,]+)\s+\([ 0-9.]+%\)\s+(.*)$/.exec(line);
    if (!match || match[2] === 'PROGRAM TOTALS') continue;
    let name = match[2];
    const colon = name.indexOf(':');
    if (colon > 0 && !name.startsWith('psnode::') && (name.slice(0, colon).includes('/') || name.startsWith('???'))) {
      name = name.slice(colon + 1);
    }
    const ir = Number(match[1].replace(/,/g, ''));
    costs.set(name, (costs.get(name) ?? 0) + ir);
  }
  return costs;
}

/** Returns the exclusive ("self") and inclusive instruction counts per function. */
async function callgrind(scratch, name, command, args) {
  const out = path.join(scratch, `callgrind-${name}.out`);
  await run('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, command, ...args]);
  const self = await run('callgrind_annotate', ['--threshold=100', out]);
  const inclusive = await run('callgrind_annotate', ['--threshold=100', '--inclusive=yes', out]);
  return { self: parseCallgrind(self.stdout), inclusive: parseCallgrind(inclusive.stdout) };
}

/** Splits "function [object]" into its parts, with the object's base name. */
function splitObject(key) {
  const at = key.lastIndexOf(' [');
  if (at < 0 || !key.endsWith(']')) return { fn: key, object: 'unknown' };
  return { fn: key.slice(0, at), object: path.basename(key.slice(at + 2, -1)) };
}

/**
 * Returns the per-listing instruction counts: the total, by object, the
 * top functions by their own instructions, and the top functions of the
 * addon and of Node-API by inclusive instructions (callees counted in).
 */
function diffCallgrind(many, few, listings) {
  const functions = [];
  const objects = {};
  let total = 0;
  for (const [key, ir] of many.self) {
    const perListing = (ir - (few.self.get(key) ?? 0)) / listings;
    if (perListing <= 0) continue;
    const { fn, object } = splitObject(key);
    functions.push({ function: fn, object, ir: perListing });
    objects[object] = (objects[object] ?? 0) + perListing;
    total += perListing;
  }
  functions.sort((a, b) => b.ir - a.ir);

  const inclusive = [];
  for (const [key, ir] of many.inclusive) {
    const { fn, object } = splitObject(key);
    if (!/psnode::|napi_/.test(fn)) continue;
    const perListing = (ir - (few.inclusive.get(key) ?? 0)) / listings;
    if (perListing > 0) inclusive.push({ function: fn, object, ir: perListing });
  }
  inclusive.sort((a, b) => b.ir - a.ir);
  return { total, objects, top: functions.slice(0, TOP_FUNCTIONS), topInclusive: inclusive.slice(0, 2 * TOP_FUNCTIONS) };
}

function targets(root, floorBinary) {
  return {
    node: process.execPath,
    listing: (count) => [path.join(root, 'bench/profile-target.mjs'), String(count)],
    floor: (runs) => [floorBinary, ['default', String(runs)]],
  };
}

/**
 * Measures the CPU time of a psnode listing with the default descriptors
 * and of the default floor, at the processes now running: perf stat and
 * perf record. Run it while nothing else of the benchmark runs.
 */
export async function profileCpu({ root, floorBinary, scratch, log }) {
  const { node, listing, floor } = targets(root, floorBinary);
  const result = { listings: LISTINGS, perfRecordListings: PERF_RECORD_LISTINGS };

  const { stdout } = await run(node, listing(LISTINGS));
  result.inProcess = JSON.parse(stdout);

  log('profile: perf stat');
  const statMany = await perfStat(scratch, 'psnode-many', node, listing(LISTINGS));
  const statNone = await perfStat(scratch, 'psnode-none', node, listing(0));
  const floorStatMany = await perfStat(scratch, 'floor-many', ...floor(LISTINGS + 1));
  const floorStatOne = await perfStat(scratch, 'floor-one', ...floor(1));
  const perListingMs = (many, few, key) => ((many[key] - few[key]) * 1000) / LISTINGS;
  result.cpu = {
    psnode: { userMs: perListingMs(statMany, statNone, 'user'), sysMs: perListingMs(statMany, statNone, 'sys') },
    floor: { userMs: perListingMs(floorStatMany, floorStatOne, 'user'), sysMs: perListingMs(floorStatMany, floorStatOne, 'sys') },
  };

  log('profile: perf record');
  result.perf = {
    psnode: await perfRecord(scratch, 'psnode', node, listing(PERF_RECORD_LISTINGS)),
    floor: await perfRecord(scratch, 'floor', ...floor(PERF_RECORD_LISTINGS)),
  };
  return result;
}

/**
 * Counts the system calls (strace -c) and user-space instructions
 * (callgrind) of a psnode listing and of the default floor. Counts do not
 * depend on timing, so this may run beside other work.
 */
export async function profileCounts({ root, floorBinary, scratch, log }) {
  const { node, listing, floor } = targets(root, floorBinary);

  log('profile: strace -c');
  const psnodeMany = await straceCalls(scratch, 'psnode-many', node, listing(LISTINGS));
  const psnodeNone = await straceCalls(scratch, 'psnode-none', node, listing(0));
  const floorMany = await straceCalls(scratch, 'floor-many', ...floor(LISTINGS + 1));
  const floorOne = await straceCalls(scratch, 'floor-one', ...floor(1));
  const syscalls = {
    psnode: diffCalls(psnodeMany, psnodeNone, LISTINGS),
    floor: diffCalls(floorMany, floorOne, LISTINGS),
  };

  log('profile: callgrind');
  const cgMany = await callgrind(scratch, 'psnode-many', node, listing(LISTINGS));
  const cgNone = await callgrind(scratch, 'psnode-none', node, listing(0));
  const cgFloorMany = await callgrind(scratch, 'floor-many', ...floor(LISTINGS + 1));
  const cgFloorOne = await callgrind(scratch, 'floor-one', ...floor(1));
  const instructions = {
    psnode: diffCallgrind(cgMany, cgNone, LISTINGS),
    floor: diffCallgrind(cgFloorMany, cgFloorOne, LISTINGS),
  };
  return { syscalls, instructions };
}
