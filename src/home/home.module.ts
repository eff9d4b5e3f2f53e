import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module';
import { AccessModule } from '../cohorts/access.module';
import { CohortsModule } from '../cohorts/cohorts.module';
import { CurriculaModule } from '../curricula/curricula.module';
import { UsersModule } from '../users/users.module';
import { HomeController } from './home.controller';
import { HomeNavCounts } from './home-nav-counts';
import { HomeService } from './home.service';
import { NeedsRepository } from './needs.repository';
import { NeedsService } from './needs.service';

/** The home page of each role, what needs the person first, and the same counts as badges in the navigation. */
@Module({
  imports: [CohortsModule, AccessModule, CurriculaModule, UsersModule, CertificatesModule],
  controllers: [HomeController],
  providers: [HomeService, NeedsService, NeedsRepository, HomeNavCounts],
})
export class HomeModule {}
