import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FormView } from '../common/form-view';
import { Public } from '../common/public.decorator';
import { safeNext } from '../common/safe-next';
import { AuthService } from './auth.service';
import { LocaleDto, SignInDto } from './dto/sign-in.dto';

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Get('login')
  loginPage(
    @Req() req: Request,
    @Res() res: Response,
    @Query('next') next?: string,
    @Query('signedOut') signedOut?: string,
    @Query('welcome') welcome?: string,
  ) {
    if (req.user) return res.redirect(303, safeNext(next));
    res.render('auth/login', { title: 'login.title', values: { next: safeNext(next, '') }, signedOut: signedOut === '1', welcome: welcome === '1' });
  }

  @Public()
  @Post('login')
  @FormView('auth/login', { title: 'login.title' })
  async login(@Req() req: Request, @Res() res: Response, @Body() form: SignInDto) {
    const outcome = await this.auth.signIn(req, res, form);
    if (outcome.ok) return res.redirect(303, outcome.next);
    return res.status(outcome.status).render('auth/login', {
      title: 'login.title',
      formError: { key: outcome.message, params: outcome.params ?? {} },
      values: { email: form.email, next: form.next ?? '' },
    });
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response) {
    await this.auth.signOut(req);
    res.redirect(303, '/login?signedOut=1');
  }

  @Public()
  @Post('locale')
  async locale(@Req() req: Request, @Res() res: Response, @Body() form: LocaleDto) {
    await this.auth.chooseLocale(req, form.locale);
    res.redirect(303, safeNext(form.next));
  }
}
