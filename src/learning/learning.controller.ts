import { Body, Controller, Get, Param, Post, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { SessionUser } from '../common/session-user';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { Roles } from '../common/roles.guard';
import { ReflectionDto, ReflectionEditDto, ShareDto, SignoffDto } from './dto';
import { LearningService } from './learning.service';
import { ReflectionsService } from './reflections.service';
import { RowId } from '../common/row-id.decorator';

@Controller()
export class LearningController {
  constructor(
    private readonly learning: LearningService,
    private readonly reflections: ReflectionsService,
  ) {}

  @Get('enrolments')
  @Roles('student')
  @Render('learning/mine')
  mine(@CurrentUser() user: SessionUser) {
    return this.learning.myEnrolments(user);
  }

  @Get('supervision')
  @Roles('supervisor')
  @Render('learning/supervision')
  supervision(@CurrentUser() user: SessionUser) {
    return this.learning.supervision(user);
  }

  @Get('enrolments/:id')
  @Render('learning/overview')
  overview(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.learning.overview(user, id);
  }

  @Get('enrolments/:id/modules/:module')
  @Render('learning/module')
  module(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Param('module') moduleKey: string) {
    return this.learning.module(user, id, moduleKey);
  }

  @Get('enrolments/:id/modules/:module/lessons/:lesson')
  @Render('learning/lesson')
  lesson(
    @CurrentUser() user: SessionUser,
    @RowId('id') id: number,
    @Param('module') moduleKey: string,
    @Param('lesson') lessonKey: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.learning.lesson(user, id, moduleKey, lessonKey, res.locals.locale);
  }

  @Post('enrolments/:id/modules/:module/lessons/:lesson/done')
  async done(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Param('module') moduleKey: string, @Param('lesson') lessonKey: string, @Res() res: Response) {
    sendFormResult(res, 'learning/lesson', await this.learning.setLessonDone(user, id, moduleKey, lessonKey, true));
  }

  @Post('enrolments/:id/modules/:module/lessons/:lesson/undo')
  async undo(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Param('module') moduleKey: string, @Param('lesson') lessonKey: string, @Res() res: Response) {
    sendFormResult(res, 'learning/lesson', await this.learning.setLessonDone(user, id, moduleKey, lessonKey, false));
  }

  @Post('enrolments/:id/modules/:module/signoff')
  async signOff(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Param('module') moduleKey: string, @Body() form: SignoffDto, @Res() res: Response) {
    sendFormResult(res, 'learning/module', await this.learning.signOff(user, id, moduleKey, form));
  }

  @Get('enrolments/:id/reflections')
  @Render('learning/reflections')
  reflectionList(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Query('theme') theme?: string) {
    return this.reflections.list(user, id, theme);
  }

  @Get('enrolments/:id/modules/:module/reflections/:prompt/new')
  @Render('learning/reflection-form')
  newReflection(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Param('module') moduleKey: string, @Param('prompt') promptKey: string) {
    return this.reflections.newForm(user, id, moduleKey, promptKey);
  }

  @Post('enrolments/:id/reflections')
  async createReflection(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: ReflectionDto, @Res() res: Response) {
    sendFormResult(res, 'learning/reflection-form', await this.reflections.create(user, id, form));
  }

  @Get('reflections/:id/edit')
  @Render('learning/reflection-form')
  editReflection(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.reflections.editForm(user, id);
  }

  @Post('reflections/:id')
  async updateReflection(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: ReflectionEditDto, @Res() res: Response) {
    sendFormResult(res, 'learning/reflection-form', await this.reflections.update(user, id, form));
  }

  @Post('reflections/:id/share')
  async share(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: ShareDto, @Res() res: Response) {
    sendFormResult(res, 'learning/reflection-form', await this.reflections.setShared(user, id, true, form.back));
  }

  @Post('reflections/:id/unshare')
  async unshare(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: ShareDto, @Res() res: Response) {
    sendFormResult(res, 'learning/reflection-form', await this.reflections.setShared(user, id, false, form.back));
  }
}
