import { AsList, Trimmed } from '../../common/form-fields';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class CohortForm {
  @Trimmed()
  @IsNotEmpty({ message: 'cohort.error.nameRequired' })
  @MaxLength(200, { message: 'cohort.error.nameTooLong' })
  name: string;

  @IsOptional()
  @IsString()
  programme?: string;

  @Trimmed()
  @IsNotEmpty({ message: 'cohort.error.startDateRequired' })
  startDate: string;

  @AsList()
  @IsString({ each: true })
  weekdays: string[] = [];

  @AsList()
  @IsString({ each: true })
  coordinators: string[] = [];

  @IsOptional()
  @IsString()
  version?: string;
}

/** Who follows an enrolment: its supervisors and, where there is one, the employer organisation. */
export class EnrolmentForm {
  @AsList()
  @IsString({ each: true })
  supervisors: string[] = [];

  @IsOptional()
  @IsString()
  employer?: string;

  @IsOptional()
  @IsString()
  version?: string;
}

/** Enrolling a student: an existing account by email, or a new one with a name, and who follows it. */
export class EnrolForm extends EnrolmentForm {
  @Trimmed()
  @IsNotEmpty({ message: 'enrolment.error.emailRequired' })
  @MaxLength(254, { message: 'enrolment.error.emailInvalid' })
  email: string;

  @Trimmed()
  @IsOptional()
  @MaxLength(200, { message: 'enrolment.error.nameTooLong' })
  name?: string;
}
