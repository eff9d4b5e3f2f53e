import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { Transactions } from '../database/transactions';
import { CurriculumVersion } from './curriculum-version.entity';
import { CurriculumProblemsError, LoadedCurriculum, loadCurricula } from './curriculum-loader';
import type { CurriculumModule, Lesson } from './curriculum.types';
import { renderMarkdown } from './markdown';

export interface LessonView {
  version: CurriculumVersion;
  module: CurriculumModule;
  moduleIndex: number;
  lesson: Lesson;
  previous?: { module: CurriculumModule; lesson: Lesson };
  next?: { module: CurriculumModule; lesson: Lesson };
}

/**
 * The programmes from `curricula/`: validated at start-up, stored as immutable
 * versions, and served from memory (the current version of each file).
 */
@Injectable()
export class CurriculaService {
  private readonly logger = new Logger('Curricula');
  private current = new Map<string, CurriculumVersion>();
  private readonly html = new Map<string, string>();
  /** Every stored version asked for so far, by id; the current ones from the start. */
  private readonly byId = new Map<number, CurriculumVersion>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(CurriculumVersion) private readonly versions: Repository<CurriculumVersion>,
    private readonly transactions: Transactions,
  ) {}

  /** Loads every programme file; refuses (throws) when any is invalid. Unchanged files make no new version. */
  async syncFromDisk(dir = this.config.curriculaDir): Promise<CurriculumVersion[]> {
    const { curricula, problems } = loadCurricula(dir);
    if (problems.length > 0) throw new CurriculumProblemsError(problems);
    const current = new Map<string, CurriculumVersion>();
    for (const loaded of curricula) current.set(loaded.slug, await this.store(loaded));
    this.current = current;
    for (const version of current.values()) this.byId.set(version.id, version);
    return [...current.values()];
  }

  private store(loaded: LoadedCurriculum): Promise<CurriculumVersion> {
    return this.transactions.run(async (manager) => {
      const repo = manager.getRepository(CurriculumVersion);
      const existing = await repo.findOne({ where: { slug: loaded.slug, contentHash: loaded.hash } });
      if (existing) return existing;
      const latest = await repo.findOne({ where: { slug: loaded.slug }, order: { version: 'DESC' } });
      const version = repo.create({ slug: loaded.slug, version: (latest?.version ?? 0) + 1, contentHash: loaded.hash, content: loaded.content });
      this.logger.log(`Loaded ${loaded.slug} as version ${version.version}`);
      return repo.save(version);
    });
  }

  /** The programmes as their files are now, in catalogue order. */
  list(): CurriculumVersion[] {
    return [...this.current.values()].sort((a, b) => a.content.title.nb.localeCompare(b.content.title.nb, 'nb'));
  }

  getCurrent(slug: string): CurriculumVersion {
    const version = this.current.get(slug);
    if (!version) throw new NotFoundException();
    return version;
  }

  currentVersionOf(slug: string): CurriculumVersion | undefined {
    return this.current.get(slug);
  }

  /** A stored version by id, whether or not its file still looks like this (cohorts are pinned to these). */
  async getVersion(id: number): Promise<CurriculumVersion> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const version = await this.versions.findOne({ where: { id } });
    if (!version) throw new NotFoundException();
    // A stored version never changes (its id stands for one content hash), so it can be kept.
    this.byId.set(id, version);
    return version;
  }

  lesson(version: CurriculumVersion, moduleKey: string, lessonKey: string): LessonView {
    const flat = version.content.modules.flatMap((module, moduleIndex) => module.lessons.map((lesson) => ({ module, moduleIndex, lesson })));
    const index = flat.findIndex((x) => x.module.key === moduleKey && x.lesson.key === lessonKey);
    if (index < 0) throw new NotFoundException();
    const { module, moduleIndex, lesson } = flat[index];
    return { version, module, moduleIndex, lesson, previous: flat[index - 1], next: flat[index + 1] };
  }

  /** The lesson's text as safe HTML, in the wanted language when written, cached per version. */
  lessonHtml(version: CurriculumVersion, lesson: Lesson, locale: 'nb' | 'en'): { html: string; lang: 'nb' | 'en' } {
    const lang = locale === 'en' && lesson.body.en ? 'en' : 'nb';
    const key = `${version.id}:${lesson.file}:${lang}`;
    let html = this.html.get(key);
    if (html === undefined) {
      html = renderMarkdown(lang === 'en' ? lesson.body.en! : lesson.body.nb);
      this.html.set(key, html);
    }
    return { html, lang };
  }
}
