import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { helpers } from './helpers';

type Render = (filePath: string, options: Record<string, unknown>, callback: (err: Error | null, html?: string) => void) => void;

/**
 * The templates under `views/`, with every helper and with every file under `views/partials/` as a partial
 * named by its path ("form/field"). With `cache`, each file is read and compiled once.
 */
export class Templates {
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private hbs?: typeof Handlebars;

  constructor(
    readonly viewsDir: string,
    private readonly cache: boolean,
  ) {}

  /** A template by its name under `views/` ("progress/fragments/cohort-students"), rendered alone: no layout. */
  render(name: string, data: Record<string, unknown>): string {
    return this.file(path.join(this.viewsDir, `${name}.hbs`))(data);
  }

  /** The compiled template of one file. */
  file(file: string): Handlebars.TemplateDelegate {
    const engine = this.instance();
    let fn = this.cache ? this.compiled.get(file) : undefined;
    if (!fn) {
      fn = engine.compile(fs.readFileSync(file, 'utf8'), { strict: false });
      if (this.cache) this.compiled.set(file, fn);
    }
    return fn;
  }

  private instance(): typeof Handlebars {
    if (this.hbs && this.cache) return this.hbs;
    const hbs = Handlebars.create();
    hbs.registerHelper(helpers);
    const partialsDir = path.join(this.viewsDir, 'partials');
    for (const file of listTemplates(partialsDir)) {
      const name = path.relative(partialsDir, file).replace(/\.hbs$/, '').split(path.sep).join('/');
      hbs.registerPartial(name, fs.readFileSync(file, 'utf8'));
    }
    this.compiled.clear();
    this.hbs = hbs;
    return hbs;
  }
}

/**
 * An Express view engine on Handlebars: every page is rendered inside a layout
 * (`views/layouts/<name>.hbs`, `main` unless the page data says `layout`).
 */
export function createViewEngine(viewsDir: string, cache: boolean): Render {
  const templates = new Templates(viewsDir, cache);

  return function render(filePath: string, options: Record<string, unknown>, callback: (err: Error | null, html?: string) => void) {
    try {
      // The page's template name, on <body data-view>, so tests can tell pages of one kind apart.
      const view = path.relative(viewsDir, filePath).replace(/\.hbs$/, '').split(path.sep).join('/');
      const body = templates.file(filePath)({ ...options, view });
      const layout = options.layout === false ? undefined : String(options.layout ?? 'main');
      if (!layout) return callback(null, body);
      const html = templates.file(path.join(viewsDir, 'layouts', `${layout}.hbs`))({ ...options, view, body });
      callback(null, html);
    } catch (error) {
      callback(error as Error);
    }
  };
}

function listTemplates(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTemplates(full);
    return entry.name.endsWith('.hbs') ? [full] : [];
  });
}
