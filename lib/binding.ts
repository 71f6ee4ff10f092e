import path from 'node:path';
import type { NativeBinding } from '../binding';
import { assertSupportedPlatform } from './platform';

// node-gyp-build ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeGypBuild = require('node-gyp-build') as (dir: string) => unknown;

let cached: NativeBinding | undefined;

/**
 * Loads the addon once, as node-gyp-build 4.8 picks it: build/Release when
 * a local build exists, else the prebuilt binary from prebuilds/ that fits
 * (PSNODE_PREBUILD names another root). The package root is one level
 * above both lib/ and dist/. Throws ERR_UNSUPPORTED_PLATFORM on every call off Linux, before
 * any load, so each API call rejects with that code.
 */
export function binding(): NativeBinding {
  assertSupportedPlatform();
  cached ??= nodeGypBuild(path.join(__dirname, '..')) as NativeBinding;
  return cached;
}
