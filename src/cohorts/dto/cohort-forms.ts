import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
/** A field that may come once or several times (checkboxes) arrives as a string or a list: always a list here. */
const list = () => Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]));

export class CohortForm {
  @trim()
  @IsNotEmpty({ message: 'cohort.error.nameRequired' })
  @MaxLength(200, { message: 'cohort.error.nameTooLong' })
  name: string;

  @IsOptional()
  @IsString()
  programme?: string;

  @trim()
  @IsNotEmpty({ message: 'cohort.error.startDateRequired' })
  startDate: string;

  @list()
  @IsString({ each: true })
  weekdays: string[] = [];

  @list()
  @IsString({ each: true })
  coordinators: string[] = [];

  @IsOptional()
  @IsString()
  version?: string;
}

export class EnrolForm {
  @trim()
  @IsNotEmpty({ message: 'enrolment.error.emailRequired' })
  @MaxLength(254, { message: 'enrolment.error.emailInvalid' })
  email: string;

  @trim()
  @IsOptional()
  @MaxLength(200, { message: 'enrolment.error.nameTooLong' })
  name?: string;

  @list()
  @IsString({ each: true })
  supervisors: string[] = [];

  @IsOptional()
  @IsString()
  employer?: string;
}

export class EnrolmentForm {
  @list()
  @IsString({ each: true })
  supervisors: string[] = [];

  @IsOptional()
  @IsString()
  employer?: string;

  @IsOptional()
  @IsString()
  version?: string;
}
