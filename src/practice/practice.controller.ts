import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SessionUser } from '../common/session-user';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { Roles } from '../common/roles.guard';
import { CommentDto, EntryDto, EntryEditDto, EntryIdsDto, ids, ReasonDto } from './dto';
import { PracticeService } from './practice.service';
import { RowId } from '../common/row-id.decorator';

@Controller()
export class PracticeController {
  constructor(private readonly practice: PracticeService) {}

  @Get('enrolments/:id/practice')
  @Render('practice/log')
  log(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Query() query: Record<string, string>) {
    return this.practice.log(user, id, query);
  }

  @Get('enrolments/:id/practice/new')
  @Render('practice/form')
  newForm(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.practice.form(user, id);
  }

  @Post('enrolments/:id/practice')
  async create(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: EntryDto, @Res() res: Response) {
    sendFormResult(res, 'practice/form', await this.practice.create(user, id, form));
  }

  @Post('enrolments/:id/practice/submit')
  async submitMany(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: EntryIdsDto, @Req() req: Request, @Res() res: Response) {
    const result = await this.practice.submit(user, ids(form.entries));
    req.session.flash = { key: 'practice.flash.submitted', ...result };
    res.redirect(303, `/enrolments/${id}/practice`);
  }

  @Get('practice/:entry')
  @Render('practice/entry')
  entry(@CurrentUser() user: SessionUser, @RowId('entry') entryId: number) {
    return this.practice.entryPage(user, entryId);
  }

  @Get('practice/:entry/edit')
  async editForm(@CurrentUser() user: SessionUser, @RowId('entry') entryId: number, @Res() res: Response) {
    res.render('practice/form', await this.practice.editForm(user, entryId));
  }

  @Post('practice/:entry')
  async update(@CurrentUser() user: SessionUser, @RowId('entry') entryId: number, @Body() form: EntryEditDto, @Res() res: Response) {
    sendFormResult(res, 'practice/form', await this.practice.update(user, entryId, form));
  }

  @Post('practice/:entry/submit')
  async submit(@CurrentUser() user: SessionUser, @RowId('entry') entryId: number, @Req() req: Request, @Res() res: Response) {
    req.session.flash = { key: 'practice.flash.submitted', ...(await this.practice.submit(user, [entryId])) };
    res.redirect(303, `/practice/${entryId}`);
  }

  @Post('practice/:entry/withdraw')
  async withdraw(@CurrentUser() user: SessionUser, @RowId('entry') entryId: number, @Res() res: Response) {
    await this.practice.withdraw(user, entryId);
    res.redirect(303, `/practice/${entryId}`);
  }

  @Get('supervision/queue')
  @Roles('supervisor')
  @Render('practice/queue')
  queue(@CurrentUser() user: SessionUser, @Query() query: Record<string, string>) {
    return this.practice.queue(user, query);
  }

  @Post('supervision/queue/approve')
  @Roles('supervisor')
  async approveMany(@CurrentUser() user: SessionUser, @Body() form: EntryIdsDto, @Req() req: Request, @Res() res: Response) {
    req.session.flash = { key: 'practice.flash.approved', ...(await this.practice.approve(user, ids(form.entries))) };
    res.redirect(303, '/supervision/queue');
  }

  @Post('practice/:entry/approve')
  async approve(@CurrentUser() user: SessionUser, @RowId('entry') entryId: number, @Req() req: Request, @Res() res: Response) {
    req.session.flash = { key: 'practice.flash.approved', ...(await this.practice.approve(user, [entryId])) };
    res.redirect(303, `/practice/${entryId}`);
  }

  @Post('practice/:entry/return')
  async returnEntry(@CurrentUser() user: SessionUser, @RowId('entry') entryId: number, @Body() form: CommentDto, @Res() res: Response) {
    sendFormResult(res, 'practice/entry', await this.practice.returnEntry(user, entryId, form.comment));
  }

  @Post('practice/:entry/revoke')
  async revoke(@CurrentUser() user: SessionUser, @RowId('entry') entryId: number, @Body() form: ReasonDto, @Res() res: Response) {
    sendFormResult(res, 'practice/entry', await this.practice.revoke(user, entryId, form.reason));
  }
}
