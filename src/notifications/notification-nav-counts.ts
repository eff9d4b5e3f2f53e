import { Injectable, OnModuleInit } from '@nestjs/common';
import { NavCounts, NavCountSource } from '../common/nav-counts';
import type { NavCount } from '../common/page-context';
import type { SessionUser } from '../common/session-user';
import { NotificationsRepository } from './notifications.repository';
import { KEEP_DAYS } from './notifications.service';

/** The number of unread notifications beside the navigation's link to them, on every page. */
@Injectable()
export class NotificationNavCounts implements NavCountSource, OnModuleInit {
  constructor(
    private readonly registry: NavCounts,
    private readonly repository: NotificationsRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async navCounts(user: SessionUser): Promise<NavCount[]> {
    const count = await this.repository.countUnread(user.id, Date.now() - KEEP_DAYS * 86_400_000);
    return [{ href: '/notifications', count, label: 'notifications.badge.unread' }];
  }
}
