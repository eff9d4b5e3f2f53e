import { CacheModule } from '@nestjs/cache-manager';
import { Module } from '@nestjs/common';
import { Keyv } from 'keyv';
import { Templates } from '../common/views/view-engine';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ChangeStampsRepository } from './change-stamps.repository';
import type { Kept } from './kept-content';
import { KeptContent } from './kept-content';
import { LRUCache } from 'lru-cache';

/**
 * What the kept contents of one process may hold together: some 8 MB of text (16 MB where a character takes
 * two bytes), a couple of hundred cohort tables of 35,000 characters; the least recently used go first.
 */
export const KEPT_LIMITS = { maxEntries: 5_000, maxWeight: 8_000_000 };

/** What Keyv puts in its store for each kept content. */
type Stored = { value: Kept<unknown>; expires?: number };

/**
 * The store under Keyv: lru-cache, bounded by count and by weight (characters), since the contents range from a
 * few hundred characters to a hundred thousand; Keyv's own memory store is an unbounded Map.
 */
export function keptStore(limits: { maxEntries: number; maxWeight: number } = KEPT_LIMITS): LRUCache<string, Stored> {
  return new LRUCache<string, Stored>({ max: limits.maxEntries, maxSize: limits.maxWeight, sizeCalculation: (stored) => Math.max(1, stored.value.html.length) });
}

/** The kept page contents (`KeptContent`): cache-manager over a bounded in-memory store, and the change stamps. */
@Module({
  imports: [
    // A store of its own for each application (tests start several in one process, as separate servers).
    CacheModule.registerAsync({
      useFactory: () => ({
        // The contents are kept as they are, not as JSON text to parse again on every request.
        stores: [new Keyv({ store: keptStore(), namespace: 'kept', serialize: undefined, deserialize: undefined })],
      }),
    }),
  ],
  providers: [
    KeptContent,
    ChangeStampsRepository,
    { provide: Templates, useFactory: (config: AppConfig) => new Templates(config.viewsDir, config.cacheViews), inject: [APP_CONFIG] },
  ],
  exports: [KeptContent],
})
export class KeptContentModule {}
