import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module';
import { CurriculaModule } from '../curricula/curricula.module';
import { PracticeModule } from '../practice/practice.module';
import { UsersModule } from '../users/users.module';
import { DemoService } from './demo.service';

@Module({ imports: [UsersModule, CohortsModule, CurriculaModule, PracticeModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
