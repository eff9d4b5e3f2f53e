import { AsList, RecordVersion } from '../common/form-fields';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class SignoffDto {
  @IsOptional()
  @IsString()
  decision?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  comment?: string;
}

export class ReflectionDto {
  @IsOptional()
  @IsString()
  module?: string;

  @IsOptional()
  @IsString()
  prompt?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50000)
  text?: string;

  @AsList()
  @IsString({ each: true })
  themes: string[] = [];

  /** Checked when a reflection is changed (ReflectionEditDto); a new one has none, and one sent is dropped. */
  version?: string;
}

export class ReflectionEditDto extends ReflectionDto {
  @RecordVersion()
  override version: string = '';

  /** Set when the student came to the form from a refused share: saving then shares it too. */
  @IsOptional()
  @IsString()
  share?: string;
}

export class ShareDto {
  @IsOptional()
  @IsString()
  back?: string;
}
