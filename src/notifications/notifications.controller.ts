import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { FormView } from '../common/form-view';
import { RowId } from '../common/row-id.decorator';
import type { SessionUser } from '../common/session-user';
import { SettingsForm } from './dto';
import { NotificationsService } from './notifications.service';
import { PreferencesService } from './preferences.service';

/** A person's own notifications and their choices; nobody else's can be reached from here. */
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: PreferencesService,
  ) {}

  @Get()
  @Render('notifications/list')
  list(@CurrentUser() user: SessionUser, @Query() query: Record<string, unknown>) {
    return this.notifications.list(user, query);
  }

  @Post('read-all')
  async readAll(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response) {
    await this.notifications.markAllRead(user);
    req.session.flash = { key: 'notifications.flash.allRead' };
    res.redirect(303, '/notifications');
  }

  @Get('settings')
  @Render('notifications/settings')
  settings(@CurrentUser() user: SessionUser) {
    return this.preferences.settings(user);
  }

  @Post('settings')
  @FormView('notifications/settings', PreferencesService, (preferences, form) => preferences.settings(form.user, form.values(SettingsForm), form.errors))
  async saveSettings(@CurrentUser() user: SessionUser, @Body() form: SettingsForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'notifications/settings', await this.preferences.save(user, form, (flash) => (req.session.flash = flash)));
  }

  /** Follows a notification's link, marking it read on the way. */
  @Get(':id/open')
  async open(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Res() res: Response) {
    res.redirect(303, await this.notifications.open(user, id));
  }

  @Post(':id/read')
  async read(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Query('page') page: string | undefined, @Req() req: Request, @Res() res: Response) {
    await this.notifications.markRead(user, id);
    req.session.flash = { key: 'notifications.flash.read' };
    res.redirect(303, `/notifications${/^[1-9]\d{0,5}$/.test(page ?? '') ? `?page=${page}` : ''}#notification-${id}`);
  }
}
