import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import { Public } from '../common/public.decorator';
import type { SessionUser } from '../common/session-user';
import { SsoOutcome, SsoService } from './sso.service';

function send(res: Response, outcome: SsoOutcome): void {
  if ('redirect' in outcome) return res.redirect(303, outcome.redirect);
  res.status(outcome.status).render(outcome.view, outcome.data);
}

/** Single sign-on through the OpenID provider; every route answers 404 while it is not set up. */
@Controller()
export class SsoController {
  constructor(private readonly sso: SsoService) {}

  @Public()
  @Get('login/sso')
  async start(@Req() req: Request, @Res() res: Response, @Query('next') next?: string) {
    send(res, await this.sso.startSignIn(req, next));
  }

  @Public()
  @Get('login/sso/callback')
  async callback(@Req() req: Request, @Res() res: Response) {
    send(res, await this.sso.callback(req));
  }

  /** Links, not forms, start a round trip (see views/partials/sso/login.hbs); nothing changes before the callback. */
  @Public()
  @Get('invitations/:token/sso')
  async acceptInvitation(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    send(res, await this.sso.startInvitation(req, token));
  }

  @Get('profile/sso/link')
  async link(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response) {
    send(res, await this.sso.startLink(req, user));
  }

  @Post('profile/sso/unlink')
  async unlink(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response) {
    send(res, await this.sso.unlink(req, user));
  }
}
