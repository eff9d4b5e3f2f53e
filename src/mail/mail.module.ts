import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailSender } from './mail-sender';
import { MailService } from './mail.service';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRepository } from './outbox.repository';

/** E-mail: the outbox every feature writes to, and the sender that delivers it. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [MailService, MailSender, OutboxRepository],
  exports: [MailService],
})
export class MailModule {}
