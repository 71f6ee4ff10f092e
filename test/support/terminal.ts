// Runs a command on a new pseudo-terminal with util-linux `script`, so that
// the command and its descendants have a controlling terminal (a tty other
// than `?`). script is a child of the test process; stop() kills the target
// process and waits until script has exited and been reaped.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readlinkSync } from 'node:fs';
import { subtreeOf, waitFor } from './containers';
import { withoutPreload } from './subprocess';

const EXIT_TIMEOUT_MS = 5_000;

/** A process that runs on a pseudo-terminal of its own. */
export interface TerminalProcess {
  /** The script process that the test spawned. */
  readonly script: ChildProcess;
  /** Host pid of the process that `isTarget` picked in script's subtree. */
  readonly target: number;
  /** The terminal's name as ps prints it, such as 'pts/3'. */
  readonly tty: string;
  /** Kills the target with SIGKILL and resolves once script has exited and been reaped. */
  stop(): Promise<void>;
}

/**
 * Runs `command` with /bin/sh -c on a new pseudo-terminal, with `env` added
 * to the environment, and resolves once a process of script's subtree
 * satisfies `isTarget`. Killing the target must end the command.
 */
export async function startOnTerminal(
  command: string,
  env: Record<string, string>,
  isTarget: (pid: number) => boolean,
  description: string,
): Promise<TerminalProcess> {
  const script = spawn('script', ['-qfc', command, '/dev/null'], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...withoutPreload(), ...env, SHELL: '/bin/sh' },
  });
  let stderr = '';
  script.stderr!.setEncoding('utf8');
  script.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(script, 'exit');
  exited.catch(() => undefined);
  await once(script, 'spawn');

  let target = 0;
  const stop = async (): Promise<void> => {
    if (script.exitCode !== null || script.signalCode !== null) return;
    for (const pid of target !== 0 ? [target] : subtreeOf(script.pid!).filter((pid) => pid !== script.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // The process has exited already.
      }
    }
    script.stdin!.end();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), EXIT_TIMEOUT_MS);
    });
    const reaped = await Promise.race([exited.then(() => true), timeout]);
    clearTimeout(timer);
    if (reaped) return;
    // NOTE: script should exit once its command has; killing it leaves the
    // command's remains to pid 1.
    script.kill('SIGKILL');
    await exited;
  };

  try {
    target = await waitFor(() => {
      if (script.exitCode !== null || script.signalCode !== null) {
        throw new Error(`script exited early running ${description} (stderr: ${JSON.stringify(stderr)})`);
      }
      return subtreeOf(script.pid!).find((pid) => pid !== script.pid && isTarget(pid));
    }, `${description} to run on a pseudo-terminal`);
  } catch (error) {
    await stop();
    throw error;
  }

  const terminal = readlinkSync(`/proc/${target}/fd/0`);
  if (!terminal.startsWith('/dev/pts/')) {
    await stop();
    throw new Error(`${description}: standard input is ${terminal}, not a pseudo-terminal`);
  }
  return { script, target, tty: terminal.slice('/dev/'.length), stop };
}
