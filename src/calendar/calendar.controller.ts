import { Controller, Get, Header, Param } from '@nestjs/common';
import { Public } from '../common/public.decorator';
import { CalendarService } from './calendar.service';

/**
 * The private calendar feed, fetched by calendar programs that cannot sign in: the token in the address is
 * the credential, so the route is public and never kept by a cache on the way.
 */
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Public()
  @Get(':file')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  feed(@Param('file') file: string): Promise<string> {
    return this.calendar.feed(file);
  }
}
