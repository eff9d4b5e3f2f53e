import { DataSource, In } from 'typeorm';
import { Cohort } from '../cohorts/cohort.entity';
import { Enrolment } from '../cohorts/enrolment.entity';
import { CurriculumVersion } from '../curricula/curriculum-version.entity';
import { Organisation } from '../users/organisation.entity';
import { User } from '../users/user.entity';

/** A cohort as the archive names it: enough to recognise it, never its other students. */
export interface CohortName {
  id: number;
  name: string;
  startDate: string;
  programme: string | null;
}

/**
 * The names an archive shows beside ids: the people on a record (the supervisor who returned an entry), the
 * cohorts and organisations. Each is read once per archive, however many records name it.
 */
export class Lookups {
  private readonly people = new Map<number, string>();
  private readonly cohortNames = new Map<number, CohortName>();
  private readonly organisationNames = new Map<number, string>();
  private readonly enrolmentRows = new Map<number, Enrolment>();

  constructor(private readonly dataSource: DataSource) {}

  async loadPeople(ids: Iterable<number | null | undefined>): Promise<void> {
    const wanted = unique(ids).filter((id) => !this.people.has(id));
    if (!wanted.length) return;
    const rows = await this.dataSource.getRepository(User).find({ select: { id: true, name: true }, where: { id: In(wanted) } });
    for (const row of rows) this.people.set(row.id, row.name);
  }

  person(id: number | null | undefined): string | null {
    return id === null || id === undefined ? null : (this.people.get(id) ?? null);
  }

  async loadEnrolments(ids: Iterable<number | null | undefined>): Promise<void> {
    const wanted = unique(ids).filter((id) => !this.enrolmentRows.has(id));
    if (wanted.length) {
      const rows = await this.dataSource.getRepository(Enrolment).find({ where: { id: In(wanted) } });
      for (const row of rows) this.enrolmentRows.set(row.id, row);
    }
    const enrolments = [...this.enrolmentRows.values()];
    await this.loadCohorts(enrolments.map((e) => e.cohortId));
    await this.loadPeople(enrolments.map((e) => e.studentId));
  }

  /** Whose enrolment it is and in which cohort: how an act on someone else's record names what it was about. */
  enrolment(id: number | null | undefined): { enrolmentId: number; student: string | null; cohort: CohortName | null } | null {
    const row = id === null || id === undefined ? undefined : this.enrolmentRows.get(id);
    return row ? { enrolmentId: row.id, student: this.person(row.studentId), cohort: this.cohort(row.cohortId) } : null;
  }

  async loadCohorts(ids: Iterable<number | null | undefined>): Promise<void> {
    const wanted = unique(ids).filter((id) => !this.cohortNames.has(id));
    if (!wanted.length) return;
    const cohorts = await this.dataSource.getRepository(Cohort).find({ where: { id: In(wanted) } });
    const versions = await this.dataSource
      .getRepository(CurriculumVersion)
      .find({ select: { id: true, slug: true, version: true }, where: { id: In(unique(cohorts.map((c) => c.curriculumVersionId))) } });
    const programme = new Map(versions.map((v) => [v.id, `${v.slug}@${v.version}`]));
    for (const c of cohorts) this.cohortNames.set(c.id, { id: c.id, name: c.name, startDate: c.startDate, programme: programme.get(c.curriculumVersionId) ?? null });
  }

  cohort(id: number | null | undefined): CohortName | null {
    return id === null || id === undefined ? null : (this.cohortNames.get(id) ?? null);
  }

  async loadOrganisations(ids: Iterable<number | null | undefined>): Promise<void> {
    const wanted = unique(ids).filter((id) => !this.organisationNames.has(id));
    if (!wanted.length) return;
    const rows = await this.dataSource.getRepository(Organisation).find({ select: { id: true, name: true }, where: { id: In(wanted) } });
    for (const row of rows) this.organisationNames.set(row.id, row.name);
  }

  organisation(id: number | null | undefined): string | null {
    return id === null || id === undefined ? null : (this.organisationNames.get(id) ?? null);
  }
}

function unique(ids: Iterable<number | null | undefined>): number[] {
  return [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
}
