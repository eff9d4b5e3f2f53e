import { IsEmail, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MALFORMED, RecordVersion, Trimmed } from '../common/form-fields';

/**
 * The fields of a new password are only required to be text here: the rules (length, typed twice) are
 * checked by `checkNewPassword`, which answers beside each field without ever filling one in again.
 */
export class NewPasswordForm {
  @IsString({ message: MALFORMED })
  password: string = '';

  @IsString({ message: MALFORMED })
  confirm: string = '';
}

export class ForgotPasswordForm {
  @Trimmed()
  @IsNotEmpty({ message: 'validation.email.required' })
  @IsEmail({}, { message: 'validation.email.invalid' })
  @MaxLength(254, { message: 'validation.email.invalid' })
  email: string;
}

/** The name's rules are the service's, so that the page shown again knows which session is this one. */
export class ProfileForm {
  @Trimmed()
  @IsString({ message: MALFORMED })
  name: string = '';

  /** '' follows the browser's language. */
  @IsIn(['', 'nb', 'en'], { message: MALFORMED })
  locale: string = '';

  @RecordVersion()
  version: string;
}

export class PasswordChangeForm extends NewPasswordForm {
  @IsString({ message: MALFORMED })
  currentPassword: string = '';
}
