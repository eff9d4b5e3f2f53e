import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../jobs/jobs.module';
import { MailModule } from '../mail/mail.module';
import { Notification, NotificationDigest, NotificationPreference } from './notification.entity';
import { NotificationJobs } from './notification-jobs';
import { NotificationMailService } from './notification-mail.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { PreferencesService } from './preferences.service';
import { NotificationSources } from './sources';
import { UnsubscribeController } from './unsubscribe.controller';

/**
 * Notifications: recorded by the features whose acts cause them (practice, assignments), listed for each
 * person, mailed at once or in a daily digest as each person chooses, with a one-click unsubscribe.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Notification, NotificationPreference, NotificationDigest]), MailModule, JobsModule],
  controllers: [NotificationsController, UnsubscribeController],
  providers: [NotificationsService, PreferencesService, NotificationMailService, NotificationJobs, NotificationsRepository, NotificationSources],
  exports: [NotificationsService, NotificationSources],
})
export class NotificationsModule {}
