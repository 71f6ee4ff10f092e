/**
 * Aligns rows into columns with at least three spaces between them, as
 * psgo's sample tool prints them (Go's tabwriter with padding 3 and a
 * minimum cell width of 5). The last column is not padded.
 */
export function formatTable(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayLength(cell));
    });
  }
  const lines = rows.map((row) =>
    row
      .map((cell, i) => {
        if (i === row.length - 1) return cell;
        const width = Math.max(widths[i] + 3, 5);
        return cell + ' '.repeat(width - displayLength(cell));
      })
      .join(''),
  );
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Counts code points, as tabwriter counts runes. */
function displayLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
