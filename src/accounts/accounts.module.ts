import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { AuthModule } from '../auth/auth.module';
import { CalendarModule } from '../calendar/calendar.module';
import { CurriculaModule } from '../curricula/curricula.module';
import { MailModule } from '../mail/mail.module';
import { SecondFactorModule } from '../second-factor/second-factor.module';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { Invitation } from './invitation.entity';
import { InvitationsController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { PasswordChangeService } from './password-change.service';
import { PasswordReset } from './password-reset.entity';
import { PasswordResetsController } from './password-resets.controller';
import { PasswordResetsService } from './password-resets.service';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';

/**
 * A person's own account: the invitation that opens it (and the list on which those who sent them follow
 * them), a forgotten password, and the profile page with the person's sessions. E-mail goes through the outbox.
 */
@Module({
  imports: [UsersModule, AuthModule, AuditTrailModule, MailModule, CurriculaModule, CalendarModule, SecondFactorModule, TypeOrmModule.forFeature([Invitation, PasswordReset, User])],
  controllers: [InvitationsController, PasswordResetsController, ProfileController],
  providers: [InvitationsService, InvitationsRepository, PasswordChangeService, PasswordResetsService, ProfileService],
  exports: [InvitationsService],
})
export class AccountsModule {}
