import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { currentActorId, currentClientAddress } from '../common/request-context';
import type { SessionUser } from '../common/session-user';
import { AuditDetail, AuditEvent } from './audit-event.entity';
import type { AuditKind } from './audit-kinds';

export interface AuditInput {
  kind: AuditKind;
  /** Defaults to the person signed in on the request being answered, if any; null says the system acted. */
  actorId?: number | null;
  subjectId?: number | null;
  object?: { type: string; id: string | number } | null;
  /** Defaults to the address of the request being answered, if any. */
  address?: string | null;
  detail?: AuditDetail | null;
  /** Defaults to now; the retention job and tests pass their own clock. */
  at?: number;
}

/** Who acted and from where, read from a request: the signed-in person (if any) and the client's address. */
export function actorOf(req: Request): { actorId: number | null; address: string | null } {
  const user = req.user as SessionUser | undefined;
  return { actorId: user?.id ?? null, address: req.ip ?? null };
}

export interface AuditFilter {
  /** Events where one of these people acted or was acted on. */
  personIds?: number[];
  kinds?: AuditKind[];
  /** Inclusive, milliseconds since the epoch. */
  from?: number;
  /** Exclusive. */
  to?: number;
}

/**
 * The audit log: every act worth answering for is appended here, in the transaction of the act when it has
 * one, so an act and its record stand or fall together.
 */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  async record(input: AuditInput, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    await repository.insert({
      at: input.at ?? Date.now(),
      kind: input.kind,
      actorId: input.actorId !== undefined ? input.actorId : currentActorId(),
      subjectId: input.subjectId ?? null,
      objectType: input.object?.type ?? null,
      objectId: input.object ? String(input.object.id) : null,
      address: input.address !== undefined ? input.address : currentClientAddress(),
      detail: input.detail ?? null,
    });
  }

  /** A person's own events of the given kinds, newest first. */
  history(personId: number, kinds: readonly AuditKind[], limit: number): Promise<AuditEvent[]> {
    return this.search({ personIds: [personId], kinds: [...kinds] }, limit);
  }

  /** One page of the log, newest first; `before` is the id the previous page ended at. */
  async search(filter: AuditFilter, limit: number, before?: number): Promise<AuditEvent[]> {
    const query = this.filtered(filter).orderBy('e.id', 'DESC').limit(limit);
    if (before) query.andWhere('e.id < :before', { before });
    return query.getMany();
  }

  /** Every matching event, oldest first, a batch at a time, so an export of the whole log keeps memory flat. */
  async *each(filter: AuditFilter, batch = 500): AsyncGenerator<AuditEvent> {
    let after = 0;
    for (;;) {
      const rows = await this.filtered(filter).andWhere('e.id > :after', { after }).orderBy('e.id', 'ASC').limit(batch).getMany();
      yield* rows;
      if (rows.length < batch) return;
      after = rows[rows.length - 1].id;
    }
  }

  /** Removes events older than `before`: the one way rows leave the log. Answers how many went. */
  async prune(before: number): Promise<number> {
    const result = await this.events.createQueryBuilder().delete().from(AuditEvent).where('at < :before', { before }).execute();
    return result.affected ?? 0;
  }

  private filtered(filter: AuditFilter): SelectQueryBuilder<AuditEvent> {
    const query = this.events.createQueryBuilder('e').where('1 = 1');
    if (filter.personIds) query.andWhere('(e.subject_id IN (:...personIds) OR e.actor_id IN (:...personIds))', { personIds: filter.personIds.length ? filter.personIds : [-1] });
    if (filter.kinds?.length) query.andWhere('e.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.from !== undefined) query.andWhere('e.at >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('e.at < :to', { to: filter.to });
    return query;
  }
}
