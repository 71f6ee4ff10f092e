/**
 * Cancellation: an AbortSignal becomes a flag in shared memory that the
 * native listing checks between processes.
 */

/** Returns the error a call rejects with when its signal aborts, as Node's own APIs raise it. */
export function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  });
}

/**
 * Runs `start` with a cancel flag (an Int32Array over a SharedArrayBuffer)
 * that is set when `signal` aborts. The returned Promise rejects with an
 * AbortError as soon as the signal aborts, without waiting for the native
 * work, which stops at its next check of the flag.
 */
export async function withAbort<T>(
  signal: AbortSignal | undefined,
  start: (cancel: Int32Array | undefined) => Promise<T>,
): Promise<T> {
  if (signal === undefined) return start(undefined);
  if (signal.aborted) throw abortError(signal);

  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const work = start(cancel);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      Atomics.store(cancel, 0, 1);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // The native work settles later, and its outcome is no longer wanted.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}
