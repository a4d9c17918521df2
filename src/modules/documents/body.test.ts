import { describe, expect, it } from 'vitest';
import { prepareBody, textToHtml } from './body.ts';

/** The Chinese message prepareBody refuses with (and checks that it is a 400 invalid_input). */
function refusal(html: string): string {
  try {
    prepareBody(html);
  } catch (e) {
    const err = e as { code: string; status: number; message: string; fields: Record<string, string> };
    expect(err.code).toBe('invalid_input');
    expect(err.status).toBe(400);
    expect(err.fields.body).toBe(err.message);
    return err.message;
  }
  throw new Error(`expected prepareBody to refuse ${html}`);
}

describe('what a body may contain is kept as it is', () => {
  it('keeps headings, paragraphs, emphasis, lists, quotes, rules and line breaks', () => {
    const html =
      '<h2>一、总体要求</h2><h3>（一）工作目标</h3><h4>1. 时间安排</h4>' +
      '<p><strong>重点</strong>、<b>加粗</b>、<em>强调</em>、<i>斜体</i>、<u>下划线</u>、<s>删除</s>、' +
      'H<sub>2</sub>O、m<sup>2</sup><br />第二行</p>' +
      '<ol><li><p>第一项</p></li></ol><ul><li>第二项</li></ul><blockquote><p>引文</p></blockquote><hr />';
    expect(prepareBody(html).html).toBe(html);
  });

  it('keeps tables with their header, body and cell spans', () => {
    const html =
      '<table><thead><tr><th colspan="2">联系方式</th></tr></thead>' +
      '<tbody><tr><td rowspan="2">教育局</td><td>0954-1234567</td></tr><tr><td>8:30–17:30</td></tr></tbody></table>';
    expect(prepareBody(html).html).toBe(html);
  });

  it('keeps links to http, https, mailto and this site', () => {
    const html =
      '<p><a href="https://www.gov.cn/zhengce/">国务院政策</a> <a href="http://www.nxxj.gov.cn/">西吉县</a> ' +
      '<a href="mailto:gongkai@nxxj.gov.cn">来信</a> <a href="/documents/abc">站内</a> <a href="#part2">第二部分</a></p>';
    const body = prepareBody(html);
    expect(body.html).toBe(html);
    expect(body.links).toEqual([
      'https://www.gov.cn/zhengce/',
      'http://www.nxxj.gov.cn/',
      'mailto:gongkai@nxxj.gov.cn',
      '/documents/abc',
      '#part2',
    ]);
  });

  it('aligns text only with the text-center and text-right classes', () => {
    expect(prepareBody('<p class="text-right">西吉县人民政府办公室</p>').html).toBe(
      '<p class="text-right">西吉县人民政府办公室</p>',
    );
    expect(prepareBody('<h2 class="text-center">通知</h2>').html).toBe('<h2 class="text-center">通知</h2>');
    expect(prepareBody('<p class="MsoNormal text-center">正文</p>').html).toBe(
      '<p class="text-center">正文</p>',
    );
  });
});

describe('dangerous input is refused, not cleaned', () => {
  it('refuses scripts, frames, plug-ins and style sheets, naming the element', () => {
    expect(refusal('<p>通知</p><script>alert(1)</script>')).toBe(
      '正文含有脚本等不允许的内容（<script>），请删除后重试',
    );
    expect(refusal('<iframe src="https://example.com"></iframe>')).toBe(
      '正文含有脚本等不允许的内容（<iframe>），请删除后重试',
    );
    expect(refusal('<object data="x.swf"></object>')).toContain('（<object>）');
    expect(refusal('<embed src="x.swf">')).toContain('（<embed>）');
    expect(refusal('<style>p{color:red}</style><p>正文</p>')).toContain('（<style>）');
    expect(refusal('<SCRIPT SRC=//evil.example/x.js></SCRIPT>')).toContain('（<script>）');
    expect(refusal('<svg><a href="#">x</a></svg>')).toContain('（<svg>）');
    expect(refusal('<form action="/api/x"><p>表单</p></form>')).toContain('（<form>）');
    expect(refusal('<meta http-equiv="refresh" content="0;url=https://evil.example">')).toContain(
      '（<meta>）',
    );
  });

  it('refuses event-handler attributes on any element, naming the attribute', () => {
    expect(refusal('<p onclick="alert(1)">正文</p>')).toBe(
      '正文含有不允许的事件属性（onclick），请删除后重试',
    );
    expect(refusal('<img src="x.png" onerror="alert(1)">')).toContain('（onerror）');
    expect(refusal('<span OnMouseOver="x()">悬停</span>')).toContain('（onmouseover）');
  });

  it('refuses javascript:, data: and vbscript: URLs however they are spelled', () => {
    expect(refusal('<a href="javascript:alert(1)">点此</a>')).toBe(
      '正文含有不安全的链接地址（javascript:alert(1)），只允许 http、https、mailto 和站内链接，请删除后重试',
    );
    expect(refusal('<a href="JavaScript:alert(1)">x</a>')).toContain('不安全的链接地址');
    expect(refusal('<a href=" java\tscript:alert(1)">x</a>')).toContain('不安全的链接地址');
    expect(refusal('<a href="jav&#x61;script&colon;alert(1)">x</a>')).toContain('不安全的链接地址');
    expect(refusal('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>')).toContain('不安全的链接地址');
    expect(refusal('<a href="vbscript:msgbox(1)">x</a>')).toContain('不安全的链接地址');
    expect(refusal('<img src="data:image/png;base64,iVBORw0KGgo=">')).toContain('不安全的链接地址');
  });

  it('refuses script hidden in a style attribute', () => {
    expect(refusal('<p style="width: expression(alert(1))">x</p>')).toBe(
      '正文含有脚本等不允许的内容（样式中的脚本），请删除后重试',
    );
  });
});

describe('harmless markup outside the allow-list is cleaned away, its text kept', () => {
  it('drops the spans, fonts, styles and classes a paste from Word brings', () => {
    const pasted =
      '<p class="MsoNormal" style="text-indent:2em;mso-line-height-rule:exactly">' +
      '<span lang="EN-US" style="font-family:仿宋_GB2312"><font face="仿宋">各乡镇人民政府</font></span>：</p>';
    expect(prepareBody(pasted).html).toBe('<p>各乡镇人民政府：</p>');
  });

  it('turns h1 into h2 and h5/h6 into h4, and drops images, divs and unknown attributes', () => {
    expect(prepareBody('<h1 id="t">标题</h1><h5>小标题</h5>').html).toBe('<h2>标题</h2><h4>小标题</h4>');
    expect(prepareBody('<div data-x="1"><p title="t">正文<img src="/a.png" alt="图"></p></div>').html).toBe(
      '<p>正文</p>',
    );
  });

  it('keeps the text of links to other schemes (file:, ftp:), not the link', () => {
    const body = prepareBody(
      '<p><a href="file:///C:/公文/附件.doc">附件</a> <a href="ftp://x/y">下载</a></p>',
    );
    expect(body.html).toBe('<p>附件 下载</p>');
    expect(body.links).toEqual([]);
  });

  it('keeps only sensible cell spans, and drops link targets and attributes other than href', () => {
    expect(
      prepareBody('<table><tbody><tr><td colspan="x" rowspan="1">a</td></tr></tbody></table>').html,
    ).toBe('<table><tbody><tr><td>a</td></tr></tbody></table>');
    expect(
      prepareBody('<p><a target="_blank" rel="noopener" title="t" href="https://www.gov.cn">国务院</a></p>')
        .html,
    ).toBe('<p><a href="https://www.gov.cn">国务院</a></p>');
  });

  it('escapes text that only looks like markup, and drops the empty paragraphs the editor leaves', () => {
    expect(prepareBody('<p>1 &lt; 2 &amp; 3 &gt; 2</p><p></p>').html).toBe('<p>1 &lt; 2 &amp; 3 &gt; 2</p>');
    expect(prepareBody('纯文本 <b>加粗</b>').html).toBe('纯文本 <b>加粗</b>');
    expect(prepareBody('').html).toBe('');
  });
});

describe('the plain text for search and screening', () => {
  it('puts each block on its own line, breaks at <br>, and decodes entities', () => {
    const body = prepareBody(
      '<h2>一、总体要求</h2><p>公开&amp;透明，&lt;规范&gt;&nbsp;运行</p>' +
        '<ul><li>第一项</li><li>第二项</li></ul><p class="text-right">西吉县人民政府办公室<br />2018年6月1日</p>',
    );
    expect(body.text).toBe(
      '一、总体要求\n公开&透明，<规范> 运行\n第一项\n第二项\n西吉县人民政府办公室\n2018年6月1日',
    );
  });

  it('collapses whitespace as a browser shows it and gives each table cell a line', () => {
    const body = prepareBody(
      '<p>  联系\n  电话 </p><table><tbody><tr><td><p>姓名</p></td><td>身份证号</td></tr>' +
        '<tr><td>张三</td><td>640422199001011234</td></tr></tbody></table>',
    );
    expect(body.text).toBe('联系 电话\n姓名\n身份证号\n张三\n640422199001011234');
  });

  it('lists each link once, in order of first appearance', () => {
    expect(
      prepareBody('<p><a href="/a">甲</a><a href="https://b.example/">乙</a><a href="/a">甲again</a></p>')
        .links,
    ).toEqual(['/a', 'https://b.example/']);
  });
});

describe('structured text to body HTML', () => {
  const text = [
    '各乡镇人民政府，县政府各部门：',
    '',
    '## 一、总体要求',
    '### （一）工作目标',
    '做好政务公开工作 <务必> & 按时完成。',
    '> 西吉县人民政府办公室',
    '> 2018年6月1日',
  ].join('\n');

  it('turns headings, paragraphs and the signature block into the same allowed HTML', () => {
    expect(textToHtml(text)).toBe(
      '<p>各乡镇人民政府，县政府各部门：</p><h2>一、总体要求</h2><h3>（一）工作目标</h3>' +
        '<p>做好政务公开工作 &lt;务必&gt; &amp; 按时完成。</p>' +
        '<p class="text-right">西吉县人民政府办公室<br />2018年6月1日</p>',
    );
  });

  it('produces HTML that prepareBody keeps unchanged, with the same text', () => {
    const html = textToHtml(text);
    const body = prepareBody(html);
    expect(body.html).toBe(html);
    expect(body.text).toBe(
      '各乡镇人民政府，县政府各部门：\n一、总体要求\n（一）工作目标\n做好政务公开工作 <务必> & 按时完成。\n西吉县人民政府办公室\n2018年6月1日',
    );
  });

  it('never lets markup in the text through', () => {
    expect(textToHtml('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(prepareBody(textToHtml('<script>alert(1)</script>')).text).toBe('<script>alert(1)</script>');
  });
});
