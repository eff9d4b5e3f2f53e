import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar, ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { addDays } from '../common/dates';
import { localise, translate, type Locale, type LocalisedText } from '../i18n/i18n';

/** Where the programmes run: every time in the feed is wall-clock time here. */
export const TIME_ZONE = 'Europe/Oslo';

/** A teaching day as the feed shows it, with its times and place already resolved (the day's own, else the cohort's). */
export interface FeedDay {
  id: number;
  /** YYYY-MM-DD. */
  date: string;
  /** HH:MM, Oslo time. */
  startTime: string;
  endTime: string;
  place: string;
  cancelled: boolean;
  cohortName: string;
  programme: LocalisedText;
  /** Moves on with every change to the day or to its cohort (times, place, name). */
  sequence: number;
}

/** A milestone's due date: a student's own (per enrolment) or a cohort's (for its coordinators). */
export interface FeedMilestone {
  owner: { enrolmentId: number } | { cohortId: number };
  key: string;
  title: LocalisedText;
  /** YYYY-MM-DD. */
  dueDate: string;
  cohortName: string;
  programme: LocalisedText;
  /** Moves on when the cohort changes (its start date moves every due date). */
  sequence: number;
}

export interface FeedInput {
  locale: Locale;
  /** The host of the public address, which makes the event ids unique to this installation. */
  host: string;
  days: FeedDay[];
  milestones: FeedMilestone[];
}

/** An event's id, the same in every fetch of the feed, so that a calendar updates the event rather than adding another. */
export const teachingDayUid = (id: number, host: string) => `teaching-day-${id}@${host}`;
export const milestoneUid = (owner: FeedMilestone['owner'], key: string, host: string) =>
  'enrolmentId' in owner ? `milestone-enrolment-${owner.enrolmentId}-${key}@${host}` : `milestone-cohort-${owner.cohortId}-${key}@${host}`;

/**
 * The person's calendar (RFC 5545): teaching days as timed events in Europe/Oslo with the time zone's
 * definition included, a cancelled day kept as a cancelled event, and milestones as all-day events.
 */
export function buildFeed({ locale, host, days, milestones }: FeedInput): string {
  const t = (key: string, params?: Record<string, unknown>) => translate(locale, key, params);
  const text = (value: LocalisedText) => localise(value, locale).text;
  const calendar = new ICalCalendar({
    prodId: { company: 'Brobygger', product: 'Kalender', language: locale.toUpperCase() },
    name: t('calendar.feed.name'),
    description: t('calendar.feed.description'),
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
    // The definition of every zone the events name, and no zone of the calendar's own: with one, ical-generator
    // would write DTSTAMP in that zone's local time, where RFC 5545 asks for UTC.
    timezone: { name: null, generator: getVtimezoneComponent },
  });

  for (const day of days) {
    const teaching = t('calendar.feed.teaching', { programme: text(day.programme), cohort: day.cohortName });
    calendar.createEvent({
      id: teachingDayUid(day.id, host),
      sequence: day.sequence,
      // ical-generator writes a zoned time from the fields a Date reads in the server's own zone; a time without
      // an offset is read in that zone too, so the wall-clock time comes out as written, wherever the server runs.
      start: `${day.date}T${day.startTime}:00`,
      end: `${day.date}T${day.endTime}:00`,
      timezone: TIME_ZONE,
      summary: day.cancelled ? t('calendar.feed.cancelled', { summary: teaching }) : teaching,
      description: day.cancelled ? t('calendar.feed.cancelledDescription') : undefined,
      location: day.place || undefined,
      status: day.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: day.cancelled ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
    });
  }

  for (const milestone of milestones) {
    const params = { milestone: text(milestone.title), programme: text(milestone.programme), cohort: milestone.cohortName };
    calendar.createEvent({
      id: milestoneUid(milestone.owner, milestone.key, host),
      sequence: milestone.sequence,
      allDay: true,
      // All-day dates are written from a Date's UTC fields when no zone is named.
      start: new Date(`${milestone.dueDate}T00:00:00Z`),
      end: new Date(`${addDays(milestone.dueDate, 1)}T00:00:00Z`),
      summary: t('enrolmentId' in milestone.owner ? 'calendar.feed.milestone' : 'calendar.feed.cohortMilestone', params),
      // A due date marks the day; it does not make the person busy.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }

  return calendar.toString();
}
