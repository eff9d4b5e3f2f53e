import { AsList, isRowNumber, RecordVersion } from '../common/form-fields';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The entry form as posted; the rules live in entry-rules.ts so the messages can stand beside each field. */
export class EntryDto {
  @IsOptional() @IsString() @MaxLength(20) date?: string;
  @IsOptional() @IsString() @MaxLength(20) hours?: string;
  @IsOptional() @IsString() @MaxLength(20) placement?: string;
  @IsOptional() @IsString() @MaxLength(100) category?: string;
  @IsOptional() @IsString() @MaxLength(20000) description?: string;
  @IsOptional() @IsString() @MaxLength(20000) reflection?: string;
  @AsList() @IsString({ each: true }) themes: string[] = [];
  @IsOptional() @IsString() shareReflection?: string;
  @IsOptional() @IsString() action?: string;
  /** Checked when an entry is changed (EntryEditDto); a new one has none, and one sent is dropped. */
  version?: string;
}

export class EntryEditDto extends EntryDto {
  @RecordVersion() override version: string = '';
}

export class EntryIdsDto {
  @AsList() @IsString({ each: true }) entries: string[] = [];
}

export class CommentDto {
  @IsOptional() @IsString() @MaxLength(20000) comment?: string;
}

export class ReasonDto {
  @IsOptional() @IsString() @MaxLength(20000) reason?: string;
}

export function ids(values: string[]): number[] {
  return [...new Set(values.filter(isRowNumber).map(Number))];
}
