// A world-readable copy of the built package, for tests that run psnode as
// an unprivileged user: the checkout itself may sit below a directory that
// such a user cannot enter (CI clones wherever it likes).
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

let copy: string | undefined;

function makeReadable(target: string): void {
  const mode = statSync(target).isDirectory() ? 0o755 : 0o644;
  chmodSync(target, mode);
  if (mode === 0o755) {
    for (const entry of readdirSync(target)) makeReadable(path.join(target, entry));
  }
}

/**
 * Returns the path of dist/index.js in a copy of package.json, dist/, the
 * addon and node-gyp-build under a fresh temporary directory that every
 * user can read. The addon comes from $PSNODE_PREBUILD when it is set (the
 * sanitizer run), as node-gyp-build would load it. Made once per test file.
 */
export function readablePackage(): string {
  if (copy === undefined) {
    const dir = mkdtempSync(path.join(tmpdir(), 'psnode-readable-'));
    const addonRoot = process.env.PSNODE_PREBUILD ?? ROOT;
    cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
    mkdirSync(path.join(dir, 'build', 'Release'), { recursive: true });
    cpSync(
      path.join(addonRoot, 'build', 'Release', 'psnode.node'),
      path.join(dir, 'build', 'Release', 'psnode.node'),
    );
    cpSync(
      path.join(ROOT, 'node_modules', 'node-gyp-build'),
      path.join(dir, 'node_modules', 'node-gyp-build'),
      { recursive: true },
    );
    makeReadable(dir);
    copy = dir;
  }
  return path.join(copy, 'dist', 'index.js');
}

/** Removes the copy, if one was made. */
export function removeReadablePackage(): void {
  if (copy !== undefined) rmSync(copy, { recursive: true, force: true });
  copy = undefined;
}
