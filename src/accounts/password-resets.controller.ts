import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendFormResult } from '../common/form-result';
import { FormView } from '../common/form-view';
import { Public } from '../common/public.decorator';
import { ForgotPasswordForm, NewPasswordForm } from './dto';
import { PasswordResetsService } from './password-resets.service';

const FORGOT = { title: 'accounts.forgot.title' };
const INVALID = { title: 'accounts.reset.invalidTitle' };

/** "Forgot password" from the sign-in page, and the link it mails. */
@Controller()
export class PasswordResetsController {
  constructor(private readonly resets: PasswordResetsService) {}

  @Public()
  @Get('forgot-password')
  forgotPage(@Res() res: Response) {
    res.render('accounts/forgot-password', { ...FORGOT, values: {} });
  }

  @Public()
  @Post('forgot-password')
  @HttpCode(200)
  @FormView('accounts/forgot-password', FORGOT)
  async forgot(@Body() form: ForgotPasswordForm, @Req() req: Request, @Res() res: Response) {
    const answer = await this.resets.request(form.email, req.ip, String(res.locals.locale ?? ''));
    if (answer.throttled) {
      return res.status(429).render('accounts/forgot-password', { ...FORGOT, values: { email: form.email }, throttledMinutes: answer.minutes });
    }
    res.render('accounts/forgot-password-sent', { title: 'accounts.forgot.sentTitle', email: form.email });
  }

  @Public()
  @Get('reset-password/:token')
  async resetPage(@Param('token') token: string, @Res() res: Response) {
    const page = await this.resets.form(token);
    if (!page) return res.status(404).render('accounts/reset-invalid', INVALID);
    res.render('accounts/reset-password', page);
  }

  @Public()
  @Post('reset-password/:token')
  async reset(@Param('token') token: string, @Body() form: NewPasswordForm, @Res() res: Response) {
    const result = await this.resets.choose(token, form.password, form.confirm);
    if (!result) return res.status(404).render('accounts/reset-invalid', INVALID);
    sendFormResult(res, 'accounts/reset-password', result);
  }
}
