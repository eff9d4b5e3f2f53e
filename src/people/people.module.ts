import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AccessModule } from '../cohorts/access.module';
import { UsersModule } from '../users/users.module';
import { CohortInvitationsController } from './cohort-invitations.controller';
import { CohortInvitationsService } from './cohort-invitations.service';
import { OrganisationsAdminService } from './organisations-admin.service';
import { OrganisationsController } from './organisations.controller';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';

/** Administrators manage people and organisations; coordinators invite supervisors and employer contacts into their cohorts. */
@Module({
  imports: [UsersModule, AccountsModule, AccessModule],
  controllers: [PeopleController, OrganisationsController, CohortInvitationsController],
  providers: [PeopleService, OrganisationsAdminService, CohortInvitationsService],
  exports: [PeopleService],
})
export class PeopleModule {}
