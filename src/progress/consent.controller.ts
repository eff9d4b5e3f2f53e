import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { SessionUser } from '../common/session-user';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { ConsentService } from './consent.service';
import { RowId } from '../common/row-id.decorator';

class ConsentDto {
  @IsOptional() @IsString() @MaxLength(10) granted?: string;
  @IsOptional() @IsString() @MaxLength(20) organisation?: string;
}

@Controller()
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  @Get('enrolments/:id/consent')
  @Render('progress/consent')
  page(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Query() query: Record<string, string>) {
    return this.consent.page(user, id, query);
  }

  @Post('enrolments/:id/consent')
  async decide(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: ConsentDto, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'progress/consent', await this.consent.decide(user, id, form, (flash) => (req.session.flash = flash)));
  }
}
