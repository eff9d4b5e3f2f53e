/**
 * {{#keep kept keeper}}…{{/keep}}: a part of a page that is costly to render and kept between requests
 * (PageBodies). With `kept`, a text rendered before, the block is not rendered again and that text is
 * written as it is; without it, the block is rendered and handed to `keeper`, a function, to be kept.
 * Whatever differs from one request to the next (the CSRF token, a flash message) stays outside the block.
 */
import Handlebars, { HelperOptions } from 'handlebars';

export function keep(this: unknown, kept: unknown, keeper: unknown, options: HelperOptions): Handlebars.SafeString {
  if (typeof kept === 'string') return new Handlebars.SafeString(kept);
  const html = options.fn(this);
  if (typeof keeper === 'function') (keeper as (html: string) => void)(html);
  return new Handlebars.SafeString(html);
}
