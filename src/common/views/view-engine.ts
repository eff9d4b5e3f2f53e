import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { helpers } from './helpers';

type Render = (filePath: string, options: Record<string, unknown>, callback: (err: Error | null, html?: string) => void) => void;

/**
 * An Express view engine on Handlebars: every page is rendered inside a layout
 * (`views/layouts/<name>.hbs`, `main` unless the page data says `layout`),
 * and every file under `views/partials/` is a partial named by its path ("form/field").
 */
export function createViewEngine(viewsDir: string, cache: boolean): Render {
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  let hbs: typeof Handlebars | undefined;

  const instance = () => {
    if (hbs && cache) return hbs;
    hbs = Handlebars.create();
    hbs.registerHelper(helpers);
    const partialsDir = path.join(viewsDir, 'partials');
    for (const file of listTemplates(partialsDir)) {
      const name = path.relative(partialsDir, file).replace(/\.hbs$/, '').split(path.sep).join('/');
      hbs.registerPartial(name, fs.readFileSync(file, 'utf8'));
    }
    compiled.clear();
    return hbs;
  };

  const template = (file: string) => {
    const engine = instance();
    let fn = cache ? compiled.get(file) : undefined;
    if (!fn) {
      fn = engine.compile(fs.readFileSync(file, 'utf8'), { strict: false });
      if (cache) compiled.set(file, fn);
    }
    return fn;
  };

  return render;

  function render(filePath: string, options: Record<string, unknown>, callback: (err: Error | null, html?: string) => void) {
    try {
      // The page's template name, on <body data-view>, so tests can tell pages of one kind apart.
      const view = path.relative(viewsDir, filePath).replace(/\.hbs$/, '').split(path.sep).join('/');
      const body = template(filePath)({ ...options, view });
      const layout = options.layout === false ? undefined : String(options.layout ?? 'main');
      if (!layout) return callback(null, body);
      const html = template(path.join(viewsDir, 'layouts', `${layout}.hbs`))({ ...options, view, body });
      callback(null, html);
    } catch (error) {
      callback(error as Error);
    }
  }
}

function listTemplates(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTemplates(full);
    return entry.name.endsWith('.hbs') ? [full] : [];
  });
}
