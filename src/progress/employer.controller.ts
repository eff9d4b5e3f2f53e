import { Controller, Get, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { SessionUser } from '../common/session-user';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.guard';
import { EmployerService } from './employer.service';
import { CurrentVisit, Visit } from './kept-content';

@Controller()
export class EmployerController {
  constructor(private readonly employer: EmployerService) {}

  @Get('employer')
  @Roles('employer')
  @Render('progress/employer')
  page(@CurrentUser() user: SessionUser, @CurrentVisit() visit: Visit) {
    return this.employer.page(user, visit);
  }

  @Get('employer/export.csv')
  @Roles('employer')
  async csv(@CurrentUser() user: SessionUser, @Res() res: Response) {
    const { filename, body } = await this.employer.csv(user, res.locals.locale);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    // Personal data: no copy in a shared cache or the browser's.
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}
