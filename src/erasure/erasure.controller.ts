import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { actorOf } from '../audit/audit.service';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { FormView } from '../common/form-view';
import type { SessionUser } from '../common/session-user';
import { ErasureRequestForm } from './dto';
import { ErasureService } from './erasure.service';

/** A person's own request that their data be erased: what goes, what stays, and asking or cancelling. */
@Controller('profile/erasure')
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Get()
  async page(@CurrentUser() user: SessionUser, @Res() res: Response) {
    res.render('erasure/own', await this.erasure.ownPage(user));
  }

  @Post()
  @FormView('erasure/own', ErasureService, (erasure, form) => erasure.ownPage(form.user, form.errors))
  async request(@CurrentUser() user: SessionUser, @Body() form: ErasureRequestForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'erasure/own', await this.erasure.request(user, form, actorOf(req), (flash) => (req.session.flash = flash)));
  }

  @Post('cancel')
  async cancel(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'erasure/own', await this.erasure.cancelOwn(user, actorOf(req), (flash) => (req.session.flash = flash)));
  }
}
