import { Controller, Get, Render } from '@nestjs/common';
import type { SessionUser } from '../common/session-user';
import { CurrentUser } from '../common/current-user.decorator';
import { HomeService } from './home.service';

@Controller()
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get()
  @Render('home/index')
  index(@CurrentUser() user: SessionUser) {
    return this.home.forUser(user);
  }
}
