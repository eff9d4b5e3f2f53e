import { Controller, Get, HttpCode, Param, Post, Render } from '@nestjs/common';
import { Public } from '../common/public.decorator';
import { PreferencesService } from './preferences.service';

/**
 * The one-click unsubscribe of RFC 8058, reached from a mail without signing in: the token in the address
 * says who and which kinds. A GET only shows the page with its button (mail scanners follow links); the
 * POST, from that button or straight from the mail program with `List-Unsubscribe=One-Click`, turns the
 * kinds off and answers 200 (never a redirect, which mail programs do not follow with a POST). The POST
 * carries no cookie and so no CSRF token: it is let through in app.ts, the token being its proof.
 */
@Controller('unsubscribe')
@Public()
export class UnsubscribeController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get(':token')
  @Render('notifications/unsubscribe')
  page(@Param('token') token: string) {
    return this.preferences.unsubscribePage(token);
  }

  @Post(':token')
  @HttpCode(200)
  @Render('notifications/unsubscribed')
  unsubscribe(@Param('token') token: string) {
    return this.preferences.unsubscribe(token);
  }
}

/** The path of a one-click unsubscribe, which app.ts lets through without a CSRF token. */
export const ONE_CLICK_PATH = /^\/unsubscribe\/[^/]+$/;
