/**
 * Decoding of the addon's packed results. The addon returns strings of
 * NUL-ended cells (and, for records, typed arrays of kinds and numbers)
 * rather than a JavaScript value per cell: building the values here costs
 * the event loop a fraction of a Node-API call for each.
 */

/** Cell kinds of a typed listing, as native/core/listing.h numbers them. */
const enum Kind {
  Null = 0,
  Number = 1,
  String = 2,
  Strings = 3,
  Numbers = 4,
}

/**
 * Reads the NUL-ended cells of `texts` in order. The addon cuts a long
 * text into strings of about 32 KiB, each ending at the end of a cell.
 */
export class Cells {
  private text: string;
  private index = 0;
  private start = 0;

  constructor(private readonly texts: readonly string[]) {
    this.text = texts.length > 0 ? texts[0] : '';
  }

  next(): string {
    if (this.start >= this.text.length) {
      this.index += 1;
      this.text = this.index < this.texts.length ? this.texts[this.index] : '';
      this.start = 0;
    }
    const end = this.text.indexOf('\0', this.start);
    const cell = this.text.slice(this.start, end);
    this.start = end + 1;
    return cell;
  }
}

/**
 * Splits rows packed as [rowCount, strings of cells each ended by NUL]
 * into arrays of `width` strings. Slicing row by row, without an array of every cell
 * first, took a third less time than split('\0').
 */
export function unpackRows(packed: unknown[], width: number): string[][] {
  if (packed.length === 0) return [];
  const [count, texts] = packed as [number, string[]];
  const cells = new Cells(texts);
  const rows = new Array<string[]>(count);
  for (let row = 0; row < count; row++) {
    const values = new Array<string>(width);
    for (let column = 0; column < width; column++) values[column] = cells.next();
    rows[row] = values;
  }
  return rows;
}

/**
 * Builds records packed as [rowCount, strings, kinds, numbers]. Each cell
 * has one kind. Numbers come in cell order, with a list's length before
 * its items, and strings too, each ended by NUL. `keys` names the cells
 * of a row.
 */
export function unpackRecords(packed: unknown[], keys: readonly string[]): Array<Record<string, unknown>> {
  const [count, texts, kinds, numbers] = packed as [number, string[], Uint8Array, Float64Array];
  const cells = new Cells(texts);
  const records = new Array<Record<string, unknown>>(count);
  let cell = 0;
  let number = 0;
  for (let row = 0; row < count; row++) {
    const record: Record<string, unknown> = {};
    for (const key of keys) {
      switch (kinds[cell++]) {
        case Kind.Number:
          record[key] = numbers[number++];
          break;
        case Kind.String:
          record[key] = cells.next();
          break;
        case Kind.Strings: {
          const list = new Array<string>(numbers[number++]);
          for (let i = 0; i < list.length; i++) list[i] = cells.next();
          record[key] = list;
          break;
        }
        case Kind.Numbers: {
          const length = numbers[number++];
          record[key] = Array.from(numbers.subarray(number, number + length));
          number += length;
          break;
        }
        default:
          record[key] = null;
      }
    }
    records[row] = record;
  }
  return records;
}
