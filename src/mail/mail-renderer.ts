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
 * `mail.<template>.subject`. Every template sees `publicUrl`, from which it builds its links. Pieces that
 * several messages share are partials in `views/mail/partials/<name>.html.hbs` and `<name>.text.hbs`.
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
  private partialsRead = false;

  /** Whether both parts of the template exist: checked when a message is written, not when it is sent. */
  has(template: string): boolean {
    const cached = this.cache ? this.known.get(template) : undefined;
    if (cached !== undefined) return cached;
    const found = ['html', 'text'].every((part) => fs.existsSync(this.file(template, part)));
    if (this.cache) this.known.set(template, found);
    return found;
  }

  render(template: string, locale: Locale, data: Record<string, unknown>): RenderedMail {
    this.readPartials();
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

  /** Registers each part of every partial with the engine of its part; once where templates are cached. */
  private readPartials(): void {
    if (this.cache && this.partialsRead) return;
    const dir = path.join(this.mailDir, 'partials');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    for (const file of files) {
      const match = /^(.+)\.(html|text)\.hbs$/.exec(file);
      if (match) (match[2] === 'html' ? this.html : this.text).registerPartial(match[1], fs.readFileSync(path.join(dir, file), 'utf8'));
    }
    this.partialsRead = true;
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
