import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organisation } from './organisation.entity';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsService } from './organisations.service';
import { SignInLink } from './sign-in-link.entity';
import { SignInLinks } from './sign-in-links';
import { User, UserRole } from './user.entity';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, UserRole, Organisation, SignInLink])],
  providers: [UsersService, UsersRepository, OrganisationsService, OrganisationsRepository, SignInLinks],
  exports: [UsersService, OrganisationsService, SignInLinks],
})
export class UsersModule {}
