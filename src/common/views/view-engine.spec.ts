import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createViewEngine } from './view-engine';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'views-'));
  fs.mkdirSync(path.join(dir, 'layouts'));
  fs.mkdirSync(path.join(dir, 'partials'));
  fs.writeFileSync(path.join(dir, 'layouts', 'main.hbs'), '<main data-view="{{view}}">{{{body}}}</main><p>{{who}}</p>');
  fs.writeFileSync(path.join(dir, 'page.hbs'), '<h1>{{heading}}</h1>');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function render(options: Record<string, unknown>): Promise<string> {
  const engine = createViewEngine(dir, true);
  return new Promise((resolve, reject) => engine(path.join(dir, 'page.hbs'), options, (error, html) => (error ? reject(error) : resolve(html!))));
}

describe('the view engine', () => {
  it('renders the page inside its layout, on a later turn of the event loop', async () => {
    let done = false;
    const html = render({ heading: 'Kullet', who: 'Kari' }).then((h) => ((done = true), h));
    expect(done).toBe(false);
    expect(await html).toBe('<main data-view="page"><h1>Kullet</h1></main><p>Kari</p>');
  });

  it('hands the rendered content to keepBody, and puts a kept content in the layout without rendering the page', async () => {
    const kept: string[] = [];
    await render({ heading: 'Kullet & co', who: 'Kari', keepBody: (body: string) => kept.push(body) });
    expect(kept).toEqual(['<h1>Kullet &amp; co</h1>']);
    // The layout is rendered again for each person; the content is the one kept.
    expect(await render({ heading: 'ignored', who: 'Per', renderedBody: kept[0] })).toBe('<main data-view="page"><h1>Kullet &amp; co</h1></main><p>Per</p>');
  });
});
