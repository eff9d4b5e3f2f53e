import { AsList, RecordVersion, Trimmed } from '../../common/form-fields';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { TeachingHoursFields } from '../../cohorts/teaching-hours-fields';

/** A cohort as its form sends it; when and where teaching days usually are comes from TeachingHoursFields. */
export class CohortForm extends TeachingHoursFields {
  @Trimmed()
  @IsString()
  @IsNotEmpty({ message: 'cohort.error.nameRequired' })
  @MaxLength(200, { message: 'cohort.error.nameTooLong' })
  name: string;

  @IsOptional()
  @IsString()
  programme?: string;

  @Trimmed()
  @IsString()
  @IsNotEmpty({ message: 'cohort.error.startDateRequired' })
  startDate: string;

  @AsList()
  @IsString({ each: true })
  weekdays: string[] = [];

  @AsList()
  @IsString({ each: true })
  coordinators: string[] = [];

  /** Checked on the edit form only (CohortEditForm); a new cohort has none, and one sent is dropped. */
  version?: string;
}

export class CohortEditForm extends CohortForm {
  @RecordVersion()
  override version: string = '';
}

/** Who follows an enrolment: its supervisors and, where there is one, the employer organisation. */
class Followers {
  @AsList()
  @IsString({ each: true })
  supervisors: string[] = [];

  @IsOptional()
  @IsString()
  employer?: string;
}

/** Changing who follows an enrolment, guarded by the version the page showed. */
export class EnrolmentForm extends Followers {
  @RecordVersion()
  version: string;
}

/** Enrolling a student: an existing account by email, or a new one with a name, and who follows it. */
export class EnrolForm extends Followers {
  @Trimmed()
  @IsString()
  @IsNotEmpty({ message: 'enrolment.error.emailRequired' })
  @MaxLength(254, { message: 'enrolment.error.emailInvalid' })
  email: string;

  @Trimmed()
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'enrolment.error.nameTooLong' })
  name?: string;
}
