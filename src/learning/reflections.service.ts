import { findIdentifyingDetail } from '../common/identifying-details';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { AccessService, EnrolmentAccess } from '../cohorts/access.service';
import { FieldErrors, FormResult } from '../common/form-result';
import { THEMES, type Theme } from '../curricula/curriculum.types';
import { Reflection } from './reflection.entity';
import { ReflectionsRepository } from './reflections.repository';

export interface ReflectionForm {
  module?: string;
  prompt?: string;
  text?: string;
  themes?: string[];
  version?: string;
}

const MAX_TEXT = 10_000;

/**
 * Reflections are the student's own: only they write and edit them. A supervisor
 * assigned to the enrolment sees the ones the student shares, and nobody else
 * ever does: not coordinators, employers or administrators.
 */
@Injectable()
export class ReflectionsService {
  constructor(
    @InjectRepository(Reflection) private readonly reflections: Repository<Reflection>,
    private readonly repository: ReflectionsRepository,
    private readonly access: AccessService,
  ) {}

  private async readable(user: SessionUser, enrolmentId: number): Promise<{ found: EnrolmentAccess; sharedOnly: boolean }> {
    const found = await this.access.enrolment(user, enrolmentId);
    if (found.isStudent) return { found, sharedOnly: false };
    if (found.relations.has('supervisor')) return { found, sharedOnly: true };
    throw new NotFoundException();
  }

  /** The enrolment's reflections grouped by theme, optionally one theme only. */
  async list(user: SessionUser, enrolmentId: number, theme?: string) {
    const { found, sharedOnly } = await this.readable(user, enrolmentId);
    const all = await this.reflections.find({ where: { enrolmentId, ...(sharedOnly ? { shared: true } : {}) }, order: { createdAt: 'DESC', id: 'DESC' } });
    const chosen = (THEMES as readonly string[]).includes(theme ?? '') ? (theme as Theme) : undefined;
    const withContext = all.map((r) => ({ reflection: r, ...this.context(found, r) }));
    const groups = THEMES.filter((t) => !chosen || t === chosen)
      .map((t) => ({ theme: t, items: withContext.filter((r) => r.reflection.themes.includes(t)) }))
      .filter((g) => g.items.length > 0);
    return {
      title: 'reflections.title',
      enrolment: found.enrolment,
      cohort: found.cohort,
      programme: found.programme,
      isStudent: found.isStudent,
      count: all.length,
      chosen,
      themeOptions: THEMES.map((t) => ({ value: t, current: t === chosen, count: all.filter((r) => r.themes.includes(t)).length })),
      groups,
    };
  }

  private context(found: EnrolmentAccess, reflection: Reflection) {
    const module = found.programme.content.modules.find((m) => m.key === reflection.moduleKey);
    return { module, prompt: module?.reflections.find((p) => p.key === reflection.promptKey) };
  }

  async newForm(user: SessionUser, enrolmentId: number, moduleKey: string, promptKey: string, values?: ReflectionForm, errors: Record<string, unknown> = {}) {
    const found = await this.access.enrolment(user, enrolmentId);
    if (!found.isStudent) throw new NotFoundException();
    const module = found.programme.content.modules.find((m) => m.key === moduleKey);
    const prompt = module?.reflections.find((p) => p.key === promptKey);
    if (!module || !prompt) throw new NotFoundException();
    const chosen = values?.themes ?? prompt.themes;
    return {
      title: 'reflections.new.title',
      enrolment: found.enrolment,
      programme: found.programme,
      module,
      prompt,
      values: { module: moduleKey, prompt: promptKey, ...values },
      errors,
      themeOptions: THEMES.map((t) => ({ value: t, labelKey: `theme.${t}`, checked: chosen.includes(t) })),
    };
  }

  async create(user: SessionUser, enrolmentId: number, form: ReflectionForm): Promise<FormResult> {
    const page = await this.newForm(user, enrolmentId, form.module ?? '', form.prompt ?? '', form);
    const errors = this.check(form);
    if (errors.any) return { status: 400, data: { ...page, errors: errors.errors } };
    await this.reflections.insert({
      enrolmentId,
      moduleKey: page.module.key,
      promptKey: page.prompt.key,
      text: form.text!.trim(),
      themes: form.themes as Theme[],
      shared: false,
    });
    return { redirect: `/enrolments/${enrolmentId}/modules/${page.module.key}#reflections` };
  }

  private async own(user: SessionUser, reflectionId: number): Promise<{ reflection: Reflection; found: EnrolmentAccess }> {
    const reflection = Number.isSafeInteger(reflectionId) ? await this.reflections.findOne({ where: { id: reflectionId } }) : null;
    if (!reflection) throw new NotFoundException();
    const found = await this.access.enrolment(user, reflection.enrolmentId).catch(() => {
      throw new NotFoundException();
    });
    if (!found.isStudent) throw new NotFoundException();
    return { reflection, found };
  }

  async editForm(user: SessionUser, reflectionId: number, values?: ReflectionForm, errors: Record<string, unknown> = {}) {
    const { reflection } = await this.own(user, reflectionId);
    const page = await this.newForm(user, reflection.enrolmentId, reflection.moduleKey, reflection.promptKey, values ?? {
      text: reflection.text,
      themes: reflection.themes,
      version: String(reflection.version),
    }, errors);
    return { ...page, title: 'reflections.edit.title', reflection };
  }

  async update(user: SessionUser, reflectionId: number, form: ReflectionForm & { share?: string }): Promise<FormResult> {
    const { reflection } = await this.own(user, reflectionId);
    const share = form.share === 'yes';
    const errors = this.check(form, reflection.shared || share);
    if (errors.any) return { status: 400, data: await this.editForm(user, reflectionId, form, errors.errors) };
    const changes = { text: form.text!.trim(), themes: form.themes as Theme[], ...(share ? { shared: true } : {}) };
    const rewritten = await this.repository.rewriteIfUnchanged(reflection.id, Number(form.version), changes);
    if (!rewritten) throw new ConflictException();
    return { redirect: `/enrolments/${reflection.enrolmentId}/modules/${reflection.moduleKey}#reflection-${reflection.id}` };
  }

  /**
   * Shares a reflection with the enrolment's supervisors, or takes it back. A text that would identify someone
   * is not shared: the student is taken to it, with the reason beside it, and saving it there shares it.
   */
  async setShared(user: SessionUser, reflectionId: number, shared: boolean, back?: string): Promise<FormResult> {
    const { reflection } = await this.own(user, reflectionId);
    const detail = shared ? findIdentifyingDetail(reflection.text) : undefined;
    if (detail) {
      const values = { text: reflection.text, themes: reflection.themes, version: String(reflection.version), share: 'yes' };
      return { status: 400, data: await this.editForm(user, reflectionId, values, { text: `reflections.error.${detail}` }) };
    }
    await this.reflections.update({ id: reflection.id }, { shared });
    const fallback = `/enrolments/${reflection.enrolmentId}/modules/${reflection.moduleKey}#reflection-${reflection.id}`;
    return { redirect: back === 'list' ? `/enrolments/${reflection.enrolmentId}/reflections#reflection-${reflection.id}` : fallback };
  }

  /** The form's rules; a text others will read must not identify anyone. */
  private check(form: ReflectionForm, sharedWithOthers = false): FieldErrors {
    const errors = new FieldErrors();
    const text = (form.text ?? '').trim();
    const detail = sharedWithOthers ? findIdentifyingDetail(text) : undefined;
    if (!text) errors.add('text', 'reflections.error.textRequired');
    else if (text.length > MAX_TEXT) errors.add('text', 'reflections.error.textTooLong', { max: MAX_TEXT });
    else if (detail) errors.add('text', `reflections.error.${detail}`);
    const themes = form.themes ?? [];
    if (themes.length === 0) errors.add('themes', 'reflections.error.themeRequired');
    else if (themes.some((t) => !(THEMES as readonly string[]).includes(t))) errors.add('themes', 'reflections.error.themeUnknown');
    return errors;
  }
}
