// The package's install script. On Linux it loads the binary that
// node-gyp-build selects: a prebuilt one from prebuilds/, or an earlier
// build in build/Release. Only when none is found or none loads does it
// compile build/Release with cmake-js. cmake-js takes the Node-API headers
// from the node-api-headers package, because package.json lists
// binary.napi_versions, so the build downloads nothing.
//
// Off Linux it builds nothing and exits 0, so that a package that depends
// on psnode (an Electron app, say) still installs there. psnode's calls
// then reject with ERR_UNSUPPORTED_PLATFORM.
//
// npm_config_build_from_source=true in the environment (or npm 11's
// deprecated `npm install --build-from-source`) skips the prebuilt
// binaries and always compiles.
//
// This file is plain JavaScript rather than TypeScript because npm runs the
// install script before the prepare script compiles lib/ to dist/.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Returns why the addon must be compiled, or null when a binary loads. */
function reasonToCompile() {
  if (process.env.npm_config_build_from_source === 'true') {
    return 'npm was run with --build-from-source';
  }
  const nodeGypBuild = require('node-gyp-build');
  try {
    require(nodeGypBuild.resolve(packageRoot));
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message.trim() : String(error);
    return `no prebuilt binary fits: ${message}`;
  }
}

function compile() {
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  const result = spawnSync(process.execPath, [cmakeJs, 'compile', '--out', 'build'], {
    cwd: packageRoot,
    stdio: 'inherit',
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(
      'psnode: compiling the addon failed. It needs a C++17 compiler (g++ or clang++), ' +
        'cmake 3.15 or newer, and make or ninja on the PATH.',
    );
    process.exit(result.status ?? 1);
  }
}

if (process.platform !== 'linux') {
  console.log(
    `psnode: no addon is built on ${process.platform}. psnode lists Linux processes only, ` +
      'and its calls reject with ERR_UNSUPPORTED_PLATFORM here.',
  );
} else {
  const reason = reasonToCompile();
  if (reason !== null) {
    console.log(`psnode: compiling the addon from source, because ${reason}`);
    compile();
  }
}
