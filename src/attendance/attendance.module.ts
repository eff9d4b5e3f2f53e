import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../cohorts/access.module';
import { AttendanceChange, AttendanceRecord } from './attendance-record.entity';
import { AttendanceService } from './attendance.service';
import { TeachingDay } from './teaching-day.entity';

@Module({
  imports: [TypeOrmModule.forFeature([TeachingDay, AttendanceRecord, AttendanceChange]), AccessModule],
  providers: [AttendanceService],
  exports: [AttendanceService],
})
export class AttendanceModule {}
