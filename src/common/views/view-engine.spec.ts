import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createViewEngine, Templates } from './view-engine';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'views-'));
  fs.mkdirSync(path.join(dir, 'layouts'));
  fs.mkdirSync(path.join(dir, 'partials'));
  fs.writeFileSync(path.join(dir, 'layouts', 'main.hbs'), '<main data-view="{{view}}">{{{body}}}</main><p>{{who}}</p>');
  fs.writeFileSync(path.join(dir, 'page.hbs'), '<h1>{{heading}}</h1>');
  fs.mkdirSync(path.join(dir, 'parts'));
  fs.writeFileSync(path.join(dir, 'partials', 'who.hbs'), '<b>{{who}}</b>');
  fs.writeFileSync(path.join(dir, 'parts', 'card.hbs'), '<p>{{t "missing.key"}}: {{> who}}</p>');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function render(options: Record<string, unknown>): Promise<string> {
  const engine = createViewEngine(dir, true);
  return new Promise((resolve, reject) => engine(path.join(dir, 'page.hbs'), options, (error, html) => (error ? reject(error) : resolve(html!))));
}

describe('the view engine', () => {
  it('renders the page inside its layout, with the template name on it', async () => {
    expect(await render({ heading: 'Kullet & co', who: 'Kari' })).toBe('<main data-view="page"><h1>Kullet &amp; co</h1></main><p>Kari</p>');
  });

  it('renders the page alone when the page data says no layout', async () => {
    expect(await render({ heading: 'Kullet', who: 'Kari', layout: false })).toBe('<h1>Kullet</h1>');
  });

  it('renders a template by name alone, with the partials and helpers of the pages', () => {
    expect(new Templates(dir, true).render('parts/card', { who: 'Kari & Per' })).toBe('<p>missing.key: <b>Kari &amp; Per</b></p>');
  });
});
