// Parsing and display helpers shared by the differential tests against ps.

/** Shows a long value around the first character where it differs from the other. */
export function shorten(value: string, other: string): string {
  const MAX_SHOWN = 200;
  if (value.length <= MAX_SHOWN) {
    return JSON.stringify(value);
  }
  let first = 0;
  while (first < value.length && value[first] === other[first]) {
    first += 1;
  }
  const start = Math.max(0, first - 40);
  return `${JSON.stringify(value.slice(start, start + 120))} (characters ${start}-${start + 120} of ${value.length}, first difference at ${first})`;
}

/** Parses ps's etime format, [[DD-]hh:]mm:ss, into seconds. */
export function parseElapsed(text: string): number | undefined {
  const match = /^(?:(?:(\d+)-)?(\d{2}):)?(\d{2}):(\d{2})$/.exec(text);
  if (match === null) {
    return undefined;
  }
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86400 + Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** Parses ps's time format, [DD-]HH:MM:SS, into seconds. */
export function parseCpuTime(text: string): number | undefined {
  const match = /^(?:(\d+)-)?(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (match === null) {
    return undefined;
  }
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}
