import type { CurriculumVersion } from './curriculum-version.entity';

/** What a programme page shows, worked out from the stored curriculum: totals and labels the template cannot compute. */
export function programmeView(version: CurriculumVersion) {
  const c = version.content;
  const lessons = c.modules.flatMap((m) => m.lessons);
  const weeks = c.duration.unit === 'weeks';
  return {
    id: version.id,
    slug: version.slug,
    version: version.version,
    content: c,
    isWeeks: weeks,
    lessonCount: lessons.length,
    lessonMinutes: lessons.reduce((sum, l) => sum + l.minutes, 0),
    signOffCount: c.modules.filter((m) => m.signOff).length,
    teachingWeekdays: c.schedule.weekdays.map((day) => `weekday.${day}`),
    modules: c.modules.map((m) => ({ ...m, samePeriod: m.period.from === m.period.to })),
    assumed: Object.fromEntries(c.assumptions.map((a) => [a.field, true])),
  };
}
