import { IsOptional, IsString } from 'class-validator';
import { AsList, RecordVersion, Trimmed } from '../../common/form-fields';

// Only the shape is checked here: the rules are the services', checked all at once so that every mistake
// is shown beside its field together.

/** A person as an administrator makes them: name, e-mail, one or more roles and, for an employer, the organisation. */
export class PersonForm {
  @Trimmed()
  @IsString()
  name: string = '';

  @Trimmed()
  @IsString()
  email: string = '';

  @AsList()
  @IsString({ each: true })
  roles: string[] = [];

  @IsOptional()
  @IsString()
  organisation?: string;
}

/** The same, changed from the version the page showed. */
export class PersonEditForm extends PersonForm {
  @RecordVersion()
  version: string = '';
}

/** An employer or placement site. */
export class OrganisationForm {
  @Trimmed()
  @IsString()
  name: string = '';

  @IsString()
  kind: string = '';

  @Trimmed()
  @IsOptional()
  @IsString()
  organisationNumber?: string;

  @Trimmed()
  @IsOptional()
  @IsString()
  contactEmail?: string;
}

export class OrganisationEditForm extends OrganisationForm {
  @RecordVersion()
  version: string = '';
}

/** A supervisor or employer contact invited from a cohort's page: an existing account by e-mail, or a new one with a name. */
export class CohortInviteForm {
  @Trimmed()
  @IsString()
  email: string = '';

  @Trimmed()
  @IsOptional()
  @IsString()
  name?: string;

  @IsOptional()
  @IsString()
  organisation?: string;
}
