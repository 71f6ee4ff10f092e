// Builds the prebuilt binaries that the npm package ships, with cmake-js,
// into the layout that node-gyp-build selects from:
//
//   prebuilds/linux-x64/node.napi.glibc.node
//   prebuilds/linux-arm64/node.napi.glibc.node
//
// These are the names that `prebuildify --napi --tag-libc --strip` gives.
// prebuildify itself only drives node-gyp, so this script does its part
// for cmake-js: build each target, copy the addon, strip it.
//
// Usage: node lib/scripts/prebuild.mjs [TARGET...]   (default: every target)
//
// The target of the host's architecture builds with the host's g++; any
// other builds with Debian's cross compiler for it (g++-aarch64-linux-gnu
// for linux-arm64 on an x86_64 host). Both link against the build host's
// glibc and libstdc++, which set the oldest system the binaries load on.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Node.js architecture name, GNU triplet and CMAKE_SYSTEM_PROCESSOR of each target. */
const TARGETS = {
  'linux-x64': { arch: 'x64', triplet: 'x86_64-linux-gnu', processor: 'x86_64' },
  'linux-arm64': { arch: 'arm64', triplet: 'aarch64-linux-gnu', processor: 'aarch64' },
};

/** File name of a Node-API build for glibc, as node-gyp-build parses its tags. */
const PREBUILD_NAME = 'node.napi.glibc.node';

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: packageRoot, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} exited with status ${result.status ?? result.signal}`);
  }
}

function isOnPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Returns the compilers and strip for a target, and the cmake-js flags that select them. */
function toolchain(name, target) {
  if (target.arch === os.arch()) {
    return { strip: 'strip', flags: [] };
  }
  const prefix = `${target.triplet}-`;
  if (!isOnPath(`${prefix}g++`)) {
    throw new Error(
      `${prefix}g++ not found: building ${name} on a ${os.arch()} host needs a cross compiler ` +
        `(on Debian: apt-get install g++-${target.triplet.replaceAll('_', '-')})`,
    );
  }
  return {
    strip: `${prefix}strip`,
    flags: [
      `--cc=${prefix}gcc`,
      `--cxx=${prefix}g++`,
      // CMAKE_SYSTEM_NAME on the command line turns on CMake's cross-compiling mode.
      '--CDCMAKE_SYSTEM_NAME=Linux',
      `--CDCMAKE_SYSTEM_PROCESSOR=${target.processor}`,
    ],
  };
}

function prebuild(name) {
  const target = TARGETS[name];
  const tools = toolchain(name, target);
  const buildDir = path.join('build', 'prebuilds', name);
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  run(process.execPath, [cmakeJs, 'rebuild', '--out', buildDir, `--arch=${target.arch}`, ...tools.flags]);

  // A stale file with other tags could win node-gyp-build's selection, so
  // the folder is emptied first.
  const outDir = path.join(packageRoot, 'prebuilds', name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const output = path.join(outDir, PREBUILD_NAME);
  copyFileSync(path.join(packageRoot, buildDir, 'Release', 'psnode.node'), output);
  run(tools.strip, ['--strip-all', output]);
  console.log(`${path.relative(packageRoot, output)}: ${statSync(output).size} bytes`);
}

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(TARGETS);
for (const name of names) {
  if (!(name in TARGETS)) {
    console.error(`unknown target ${JSON.stringify(name)}: expected one of ${Object.keys(TARGETS).join(', ')}`);
    process.exit(2);
  }
}
for (const name of names) prebuild(name);
