import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import { FormResult, sendFormResult } from '../common/form-result';
import { FormView } from '../common/form-view';
import { safeNext } from '../common/safe-next';
import { BeforeSecondFactor } from '../common/second-factor-gate';
import type { SessionUser } from '../common/session-user';
import { CodeForm } from './dto';
import { SecondFactorService } from './second-factor.service';

/**
 * The second-factor step of signing in, and enrolment: open to a signed-in session that has not given its
 * second factor yet, which the global guard sends here before any other page.
 */
@Controller()
@BeforeSecondFactor()
export class SecondFactorController {
  constructor(private readonly secondFactor: SecondFactorService) {}

  @Get('login/second-factor')
  async codePage(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response, @Query('next') next?: string) {
    sendFormResult(res, 'second-factor/code', await this.secondFactor.codeStep(req, user, safeNext(next)));
  }

  @Post('login/second-factor')
  @FormView('second-factor/code', SecondFactorService, (service, form) => Promise.resolve(service.codePage(safeNext(form.values(CodeForm).next), form.errors)))
  async code(@CurrentUser() user: SessionUser, @Body() form: CodeForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'second-factor/code', await this.secondFactor.signInWithCode(req, user, form));
  }

  @Get('login/second-factor/recovery')
  async recoveryPage(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response, @Query('next') next?: string) {
    sendFormResult(res, 'second-factor/recovery', await this.secondFactor.recoveryStep(req, user, safeNext(next)));
  }

  @Post('login/second-factor/recovery')
  @FormView('second-factor/recovery', SecondFactorService, (service, form) => Promise.resolve(service.recoveryPage(safeNext(form.values(CodeForm).next), form.errors)))
  async recovery(@CurrentUser() user: SessionUser, @Body() form: CodeForm, @Req() req: Request, @Res() res: Response) {
    sendOutcome(res, await this.secondFactor.signInWithRecoveryCode(req, user, form), 'second-factor/recovery', 'second-factor/recovery-used');
  }

  @Get('second-factor/enrol')
  async enrolPage(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response, @Query('next') next?: string) {
    sendFormResult(res, 'second-factor/enrol', await this.secondFactor.enrolment(req, user, safeNext(next)));
  }

  @Post('second-factor/enrol')
  async enrol(@CurrentUser() user: SessionUser, @Body() form: CodeForm, @Req() req: Request, @Res() res: Response) {
    sendOutcome(res, await this.secondFactor.confirmEnrolment(req, user, req.sessionID, form), 'second-factor/enrol', 'second-factor/codes');
  }
}

/** A form whose success is a page of its own (recovery codes shown once) rather than a redirect: refused, the form again. */
function sendOutcome(res: Response, result: FormResult, form: string, done: string): void {
  sendFormResult(res, 'status' in result && result.status < 400 ? done : form, result);
}
