import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { HealthRepository } from './health.repository';

/** The server's and the database's state, for monitoring. */
@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: HealthRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report() {
    const database = this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    let up = false;
    let pendingMigrations = false;
    try {
      await this.repository.ping();
      pendingMigrations = await this.repository.pendingMigrations();
      up = true;
    } catch {
      up = false;
    }
    return {
      status: up && !pendingMigrations ? 'ok' : 'error',
      version: this.config.version,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      database: { type: database, status: up ? 'up' : 'down', migrations: up ? (pendingMigrations ? 'pending' : 'current') : 'unknown' },
    };
  }
}
