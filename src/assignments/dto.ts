import { IsOptional, IsString } from 'class-validator';
import { RecordVersion } from '../common/form-fields';

/** A hand-in as posted (multipart); the files come through the upload middleware, the rules live in the service. */
export class SubmissionDto {
  @IsOptional() @IsString() text?: string;
  /** Ticked when the student has read the warning about identifying details and hands in anyway. */
  @IsOptional() @IsString() detailsChecked?: string;
}

export class FeedbackDto {
  @IsOptional() @IsString() feedback?: string;
  @IsOptional() @IsString() decision?: string;
  @RecordVersion() version: string;
}

export class AssessorDto {
  @IsOptional() @IsString() assessor?: string;
  @RecordVersion() version: string;
}
