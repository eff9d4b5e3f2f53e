import { Module } from '@nestjs/common';
import { CurriculaModule } from '../curricula/curricula.module';
import { CalendarController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';

/** A private calendar feed per person; the profile page shows its address and renews it. */
@Module({
  imports: [CurriculaModule],
  controllers: [CalendarController],
  providers: [CalendarService, CalendarRepository],
  exports: [CalendarService],
})
export class CalendarModule {}
