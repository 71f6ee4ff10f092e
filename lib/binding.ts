import path from 'node:path';
import type { NativeBinding } from '../binding';
import { assertSupportedPlatform } from './platform';

// node-gyp-build ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeGypBuild = require('node-gyp-build') as (dir: string) => unknown;

let cached: NativeBinding | undefined;

/**
 * Loads the addon once: a prebuilt binary from prebuilds/ when one fits,
 * else build/Release. The package root is one level above both lib/ and
 * dist/. Throws ERR_UNSUPPORTED_PLATFORM on every call off Linux, before
 * any load, so each API call rejects with that code.
 */
export function binding(): NativeBinding {
  assertSupportedPlatform();
  cached ??= nodeGypBuild(path.join(__dirname, '..')) as NativeBinding;
  return cached;
}
