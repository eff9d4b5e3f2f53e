import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../common/current-user.decorator';
import { Roles } from '../common/roles.guard';
import type { SessionUser } from '../common/session-user';
import { today } from '../common/dates';
import { AuditQuery, AuditTrailService } from './audit-trail.service';

/** The audit log for administrators: search by person, kind and period, and the same selection as CSV. */
@Controller()
@Roles('admin')
export class AuditTrailController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly audit: AuditService,
  ) {}

  @Get('audit')
  @Render('audit-trail/list')
  page(@Query() query: AuditQuery) {
    return this.trail.page(query);
  }

  /** Streamed, so a year of the log leaves memory flat; refused filters show the page with the reasons instead. */
  @Get('audit.csv')
  async csv(@CurrentUser() user: SessionUser, @Query() query: AuditQuery, @Res() res: Response) {
    const lines = await this.trail.csv(query, res.locals.locale);
    if (!lines) {
      res.status(400).render('audit-trail/list', await this.trail.page(query));
      return;
    }
    await this.audit.record({ kind: 'audit_exported', actorId: user.id, detail: { filters: Object.keys(query).filter((k) => k !== 'before').sort() } });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="brobygger-revisjonslogg-${today()}.csv"`);
    Readable.from(lines).pipe(res);
  }
}
