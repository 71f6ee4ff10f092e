#!/usr/bin/env bash
# Packaging tests: builds the prebuilt binaries, packs the npm tarball and
# installs it into an empty project as a user would, then:
#   1. lists processes through require, import, the CLI and the types, with
#      --ignore-scripts and no compiler on the PATH (only node and npm);
#   2. runs the install script, which must load the prebuilt binary and
#      compile nothing;
#   3. loads the linux-arm64 binary in Debian's arm64 Node.js under
#      qemu-user and lists processes;
#   4. compiles from source, with the network blocked, when no prebuilt
#      binary fits (LIBC=musl, as node-gyp-build sees an Alpine system),
#      and fails with the list of build tools when there is no compiler;
#   5. installs and imports on a faked darwin, where calls reject with
#      ERR_UNSUPPORTED_PLATFORM.
# Runs as root, after npm ci: it installs Debian packages and uses
# unshare --net to block the network.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step 'Debian packages: the arm64 cross compiler, qemu-user and file'
export DEBIAN_FRONTEND=noninteractive
dpkg --add-architecture arm64
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  g++-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user file >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step 'Prebuilt binaries, built with the network blocked'
if ! unshare --net -- npm run prebuilds >"$work/prebuilds.log" 2>&1; then
  tail -n 40 "$work/prebuilds.log"
  fail 'npm run prebuilds failed (the last 40 lines of its output are above)'
fi
check_binary() {
  local file=$1 machine=$2
  local description
  description=$(file -b "$file")
  echo "$file: $description"
  [[ $description == *"$machine"* ]] || fail "$file is not a $machine ELF"
  [[ $description == *', stripped'* ]] || fail "$file is not stripped"
  # grep without -q reads all of readelf's output, so pipefail sees no SIGPIPE.
  readelf --dyn-syms -W "$file" | grep -w napi_register_module_v1 >/dev/null ||
    fail "$file does not export napi_register_module_v1"
}
check_binary prebuilds/linux-x64/node.napi.glibc.node 'x86-64'
check_binary prebuilds/linux-arm64/node.napi.glibc.node 'ARM aarch64'

step 'npm pack'
npm pack --json --pack-destination "$work" >"$work/pack.json"
tarball="$work/$(node -p "require('$work/pack.json')[0].filename")"
node - "$work/pack.json" <<'EOF'
const [pack] = require(process.argv[2]);
const files = new Set(pack.files.map((file) => file.path));
const required = [
  'package.json', 'README.md', 'CMakeLists.txt', 'binding.d.ts',
  'dist/index.js', 'dist/index.d.ts', 'dist/index.mjs', 'dist/index.d.mts', 'dist/cli.js',
  'lib/scripts/install.mjs', 'native/addon/module.cc',
  'prebuilds/linux-x64/node.napi.glibc.node', 'prebuilds/linux-arm64/node.napi.glibc.node',
];
const missing = required.filter((file) => !files.has(file));
const unwanted = [...files].filter((file) =>
  /^(test|bench|docs|\.ci|build)\/|^native\/fuzz\/|\.map$|^lib\/.*\.ts$/.test(file));
console.log(`${pack.filename}: ${pack.size} bytes packed, ${pack.unpackedSize} unpacked, ${pack.entryCount} files`);
if (missing.length > 0) throw new Error(`missing from the tarball: ${missing.join(', ')}`);
if (unwanted.length > 0) throw new Error(`unexpected in the tarball: ${unwanted.join(', ')}`);
EOF

# A PATH with node and npm alone: no compiler, cmake, make or shell.
mkdir "$work/bin"
ln -s "$(command -v node)" "$work/bin/node"
ln -s "$(command -v npm)" "$work/bin/npm"
for tool in cc c++ gcc g++ clang++ cmake make ninja; do
  if PATH="$work/bin" command -v "$tool" >/dev/null; then fail "$tool is on the restricted PATH"; fi
done

app="$work/app"
mkdir "$app"
echo '{ "name": "psnode-install-test", "private": true }' >"$app/package.json"
cd "$app"

# Lists processes through require and through import; the first argument is
# the expected process.arch. Both must find this process's own pid.
cat >list.cjs <<'EOF'
const path = require('node:path');
const { processInfo, processInfoByPids } = require('psnode');
(async () => {
  const expectedArch = process.argv[2];
  if (process.arch !== expectedArch) throw new Error(`running as ${process.arch}, expected ${expectedArch}`);
  const root = path.dirname(require.resolve('psnode/package.json'));
  const addon = path.relative(root, require('node-gyp-build').resolve(root));
  const all = await processInfo(['pid', 'comm']);
  if (!all.some((row) => row[0] === String(process.pid))) throw new Error('own pid not listed');
  const own = await processInfoByPids([process.pid], ['pid', 'args']);
  console.log(`require: ${process.arch} node ${process.version}, ${addon}, ${all.length - 1} processes, own row ${JSON.stringify(own[1])}`);
})().catch((error) => { console.error(error); process.exit(1); });
EOF
cat >list.mjs <<'EOF'
import psnode, { processInfoByPids } from 'psnode';
const rows = await processInfoByPids([process.pid, 1], ['pid', 'comm']);
if (rows.length !== 3 || rows[2][0] !== String(process.pid)) throw new Error(`unexpected rows ${JSON.stringify(rows)}`);
if (psnode.processInfoByPids !== processInfoByPids) throw new Error('import and require load different modules');
console.log(`import: ${process.arch}, ${JSON.stringify(rows)}`);
EOF
# Type checks with the project's TypeScript, as an ES module and as CommonJS.
cat >types.mts <<'EOF'
import psnode, { PsnodeError, processInfo, type ProcessInfoOptions } from 'psnode';
const options: ProcessInfoOptions = { threads: true, format: 'psgo' };
const rows: string[][] = await processInfo(['pid'], options);
const byPids: Promise<string[][]> = psnode.processInfoByPids([1]);
// @ts-expect-error descriptors are an array, so the types are not `any`
void processInfo('pid');
export { rows, byPids, PsnodeError };
EOF
cat >types.cts <<'EOF'
import psnode = require('psnode');
const rows: Promise<string[][]> = psnode.processInfo(['pid']);
// @ts-expect-error pids are an array
void psnode.processInfoByPids(1);
export = rows;
EOF

step 'Install with --ignore-scripts and no compiler on the PATH'
PATH="$work/bin" npm install --ignore-scripts --no-audit --no-fund "$tarball"
[[ ! -e node_modules/psnode/build ]] || fail 'node_modules/psnode/build exists after --ignore-scripts'
PATH="$work/bin" node list.cjs x64
PATH="$work/bin" node list.mjs
PATH="$work/bin" node_modules/.bin/psnode -format 'pid, comm' -pids 1
PATH="$work/bin" node "$repo/node_modules/typescript/bin/tsc" --noEmit --strict \
  --module nodenext --moduleResolution nodenext --target es2022 types.mts types.cts
echo 'types: types.mts and types.cts compile'

step 'Install script with a prebuilt binary that fits: compiles nothing'
# npm runs scripts with sh, which the restricted PATH lacks.
PATH="$work/bin" npm rebuild psnode --foreground-scripts --script-shell=/bin/sh 2>&1 | tee "$work/rebuild.log"
[[ ! -e node_modules/psnode/build ]] || fail 'the install script compiled although a prebuilt binary fits'
if grep -q 'compiling the addon' "$work/rebuild.log"; then fail 'the install script tried to compile'; fi

step 'linux-arm64 binary in Debian arm64 Node.js under qemu-user'
# Debian's nodejs and its arm64 libraries, unpacked into a sysroot for
# qemu-aarch64 -L. Debian's node also loads a few arch-independent node-*
# packages (cjs-module-lexer, undici, ...) at start-up.
mkdir "$work/debs" "$work/arm64"
arm64_packages=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances --no-pre-depends nodejs:arm64 |
  grep -E '^([a-z0-9.+-]+:arm64|node-[a-z0-9.+-]+)$' | sort -u)
(cd "$work/debs" && apt-get download $arm64_packages >/dev/null 2>&1) ||
  fail "apt-get download failed for: $arm64_packages"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/arm64"; done
arm64_node=(qemu-aarch64 -L "$work/arm64" "$work/arm64/usr/bin/node")
"${arm64_node[@]}" list.cjs arm64
"${arm64_node[@]}" list.mjs

step 'Compile from source with the network blocked when no prebuilt binary fits'
# LIBC=musl makes node-gyp-build pass over the glibc binaries, as on Alpine.
unshare --net -- env LIBC=musl npm rebuild psnode --foreground-scripts >"$work/compile.log" 2>&1 ||
  { tail -n 40 "$work/compile.log"; fail 'compiling from source failed'; }
grep 'psnode: compiling the addon from source' "$work/compile.log"
[[ -f node_modules/psnode/build/Release/psnode.node ]] || fail 'no build/Release/psnode.node after compiling'
LIBC=musl node list.cjs x64

step 'Without a compiler the install script fails and says what is missing'
rm -rf node_modules/psnode/build
if LIBC=musl PATH="$work/bin" npm rebuild psnode --foreground-scripts --script-shell=/bin/sh \
  >"$work/no-compiler.log" 2>&1; then
  fail 'the install script succeeded without a compiler and without a fitting binary'
fi
grep 'psnode: compiling the addon failed' "$work/no-compiler.log"

step 'Install and import on a faked darwin'
cat >darwin.cjs <<'EOF'
Object.defineProperty(process, 'platform', { ...Object.getOwnPropertyDescriptor(process, 'platform'), value: 'darwin' });
EOF
PATH="$work/bin" node --require ./darwin.cjs node_modules/psnode/lib/scripts/install.mjs
PATH="$work/bin" node --require ./darwin.cjs --input-type=module -e "
import { processInfo, listDescriptors } from 'psnode';
for (const call of [() => processInfo(), () => listDescriptors()]) {
  const error = await call().then(() => null, (reason) => reason);
  if (error?.code !== 'ERR_UNSUPPORTED_PLATFORM') throw new Error('expected ERR_UNSUPPORTED_PLATFORM, got ' + error);
}
console.log('darwin: imports, and calls reject with ERR_UNSUPPORTED_PLATFORM');
"

step 'package tests passed'
