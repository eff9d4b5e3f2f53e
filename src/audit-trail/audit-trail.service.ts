import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { AuditEvent } from '../audit/audit-event.entity';
import { AuditFilter, AuditService } from '../audit/audit.service';
import { AUDIT_KINDS, AuditKind, isAuditKind, SIGN_IN_KINDS } from '../audit/audit-kinds';
import { csvValue } from '../common/csv';
import { addDays, isIsoDate } from '../common/dates';
import { FieldErrors } from '../common/form-result';
import type { Locale } from '../i18n/i18n';
import { translate } from '../i18n/i18n';
import { User } from '../users/user.entity';
import { osloStartOfDay } from './oslo-day';

export const AUDIT_PAGE_SIZE = 50;
/** Events read, named and written out together in the CSV export. */
const CSV_BATCH = 500;
/** People a name or address search may match; more means the search should be narrower. */
const MAX_PEOPLE_MATCHED = 200;

export interface AuditQuery {
  person?: unknown;
  kind?: unknown;
  from?: unknown;
  to?: unknown;
  before?: unknown;
}

interface ParsedQuery {
  values: { person: string; kind: string; from: string; to: string };
  filter: AuditFilter;
  errors: FieldErrors;
  /** A person was searched for and nobody matched: no events can match either. */
  nobody: boolean;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The administrators' view of the audit log, and each person's own sign-in history. */
@Injectable()
export class AuditTrailService {
  constructor(
    private readonly audit: AuditService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  /** One page of the log, newest first, with the filters as typed and any refused beside their field. */
  async page(query: AuditQuery) {
    const parsed = await this.parse(query);
    const before = Number(text(query.before)) || undefined;
    const rows = parsed.errors.any || parsed.nobody ? [] : await this.audit.search(parsed.filter, AUDIT_PAGE_SIZE + 1, before);
    const shown = rows.slice(0, AUDIT_PAGE_SIZE);
    const names = await this.namesFor(shown);
    const params = new URLSearchParams(Object.entries(parsed.values).filter(([, v]) => v));
    const nextHref = rows.length > AUDIT_PAGE_SIZE ? `/audit?${new URLSearchParams([...params, ['before', String(shown[shown.length - 1].id)]])}` : undefined;
    return {
      title: 'audit.title',
      values: parsed.values,
      errors: parsed.errors.any ? parsed.errors.errors : undefined,
      kindOptions: AUDIT_KINDS.map((k) => ({ value: k, labelKey: `audit.kind.${k}`, selected: k === parsed.values.kind })),
      events: shown.map((e) => this.view(e, names)),
      searched: Object.values(parsed.values).some(Boolean),
      csvHref: `/audit.csv${params.size ? `?${params}` : ''}`,
      firstHref: before ? `/audit${params.size ? `?${params}` : ''}` : undefined,
      nextHref,
    };
  }

  /** The matching events as CSV lines, oldest first, a batch at a time; null when the filters are refused. */
  async csv(query: AuditQuery, locale: Locale): Promise<AsyncGenerator<string> | null> {
    const parsed = await this.parse(query);
    if (parsed.errors.any) return null;
    return this.csvLines(parsed, locale);
  }

  private async *csvLines(parsed: ParsedQuery, locale: Locale): AsyncGenerator<string> {
    const header = ['time', 'kind', 'actorId', 'actor', 'subjectId', 'subject', 'object', 'address', 'detail'].map((k) => translate(locale, `audit.csv.${k}`));
    yield '\uFEFF' + header.map(csvValue).join(';') + '\r\n';
    if (parsed.nobody) return;
    let batch: AuditEvent[] = [];
    for await (const event of this.audit.each(parsed.filter)) {
      batch.push(event);
      if (batch.length < CSV_BATCH) continue;
      yield await this.csvRows(batch, locale);
      batch = [];
    }
    if (batch.length) yield await this.csvRows(batch, locale);
  }

  /** A batch of events as CSV lines, the names of the people in them read in one statement. */
  private async csvRows(events: AuditEvent[], locale: Locale): Promise<string> {
    const names = await this.namesFor(events);
    return events
      .map((e) => {
        const row = this.view(e, names);
        const values = [new Date(e.at).toISOString(), translate(locale, `audit.kind.${e.kind}`), e.actorId, row.actor, e.subjectId, row.subject, row.object, e.address, row.detail];
        return values.map(csvValue).join(';') + '\r\n';
      })
      .join('');
  }

  /** The person's own sign-ins, failed attempts and sign-outs, newest first. */
  async signInHistory(userId: number, limit = 20) {
    const events = await this.audit.history(userId, SIGN_IN_KINDS, limit);
    return events.map((e) => ({ at: new Date(e.at), kindKey: `audit.kind.${e.kind}`, address: e.address, failed: e.kind !== 'sign_in' && e.kind !== 'sign_out' }));
  }

  private async parse(query: AuditQuery): Promise<ParsedQuery> {
    const values = { person: text(query.person), kind: text(query.kind), from: text(query.from), to: text(query.to) };
    const errors = new FieldErrors();
    const filter: AuditFilter = {};
    if (values.kind) {
      if (isAuditKind(values.kind)) filter.kinds = [values.kind as AuditKind];
      else errors.add('kind', 'audit.error.kind');
    }
    if (values.from && !isIsoDate(values.from)) errors.add('from', 'audit.error.date');
    else if (values.from) filter.from = osloStartOfDay(values.from);
    if (values.to && !isIsoDate(values.to)) errors.add('to', 'audit.error.date');
    else if (values.to) filter.to = osloStartOfDay(addDays(values.to, 1));
    if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) errors.add('to', 'audit.error.toBeforeFrom');
    let nobody = false;
    if (values.person) {
      if (values.person.length > 254) errors.add('person', 'audit.error.personTooLong');
      else {
        filter.personIds = await this.peopleMatching(values.person);
        nobody = filter.personIds.length === 0;
      }
    }
    return { values, filter, errors, nobody };
  }

  /** People whose name or e-mail contains the text, or whose id it is (the log keeps ids of erased people too). */
  private async peopleMatching(search: string): Promise<number[]> {
    if (/^#?\d+$/.test(search)) return [Number(search.replace('#', ''))];
    const like = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.users
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where("(LOWER(u.name) LIKE :like ESCAPE '\\' OR u.email LIKE :like ESCAPE '\\')", { like })
      .limit(MAX_PEOPLE_MATCHED)
      .getRawMany<{ id: number }>();
    return rows.map((r) => Number(r.id));
  }

  private async namesFor(events: AuditEvent[]): Promise<Map<number, string>> {
    const ids = [...new Set(events.flatMap((e) => [e.actorId, e.subjectId]).filter((id): id is number => id !== null))];
    if (!ids.length) return new Map();
    const people = await this.users.find({ where: { id: In(ids) }, select: { id: true, name: true } });
    return new Map(people.map((p) => [p.id, p.name]));
  }

  private view(e: AuditEvent, names: Map<number, string>) {
    const person = (id: number | null) => (id === null ? null : `${names.get(id) ?? ''} #${id}`.trim());
    return {
      id: e.id,
      at: new Date(e.at),
      kindKey: `audit.kind.${e.kind}`,
      actor: person(e.actorId),
      actorId: e.actorId,
      subject: person(e.subjectId),
      subjectId: e.subjectId,
      object: e.objectType ? `${e.objectType} ${e.objectId ?? ''}`.trim() : null,
      address: e.address,
      detail: e.detail ? Object.entries(e.detail).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('; ') : null,
    };
  }
}
