import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Theme } from '../curricula/curriculum.types';
import { Reflection } from './reflection.entity';

/** Students' reflections. */
@Injectable()
export class ReflectionsRepository {
  constructor(@InjectRepository(Reflection) private readonly reflections: Repository<Reflection>) {}

  /** Rewrites a reflection only if it is still the version the form was read at; answers whether it did. */
  async rewriteIfUnchanged(id: number, version: number, change: { text: string; themes: Theme[]; shared?: boolean }): Promise<boolean> {
    const result = await this.reflections
      .createQueryBuilder()
      .update(Reflection)
      .set({ ...change, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return Boolean(result.affected);
  }
}
