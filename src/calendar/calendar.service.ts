import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { effectiveHours } from '../cohorts/teaching-hours';
import { addDays, today } from '../common/dates';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { CurriculaService } from '../curricula/curricula.service';
import type { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { dueDate } from '../assignments/milestones';
import { DEFAULT_LOCALE, isLocale } from '../i18n/i18n';
import { CalendarRepository, FeedDayRow, MilestoneOwnerRow } from './calendar.repository';
import { buildFeed, FeedDay, FeedMilestone } from './feed-events';
import { feedKey, feedMacMatches, feedToken, readFeedFile } from './feed-token';

/** How far back the feed reaches: a finished cohort's days leave the feed a year after they were held. */
const HISTORY_DAYS = 366;

/** The address of a person's feed, as a link and for calendar programs that subscribe to `webcal:` links. */
export interface FeedAddress {
  url: string;
  webcal: string;
}

/**
 * A person's private calendar feed: their teaching days and milestones, read by calendar programs at an
 * address whose token is the credential. An address that is not the person's current one, or the address of
 * a deactivated account, is not found, exactly like one that never existed.
 */
@Injectable()
export class CalendarService {
  private readonly key: Buffer;
  private readonly host: string;

  constructor(
    private readonly repository: CalendarRepository,
    private readonly curricula: CurriculaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = feedKey(config.sessionSecret);
    this.host = new URL(config.publicUrl).hostname;
  }

  /** The address of the person's feed at their current generation (from their account row). */
  address(userId: number, generation: number): FeedAddress {
    const url = `${this.config.publicUrl}/calendar/${feedToken(this.key, userId, generation)}.ics`;
    return { url, webcal: url.replace(/^https?:/, 'webcal:') };
  }

  /** A new address for the person; the one they had stops working at once. */
  renew(userId: number): Promise<void> {
    return this.repository.renew(userId);
  }

  /** The feed at the last part of its address (`<token>.ics`), as iCalendar text. */
  async feed(file: string): Promise<string> {
    const token = readFeedFile(file);
    const person = token && (await this.repository.person(token.userId));
    if (!token || !person?.active || !feedMacMatches(this.key, token.userId, person.generation, token.mac)) throw new NotFoundException();
    const [days, owners] = await Promise.all([
      this.repository.days(token.userId, person, addDays(today(), -HISTORY_DAYS)),
      this.repository.milestoneOwners(token.userId, person),
    ]);
    const programmes = await this.programmes([...days, ...owners].map((row) => row.curriculumVersionId));
    return buildFeed({
      locale: isLocale(person.locale) ? person.locale : DEFAULT_LOCALE,
      host: this.host,
      days: days.map((row) => feedDay(row, programmes.get(row.curriculumVersionId)!)),
      milestones: owners.flatMap((row) => feedMilestones(row, programmes.get(row.curriculumVersionId)!)),
    });
  }

  /** Each programme version once (the service keeps them once read). */
  private async programmes(ids: number[]): Promise<Map<number, CurriculumVersion>> {
    const unique = [...new Set(ids)];
    return new Map(await Promise.all(unique.map(async (id) => [id, await this.curricula.getVersion(id)] as const)));
  }
}

function feedDay(row: FeedDayRow, programme: CurriculumVersion): FeedDay {
  const hours = effectiveHours({ startTime: row.cohortStartTime, endTime: row.cohortEndTime, place: row.cohortPlace }, row);
  return {
    id: row.id,
    date: row.date,
    ...hours,
    cancelled: row.cancelled,
    cohortName: row.cohortName,
    programme: programme.content.title,
    // Both versions start at 1 and only go up, so their sum moves on with any change to the day or its cohort.
    sequence: row.version - 1 + (row.cohortVersion - 1),
  };
}

function feedMilestones(row: MilestoneOwnerRow, programme: CurriculumVersion): FeedMilestone[] {
  const { content } = programme;
  return (content.assignment?.milestones ?? []).map((milestone) => ({
    owner: row.kind === 'enrolment' ? { enrolmentId: row.ownerId } : { cohortId: row.ownerId },
    key: milestone.key,
    title: milestone.title,
    dueDate: dueDate(row.startDate, content.duration.unit, milestone.dueAfter),
    cohortName: row.cohortName,
    programme: content.title,
    sequence: row.cohortVersion - 1,
  }));
}
