// The addon in worker_threads: several at once, and again after a worker
// that used it has exited. Each worker loads the compiled dist/ build.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const ROOT = path.join(__dirname, '..');

// Lists processes, samples a monitor twice and reports counts.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const psnode = require(${JSON.stringify(path.join(ROOT, 'dist', 'index.js'))});
(async () => {
  const rows = await psnode.processInfo(['pid', 'args']);
  const records = await psnode.processRecordsByPids([process.pid], ['pid', 'nlwp']);
  const monitor = new psnode.ProcessMonitor();
  await monitor.sample();
  const sample = await monitor.sample();
  monitor.close();
  parentPort.postMessage({ rows: rows.length, pid: records[0].pid, sampled: sample.processes.length });
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

interface WorkerResult {
  rows?: number;
  pid?: number;
  sampled?: number;
  error?: string;
  exitCode: number;
}

function runWorker(): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    let message: Omit<WorkerResult, 'exitCode'> = {};
    worker.on('message', (m) => {
      message = m;
    });
    worker.on('error', reject);
    worker.on('exit', (exitCode) => resolve({ ...message, exitCode }));
  });
}

beforeAll(() => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'lib'], { cwd: ROOT });
});

describe('worker threads', () => {
  it('four workers list at once', async () => {
    const results = await Promise.all([runWorker(), runWorker(), runWorker(), runWorker()]);
    for (const result of results) {
      expect(result.error).toBeUndefined();
      expect(result.rows).toBeGreaterThan(2);
      expect(result.pid).toBe(process.pid);
      expect(result.sampled).toBeGreaterThan(1);
      expect(result.exitCode).toBe(0);
    }
  });

  it('a new worker loads after one exited', async () => {
    const first = await runWorker();
    expect(first.exitCode).toBe(0);
    const second = await runWorker();
    expect(second.error).toBeUndefined();
    expect(second.rows).toBeGreaterThan(2);
  });

  it('main thread still lists afterwards', async () => {
    const { processInfo } = await import('../lib/index');
    const rows = await processInfo(['pid']);
    expect(rows.map((row) => row[0])).toContain(String(process.pid));
  });
});
