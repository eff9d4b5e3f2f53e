import { TeachingHoursFields } from '../../cohorts/teaching-hours-fields';
import { RecordVersion } from '../../common/form-fields';

/**
 * One teaching day's own start, end and place. An empty field means the cohort's usual one; the service
 * checks the times, since whether the day ends after it starts may depend on the cohort's hours.
 */
export class DayHoursForm extends TeachingHoursFields {
  /** The day's version when the page was shown. */
  @RecordVersion()
  version: string;
}
