/**
 * The forms on a page as a browser would send them: each form's action, encoding and the fields it
 * would post unchanged (hidden and typed values, checked boxes, the selected or first real option,
 * text areas and the first submit button that carries a name).
 */

export interface PageForm {
  action: string;
  multipart: boolean;
  /** Field name to value(s) as the browser would post them; a field posted twice holds a list. */
  fields: Record<string, string | string[]>;
  /** Every field name the form has, sent or not (unchecked boxes, the other buttons). */
  names: string[];
}

const decode = (text: string) =>
  text
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const attribute = (tag: string, name: string): string | undefined => {
  const match = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return match ? decode(match[1]) : undefined;
};
const flag = (tag: string, name: string) => new RegExp(`\\s${name}(\\s|>|=)`, 'i').test(tag);

export function formsOn(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, attributes, body] = match;
    if ((attribute(`<form${attributes}`, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    const fields: Record<string, string | string[]> = {};
    const names = new Set<string>();
    const add = (name: string, value: string) => {
      const before = fields[name];
      fields[name] = before === undefined ? value : ([] as string[]).concat(before, value);
    };
    let buttonSent = false;
    for (const element of body.matchAll(/<(input|button)\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>|<textarea\b[^>]*>[\s\S]*?<\/textarea>/gi)) {
      const tag = element[0];
      const name = attribute(tag, 'name');
      if (!name) continue;
      names.add(name);
      if (/^<textarea/i.test(tag)) {
        add(name, decode(/>([\s\S]*?)<\/textarea>/i.exec(tag)![1]));
      } else if (/^<select/i.test(tag)) {
        const options = [...tag.matchAll(/<option\b[^>]*>/gi)].map((o) => o[0]);
        const chosen = options.find((o) => flag(o, 'selected')) ?? options.find((o) => attribute(o, 'value')) ?? options[0];
        if (chosen) add(name, attribute(chosen, 'value') ?? '');
      } else if (/^<button/i.test(tag)) {
        if (!buttonSent && (attribute(tag, 'type') ?? 'submit') === 'submit') {
          add(name, attribute(tag, 'value') ?? '');
          buttonSent = true;
        }
      } else {
        const type = (attribute(tag, 'type') ?? 'text').toLowerCase();
        if (type === 'file') continue;
        if ((type === 'checkbox' || type === 'radio') && !flag(tag, 'checked')) continue;
        if (type === 'submit') {
          if (buttonSent) continue;
          buttonSent = true;
        }
        add(name, attribute(tag, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''));
      }
    }
    forms.push({
      action: attribute(`<form${attributes}`, 'action') ?? '',
      multipart: /multipart\/form-data/i.test(attribute(`<form${attributes}`, 'enctype') ?? ''),
      fields,
      names: [...names],
    });
  }
  return forms;
}

/** The one form on the page that posts to this address. */
export function formFor(html: string, action: string): PageForm {
  const form = formsOn(html).find((f) => f.action === action);
  if (!form) throw new Error(`No form posting to ${action} on the page`);
  return form;
}
