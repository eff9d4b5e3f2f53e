import { IsIn, IsOptional } from 'class-validator';
import { MALFORMED } from '../common/form-fields';
import { CHOICES } from './kinds';

/** A choice per kind; a kind not offered to the person is not sent, and one sent that is not theirs is ignored. */
export class SettingsForm {
  @IsOptional()
  @IsIn(CHOICES, { message: MALFORMED })
  entries_returned?: string;

  @IsOptional()
  @IsIn(CHOICES, { message: MALFORMED })
  entries_approved?: string;

  @IsOptional()
  @IsIn(CHOICES, { message: MALFORMED })
  waiting_entries?: string;

  @IsOptional()
  @IsIn(CHOICES, { message: MALFORMED })
  milestone_reminder?: string;

  @IsOptional()
  @IsIn(CHOICES, { message: MALFORMED })
  assessor_feedback?: string;

  @IsOptional()
  @IsIn(CHOICES, { message: MALFORMED })
  new_hand_in?: string;
}
