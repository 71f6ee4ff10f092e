// Starts and removes the sleeping processes that the benchmark lists.
//
// One bash process forks every `sleep` and stays their parent, so it reaps
// each one when it exits and leaves no zombie for a pid 1 that may not
// reap orphans. bash ends its children when its standard
// input closes, which also happens when the benchmark itself dies.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

// bash prints each child's pid, then "ready", then waits for its standard
// input to close. It then kills its children by pid and reaps them.
// `sleep` has an upper bound so that a helper that outlives everything
// still ends by itself.
// bash ignores SIGINT and SIGPIPE so that a Ctrl-C or the benchmark's
// death while it is starting processes still ends in that clean-up.
const SCRIPT = `
trap '' INT PIPE
count=$1
for ((i = 0; i < count; i++)); do
  sleep 7200 </dev/null >/dev/null 2>&1 &
  echo $!
done
echo ready
while read -r _; do :; done
kill $(jobs -p) 2>/dev/null
wait
`;

/**
 * Starts `count` sleeping processes. Resolves to their pids and a stop()
 * function that kills them and resolves once every one is reaped.
 */
export async function startSleepers(count) {
  const helper = spawn('bash', ['-c', SCRIPT, 'bench-sleepers', String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(helper, 'exit');
  const pids = [];
  const lines = createInterface({ input: helper.stdout });
  for await (const line of lines) {
    if (line === 'ready') break;
    pids.push(Number(line));
  }
  if (pids.length !== count) {
    helper.kill('SIGKILL');
    throw new Error(`sleeper helper started ${pids.length} of ${count} processes`);
  }

  const stop = async () => {
    helper.stdin.end();
    await exited;
    const left = pids.filter(isAlive);
    if (left.length > 0) {
      throw new Error(`${left.length} sleeping processes were not reaped, first pid ${left[0]}`);
    }
  };
  return { pids, helperPid: helper.pid, stop };
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if (error.code === 'ESRCH') return false;
    throw error;
  }
}
