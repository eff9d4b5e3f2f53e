import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { toNumber } from '../database/prepared-sql';
import { Organisation, OrganisationKind } from './organisation.entity';
import { User } from './user.entity';

export interface OrganisationFields {
  name: string;
  kind: OrganisationKind;
  organisationNumber: string | null;
  contactEmail: string | null;
}

/** The organisations' queries: the list with how many people belong to each, and guarded edits. */
@Injectable()
export class OrganisationsRepository {
  constructor(@InjectRepository(Organisation) private readonly organisations: Repository<Organisation>) {}

  /** Every organisation by name, with the number of people who belong to it. */
  async listWithPeople(): Promise<{ organisation: Organisation; people: number }[]> {
    const { entities, raw } = await this.organisations
      .createQueryBuilder('o')
      .addSelect((sub) => sub.select('COUNT(*)').from(User, 'u').where('u.organisation_id = o.id'), 'people')
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getRawAndEntities<{ people: string | number }>();
    return entities.map((organisation, index) => ({ organisation, people: toNumber(raw[index].people) }));
  }

  /** Changes the organisation if it is still at `version`; false when someone changed it in between. */
  async updateIfVersion(id: number, version: number, fields: OrganisationFields): Promise<boolean> {
    const result = await this.organisations
      .createQueryBuilder()
      .update(Organisation)
      .set({ ...fields, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return Boolean(result.affected);
  }
}
