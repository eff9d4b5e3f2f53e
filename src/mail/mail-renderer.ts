import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { helpers } from '../common/views/helpers';
import { translate, type Locale } from '../i18n/i18n';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/**
 * Renders a message from `views/mail/<template>.html.hbs` and `<template>.text.hbs` in the recipient's
 * language, inside `views/mail/layout.html.hbs` and `layout.text.hbs`; the subject is the message
 * `mail.<template>.subject`. Every template sees `publicUrl`, from which it builds its links.
 */
export class MailRenderer {
  private readonly html = Handlebars.create();
  private readonly text = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(
    private readonly mailDir: string,
    private readonly publicUrl: string,
    private readonly cache = true,
  ) {
    this.html.registerHelper(helpers);
    this.text.registerHelper(helpers);
  }

  private readonly known = new Map<string, boolean>();

  /** Whether both parts of the template exist: checked when a message is written, not when it is sent. */
  has(template: string): boolean {
    const cached = this.cache ? this.known.get(template) : undefined;
    if (cached !== undefined) return cached;
    const found = ['html', 'text'].every((part) => fs.existsSync(this.file(template, part)));
    if (this.cache) this.known.set(template, found);
    return found;
  }

  render(template: string, locale: Locale, data: Record<string, unknown>): RenderedMail {
    const context = { ...data, locale, publicUrl: this.publicUrl };
    const subject = translate(locale, `mail.${template}.subject`, data);
    const htmlBody = this.template('html', template)(context);
    const textBody = this.template('text', template)(context);
    return {
      subject,
      html: this.template('html', 'layout')({ ...context, subject, body: htmlBody }),
      text: this.template('text', 'layout')({ ...context, subject, body: textBody }).replace(/\n{3,}/g, '\n\n').trim() + '\n',
    };
  }

  private file(template: string, part: string): string {
    return path.join(this.mailDir, `${template}.${part}.hbs`);
  }

  private template(part: 'html' | 'text', name: string): Handlebars.TemplateDelegate {
    const key = `${part}:${name}`;
    let fn = this.cache ? this.compiled.get(key) : undefined;
    if (!fn) {
      const engine = part === 'html' ? this.html : this.text;
      // A plain-text part has nothing to escape: "&" in a name must stay "&".
      fn = engine.compile(fs.readFileSync(this.file(name, part), 'utf8'), { strict: false, noEscape: part === 'text' });
      if (this.cache) this.compiled.set(key, fn);
    }
    return fn;
  }
}
