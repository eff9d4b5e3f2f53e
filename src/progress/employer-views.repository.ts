import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PreparedSql } from '../database/prepared-sql';
import { Transactions } from '../database/transactions';
import type { ViewKind } from './employer-view.entity';

/** One look at one trainee: [enrolment, viewer, organisation, kind]. */
export type Look = [number, number, number, ViewKind];

/** The log of employers' looks at their trainees, and the organisation a look is made for. */
@Injectable()
export class EmployerViewsRepository {
  private readonly organisationById: PreparedSql<{ id: number }>;
  private readonly insertLooks: PreparedSql<{ rows: string }>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {
    this.organisationById = new PreparedSql(dataSource, 'SELECT id, name FROM organisations WHERE id = :id');
    // The rows come as one JSON array of arrays, so the statement keeps its shape whatever the number of looks and trainees.
    const insert = 'INSERT INTO employer_views (enrolment_id, viewer_id, organisation_id, kind) SELECT';
    this.insertLooks = new PreparedSql<{ rows: string }>(dataSource, {
      sqlite: `${insert} json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(:rows)`,
      postgres: `${insert} CAST(value->>0 AS INTEGER), CAST(value->>1 AS INTEGER), CAST(value->>2 AS INTEGER), value->>3 FROM json_array_elements(CAST(:rows AS json))`,
    });
  }

  async organisation(id: number): Promise<{ id: number; name: string } | undefined> {
    return (await this.organisationById.rows<{ id: number; name: string }>({ id }))[0];
  }

  /** Stores looks in one statement, however many. */
  insert(looks: Look[]): Promise<void> {
    return this.transactions.statement(this.insertLooks, { rows: JSON.stringify(looks) });
  }
}
