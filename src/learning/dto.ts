import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';

const list = () => Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]));

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

  @list()
  @IsString({ each: true })
  themes: string[] = [];

  @IsOptional()
  @IsString()
  version?: string;
}

export class ShareDto {
  @IsOptional()
  @IsString()
  back?: string;
}
