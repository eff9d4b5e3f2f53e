import { Injectable } from '@nestjs/common';
import type { LocalisedText } from '../i18n/i18n';
import type { SupervisorWaiting } from './digest';

/**
 * What the digest and the reminders read from other features, told by those features: the practice log
 * what waits in each supervisor's queue, the learning feature the modules waiting for sign-off, the project
 * assignment which milestones fall due. The features register at start-up (in `onModuleInit`), as they
 * already depend on this one to record notifications; this one then needs to know none of them.
 */

/** Per supervisor, the part of what waits for them that one feature knows. */
export type WaitingSource = () => Promise<Map<number, Partial<SupervisorWaiting>>>;

/** A milestone a student still has to hand in (nothing handed in yet, or a revision asked for). */
export interface DueMilestone {
  studentId: number;
  enrolmentId: number;
  milestoneKey: string;
  milestone: LocalisedText;
  /** YYYY-MM-DD. */
  dueDate: string;
}

/** The milestones due from `from` to `to` (YYYY-MM-DD, both included) that their students still have to hand in. */
export type MilestoneSource = (from: string, to: string) => Promise<DueMilestone[]>;

@Injectable()
export class NotificationSources {
  private readonly waitingSources: WaitingSource[] = [];
  private readonly milestoneSources: MilestoneSource[] = [];

  addWaiting(source: WaitingSource): void {
    this.waitingSources.push(source);
  }

  addMilestones(source: MilestoneSource): void {
    this.milestoneSources.push(source);
  }

  /** What waits for each supervisor now, every feature's part added up. */
  async waiting(): Promise<Map<number, SupervisorWaiting>> {
    const all = new Map<number, SupervisorWaiting>();
    for (const source of this.waitingSources) {
      for (const [userId, part] of await source()) {
        const sum = all.get(userId) ?? { entries: 0, oldestSubmittedAt: null, modules: 0 };
        sum.entries += part.entries ?? 0;
        sum.modules += part.modules ?? 0;
        const oldest = part.oldestSubmittedAt ?? null;
        if (oldest !== null && (sum.oldestSubmittedAt === null || oldest < sum.oldestSubmittedAt)) sum.oldestSubmittedAt = oldest;
        all.set(userId, sum);
      }
    }
    return all;
  }

  async dueMilestones(from: string, to: string): Promise<DueMilestone[]> {
    const all: DueMilestone[] = [];
    for (const source of this.milestoneSources) all.push(...(await source(from, to)));
    return all;
  }
}
