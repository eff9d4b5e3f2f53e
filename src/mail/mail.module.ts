import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailService } from './mail.service';
import { OutboxMessage } from './outbox-message.entity';

/** E-mail: the outbox every feature writes to. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [MailService],
  exports: [MailService],
})
export class MailModule {}
