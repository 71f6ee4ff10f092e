import { getSystemErrorName } from 'node:util';
import type { NativeListError } from '../binding';

/** Stable codes of the errors that psnode raises itself. */
export type PsnodeErrorCode =
  | 'ERR_UNKNOWN_DESCRIPTOR'
  | 'ERR_INVALID_ARG_TYPE'
  | 'ERR_INVALID_ARG_VALUE'
  | 'ERR_OUT_OF_RANGE'
  | 'ERR_UNSUPPORTED_PLATFORM';

/** An Error with a stable `code`, raised for an unknown descriptor or a platform other than Linux. */
export class PsnodeError extends Error {
  readonly code: PsnodeErrorCode;
  /** The value that caused the error. */
  readonly value?: unknown;

  constructor(code: PsnodeErrorCode, message: string, value?: unknown) {
    super(message);
    this.name = 'PsnodeError';
    this.code = code;
    if (value !== undefined) this.value = value;
  }
}

interface CodedFields {
  code: PsnodeErrorCode;
  value: unknown;
}

/** Returns a TypeError with `code` and the offending `value`, as Node's own argument errors carry. */
export function invalidType(message: string, value: unknown): TypeError & CodedFields {
  return Object.assign(new TypeError(message), {
    code: 'ERR_INVALID_ARG_TYPE' as const,
    value,
  });
}

/** Returns a TypeError for a value of the right type but an invalid form. */
export function invalidValue(message: string, value: unknown): TypeError & CodedFields {
  return Object.assign(new TypeError(message), {
    code: 'ERR_INVALID_ARG_VALUE' as const,
    value,
  });
}

/** Returns a RangeError for a number outside its allowed range. */
export function outOfRange(message: string, value: unknown): RangeError & CodedFields {
  return Object.assign(new RangeError(message), {
    code: 'ERR_OUT_OF_RANGE' as const,
    value,
  });
}

/** A Node-style system error: `code` such as 'EACCES', negative `errno`. */
export interface SystemError extends Error {
  code: string;
  errno: number;
  syscall: string;
  path: string;
  /** The pid whose namespace could not be joined. */
  pid?: number;
}

/**
 * Converts a native listing failure into a Node-style system error, so
 * callers can test `err.code === 'ENOENT'` as with node:fs.
 */
export function toSystemError(error: unknown): unknown {
  const native = error as Partial<NativeListError>;
  if (typeof native?.errno !== 'number' || native.errno <= 0) return error;

  const code = getSystemErrorName(-native.errno);
  const syscall = native.syscall ?? 'unknown';
  const path = native.path ?? '';
  const target = typeof native.pid === 'number' ? ` while joining pid ${native.pid}` : '';
  const message = `${syscall} ${path} failed${target}: ${native.message} (${code})`;
  const fields: Omit<SystemError, 'name' | 'message'> = { code, errno: -native.errno, syscall, path };
  if (typeof native.pid === 'number') fields.pid = native.pid;
  return Object.assign(new Error(message), fields) as SystemError;
}
