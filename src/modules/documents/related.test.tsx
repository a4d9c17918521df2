import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { noInterpretations, RelatedInterpretationsList } from './portal.tsx';

describe('相关解读 on the document page (hook for the interpretation module)', () => {
  it('has nothing to show until the interpretation module provides links', async () => {
    expect(await noInterpretations.forDocument('00000000-0000-4000-8000-000000000001')).toEqual([]);
    expect(renderToStaticMarkup(<RelatedInterpretationsList items={[]} />)).toBe('');
  });

  it('lists each interpretation with its date under a heading', () => {
    const html = renderToStaticMarkup(
      <RelatedInterpretationsList
        items={[{ title: '《学生资助政策》图解', href: '/interpretations/1', publishedOn: '2026-12-02' }]}
      />,
    );
    expect(html).toContain('<h2 id="related-title">相关解读</h2>');
    expect(html).toContain('<a href="/interpretations/1">《学生资助政策》图解</a>');
    expect(html).toContain('<time dateTime="2026-12-02">2026-12-02</time>');
  });
});
