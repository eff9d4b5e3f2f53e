// Attendance counts its own records and progress counts them in bulk; both apply this one rule, so it sits in the core below them.

/** A student's attendance: teaching days attended (present or excused) of the days recorded for them. */
export interface AttendanceRate {
  present: number;
  excused: number;
  absent: number;
  recorded: number;
  /** Whole percent, or null before anything is recorded. */
  percent: number | null;
  threshold: number;
  /** Null before anything is recorded. */
  meetsThreshold: boolean | null;
}

/** The rule: attended = present + excused, out of every recorded day; rounded down so 79.9 % never shows as 80 %. */
export function attendanceRate(counts: Record<string, number>, threshold: number): AttendanceRate {
  const present = counts.present ?? 0;
  const excused = counts.excused ?? 0;
  const absent = counts.absent ?? 0;
  const recorded = present + excused + absent;
  if (recorded === 0) return { present, excused, absent, recorded, percent: null, threshold, meetsThreshold: null };
  const exact = ((present + excused) / recorded) * 100;
  return { present, excused, absent, recorded, percent: Math.floor(exact), threshold, meetsThreshold: exact >= threshold };
}
