import { IsOptional, IsString, MaxLength } from 'class-validator';
import { MALFORMED } from '../common/form-fields';

/** A code from the app, or a recovery code; whether it is right is the service's to say, beside the field. */
export class CodeForm {
  @IsString({ message: MALFORMED })
  @MaxLength(100, { message: 'secondFactor.code.error.wrong' })
  code: string = '';

  @IsOptional()
  @IsString()
  next?: string;
}

/** Either the password or a current code turns the factor off. */
export class DisableForm {
  @IsString({ message: MALFORMED })
  @MaxLength(1000, { message: MALFORMED })
  password: string = '';

  @IsString({ message: MALFORMED })
  @MaxLength(100, { message: 'secondFactor.code.error.wrong' })
  code: string = '';
}
