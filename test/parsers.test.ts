import { readFileSync } from 'node:fs';
import path from 'node:path';
import { native } from './support/native';

const fixture = (name: string): string =>
  readFileSync(path.join(__dirname, 'fixtures', name), 'latin1');

describe('parseStat', () => {
  it('reads a recorded init stat', () => {
    const stat = native.parseStat(fixture('stat-init.txt'));
    expect(stat).not.toBeNull();
    expect(stat!.pid).toBe(1);
    expect(Buffer.from(stat!.comm as Buffer).toString()).toBe('process_api');
    expect(stat!.state).toBe('S');
    expect(stat!.ppid).toBe(0);
    expect(stat!.nice).toBe(-10);
    expect(stat!.starttime).toBe(25);
    expect(stat!.numThreads).toBe(18);
  });

  it('keeps spaces and parentheses in comm', () => {
    const text = '4242 (my ) odd (name) R 1 4242 4242 34816 4242 4194304 5 0 0 0 7 3 0 0 20 0 1 0 1234 9000000 300 ' +
      '18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0';
    const stat = native.parseStat(text);
    expect(Buffer.from(stat!.comm as Buffer).toString()).toBe('my ) odd (name');
    expect(stat!.state).toBe('R');
    expect(stat!.ttyNr).toBe(34816);
    expect(stat!.utime).toBe(7);
    expect(stat!.stime).toBe(3);
    expect(stat!.starttime).toBe(1234);
  });

  it('keeps all 32 bits of tty_nr', () => {
    // The kernel prints tty_nr with %d, so a device with bit 31 set is negative.
    const text = '7 (sh) S 1 7 7 -1048577 7 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0';
    expect(native.parseStat(text)!.ttyNr).toBe(0xffefffff);
  });

  it('accepts a stat that ends at field 22', () => {
    const text = '9 (old) S 1 9 9 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 77';
    const stat = native.parseStat(text);
    expect(stat!.starttime).toBe(77);
    expect(stat!.policy).toBe(0);
  });

  it('ignores a malformed field it does not store', () => {
    // Field 11 (cminflt) is not stored, so it is not parsed either.
    const text = '9 (old) S 1 9 9 0 -1 0 0 x 0 0 1 2 0 0 20 0 1 0 77';
    expect(native.parseStat(text)!.starttime).toBe(77);
  });

  it('rejects an out-of-range field it stores', () => {
    // ppid is an int; 2^31 does not fit.
    const text = '9 (old) S 2147483648 9 9 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 77';
    expect(native.parseStat(text)).toBeNull();
  });

  it.each([
    ['no closing parenthesis', '1 (init S 0 0 0'],
    ['no fields after comm', '1 (init)'],
    ['a non-numeric field', '1 (init) S x 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5'],
    ['a two-letter state', '1 (init) SS 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5'],
    ['empty text', ''],
  ])('rejects %s', (_name, text) => {
    expect(native.parseStat(text)).toBeNull();
  });
});

describe('parseStatus', () => {
  it('reads a recorded init status', () => {
    const status = native.parseStatus(fixture('status-init.txt'));
    expect(status!.tgid).toBe(1);
    expect(status!.uid).toEqual([0, 0, 0, 0]);
    expect(status!.gid).toEqual([0, 0, 0, 0]);
    expect(status!.groups).toEqual([]);
    expect(status!.threads).toBe(18);
    expect(status!.capEff).toBe(0x1ffffffffffn);
    expect(status!.seccomp).toBe(0);
  });

  it('has no Vm lines for a kernel thread', () => {
    const status = native.parseStatus(fixture('status-kthreadd.txt'));
    expect(status!.vmSizeKib).toBeNull();
    expect(status!.vmRssKib).toBeNull();
  });

  it('reads ids, groups and NSpid', () => {
    const text = 'Name:\tsleep\nTgid:\t812\nUid:\t1000\t1001\t1002\t1003\nGid:\t20\t21\t22\t23\n' +
      'Groups:\t4 20 27 54321 \nNSpid:\t812\t1\nVmSize:\t    8000 kB\nVmRSS:\t     900 kB\nSeccomp:\t2\n';
    const status = native.parseStatus(text);
    expect(status!.uid).toEqual([1000, 1001, 1002, 1003]);
    expect(status!.gid).toEqual([20, 21, 22, 23]);
    expect(status!.groups).toEqual([4, 20, 27, 54321]);
    expect(status!.nspid).toEqual([812, 1]);
    expect(status!.vmSizeKib).toBe(8000);
    expect(status!.vmRssKib).toBe(900);
    expect(status!.seccomp).toBe(2);
    expect(status!.capAmb).toBeNull();
  });

  it('rejects a status without Uid', () => {
    expect(native.parseStatus('Name:\tx\nGid:\t0\t0\t0\t0\n')).toBeNull();
  });

  it('rejects a Uid line with three ids', () => {
    expect(native.parseStatus('Uid:\t0\t0\t0\nGid:\t0\t0\t0\t0\n')).toBeNull();
  });
});

describe('formatArgs', () => {
  const args = (cmdline: string | Buffer, comm = 'x', state = 'S') =>
    native.formatArgs(cmdline, comm, state).toString('latin1');

  it('joins argv with spaces and drops trailing NULs', () => {
    expect(args('sleep\u00001000\u0000')).toBe('sleep 1000');
  });

  it('keeps empty arguments as spaces', () => {
    expect(args('a\u0000\u0000b\u0000')).toBe('a  b');
  });

  it('brackets comm for an empty cmdline', () => {
    expect(args('', 'kthreadd')).toBe('[kthreadd]');
  });

  it('marks a zombie defunct', () => {
    expect(args('', 'python3', 'Z')).toBe('[python3] <defunct>');
  });

  it('turns tabs into ? and newlines into spaces', () => {
    expect(args('echo\u0000a\tb\nc\u0000')).toBe('echo a?b c');
  });

  it('keeps valid UTF-8', () => {
    const out = native.formatArgs(Buffer.from('h\u00e9llo \u2713\u0000', 'utf8'), 'x', 'S');
    expect(out.toString('utf8')).toBe('h\u00e9llo \u2713');
  });

  it('replaces each invalid UTF-8 byte', () => {
    const out = native.formatArgs(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0]), 'x', 'S');
    expect(out.toString('latin1')).toBe('a??b');
  });

  it('escapes the rest as C after invalid UTF-8', () => {
    // ps 4.0.2 prints a\tb\xffc\td\u2713e as "a?b?c.d???e".
    const input = Buffer.concat([
      Buffer.from('a\tb'), Buffer.from([0xff]), Buffer.from('c\td\u2713e\u0000', 'utf8'),
    ]);
    expect(native.formatArgs(input, 'x', 'S').toString('latin1')).toBe('a?b?c.d???e');
  });

  it('replaces a truncated sequence bytewise', () => {
    const out = native.formatArgs(Buffer.from([0x78, 0xe2, 0x9c, 0x00, 0x33, 0x30, 0x00]), 'x', 'S');
    expect(out.toString('latin1')).toBe('x?? 30');
  });

  it('replaces C1 control characters', () => {
    const out = native.formatArgs(Buffer.from([0x61, 0xc2, 0x85, 0x62, 0]), 'x', 'S');
    expect(out.toString('latin1')).toBe('a?b');
  });

  it('drops a trailing space when cmdline has no final NUL', () => {
    expect(args('nginx: worker ')).toBe('nginx: worker');
  });
});

describe('formatCapabilities', () => {
  it('prints none for an empty set', () => {
    expect(native.formatCapabilities(0n, 40)).toBe('none');
  });

  it('prints full when every known bit is set', () => {
    expect(native.formatCapabilities(0x1ffffffffffn, 40)).toBe('full');
  });

  it('follows the running kernel, not a fixed count', () => {
    expect(native.formatCapabilities(0xffffffffffn, 39)).toBe('full');
    expect(native.formatCapabilities(0xffffffffffn, 40)).not.toBe('full');
  });

  it('sorts names without CAP_', () => {
    const mask = (1n << 7n) | (1n << 0n) | (1n << 21n); // SETUID, CHOWN, SYS_ADMIN
    expect(native.formatCapabilities(mask, 40)).toBe('CHOWN,SETUID,SYS_ADMIN');
  });

  it('prints an unnamed bit as its number', () => {
    expect(native.formatCapabilities((1n << 41n) | 1n, 42)).toBe('CHOWN,41');
  });
});

describe('time formats', () => {
  it.each([
    [5, '00:05'],
    [876, '14:36'],
    [3723, '01:02:03'],
    [259207, '3-00:00:07'],
  ])('etime of %i s is %s', (seconds, expected) => {
    expect(native.formatElapsed(seconds)).toBe(expected);
  });

  it.each([
    [0, '00:00:00'],
    [13, '00:00:13'],
    [90061, '1-01:01:01'],
  ])('time of %i s is %s', (seconds, expected) => {
    expect(native.formatCpuTime(seconds)).toBe(expected);
  });

  it.each([
    [0n, '0s'],
    [45_000_000_001n, '45.000000001s'],
    [3_723_500_000_000n, '1h2m3.5s'],
    [120_250_000_000n, '2m0.25s'],
    [160_000_000_000n, '2m40s'],
    [250_000_000n, '250ms'],
    [1_500n, '1.5\u00b5s'],
    [850n, '850ns'],
  ])('Go duration of %s ns is %s', (ns, expected) => {
    expect(native.formatGoDuration(ns)).toBe(expected);
  });

  it('parses uptime to the tick', () => {
    expect(native.parseUptimeTicks('227.24 400.10\n', 100)).toBe(22724);
    expect(native.parseUptimeTicks('5.5 1.0\n', 100)).toBe(550);
    expect(native.parseUptimeTicks('garbage', 100)).toBeNull();
  });
});

describe('ttyName', () => {
  const drivers = fixture('tty-drivers.txt');

  it('prints ? for no terminal', () => {
    expect(native.ttyName(drivers, 0, '/dev')).toBe('?');
  });

  it('names the console through the drivers table', () => {
    // /dev/console is 5:1 on every Linux system.
    expect(native.ttyName(drivers, (5 << 8) | 1, '/dev')).toBe('console');
  });

  it('prints ? for a pts with no node in /dev', () => {
    const minor = 99999;
    const device = ((136 << 8) | (minor & 0xff) | ((minor & 0xfff00) << 12)) >>> 0;
    expect(native.ttyName(drivers, device, '/dev')).toBe('?');
  });
});
