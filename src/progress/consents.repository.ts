import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EmployerView, ViewKind } from './employer-view.entity';

/**
 * `consentHolds` in SQL, for a query over enrolments aliased `alias`: the enrolment's latest consent row
 * is a grant for the organisation that employs the trainee now. `c.granted` stands alone as the condition:
 * both databases read a boolean column (0 or 1 on SQLite) as true or false, so the rule needs no parameter.
 */
export function consentHoldsSql(alias: string): string {
  return (
    `EXISTS (SELECT 1 FROM employer_consents c WHERE c.enrolment_id = ${alias}.id AND c.organisation_id = ${alias}.employer_organisation_id ` +
    `AND c.granted AND c.id = (SELECT MAX(c2.id) FROM employer_consents c2 WHERE c2.enrolment_id = ${alias}.id))`
  );
}

/** One look in the student's log: who, for which organisation, when, page or export. */
export interface LookRow {
  kind: ViewKind;
  viewer: string;
  organisation: string;
  at: Date;
}

/** What the student reads of their consent: the log of every look an employer took at their progress. */
@Injectable()
export class ConsentsRepository {
  constructor(@InjectRepository(EmployerView) private readonly views: Repository<EmployerView>) {}

  private looksAt(enrolmentId: number) {
    return this.views
      .createQueryBuilder('v')
      .innerJoin('users', 'u', 'u.id = v.viewer_id')
      .innerJoin('organisations', 'o', 'o.id = v.organisation_id')
      .where('v.enrolmentId = :enrolmentId', { enrolmentId });
  }

  countLooks(enrolmentId: number): Promise<number> {
    return this.looksAt(enrolmentId).getCount();
  }

  /** The looks at one enrolment, newest first, `limit` of them after skipping `offset`. */
  async looks(enrolmentId: number, offset: number, limit: number): Promise<LookRow[]> {
    const found = await this.looksAt(enrolmentId)
      .addSelect('u.name', 'viewer')
      .addSelect('o.name', 'organisation')
      .orderBy('v.id', 'DESC')
      .offset(offset)
      .limit(limit)
      .getRawAndEntities();
    return found.entities.map((v, i) => ({ kind: v.kind, viewer: found.raw[i].viewer as string, organisation: found.raw[i].organisation as string, at: v.viewedAt }));
  }
}
