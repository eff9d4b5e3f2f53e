import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurriculaService } from '../curricula/curricula.service';
import { DueMilestone, NotificationSources } from '../notifications/sources';
import { AssignmentsRepository } from './assignments.repository';
import { canSubmit, dueDate } from './milestones';

/**
 * Tells the milestone reminders which milestones fall due, for which students, while they still have
 * something to hand in: nothing yet, or a revision asked for. A version waiting for the assessor, or one
 * approved, needs no reminder.
 */
@Injectable()
export class AssignmentDeadlines implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: NotificationSources,
    private readonly repository: AssignmentsRepository,
    private readonly curricula: CurriculaService,
  ) {}

  onModuleInit(): void {
    this.sources.addMilestones((from, to) => this.due(from, to));
  }

  /** The milestones due from `from` to `to` (YYYY-MM-DD, both included) that their students still have to hand in. */
  async due(from: string, to: string): Promise<DueMilestone[]> {
    const manager = this.dataSource.manager;
    const found: DueMilestone[] = [];
    for (const cohort of await this.repository.cohortStarts(manager)) {
      const { content } = await this.curricula.getVersion(cohort.versionId);
      for (const milestone of content.assignment?.milestones ?? []) {
        const due = dueDate(cohort.startDate, content.duration.unit, milestone.dueAfter);
        if (due < from || due > to) continue;
        for (const row of await this.repository.latestStates(manager, cohort.id, milestone.key)) {
          if (!canSubmit(row.state ?? 'not_submitted')) continue;
          found.push({ studentId: row.studentId, enrolmentId: row.enrolmentId, milestoneKey: milestone.key, milestone: milestone.title, dueDate: due });
        }
      }
    }
    return found;
  }
}
