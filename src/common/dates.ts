/** Calendar dates as YYYY-MM-DD strings, computed in UTC so no time zone shifts a day. */

const DAY = 86_400_000;

function toUtc(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return fromUtc(toUtc(value)) === value;
}

// One formatter per time zone: making an Intl.DateTimeFormat costs far more than using one, and pages ask often.
// Formatting still costs ~10 µs, so the answer is kept for the minute it was asked in: a zone's date only
// changes on a whole minute.
const dayFormats = new Map<string, { format: Intl.DateTimeFormat; minute: number; date: string }>();

/** Today's date where the programmes run (Norway), whatever the server's own zone. */
export function today(now = new Date(), timeZone = 'Europe/Oslo'): string {
  const minute = Math.floor(now.getTime() / 60_000);
  let zone = dayFormats.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    zone = { format, minute: NaN, date: '' };
    dayFormats.set(timeZone, zone);
  }
  if (zone.minute !== minute) {
    zone.date = zone.format.format(now);
    zone.minute = minute;
  }
  return zone.date;
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY);
}

/** Adds calendar months, keeping the day where it exists (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return fromUtc(target.getTime());
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY);
}

/** Whole calendar months from `from` to `to` (negative when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number);
  const [y2, m2, d2] = to.split('-').map(Number);
  let months = (y2 - y1) * 12 + (m2 - m1);
  if (months > 0 && d2 < d1 && addMonths(from, months) > to) months -= 1;
  if (months < 0 && d2 > d1 && addMonths(from, months) < to) months += 1;
  return months;
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: string): number {
  return (new Date(toUtc(date)).getUTCDay() + 6) % 7;
}
