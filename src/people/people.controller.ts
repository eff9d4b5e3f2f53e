import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../common/current-user.decorator';
import { sendFormResult } from '../common/form-result';
import { FormView } from '../common/form-view';
import { Roles } from '../common/roles.guard';
import { RowId } from '../common/row-id.decorator';
import type { SessionUser } from '../common/session-user';
import { PersonEditForm, PersonForm } from './dto/people-forms';
import { PeopleService } from './people.service';

/** The administrators' pages for people; for everyone else they do not exist. */
@Controller('people')
@Roles('admin')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @Render('people/list')
  list(@Query() query: Record<string, unknown>) {
    return this.people.list(query);
  }

  @Get('new')
  @Render('people/new')
  newForm() {
    return this.people.newForm();
  }

  @Post()
  @FormView('people/new', PeopleService, (people, form) => people.newForm(form.values(PersonForm), form.errors))
  async create(@CurrentUser() user: SessionUser, @Body() form: PersonForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'people/new', await this.people.create(user, form, (flash) => (req.session.flash = flash)));
  }

  @Get(':id')
  @Render('people/show')
  show(@CurrentUser() user: SessionUser, @RowId('id') id: number) {
    return this.people.editForm(user, id);
  }

  @Post(':id')
  @FormView('people/show', PeopleService, (people, form) => people.editForm(form.user, form.rowId('id'), form.values(PersonEditForm), form.errors))
  async update(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Body() form: PersonEditForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'people/show', await this.people.update(user, id, form, (flash) => (req.session.flash = flash)));
  }

  @Post(':id/deactivate')
  async deactivate(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'people/show', await this.people.setActive(user, id, false, (flash) => (req.session.flash = flash)));
  }

  @Post(':id/reactivate')
  async reactivate(@CurrentUser() user: SessionUser, @RowId('id') id: number, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'people/show', await this.people.setActive(user, id, true, (flash) => (req.session.flash = flash)));
  }
}
