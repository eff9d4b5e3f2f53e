import { Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { actorOf } from '../audit/audit.service';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { Roles } from '../common/roles.guard';
import { RowId } from '../common/row-id.decorator';
import type { SessionUser } from '../common/session-user';
import { ErasureService } from './erasure.service';

/** The administrators' pages for erasure requests; for everyone else they do not exist. */
@Controller('erasure-requests')
@Roles('admin')
export class ErasureAdminController {
  constructor(private readonly erasure: ErasureService) {}

  @Get()
  @Render('erasure/list')
  list() {
    return this.erasure.list();
  }

  @Get('people/:userId')
  @Render('erasure/for-person')
  forPerson(@RowId('userId') userId: number) {
    return this.erasure.forPersonPage(userId);
  }

  @Post('people/:userId')
  async requestFor(@CurrentUser() user: SessionUser, @RowId('userId') userId: number, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'erasure/for-person', await this.erasure.requestFor({ ...actorOf(req), actorId: user.id }, userId));
  }

  @Get(':id')
  @Render('erasure/request')
  show(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.erasure.requestPage(user, id);
  }

  @Post(':id/confirm')
  async confirm(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'erasure/request', await this.erasure.confirm(user, id, actorOf(req), (flash) => (req.session.flash = flash)));
  }

  @Post(':id/cancel')
  async cancel(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'erasure/request', await this.erasure.cancelByAdmin(user, id, actorOf(req), (flash) => (req.session.flash = flash)));
  }
}
