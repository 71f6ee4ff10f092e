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

/**
 * Resolves descriptors in normal form ("pcpu") or AIX code form ("%C"),
 * with surrounding whitespace ignored, to table rows. An empty or missing
 * list means DefaultDescriptors.
 */
export function resolveDescriptors(descriptors: unknown): NativeDescriptor[] {
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
    const found = byKey.get(entry.trim());
    if (!found) {
      throw new PsnodeError(
        'ERR_UNKNOWN_DESCRIPTOR',
        `unknown descriptor ${JSON.stringify(entry)}: listDescriptors() returns the supported ones`,
        entry,
      );
    }
    return found;
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
