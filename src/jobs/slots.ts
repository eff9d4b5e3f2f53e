import { today } from '../common/dates';

const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', hourCycle: 'h23' });

/** The hour of the day (0–23) in Norway at `now`, whatever the server's own zone, summer time included. */
export function osloHour(now: Date): number {
  return Number(hourFormat.format(now));
}

/**
 * A daily job's slot: the Norwegian date once the clock there has passed `hour`:00, else null (not due yet).
 * A process that was down at that hour still runs the day's slot when it comes back the same day.
 */
export function dailyAt(hour: number, now: Date): string | null {
  return osloHour(now) >= hour ? today(now) : null;
}

/** A slot for each `minutes`-long window since the epoch, e.g. '2026-12-03T14:35Z/5' for minutes = 5. */
export function everyMinutes(minutes: number, now: Date): string {
  const start = new Date(Math.floor(now.getTime() / (minutes * 60_000)) * minutes * 60_000);
  return `${start.toISOString().slice(0, 16)}Z/${minutes}`;
}
