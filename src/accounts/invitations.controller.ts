import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsString, MaxLength } from 'class-validator';
import { Public } from '../common/public.decorator';
import { InvitationsService } from './invitations.service';

class AcceptInvitationForm {
  @IsString()
  @MaxLength(1000)
  password: string = '';

  @IsString()
  @MaxLength(1000)
  confirm: string = '';
}

/** Where a new account, enrolled by a coordinator, chooses its password. */
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Public()
  @Get(':token')
  async page(@Param('token') token: string, @Res() res: Response) {
    const found = await this.invitations.find(token);
    if (!found) return res.status(404).render('auth/invitation-invalid', { title: 'invitation.invalidTitle' });
    res.render('auth/invitation', { title: 'invitation.title', name: found.user.name, email: found.user.email, token });
  }

  @Public()
  @Post(':token')
  async accept(@Param('token') token: string, @Body() form: AcceptInvitationForm, @Res() res: Response) {
    const found = await this.invitations.find(token);
    if (!found) return res.status(404).render('auth/invitation-invalid', { title: 'invitation.invalidTitle' });
    const problems = this.invitations.checkPassword(form.password, form.confirm);
    if (problems.length > 0) {
      return res.status(400).render('auth/invitation', {
        title: 'invitation.title',
        name: found.user.name,
        email: found.user.email,
        token,
        errors: Object.fromEntries(problems.map((p) => [p.field, p.key])),
      });
    }
    await this.invitations.accept(token, form.password);
    res.redirect(303, '/login?welcome=1');
  }
}
