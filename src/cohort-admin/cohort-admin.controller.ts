import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SessionUser } from '../common/session-user';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { FormView } from '../common/form-view';
import { Roles } from '../common/roles.guard';
import { CohortAdminService } from './cohort-admin.service';
import { CohortEditForm, CohortForm, EnrolForm, EnrolmentForm } from './dto/cohort-forms';
import { RowId } from '../common/row-id.decorator';

@Controller()
@Roles('coordinator', 'admin')
export class CohortAdminController {
  constructor(private readonly admin: CohortAdminService) {}

  @Get('cohorts')
  @Render('cohorts/list')
  list(@CurrentUser() user: SessionUser) {
    return this.admin.list(user);
  }

  @Get('cohorts/new')
  @Render('cohorts/new')
  newForm(@CurrentUser() user: SessionUser) {
    return this.admin.newForm(user);
  }

  @Post('cohorts')
  @FormView('cohorts/new', CohortAdminService, (admin, form) => admin.newForm(form.user, form.values(CohortForm), form.errors))
  async create(@CurrentUser() user: SessionUser, @Body() form: CohortForm, @Res() res: Response) {
    sendFormResult(res, 'cohorts/new', await this.admin.create(user, form));
  }

  @Get('cohorts/:id')
  @Render('cohorts/show')
  show(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.admin.show(user, id);
  }

  @Get('cohorts/:id/edit')
  @Render('cohorts/edit')
  editForm(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.admin.editForm(user, id);
  }

  @Post('cohorts/:id')
  @FormView('cohorts/edit', CohortAdminService, (admin, form) => admin.editForm(form.user, form.rowId('id'), form.values(CohortEditForm), form.errors))
  async update(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: CohortEditForm, @Res() res: Response) {
    sendFormResult(res, 'cohorts/edit', await this.admin.update(user, id, form));
  }

  @Get('cohorts/:id/enrolments/new')
  @Render('enrolments/new')
  enrolForm(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.admin.enrolForm(user, id);
  }

  @Post('cohorts/:id/enrolments')
  @FormView('enrolments/new', CohortAdminService, (admin, form) => admin.enrolForm(form.user, form.rowId('id'), form.values(EnrolForm), form.errors))
  async enrol(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: EnrolForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'enrolments/new', await this.admin.enrol(user, id, form, (flash) => (req.session.flash = flash)));
  }

  @Get('enrolments/:id/edit')
  @Render('enrolments/edit')
  enrolmentForm(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.admin.enrolmentForm(user, id);
  }

  @Post('enrolments/:id/edit')
  @FormView('enrolments/edit', CohortAdminService, (admin, form) => admin.enrolmentForm(form.user, form.rowId('id'), form.values(EnrolmentForm), form.errors))
  async updateEnrolment(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: EnrolmentForm, @Res() res: Response) {
    sendFormResult(res, 'enrolments/edit', await this.admin.updateEnrolment(user, id, form));
  }
}
