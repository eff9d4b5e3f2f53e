import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AssignmentsService } from '../assignments/assignments.service';
import { AttendanceService } from '../attendance/attendance.service';
import type { EnrolmentAccess } from '../cohorts/access.service';
import { LearningService } from '../learning/learning.service';
import { practiceTotals } from '../practice/totals';
import { practiceStanding } from '../curricula/practice-requirement';

export interface ChecklistItem {
  key: 'modules' | 'practice' | 'categories' | 'attendance' | 'assignment';
  done: boolean;
  /** Values for the item's message: what is done and what is required. */
  params: Record<string, unknown>;
}

export interface Completion {
  complete: boolean;
  items: ChecklistItem[];
  quarterHoursApproved: number;
}

/**
 * The programme's completion rule for one enrolment: each part the curriculum asks for
 * (modules signed off, practice hours approved in all and each category's minimum, attendance
 * reached, assignment approved), with what is done and what is missing.
 */
@Injectable()
export class CompletionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly learning: LearningService,
    private readonly attendance: AttendanceService,
    private readonly assignments: AssignmentsService,
  ) {}

  async evaluate(found: EnrolmentAccess): Promise<Completion> {
    const content = found.programme.content;
    const rule = content.completion;
    const enrolmentId = found.enrolment.id;
    const items: ChecklistItem[] = [];
    const totals = await practiceTotals(this.dataSource.manager, enrolmentId, content);

    if (rule.modulesSignedOff) {
      const modules = (await this.learning.moduleStatus(found)).filter((m) => m.module.signOff);
      const signedOff = modules.filter((m) => m.state === 'signed_off').length;
      items.push({ key: 'modules', done: signedOff === modules.length, params: { done: signedOff, total: modules.length } });
    }
    if (rule.practiceHours) {
      const standing = practiceStanding(content, new Map(totals.categories.map((c) => [c.key, c.approved])));
      items.push({ key: 'practice', done: standing.approved >= standing.required, params: { done: standing.approved, total: standing.required, pending: totals.pending } });
      if (standing.minimums.total > 0) {
        items.push({ key: 'categories', done: standing.minimums.short.length === 0, params: { done: standing.minimums.met, total: standing.minimums.total, short: standing.minimums.short } });
      }
    }
    if (rule.attendance) {
      const rate = await this.attendance.rateForEnrolment(enrolmentId, content.attendance.threshold);
      items.push({ key: 'attendance', done: rate.meetsThreshold === true, params: { percent: rate.percent ?? 0, threshold: rate.threshold, recorded: rate.recorded } });
    }
    if (rule.assignment) {
      const status = await this.assignments.statusFor(enrolmentId, found.programme, found.cohort.startDate);
      const approved = status.milestones.filter((m) => m.state === 'approved').length;
      items.push({ key: 'assignment', done: status.approved, params: { done: approved, total: status.milestones.length } });
    }
    return { complete: items.every((i) => i.done), items, quarterHoursApproved: Math.round(totals.approved * 4) };
  }
}
