#!/usr/bin/env node
/**
 * The psnode command: lists processes like `ps -ef`, with the flags of
 * psgo's sample tool. Exit status 2 for usage errors, 1 for failures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  joinNamespaceAndProcessInfoByPids,
  listDescriptors,
  processInfo,
  processInfoByPids,
} from './index';
import { formatTable } from './cli-table';
import { parseArgs, splitList, UsageError, type CliOptions } from './cli-args';

const HELP = `Usage: psnode [flags]

Lists the processes of this machine the way ps(1) does.

Flags (one or two dashes; a value after '=' or as the next argument):
  -format LIST      descriptors to print, comma separated
                    (default "user, pid, ppid, pcpu, etime, tty, time, args")
  -o LIST, -eo LIST descriptors in ps's syntax: separated by commas or
                    blanks, KEY=HEADER renames a header ("pid=" hides it)
  -L                one row per thread, as ps -L prints them
  -pids LIST        only these pids, comma separated
  -list             print the supported descriptors and exit
  -json             print the table as a JSON array of rows
  -join             list the processes of the containers of the -pids, by
                    joining their mount namespaces (needs root)
  -fill-mappings    with -join: map host ids through this process's user
                    namespace (/proc/self/uid_map and gid_map)
  -help             print this help and exit
  -version          print the version and exit
`;

function version(): string {
  const manifest = path.join(__dirname, '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

async function run(options: CliOptions): Promise<string> {
  if (options.help) return HELP;
  if (options.version) return `psnode ${version()}\n`;
  if (options.list) return (await listDescriptors()).join(', ') + '\n';
  if (options.join && options.pids === undefined) {
    throw new UsageError('-join needs -pids: the host pids whose containers to list');
  }
  if (options.fillMappings && !options.join) {
    throw new UsageError('-fill-mappings works only with -join');
  }

  if (options.format !== undefined && options.psFormat !== undefined) {
    throw new UsageError('use -format or -o, not both');
  }
  const descriptors = options.format === undefined ? options.psFormat : splitList(options.format);
  const rows = await listRows(options, descriptors);
  if (options.json) return JSON.stringify(rows) + '\n';
  // As ps does, print no header line when every header is empty ("pid=").
  const headerless = rows[0].every((cell) => cell === '');
  return formatTable(headerless ? rows.slice(1) : rows);
}

function listRows(options: CliOptions, descriptors: string[] | undefined): Promise<string[][]> {
  const threads = options.threads;
  if (options.pids === undefined) return processInfo(descriptors, { threads });
  const pids = splitList(options.pids);
  if (!options.join) return processInfoByPids(pids, descriptors, { threads });
  return joinNamespaceAndProcessInfoByPids(pids, descriptors, {
    threads,
    fillMappings: options.fillMappings,
  });
}

/** Returns the exit status for an error: 2 for a bad command line, 1 otherwise. */
function exitStatus(error: unknown): number {
  if (error instanceof UsageError) return 2;
  const code = (error as { code?: unknown }).code;
  const usageCodes = ['ERR_UNKNOWN_DESCRIPTOR', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE', 'ERR_OUT_OF_RANGE'];
  return typeof code === 'string' && usageCodes.includes(code) ? 2 : 1;
}

async function main(): Promise<void> {
  try {
    const output = await run(parseArgs(process.argv.slice(2)));
    process.stdout.write(output);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`psnode: ${message}\n`);
    process.exitCode = exitStatus(error);
  }
}

void main();
