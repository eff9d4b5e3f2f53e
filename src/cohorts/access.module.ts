import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CurriculaModule } from '../curricula/curricula.module';
import { AccessRepository } from './access.repository';
import { AccessService } from './access.service';
import { Cohort } from './cohort.entity';
import { Enrolment } from './enrolment.entity';

/** Who may see which cohort and enrolment; shared by every feature that shows one. */
@Module({
  imports: [TypeOrmModule.forFeature([Cohort, Enrolment]), CurriculaModule],
  providers: [AccessService, AccessRepository],
  exports: [AccessService],
})
export class AccessModule {}
