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
});
