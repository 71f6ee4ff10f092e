// The performance targets, checked against the results of `npm run bench`
// (bench/results/latest.json, or the file PSNODE_BENCH_RESULTS names). When
// no results exist, or PSNODE_BENCH_FRESH=1, it first runs a short
// benchmark of psnode alone at 1,000 processes, which takes a few minutes.
// Run by `npm run test:perf`; `npm test` does not pick it up.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const SIZE = '1000';
const SHORT_RUN_TIMEOUT_MS = 15 * 60 * 1000;
const PSNODE_TOOLS = [
  'psnode-default',
  'psnode-pid-ppid-comm',
  'psnode-all',
  'psnode-by-pids',
  'psnode-records',
  'psnode-monitor',
];

interface Summary {
  median: number;
}

interface ToolResult {
  time: Summary;
  mainThreadShare: number;
}

interface MemoryResult {
  calls: number;
  growthMB: number;
}

interface SizeResult {
  processes: number;
  floors: Record<'default' | 'stat' | 'all', { time: Summary }>;
  tools: Record<string, ToolResult | undefined>;
  memory: { default: MemoryResult; monitor: MemoryResult } | null;
}

interface Results {
  date: string;
  sizes: Record<string, SizeResult | undefined>;
}

/** Runs a short benchmark and returns its results. */
function runShortBenchmark(): Results {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'psnode-perf-'));
  const output = path.join(directory, 'results.json');
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'bench', 'run.mjs')], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: SHORT_RUN_TIMEOUT_MS,
      env: {
        ...process.env,
        BENCH_SIZES: SIZE,
        BENCH_RUNS: '15',
        BENCH_TOOLS: PSNODE_TOOLS.join(','),
        BENCH_PROFILE: '0',
        BENCH_DOCS: '0',
        BENCH_OUTPUT: output,
      },
    });
    return JSON.parse(readFileSync(output, 'utf8')) as Results;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function loadResults(): SizeResult {
  const file = process.env.PSNODE_BENCH_RESULTS ?? path.join(ROOT, 'bench', 'results', 'latest.json');
  let results: Results;
  let source: string;
  if (process.env.PSNODE_BENCH_FRESH === '1' || !existsSync(file)) {
    results = runShortBenchmark();
    source = 'a short benchmark run now';
  } else {
    results = JSON.parse(readFileSync(file, 'utf8')) as Results;
    source = file;
  }
  const size = results.sizes[SIZE];
  if (size === undefined) throw new Error(`${source} has no results for ${SIZE} processes: run npm run bench`);
  process.stdout.write(`checking ${source}, measured ${results.date}\n`);
  return size;
}

let size: SizeResult;

beforeAll(() => {
  size = loadResults();
}, SHORT_RUN_TIMEOUT_MS);

function tool(id: string): ToolResult {
  const result = size.tools[id];
  if (result === undefined) throw new Error(`the results have no figures for ${id}`);
  return result;
}

function ratio(id: string, floor: 'default' | 'stat' | 'all'): number {
  return tool(id).time.median / size.floors[floor].time.median;
}

describe('psnode at 1,000 processes', () => {
  it('default descriptors within 0.6x floor', () => {
    expect(ratio('psnode-default', 'default')).toBeLessThanOrEqual(0.6);
  });

  it('pid,ppid,comm within 1.1x stat floor', () => {
    expect(ratio('psnode-pid-ppid-comm', 'stat')).toBeLessThanOrEqual(1.1);
  });

  it('every descriptor within 1.5x its floor', () => {
    expect(ratio('psnode-all', 'all')).toBeLessThanOrEqual(1.5);
  });

  it('processInfoByPids of 10 pids under 1 ms', () => {
    expect(tool('psnode-by-pids').time.median).toBeLessThan(1);
  });

  it.each(PSNODE_TOOLS)('%s main thread under 10%%', (id) => {
    expect(tool(id).mainThreadShare).toBeLessThan(0.1);
  });

  it('monitor sample within 0.5x stat floor', () => {
    expect(ratio('psnode-monitor', 'stat')).toBeLessThanOrEqual(0.5);
  });

  it.each(['default', 'monitor'] as const)('%s RSS flat over 10,000 calls', (key) => {
    const memory = size.memory?.[key];
    if (memory === undefined) throw new Error('the results have no memory figures');
    expect(memory.calls).toBe(10000);
    expect(memory.growthMB).toBeLessThanOrEqual(10);
  });
});
