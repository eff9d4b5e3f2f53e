import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Organisation } from './organisation.entity';
import { OrganisationFields, OrganisationsRepository } from './organisations.repository';
import { isUniqueViolation, RecordChanged } from './users.service';

/** Another organisation already has this organisation number. */
export class OrganisationNumberTaken extends Error {
  constructor() {
    super('Another organisation has this organisation number');
    this.name = 'OrganisationNumberTaken';
  }
}

export type { OrganisationFields };

/** Employers and placement sites: each organisation number belongs to one of them at most. */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly repository: OrganisationsRepository,
  ) {}

  list(): Promise<Organisation[]> {
    return this.organisations.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  listWithPeople(): Promise<{ organisation: Organisation; people: number }[]> {
    return this.repository.listWithPeople();
  }

  find(id: number): Promise<Organisation | null> {
    return this.organisations.findOne({ where: { id } });
  }

  exists(id: number): Promise<boolean> {
    return this.organisations.exists({ where: { id } });
  }

  async create(fields: OrganisationFields): Promise<Organisation> {
    await this.checkNumber(fields.organisationNumber, 0);
    try {
      return await this.organisations.save(this.organisations.create(fields));
    } catch (error) {
      if (isUniqueViolation(error)) throw new OrganisationNumberTaken();
      throw error;
    }
  }

  /** Changes the organisation as shown at `version`. */
  async update(id: number, version: number, fields: OrganisationFields): Promise<void> {
    await this.checkNumber(fields.organisationNumber, id);
    let updated: boolean;
    try {
      updated = await this.repository.updateIfVersion(id, version, fields);
    } catch (error) {
      if (isUniqueViolation(error)) throw new OrganisationNumberTaken();
      throw error;
    }
    if (!updated) throw new RecordChanged();
  }

  /** The unique index decides between two saved at once; this says so before, in the common case. */
  private async checkNumber(organisationNumber: string | null, exceptId: number): Promise<void> {
    if (!organisationNumber) return;
    const holder = await this.organisations.findOne({ where: { organisationNumber } });
    if (holder && holder.id !== exceptId) throw new OrganisationNumberTaken();
  }
}
