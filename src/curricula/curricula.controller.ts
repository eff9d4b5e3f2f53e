import { Controller, Get, Param, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurriculaService } from './curricula.service';
import { programmeView } from './programme-view';

@Controller('programmes')
export class CurriculaController {
  constructor(private readonly curricula: CurriculaService) {}

  @Get()
  @Render('programmes/list')
  list() {
    return { title: 'programmes.title', programmes: this.curricula.list().map(programmeView) };
  }

  @Get(':slug')
  @Render('programmes/show')
  show(@Param('slug') slug: string) {
    const version = this.curricula.getCurrent(slug);
    return { titleText: version.content.title, programme: programmeView(version) };
  }

  @Get(':slug/modules/:module/lessons/:lesson')
  @Render('programmes/lesson')
  lesson(@Param('slug') slug: string, @Param('module') moduleKey: string, @Param('lesson') lessonKey: string, @Res({ passthrough: true }) res: Response) {
    const view = this.curricula.lesson(this.curricula.getCurrent(slug), moduleKey, lessonKey);
    const text = this.curricula.lessonHtml(view.version, view.lesson, res.locals.locale);
    return { titleText: view.lesson.title, programme: programmeView(view.version), ...view, text };
  }
}
