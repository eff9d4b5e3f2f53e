import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { FormView } from '../common/form-view';
import { Roles } from '../common/roles.guard';
import { RowId } from '../common/row-id.decorator';
import type { SessionUser } from '../common/session-user';
import { CohortInvitationsService } from './cohort-invitations.service';
import { CohortInviteForm } from './dto/people-forms';

/** "Invite a supervisor" and "invite an employer contact" on a cohort's page. */
@Controller('cohorts/:id/invite')
@Roles('coordinator', 'admin')
export class CohortInvitationsController {
  constructor(private readonly invitations: CohortInvitationsService) {}

  @Get('supervisor')
  @Render('people/invite')
  supervisorForm(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.invitations.form(user, id, 'supervisor');
  }

  @Post('supervisor')
  @FormView('people/invite', CohortInvitationsService, (invitations, form) => invitations.form(form.user, form.rowId('id'), 'supervisor', form.values(CohortInviteForm), form.errors))
  async inviteSupervisor(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: CohortInviteForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'people/invite', await this.invitations.invite(user, id, 'supervisor', form, (flash) => (req.session.flash = flash)));
  }

  @Get('employer')
  @Render('people/invite')
  employerForm(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.invitations.form(user, id, 'employer');
  }

  @Post('employer')
  @FormView('people/invite', CohortInvitationsService, (invitations, form) => invitations.form(form.user, form.rowId('id'), 'employer', form.values(CohortInviteForm), form.errors))
  async inviteEmployer(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: CohortInviteForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'people/invite', await this.invitations.invite(user, id, 'employer', form, (flash) => (req.session.flash = flash)));
  }
}
