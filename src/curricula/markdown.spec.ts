import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders headings, lists and emphasis', () => {
    const html = renderMarkdown('## Håp\n\n- *en* ting\n- **to**');
    expect(html).toContain('<h2>Håp</h2>');
    expect(html).toContain('<li><em>en</em> ting</li>');
    expect(html).toContain('<strong>to</strong>');
  });

  it('never lets a script, an event handler or a javascript: link through', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[klikk](javascript:alert(1)) [trygg](https://example.org)',
    );
    expect(html).not.toMatch(/<(script|img)\b/i);
    expect(html).not.toMatch(/<[^>]*\bonerror=/i);
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="https://example.org">trygg</a>');
  });

  it('turns a level-one heading into level two so the page keeps one h1', () => {
    expect(renderMarkdown('# Tittel')).toBe('<h2>Tittel</h2>\n');
  });
});
