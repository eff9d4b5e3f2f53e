import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendFormResult } from '../common/form-result';
import { FormView } from '../common/form-view';
import { Roles } from '../common/roles.guard';
import { RowId } from '../common/row-id.decorator';
import { OrganisationEditForm, OrganisationForm } from './dto/people-forms';
import { OrganisationsAdminService } from './organisations-admin.service';

/** The administrators' pages for employers and placement sites; for everyone else they do not exist. */
@Controller('organisations')
@Roles('admin')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsAdminService) {}

  @Get()
  @Render('organisations/list')
  list() {
    return this.organisations.list();
  }

  @Get('new')
  @Render('organisations/form')
  newForm() {
    return this.organisations.newForm();
  }

  @Post()
  @FormView('organisations/form', OrganisationsAdminService, async (organisations, form) => organisations.newForm(form.values(OrganisationForm), form.errors))
  async create(@Body() form: OrganisationForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'organisations/form', await this.organisations.create(form, (flash) => (req.session.flash = flash)));
  }

  @Get(':id')
  @Render('organisations/form')
  show(@RowId('id') id: number) {
    return this.organisations.editForm(id);
  }

  @Post(':id')
  @FormView('organisations/form', OrganisationsAdminService, (organisations, form) => organisations.editForm(form.rowId('id'), form.values(OrganisationEditForm), form.errors))
  async update(@RowId('id') id: number, @Body() form: OrganisationEditForm, @Req() req: Request, @Res() res: Response) {
    sendFormResult(res, 'organisations/form', await this.organisations.update(id, form, (flash) => (req.session.flash = flash)));
  }
}
