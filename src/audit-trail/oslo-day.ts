/** Milliseconds at 00:00 Norwegian time on an ISO date, summer time included, whatever the server's own zone. */
export function osloStartOfDay(date: string): number {
  const noonUtc = Date.parse(`${date}T12:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', hourCycle: 'h23' }).format(new Date(noonUtc));
  const offsetHours = Number(parts) - 12;
  return Date.parse(`${date}T00:00:00Z`) - offsetHours * 3_600_000;
}
