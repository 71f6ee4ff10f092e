// Replays the fuzzers' seeds and every crashing input they ever found
// (test/fixtures/fuzz/<harness>/) through the same parsers in the addon.
// A regression shows as a crash of the jest worker or a thrown error.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { native } from './support/native';

const root = path.join(__dirname, 'fixtures', 'fuzz');

function inputs(harness: string): Array<[string, Buffer]> {
  const dir = path.join(root, harness);
  return readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]);
}

describe.each([
  ['stat', (input: Buffer) => native.parseStat(input)],
  ['status', (input: Buffer) => native.parseStatus(input)],
  ['cmdline', (input: Buffer) => native.formatArgs(input, 'comm', 'Z')],
  ['names', (input: Buffer) => [native.fileNames(input, input, 0, 0), native.parseIdMap(input)]],
  ['tty', (input: Buffer) => native.ttyName(input.toString('latin1'), 0x8801, '/nonexistent')],
])('fuzz inputs for %s', (harness, parse) => {
  it.each(inputs(harness))('%s parses without error', (_name, input) => {
    expect(() => parse(input)).not.toThrow();
  });
});

describe('container name files', () => {
  it('first entry of an id wins', () => {
    const passwd = 'app:x:1234:1234::/:/bin/sh\nother:x:1234:1234::/:/bin/sh\n';
    expect(native.fileNames(passwd, '', 1234, 0)[0]).toBe('app');
  });

  it('unknown id prints as a number', () => {
    expect(native.fileNames('root:x:0:0::/:/bin/sh\n', '', 42, 42)).toEqual(['42', '42']);
  });

  it('skips lines without an id', () => {
    expect(native.fileNames('broken\nbad:x:notanumber:0::/:\n', '', 0, 0)[0]).toBe('0');
  });

  it('prints a 33-byte name as the id', () => {
    const long = 'a'.repeat(33);
    expect(native.fileNames(`${long}:x:7:7::/:/bin/sh\n`, '', 7, 0)[0]).toBe('7');
  });

  it('parses a uid_map', () => {
    expect(native.parseIdMap('         0     100000      65536\n')).toEqual([[0, 100000, 65536]]);
  });

  it('skips a uid_map line of zero length', () => {
    expect(native.parseIdMap('0 100000 0\n1 2 3\n')).toEqual([[1, 2, 3]]);
  });
});
