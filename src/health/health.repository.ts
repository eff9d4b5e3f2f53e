import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What the health report asks the database. */
@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Answers a trivial statement, or throws when the database cannot be reached. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  /** Whether a migration this build knows of has not been run. */
  pendingMigrations(): Promise<boolean> {
    return this.dataSource.showMigrations();
  }
}
