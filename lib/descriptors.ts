import type { NativeDescriptor } from '../binding';
import { binding } from './binding';
import { PsnodeError, invalidType } from './errors';

/** The columns of `ps -ef`, used when no descriptors are given. */
export const DefaultDescriptors: readonly string[] = Object.freeze([
  'user',
  'pid',
  'ppid',
  'pcpu',
  'etime',
  'tty',
  'time',
  'args',
]);

interface Table {
  byKey: Map<string, NativeDescriptor>;
  names: string[];
}

let table: Table | undefined;

function descriptorTable(): Table {
  if (table) return table;
  const byKey = new Map<string, NativeDescriptor>();
  for (const d of binding().descriptors()) {
    byKey.set(d.name, d);
    if (d.code !== null) byKey.set(d.code, d);
  }
  const names = [...new Set([...byKey.values()].map((d) => d.name))].sort();
  table = { byKey, names };
  return table;
}

/** Returns every supported descriptor in normal form, sorted. */
export function descriptorNames(): string[] {
  return [...descriptorTable().names];
}

/** A requested column: the table row and the header it prints under. */
export interface Column {
  name: string;
  header: string;
}

/**
 * Resolves one descriptor: normal form ("pcpu") or AIX code form ("%C"),
 * with surrounding whitespace ignored, and ps's header override
 * "KEY=HEADER" ("pid=" prints an empty header).
 */
function resolveOne(entry: string, byKey: Map<string, NativeDescriptor>): Column {
  const text = entry.trim();
  const equals = text.indexOf('=');
  const key = equals < 0 ? text : text.slice(0, equals).trim();
  const found = byKey.get(key);
  if (!found) {
    throw new PsnodeError(
      'ERR_UNKNOWN_DESCRIPTOR',
      `unknown descriptor ${JSON.stringify(entry)}: listDescriptors() returns the supported ones`,
      entry,
    );
  }
  return { name: found.name, header: equals < 0 ? found.header : text.slice(equals + 1) };
}

/**
 * Resolves descriptors to columns (see resolveOne). An empty or missing
 * list means DefaultDescriptors.
 */
export function resolveDescriptors(descriptors: unknown): Column[] {
  if (descriptors === undefined || descriptors === null) {
    return resolveDescriptors(DefaultDescriptors);
  }
  if (!Array.isArray(descriptors)) {
    throw invalidType(
      `descriptors must be an array of strings, received ${describe(descriptors)}`,
      descriptors,
    );
  }
  if (descriptors.length === 0) return resolveDescriptors(DefaultDescriptors);

  const { byKey } = descriptorTable();
  // Array.from visits the holes of a sparse array, which map() skips.
  return Array.from(descriptors, (entry: unknown, index) => {
    if (typeof entry !== 'string') {
      throw invalidType(
        `descriptors[${index}] must be a string, received ${describe(entry)}`,
        entry,
      );
    }
    return resolveOne(entry, byKey);
  });
}

/** Describes a value's type for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'bigint') return `the bigint ${String(value)}n`;
  return `a value of type ${typeof value}`;
}
