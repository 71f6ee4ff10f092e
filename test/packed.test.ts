import { unpackRecords, unpackRows } from '../lib/packed';

describe('packed results', () => {
  it('splits rows of NUL-ended cells, empty cells included', () => {
    expect(unpackRows([2, ['a\0\0b c\0', 'd\0']], 2)).toEqual([['a', ''], ['b c', 'd']]);
    expect(unpackRows([0, []], 3)).toEqual([]);
    expect(unpackRows([], 3)).toEqual([]);
  });

  it('builds records of every kind, lists with lengths before items', () => {
    const kinds = Uint8Array.from([1, 2, 3, 4, 0, 1, 2, 3, 4, 0]);
    const numbers = Float64Array.from([7, 2, 3, 10, 20, 30, 8, 0, 0]);
    const text = 'sleep\0a\0b\0\0';
    const keys = ['pid', 'comm', 'args', 'supgid', 'label'];
    expect(unpackRecords([2, [text], kinds, numbers], keys)).toEqual([
      { pid: 7, comm: 'sleep', args: ['a', 'b'], supgid: [10, 20, 30], label: null },
      { pid: 8, comm: '', args: [], supgid: [], label: null },
    ]);
  });
});
