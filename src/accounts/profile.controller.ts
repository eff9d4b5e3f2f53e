import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { FormView } from '../common/form-view';
import type { SessionUser } from '../common/session-user';
import { PasswordChangeForm, ProfileForm } from './dto';
import { ProfileService } from './profile.service';

/**
 * Every signed-in person's own page. A form refused by its rules is shown again from the service; without the
 * request there, the sessions list then marks none as "this session".
 */
@Controller('profile')
export class ProfileController {
  constructor(private readonly profile: ProfileService) {}

  @Get()
  async page(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response) {
    res.render('accounts/profile', await this.profile.page(user, req.sessionID));
  }

  @Post()
  @FormView('accounts/profile', ProfileService, (profile, form) => profile.page(form.user, undefined, form.values(ProfileForm), form.errors))
  async update(@CurrentUser() user: SessionUser, @Body() form: ProfileForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'accounts/profile', await this.profile.update(user, req.sessionID, form, (flash) => (req.session.flash = flash)));
  }

  @Post('password')
  @FormView('accounts/profile', ProfileService, (profile, form) => profile.page(form.user, undefined, undefined, form.errors))
  async changePassword(@CurrentUser() user: SessionUser, @Body() form: PasswordChangeForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'accounts/profile', await this.profile.changePassword(user, req.sessionID, form, (flash) => (req.session.flash = flash)));
  }

  @Post('calendar')
  async renewCalendar(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'accounts/profile', await this.profile.renewCalendar(user, (flash) => (req.session.flash = flash)));
  }

  @Post('sessions/end-others')
  async endOthers(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'accounts/profile', await this.profile.endOtherSessions(user, req.sessionID, (flash) => (req.session.flash = flash)));
  }
}
