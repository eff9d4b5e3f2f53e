import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { SessionUser } from '../common/session-user';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.guard';
import { CohortProgressService } from './cohort-progress.service';
import { RowId } from '../common/row-id.decorator';
import { CurrentVisit, Visit } from './kept-content';

@Controller()
export class CohortProgressController {
  constructor(private readonly progress: CohortProgressService) {}

  @Get('cohorts/:id/progress')
  @Roles('coordinator', 'admin')
  @Render('progress/cohort-progress')
  page(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Query() query: Record<string, unknown>, @CurrentVisit() visit: Visit) {
    return this.progress.page(user, id, query, visit);
  }

  @Get('cohorts/:id/progress.csv')
  @Roles('coordinator', 'admin')
  async csv(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const { filename, body } = await this.progress.csv(user, id, query, res.locals.locale);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.send(body);
  }

  @Get('enrolments/:id/progress-chart')
  @Render('progress/cohort-student-chart')
  studentChart(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Res({ passthrough: true }) res: Response) {
    return this.progress.studentChart(user, id, res.locals.locale);
  }
}
