import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Trimmed } from '../common/form-fields';
import { PLACE_MAX } from './teaching-hours';

/**
 * When and where teaching is, as the cohort form and a day's own form send it: times as typed (the services
 * check them, since whether a day ends after it starts may depend on the cohort's hours), an empty field
 * meaning "not given".
 */
export class TeachingHoursFields {
  @Trimmed()
  @IsOptional()
  @IsString()
  startTime?: string;

  @Trimmed()
  @IsOptional()
  @IsString()
  endTime?: string;

  @Trimmed()
  @IsOptional()
  @IsString()
  @MaxLength(PLACE_MAX, { message: 'calendar.hours.error.placeLong' })
  place?: string;
}
