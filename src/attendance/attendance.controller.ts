import { Body, Controller, Get, Param, Post, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { SessionUser } from '../common/session-user';
import { CurrentUser } from '../common/current-user.decorator';
import { AttendanceRegisterService } from './attendance-register.service';
import { DayForm } from './dto/day-form.dto';
import { DayHoursForm } from './dto/day-hours-form.dto';
import { FormView } from '../common/form-view';
import { sendFormResult } from '../common/form-result';
import { toId } from './outcome';
import { TeachingDaysService } from './teaching-days.service';

/**
 * The coordinator's side of attendance: a cohort's teaching days, the register for one
 * day, and attendance per student. Only the cohort's coordinators and administrators
 * reach these pages; for everyone else the cohort does not exist (the services ask
 * AccessService for every id).
 */
@Controller('cohorts/:id')
export class AttendanceController {
  constructor(
    private readonly days: TeachingDaysService,
    private readonly register: AttendanceRegisterService,
  ) {}

  @Get('days')
  @Render('attendance/days')
  list(@CurrentUser() user: SessionUser, @Param('id') id: string, @Query('done') done?: string) {
    return this.days.page(user, toId(id), done);
  }

  @Post('days')
  async add(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() form: DayForm, @Res() res: Response) {
    sendFormResult(res, 'attendance/days', await this.days.add(user, toId(id), form));
  }

  @Post('days/:dayId/move')
  async move(@CurrentUser() user: SessionUser, @Param('id') id: string, @Param('dayId') dayId: string, @Body() form: DayForm, @Res() res: Response) {
    sendFormResult(res, 'attendance/days', await this.days.move(user, toId(id), toId(dayId), form));
  }

  @Post('days/:dayId/cancel')
  async cancel(@CurrentUser() user: SessionUser, @Param('id') id: string, @Param('dayId') dayId: string, @Body() form: DayForm, @Res() res: Response) {
    sendFormResult(res, 'attendance/days', await this.days.setCancelled(user, toId(id), toId(dayId), true, form));
  }

  @Post('days/:dayId/restore')
  async restore(@CurrentUser() user: SessionUser, @Param('id') id: string, @Param('dayId') dayId: string, @Body() form: DayForm, @Res() res: Response) {
    sendFormResult(res, 'attendance/days', await this.days.setCancelled(user, toId(id), toId(dayId), false, form));
  }

  @Get('days/:dayId/hours')
  @Render('attendance/day-hours')
  hours(@CurrentUser() user: SessionUser, @Param('id') id: string, @Param('dayId') dayId: string) {
    return this.days.hoursPage(user, toId(id), toId(dayId));
  }

  @Post('days/:dayId/hours')
  @FormView('attendance/day-hours', TeachingDaysService, (days, form) => days.hoursPage(form.user, form.rowId('id'), form.rowId('dayId'), form.values(DayHoursForm), form.errors))
  async setHours(@CurrentUser() user: SessionUser, @Param('id') id: string, @Param('dayId') dayId: string, @Body() form: DayHoursForm, @Res() res: Response) {
    sendFormResult(res, 'attendance/day-hours', await this.days.setHours(user, toId(id), toId(dayId), form));
  }

  @Get('days/:dayId')
  @Render('attendance/register')
  day(@CurrentUser() user: SessionUser, @Param('id') id: string, @Param('dayId') dayId: string, @Query('saved') saved?: string) {
    return this.register.dayPage(user, toId(id), toId(dayId), saved);
  }

  /**
   * One field per student (`status_<enrolmentId>`), so the names are not known in advance:
   * the body is taken as a plain record (which the ValidationPipe leaves alone) and the
   * service checks every name against the cohort's enrolments and every value against the statuses.
   */
  @Post('days/:dayId')
  async save(@CurrentUser() user: SessionUser, @Param('id') id: string, @Param('dayId') dayId: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    sendFormResult(res, 'attendance/register', await this.register.save(user, toId(id), toId(dayId), body));
  }

  @Get('attendance')
  @Render('attendance/rates')
  rates(@CurrentUser() user: SessionUser, @Param('id') id: string) {
    return this.register.cohortRates(user, toId(id));
  }
}
