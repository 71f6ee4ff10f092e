import { PsnodeError } from './errors';

/**
 * Throws ERR_UNSUPPORTED_PLATFORM unless this is Linux, the only system
 * whose /proc psnode reads. The package still installs and imports on
 * other systems, because an Electron app installs on several. So the check
 * runs on each call rather than at import, and reads process.platform
 * each time.
 */
export function assertSupportedPlatform(): void {
  const { platform } = process;
  if (platform === 'linux') return;
  throw new PsnodeError(
    'ERR_UNSUPPORTED_PLATFORM',
    `psnode reads Linux's /proc and does not support the platform ${JSON.stringify(platform)}: ` +
      'check process.platform before calling it',
    platform,
  );
}
