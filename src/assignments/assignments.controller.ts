import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SessionUser } from '../common/session-user';
import { CurrentUser } from '../common/current-user.decorator';
import { FormResult, sendFormResult } from '../common/form-result';
import { AssessorsService } from './assessors.service';
import { AssignmentsService } from './assignments.service';
import { sendDownload } from './download';
import { AssessorDto, FeedbackDto, SubmissionDto } from './dto';
import { receivedUpload } from './upload';
import { RowId } from '../common/row-id.decorator';

@Controller()
export class AssignmentsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly assessors: AssessorsService,
  ) {}

  @Get('enrolments/:id/assignment')
  @Render('assignments/show')
  show(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.assignments.page(user, id);
  }

  /** Multipart: the body and files were read by the upload middleware before the CSRF check (see upload.ts). */
  @Post('enrolments/:id/assignment/:milestone')
  async submit(
    @CurrentUser() user: SessionUser,
    @RowId('id') id: number,
    @Param('milestone') milestone: string,
    @Body() form: SubmissionDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    send(req, res, 'assignments/show', await this.assignments.submit(user, id, milestone, form, receivedUpload(req)), 'assignments.flash.submitted');
  }

  @Post('submissions/:id/feedback')
  async feedback(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: FeedbackDto, @Req() req: Request, @Res() res: Response) {
    send(req, res, 'assignments/show', await this.assignments.decide(user, id, form), `assignments.flash.${form.decision === 'approved' ? 'approved' : 'revision'}`);
  }

  @Get('files/:id')
  async download(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Res() res: Response) {
    sendDownload(res, await this.assignments.download(user, id));
  }

  @Get('enrolments/:id/assessor')
  @Render('assignments/assessor')
  assessorForm(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.assessors.form(user, id);
  }

  @Post('enrolments/:id/assessor')
  async saveAssessor(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: AssessorDto, @Req() req: Request, @Res() res: Response) {
    send(req, res, 'assignments/assessor', await this.assessors.save(user, id, form), 'assignments.flash.assessorSaved');
  }
}

/** The form's outcome, with a message on the next page when it went through. */
function send(req: Request, res: Response, view: string, result: FormResult, flash: string): void {
  if ('redirect' in result) req.session.flash = { key: flash };
  sendFormResult(res, view, result);
}
