import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class SignInDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsNotEmpty({ message: 'validation.email.required' })
  @IsEmail({}, { message: 'validation.email.invalid' })
  @MaxLength(254, { message: 'validation.email.invalid' })
  email: string;

  @IsString({ message: 'validation.password.required' })
  @IsNotEmpty({ message: 'validation.password.required' })
  @MaxLength(1000, { message: 'validation.password.required' })
  password: string;

  @IsOptional()
  @IsString()
  next?: string;
}

export class LocaleDto {
  @IsString()
  locale: string;

  @IsOptional()
  @IsString()
  next?: string;
}
