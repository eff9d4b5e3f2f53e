import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../cohorts/access.module';
import { Enrolment } from '../cohorts/enrolment.entity';
import { User } from '../users/user.entity';
import { AttendanceRegisterService } from './attendance-register.service';
import { AttendanceChange, AttendanceRecord } from './attendance-record.entity';
import { AttendanceController } from './attendance.controller';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';
import { SkippedTeachingDay } from './skipped-teaching-day.entity';
import { TeachingDay } from './teaching-day.entity';
import { TeachingDaysService } from './teaching-days.service';

@Module({
  imports: [TypeOrmModule.forFeature([TeachingDay, SkippedTeachingDay, AttendanceRecord, AttendanceChange, Enrolment, User]), AccessModule],
  controllers: [AttendanceController],
  providers: [AttendanceService, TeachingDaysService, AttendanceRegisterService, AttendanceRepository],
  exports: [AttendanceService],
})
export class AttendanceModule {}
