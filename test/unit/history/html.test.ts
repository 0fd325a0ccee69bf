import fc from 'fast-check';
import { escapeHtml, html } from '../../../lambdas/cli/report/html';

function decodeEntities(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

describe('html', () => {
  it('escapes every interpolated value unless it is already html (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        // Act
        const escaped = escapeHtml(text);

        // Assess
        expect(escaped).not.toMatch(/[<>"']/);
        expect(decodeEntities(escaped)).toBe(text);
        expect(html`<td title="${text}">${text}</td>`.value).toBe(`<td title="${escaped}">${escaped}</td>`);
      }),
    );
  });

  it('keeps nested html, flattens arrays and drops absent values', () => {
    // Act
    const out = html`<ul>${['<a>', 'b'].map((t) => html`<li>${t}</li>`)}${undefined}${false}${0}</ul>`;

    // Assess
    expect(out.value).toBe('<ul><li>&lt;a&gt;</li><li>b</li>0</ul>');
  });
});
