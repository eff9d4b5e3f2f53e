import { Injectable, OnModuleInit } from '@nestjs/common';
import { addDays, today } from '../common/dates';
import { NavCounts, NavCountSource } from '../common/nav-counts';
import type { NavCount } from '../common/page-context';
import type { SessionUser } from '../common/session-user';
import { CONSENT_ENDED_DAYS, plural } from './needs';
import { NeedsRepository } from './needs.repository';

/**
 * The home page's counts as badges on each role's own link: returned entries on the student's programme, entries
 * waiting on the supervisor's queue, what waits in the coordinator's cohorts (hand-ins, students without a supervisor
 * or employer, today's roll calls) and the employer's ended consents. One statement per role; what needs the
 * programme's rules to judge (pace, completion) is on the home page only.
 */
@Injectable()
export class HomeNavCounts implements NavCountSource, OnModuleInit {
  constructor(
    private readonly registry: NavCounts,
    private readonly needs: NeedsRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async navCounts(user: SessionUser): Promise<NavCount[]> {
    const has = (role: string) => user.roles.includes(role as never);
    const counts: Promise<NavCount>[] = [];
    if (has('student')) counts.push(this.needs.countReturned(user.id).then((count) => ({ href: '/enrolments', count, label: 'home.badge.returned' })));
    if (has('supervisor')) counts.push(this.needs.waiting(user.id).then(({ count }) => ({ href: '/supervision/queue', count, label: 'home.badge.waiting' })));
    if (has('coordinator') || has('admin')) {
      const scope = has('admin') ? 'admin' : 'coordinator';
      counts.push(
        this.needs.countForCoordinator(scope, user.id, today()).then((c) => ({ href: '/cohorts', count: c.handIns + c.unassigned + c.rollCalls, label: 'home.badge.cohorts' })),
      );
    }
    if (has('employer') && user.organisationId !== null) {
      const since = addDays(today(), -CONSENT_ENDED_DAYS);
      counts.push(this.needs.countEndedConsents(user.organisationId, since).then((count) => ({ href: '/employer', count, label: plural('home.badge.consentsEnded', count) })));
    }
    return Promise.all(counts);
  }
}
