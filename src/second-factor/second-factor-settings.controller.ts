import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { FormView } from '../common/form-view';
import { Roles } from '../common/roles.guard';
import { RowId } from '../common/row-id.decorator';
import type { SessionUser } from '../common/session-user';
import { DisableForm } from './dto';
import { SecondFactorService } from './second-factor.service';

/** What a person does with their own second factor, from the profile page: turn it off, make new recovery codes. */
@Controller('second-factor')
export class SecondFactorSettingsController {
  constructor(private readonly secondFactor: SecondFactorService) {}

  @Get('disable')
  @Render('second-factor/disable')
  disablePage(@CurrentUser() user: SessionUser) {
    return this.secondFactor.disablePage(user);
  }

  @Post('disable')
  @FormView('second-factor/disable', SecondFactorService, (service, form) => service.disablePage(form.user, form.errors))
  async disable(@CurrentUser() user: SessionUser, @Body() form: DisableForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'second-factor/disable', await this.secondFactor.disable(user, form, req.ip, (flash) => (req.session.flash = flash)));
  }

  @Post('recovery-codes')
  async renewRecoveryCodes(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'second-factor/codes', await this.secondFactor.renewRecoveryCodes(user, req.ip));
  }
}

/** An administrator resets a person's second factor (a lost phone); for everyone else the page does not exist. */
@Controller('people/:id/second-factor')
@Roles('admin')
export class SecondFactorAdminController {
  constructor(private readonly secondFactor: SecondFactorService) {}

  @Get()
  @Render('second-factor/admin')
  page(@RowId('id') id: number) {
    return this.secondFactor.adminPage(id);
  }

  @Post('reset')
  async reset(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'second-factor/admin', await this.secondFactor.adminReset(user, id, req.sessionID, req.ip, (flash) => (req.session.flash = flash)));
  }
}
