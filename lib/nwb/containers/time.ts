/** ISO-8601 datetimes as PyNWB writes them: local or given offset, microseconds, e.g. 2024-01-02T03:04:05.123456-08:00. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export type DateLike = Date | string;

export type NaiveWarning = (message: string) => void;

function pad(n: number, w = 2): string {
  return String(Math.trunc(Math.abs(n))).padStart(w, '0');
}

function offsetOf(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+';
  const m = Math.abs(minutesEast);
  return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** A Date as local time with its UTC offset and microseconds. */
export function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('invalid Date');
  const off = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}000${offsetOf(off)}`;
}

/**
 * Normalises a datetime for writing. Dates are written in local time with their offset. Strings must be ISO-8601;
 * one without an offset (naive) gets the local offset, with a warning, as PyNWB does.
 */
export function normalizeDateTime(v: DateLike, what: string, warn?: NaiveWarning): string {
  if (v instanceof Date) return formatDate(v);
  if (typeof v !== 'string') throw new TypeError(`${what} must be a Date or an ISO-8601 string`);
  const m = ISO.exec(v.trim());
  if (!m) throw new RangeError(`${what} '${v}' is not an ISO-8601 datetime`);
  if (m[8]) return v.trim();
  const local = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  warn?.(`${what} '${v}' has no timezone; assuming the local timezone (${offsetOf(-local.getTimezoneOffset())})`);
  const frac = m[7] ? m[7].padEnd(7, '0').slice(0, 7) : '.000000';
  const date = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${frac}`;
  return date + offsetOf(-local.getTimezoneOffset());
}

/** Parses an ISO-8601 string written by us or PyNWB into a Date (microseconds beyond milliseconds are dropped). */
export function parseDateTime(s: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new RangeError(`'${s}' is not an ISO-8601 datetime`);
  return d;
}
