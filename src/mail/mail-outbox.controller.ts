import { Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Roles } from '../common/roles.guard';
import { RowId } from '../common/row-id.decorator';
import { MailOutboxService } from './mail-outbox.service';

/** The outbox for administrators; anyone else is told these pages do not exist. */
@Controller('mail-outbox')
@Roles('admin')
export class MailOutboxController {
  constructor(private readonly outbox: MailOutboxService) {}

  @Get()
  @Render('mail-outbox/list')
  list(@Query() query: Record<string, unknown>) {
    return this.outbox.list(query);
  }

  @Get(':id')
  @Render('mail-outbox/show')
  show(@RowId('id') id: number) {
    return this.outbox.show(id);
  }

  /**
   * The HTML part on its own, as a mail program shows it: sandboxed, with no script and nothing fetched, so
   * that the message cannot act as a page of ours.
   */
  @Get(':id/html')
  async html(@RowId('id') id: number, @Res() res: Response) {
    const html = await this.outbox.html(id);
    res.set('Content-Security-Policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    res.type('html').send(html);
  }

  @Post(':id/retry')
  async retry(@RowId('id') id: number, @Req() req: Request, @Res() res: Response) {
    const { retried, to } = await this.outbox.retry(id);
    req.session.flash = { key: retried ? 'mailOutbox.flash.retried' : 'mailOutbox.flash.notFailed', to };
    res.redirect(303, `/mail-outbox/${id}`);
  }
}
