import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organisation } from './organisation.entity';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsService } from './organisations.service';
import { User, UserRole } from './user.entity';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, UserRole, Organisation])],
  providers: [UsersService, UsersRepository, OrganisationsService, OrganisationsRepository],
  exports: [UsersService, OrganisationsService],
})
export class UsersModule {}
