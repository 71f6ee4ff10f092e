import path from 'node:path';
import type { NativeBinding } from '../binding';

// node-gyp-build ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeGypBuild = require('node-gyp-build') as (dir: string) => unknown;

let cached: NativeBinding | undefined;

/**
 * Loads the addon once: a prebuilt binary from prebuilds/ when one fits,
 * else build/Release. The package root is one level above both lib/ and
 * dist/.
 */
export function binding(): NativeBinding {
  cached ??= nodeGypBuild(path.join(__dirname, '..')) as NativeBinding;
  return cached;
}
