import { Body, Controller, Get, Param, Post, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { SessionUser } from '../common/session-user';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { Public } from '../common/public.decorator';
import { CertificatesService } from './certificates.service';
import { RowId } from '../common/row-id.decorator';

class RevokeDto {
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  reason?: string;
}

@Controller()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('enrolments/:id/completion')
  @Render('certificates/checklist')
  checklist(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.certificates.checklist(user, id);
  }

  @Post('enrolments/:id/certificate')
  async issue(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Res() res: Response) {
    sendFormResult(res, 'certificates/checklist', await this.certificates.issue(user, id));
  }

  @Get('certificates/:id')
  @Render('certificates/show')
  show(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.certificates.show(user, id);
  }

  @Get('certificates/:id/pdf')
  async pdf(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Res() res: Response) {
    const { filename, body } = await this.certificates.pdf(user, id, res.locals.locale);
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.type('application/pdf').send(body);
  }

  @Get('certificates/:id/badge')
  async badge(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Res() res: Response) {
    const credential = await this.certificates.badge(user, id);
    res.setHeader('Content-Disposition', `attachment; filename="open-badge-${id}.json"`);
    res.type('application/ld+json').send(JSON.stringify(credential, null, 2));
  }

  @Post('certificates/:id/revoke')
  async revoke(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: RevokeDto, @Res() res: Response) {
    sendFormResult(res, 'certificates/show', await this.certificates.revoke(user, id, form.reason));
  }

  @Public()
  @Get('verify/:code')
  async verify(@Param('code') code: string, @Res() res: Response) {
    const view = await this.certificates.verify(code);
    res.status(view.found ? 200 : 404).render('certificates/verify', view);
  }
}
