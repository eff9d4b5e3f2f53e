import { Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { actorOf } from '../audit/audit.service';
import { CurrentUser } from '../common/current-user.decorator';
import type { SessionUser } from '../common/session-user';
import type { Locale } from '../i18n/i18n';
import { MyDataService } from './my-data.service';

/** Every signed-in person's own data: a page that says what the archive holds, and the archive itself. */
@Controller('profile/my-data')
export class MyDataController {
  constructor(private readonly myData: MyDataService) {}

  @Get()
  @Render('my-data/page')
  page() {
    return this.myData.page();
  }

  /** A POST, so the download is a deliberate act behind the form's CSRF token, and recorded as one. */
  @Post()
  async download(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response) {
    res.status(200);
    await this.myData.download(user, actorOf(req), res.locals.locale as Locale, res);
  }
}
