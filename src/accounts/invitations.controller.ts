import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import { Public } from '../common/public.decorator';
import { Roles } from '../common/roles.guard';
import { RowId } from '../common/row-id.decorator';
import type { SessionUser } from '../common/session-user';
import { NewPasswordForm } from './dto';
import { InvitationsService } from './invitations.service';
import { asFieldErrors } from './password-rules';

const INVALID = { title: 'invitation.invalidTitle' };

/**
 * Where a new account chooses its password (/invitations/<token>, a 43-character link), and where
 * administrators and coordinators follow the invitations they manage (/invitations, ids are numbers).
 */
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @Roles('coordinator', 'admin')
  @Render('accounts/invitations')
  list(@CurrentUser() user: SessionUser, @Query('state') state?: string, @Query('page') page?: string) {
    return this.invitations.list(user, { state, page });
  }

  @Post(':id/resend')
  @Roles('coordinator', 'admin')
  async resend(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Req() req: Request, @Res() res: Response) {
    req.session.flash = await this.invitations.resend(user, id);
    res.redirect(303, '/invitations');
  }

  @Post(':id/withdraw')
  @Roles('coordinator', 'admin')
  async withdraw(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Req() req: Request, @Res() res: Response) {
    req.session.flash = await this.invitations.withdraw(user, id);
    res.redirect(303, '/invitations');
  }

  @Public()
  @Get(':token')
  async page(@Param('token') token: string, @Res() res: Response) {
    const found = await this.invitations.find(token);
    if (!found) return res.status(404).render('accounts/invitation-invalid', INVALID);
    res.render('accounts/invitation', { title: 'invitation.title', name: found.user.name, email: found.user.email, token });
  }

  @Public()
  @Post(':token')
  async accept(@Param('token') token: string, @Body() form: NewPasswordForm, @Res() res: Response) {
    const found = await this.invitations.find(token);
    if (!found) return res.status(404).render('accounts/invitation-invalid', INVALID);
    const problems = this.invitations.checkPassword(form.password, form.confirm);
    if (problems.length > 0) {
      return res.status(400).render('accounts/invitation', { title: 'invitation.title', name: found.user.name, email: found.user.email, token, errors: asFieldErrors(problems) });
    }
    if (!(await this.invitations.accept(token, form.password))) return res.status(404).render('accounts/invitation-invalid', INVALID);
    res.redirect(303, '/login?welcome=1');
  }
}
