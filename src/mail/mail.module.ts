import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../jobs/jobs.module';
import { MailJobs } from './mail-jobs';
import { MailOutboxController } from './mail-outbox.controller';
import { MailOutboxService } from './mail-outbox.service';
import { MailSender } from './mail-sender';
import { MailService } from './mail.service';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRepository } from './outbox.repository';

/** E-mail: the outbox every feature writes to, the sender that delivers it, and its page for administrators. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage]), JobsModule],
  controllers: [MailOutboxController],
  providers: [MailService, MailSender, OutboxRepository, MailOutboxService, MailJobs],
  exports: [MailService],
})
export class MailModule {}
