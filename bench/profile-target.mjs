// The process that bench/profile.mjs runs under strace, perf and
// callgrind: `node bench/profile-target.mjs LISTINGS` makes LISTINGS
// sequential processInfo() calls with the default descriptors and prints
// the CPU time they took (user and system, all threads) as JSON.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { processInfo } = require('../dist/index.js');

const listings = Number(process.argv[2]);
if (!Number.isInteger(listings) || listings < 0) {
  throw new Error(`listing count must be a non-negative integer, received '${process.argv[2]}'`);
}

let rows = 0;
const before = process.cpuUsage();
const start = performance.now();
for (let i = 0; i < listings; i += 1) rows = (await processInfo()).length - 1;
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(before);
process.stdout.write(JSON.stringify({ listings, rows, wallMs, userMs: cpu.user / 1000, systemMs: cpu.system / 1000 }) + '\n');
