import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PHASE_KINDS, THEMES, WEEKDAYS } from './curriculum.types';

const KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KEY_MESSAGE = '$property must be lowercase letters, digits and single hyphens (got "$value")';

/** A required nested object of the given class. */
function Nested(type: () => new () => object): PropertyDecorator {
  return (target, key) => {
    IsDefined()(target, key);
    ValidateNested()(target, key);
    Type(type)(target, key);
  };
}

/** A required, non-empty list of the given class. */
function NestedList(type: () => new () => object): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMinSize(1)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(type)(target, key);
  };
}

export class LocalisedTextSchema {
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  nb: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  en?: string;
}

class DurationSchema {
  @IsIn(['weeks', 'months'])
  unit: 'weeks' | 'months';

  @IsInt()
  @Min(1)
  @Max(104)
  length: number;
}

class WorkloadSchema {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7)
  daysPerWeek?: number;

  @IsOptional()
  @IsNumber()
  @Min(1)
  @Max(100)
  percentOfFullTime?: number;
}

class ScheduleSchema {
  @IsInt()
  @Min(1)
  @Max(7)
  daysPerWeek: number;

  @IsArray()
  @ArrayMinSize(1)
  @IsIn([...WEEKDAYS], { each: true })
  weekdays: string[];

  @IsInt()
  @Min(1)
  from: number;

  @IsInt()
  @Min(1)
  to: number;

  @IsNumber()
  @Min(0.5)
  @Max(12)
  hoursPerDay: number;

  @IsOptional()
  @IsNumber()
  @Min(1)
  theoryHours?: number;
}

class PhaseSchema {
  @IsIn([...PHASE_KINDS], { message: `kind must be one of ${PHASE_KINDS.join(', ')} (got "$value")` })
  kind: string;

  @IsInt()
  @Min(1)
  from: number;

  @IsInt()
  @Min(1)
  to: number;
}

class AttendanceSchema {
  @IsNumber()
  @Min(0)
  @Max(100)
  threshold: number;
}

class CategorySchema {
  @IsString()
  @Matches(KEY, { message: KEY_MESSAGE })
  key: string;

  @Nested(() => LocalisedTextSchema)
  title: LocalisedTextSchema;

  @IsOptional()
  @ValidateNested()
  @Type(() => LocalisedTextSchema)
  description?: LocalisedTextSchema;

  @IsOptional()
  @IsNumber()
  @Min(0)
  minimumHours?: number;
}

class PracticeSchema {
  @IsNumber()
  @Min(0)
  requiredHours: number;

  @NestedList(() => CategorySchema)
  categories: CategorySchema[];
}

class PeriodSchema {
  @IsInt()
  @Min(1)
  from: number;

  @IsInt()
  @Min(1)
  to: number;
}

class LessonSchema {
  @IsString()
  @Matches(KEY, { message: KEY_MESSAGE })
  key: string;

  @Nested(() => LocalisedTextSchema)
  title: LocalisedTextSchema;

  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]*\.md$/, { message: 'file must be a file name in lessons/ ending in .md, without folders (got "$value")' })
  file: string;

  @IsInt()
  @Min(1)
  @Max(600)
  minutes: number;
}

class ReflectionSchema {
  @IsString()
  @Matches(KEY, { message: KEY_MESSAGE })
  key: string;

  @Nested(() => LocalisedTextSchema)
  prompt: LocalisedTextSchema;

  @IsArray()
  @ArrayMinSize(1)
  @IsIn([...THEMES], {
    each: true,
    message: ({ value }) => {
      const unknown = (Array.isArray(value) ? value : [value]).filter((v) => !(THEMES as readonly unknown[]).includes(v));
      return `unknown theme ${unknown.map((v) => JSON.stringify(v)).join(', ')}: each theme must be one of ${THEMES.join(', ')}`;
    },
  })
  themes: string[];
}

class ModuleSchema {
  @IsString()
  @Matches(KEY, { message: KEY_MESSAGE })
  key: string;

  @Nested(() => LocalisedTextSchema)
  title: LocalisedTextSchema;

  @Nested(() => LocalisedTextSchema)
  summary: LocalisedTextSchema;

  @Nested(() => PeriodSchema)
  period: PeriodSchema;

  @IsBoolean()
  signOff: boolean;

  @NestedList(() => LessonSchema)
  lessons: LessonSchema[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ReflectionSchema)
  reflections?: ReflectionSchema[];
}

class MilestoneSchema {
  @IsString()
  @Matches(KEY, { message: KEY_MESSAGE })
  key: string;

  @Nested(() => LocalisedTextSchema)
  title: LocalisedTextSchema;

  @IsOptional()
  @ValidateNested()
  @Type(() => LocalisedTextSchema)
  description?: LocalisedTextSchema;

  @IsInt()
  @Min(1)
  dueAfter: number;
}

class AssignmentSchema {
  @Nested(() => LocalisedTextSchema)
  title: LocalisedTextSchema;

  @IsOptional()
  @ValidateNested()
  @Type(() => LocalisedTextSchema)
  description?: LocalisedTextSchema;

  @NestedList(() => MilestoneSchema)
  milestones: MilestoneSchema[];
}

class CompletionSchema {
  @IsBoolean()
  modulesSignedOff: boolean;

  @IsBoolean()
  practiceHours: boolean;

  @IsBoolean()
  attendance: boolean;

  @IsBoolean()
  assignment: boolean;
}

class AssumptionSchema {
  @IsString()
  @IsNotEmpty()
  field: string;

  @Nested(() => LocalisedTextSchema)
  note: LocalisedTextSchema;
}

/** The shape of `curricula/<slug>/curriculum.yaml` (see curricula/README.md). */
export class CurriculumSchema {
  @IsString()
  @Matches(KEY, { message: 'slug must be lowercase letters, digits and single hyphens (got "$value")' })
  slug: string;

  @Nested(() => LocalisedTextSchema)
  title: LocalisedTextSchema;

  @Nested(() => LocalisedTextSchema)
  summary: LocalisedTextSchema;

  @Nested(() => DurationSchema)
  duration: DurationSchema;

  @Nested(() => WorkloadSchema)
  workload: WorkloadSchema;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => PhaseSchema)
  phases?: PhaseSchema[];

  @Nested(() => ScheduleSchema)
  schedule: ScheduleSchema;

  @Nested(() => AttendanceSchema)
  attendance: AttendanceSchema;

  @Nested(() => PracticeSchema)
  practice: PracticeSchema;

  @NestedList(() => ModuleSchema)
  modules: ModuleSchema[];

  @IsOptional()
  @ValidateNested()
  @Type(() => AssignmentSchema)
  assignment?: AssignmentSchema;

  @Nested(() => CompletionSchema)
  completion: CompletionSchema;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AssumptionSchema)
  assumptions?: AssumptionSchema[];
}
