import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PLACE_MAX } from '../../cohorts/teaching-hours';
import { RecordVersion, Trimmed } from '../../common/form-fields';

/**
 * One teaching day's own start, end and place. An empty field means the cohort's usual one; the service
 * checks the times, since whether the day ends after it starts may depend on the cohort's hours.
 */
export class DayHoursForm {
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

  /** The day's version when the page was shown. */
  @RecordVersion()
  version: string;
}
