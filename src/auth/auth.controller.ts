import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FormView } from '../common/form-view';
import { Public } from '../common/public.decorator';
import { safeNext } from '../common/safe-next';
import { BeforeSecondFactor } from '../common/second-factor-gate';
import { AuthService } from './auth.service';
import { LocaleDto, SignInDto } from './dto/sign-in.dto';
import { SignInRefusedFilter } from './sign-in-refused.filter';
import { SignInGuard } from './sign-in.guard';

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

  /** Reached only signed in: SignInGuard has checked the form and the accounts, or the validation refused the form. */
  @Public()
  @Post('login')
  @UseGuards(SignInGuard)
  @UseFilters(SignInRefusedFilter)
  @FormView('auth/login', { title: 'login.title' })
  login(@Res() res: Response, @Body() form: SignInDto) {
    res.redirect(303, safeNext(form.next));
  }

  @Post('logout')
  @BeforeSecondFactor()
  async logout(@Req() req: Request, @Res() res: Response) {
    const next = req.session.signOutRedirect ?? '/login?signedOut=1';
    await this.auth.signOut(req, res);
    res.redirect(303, next);
  }

  @Public()
  @Post('locale')
  async locale(@Req() req: Request, @Res() res: Response, @Body() form: LocaleDto) {
    await this.auth.chooseLocale(req, form.locale);
    res.redirect(303, safeNext(form.next));
  }
}
