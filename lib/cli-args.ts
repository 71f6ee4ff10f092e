/**
 * Command-line parsing for the psnode CLI. Flags follow Go's flag package,
 * as psgo's sample tool does: one or two dashes, and a value either after
 * '=' or as the next argument. ps's own options -e, -A, -L and -o, alone
 * or clustered as in `-eo` and `-eLo`, work as ps users type them.
 */

export interface CliOptions {
  format?: string;
  /** Descriptors from -o options, in ps's syntax; each -o adds to them. */
  psFormat?: string[];
  threads: boolean;
  pids?: string;
  list: boolean;
  join: boolean;
  fillMappings: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
}

/** A command line that cannot be run: the CLI prints it and exits with 2. */
export class UsageError extends Error {
  readonly code = 'ERR_USAGE';
}

const VALUE_FLAGS = new Set(['format', 'pids']);
const BOOLEAN_FLAGS = new Set(['list', 'join', 'fill-mappings', 'json', 'help', 'h', 'version']);

function parseBoolean(name: string, value: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new UsageError(`invalid value ${JSON.stringify(value)} for flag -${name}: use true or false`);
}

function setFlag(options: CliOptions, name: string, value: string | boolean): void {
  switch (name) {
    case 'format': options.format = value as string; break;
    case 'pids': options.pids = value as string; break;
    case 'list': options.list = value as boolean; break;
    case 'join': options.join = value as boolean; break;
    case 'fill-mappings': options.fillMappings = value as boolean; break;
    case 'json': options.json = value as boolean; break;
    case 'h':
    case 'help': options.help = value as boolean; break;
    case 'version': options.version = value as boolean; break;
  }
}

/** Parses argv (without node and the script) into options. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    threads: false, list: false, join: false, fillMappings: false, json: false, help: false, version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // ps's short options: -e and -A (every process, the default anyway),
    // -L (a row per thread) and -o (the output format), clustered.
    const cluster = /^-([AeL]*)(o)?$/.exec(arg);
    if (cluster && (cluster[1] !== '' || cluster[2] !== undefined)) {
      if (cluster[1].includes('L')) options.threads = true;
      if (cluster[2] !== undefined) {
        const value = argv[++i];
        const list = value === undefined ? [] : splitPsList(value);
        if (list.length === 0) {
          throw new UsageError(`option ${arg} needs a format list, such as -o pid,comm`);
        }
        options.psFormat = [...(options.psFormat ?? []), ...list];
      }
      continue;
    }
    // As in Go's flag package, "--" ends the flags.
    if (arg === '--') {
      const rest = argv.slice(i + 1);
      if (rest.length > 0) {
        throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}: psnode takes flags only (see --help)`);
      }
      break;
    }
    const match = /^--?([^=-][^=]*)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: psnode takes flags only (see --help)`);
    }
    const [, name, inline] = match;
    if (VALUE_FLAGS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`flag -${name} needs a value`);
      setFlag(options, name, value);
    } else if (BOOLEAN_FLAGS.has(name)) {
      setFlag(options, name, inline === undefined ? true : parseBoolean(name, inline));
    } else {
      throw new UsageError(`unknown flag ${JSON.stringify(arg)} (see --help)`);
    }
  }
  return options;
}

/**
 * Splits a format list in ps's syntax: descriptors separated by commas or
 * blanks, each with an optional "=HEADER" that runs to the next separator.
 */
export function splitPsList(text: string): string[] {
  return text.split(/[\s,]+/).filter((item) => item !== '');
}

/** Splits a comma-separated list such as "pid, user, args". */
export function splitList(text: string): string[] {
  return text.split(',').map((item) => item.trim());
}
