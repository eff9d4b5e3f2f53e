import { IsOptional, IsString } from 'class-validator';
import { RecordVersion } from '../../common/form-fields';

/**
 * The small forms on the list of teaching days: add (date), move (date, version),
 * cancel and restore (version). Only the shape is checked here; the rules (a real
 * date inside the programme, free, the day unchanged since the page was shown) need
 * the cohort, so the service checks them and shows the page again beside the field.
 */
export class DayForm {
  @IsOptional()
  @IsString()
  date?: string;

  /** The day's version when the page was shown. */
  @IsOptional()
  @RecordVersion()
  version?: string;
}
