import sanitizeHtml from 'sanitize-html';
import { invalid } from '../../core/errors.ts';
import { parseBody } from './model.ts';

/**
 * Rich-text bodies (decision 0008): the HTML the console's editor sends is checked and cleaned
 * here before it is stored, and what is stored is all the portal ever renders.
 *
 * - **Refused** (a Chinese error, nothing stored): active content — scripts, frames, plug-ins,
 *   style sheets, forms, SVG/MathML — event-handler attributes (on*), and javascript:/data:/
 *   vbscript: URLs. A body carrying them was not typed into the editor; cleaning it silently would
 *   hide an attack or an accident that someone should see.
 * - **Cleaned away** (silently): harmless markup outside the allow-list, such as the span, font and
 *   style attributes a paste from Word or WPS brings. Their text stays.
 * - **Kept**: the allow-list below, fit for a government document; alignment only as the classes
 *   `text-center` / `text-right` (never inline styles, which the strict CSP would block anyway).
 */

export interface PreparedBody {
  /** The sanitised HTML to store and render. */
  html: string;
  /** Plain text for search and screening: one line per block, entities decoded. */
  text: string;
  /** The link targets (href) in order of first appearance, each once: for broken-link screening. */
  links: string[];
}

/** The elements a body may contain. */
export const BODY_TAGS = [
  'p',
  'br',
  'h2',
  'h3',
  'h4',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'ol',
  'ul',
  'li',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'a',
  'hr',
] as const;

/** Alignment classes (the portal's and the console's stylesheets define them). */
export const ALIGN_CLASSES = ['text-center', 'text-right'] as const;

/** Elements that carry or load active content: a body containing one is refused. */
const DANGEROUS_TAGS = new Set([
  'script',
  'noscript',
  'style',
  'link',
  'meta',
  'base',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'svg',
  'math',
  'template',
]);

/** Attributes that hold a URL, on any element. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'srcset',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
  'background',
  'cite',
  'dynsrc',
  'lowsrc',
]);

/** Schemes that run code or smuggle content in a URL (browsers ignore tabs, newlines, case). */
const DANGEROUS_SCHEME = /^(javascript|vbscript|livescript|data):/i;
/** Schemes a link may use; anything without a scheme is relative (same site). */
const LINK_SCHEMES = ['http', 'https', 'mailto'];

const BLOCK_TAGS = new Set([
  'p',
  'h2',
  'h3',
  'h4',
  'li',
  'blockquote',
  'table',
  'tr',
  'th',
  'td',
  'ul',
  'ol',
  'hr',
]);

const refuse = (message: string): never => {
  throw invalid(message, { body: message });
};

/** A URL as a browser reads it: without the control characters and spaces it skips. */
// eslint-disable-next-line no-control-regex
const urlAsRead = (value: string): string => value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');

function shorten(value: string, max = 40): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** Refuses active content; runs on every opening tag with its entity-decoded attributes. */
function screenTag(name: string, attribs: Record<string, string>): void {
  const tag = name.toLowerCase();
  if (DANGEROUS_TAGS.has(tag)) {
    refuse(`正文含有脚本等不允许的内容（<${tag}>），请删除后重试`);
  }
  for (const [rawName, value] of Object.entries(attribs)) {
    const attr = rawName.toLowerCase();
    if (attr.startsWith('on')) {
      refuse(`正文含有不允许的事件属性（${attr}），请删除后重试`);
    }
    if (URL_ATTRIBUTES.has(attr) && DANGEROUS_SCHEME.test(urlAsRead(value))) {
      refuse(
        `正文含有不安全的链接地址（${shorten(value.trim())}），只允许 http、https、mailto 和站内链接，请删除后重试`,
      );
    }
    if (attr === 'style' && /expression\s*\(|javascript:|behavior\s*:|-moz-binding/i.test(value)) {
      refuse('正文含有脚本等不允许的内容（样式中的脚本），请删除后重试');
    }
  }
}

/** Is this href a link a body may keep: http(s), mailto, or relative? */
function keepsHref(href: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(urlAsRead(href));
  return scheme === null || LINK_SCHEMES.includes((scheme[1] ?? '').toLowerCase());
}

const cellSpan = (value: string | undefined): string | undefined =>
  value !== undefined && /^\d{1,3}$/.test(value.trim()) && Number(value) >= 1
    ? String(Number(value))
    : undefined;

function withCellSpans(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const spans: sanitizeHtml.Attributes = {};
  const colspan = cellSpan(attribs.colspan);
  const rowspan = cellSpan(attribs.rowspan);
  if (colspan && colspan !== '1') spans.colspan = colspan;
  if (rowspan && rowspan !== '1') spans.rowspan = rowspan;
  return { tagName, attribs: spans };
}

/** The escaped text of sanitize-html's output, back to characters. */
const decode = (s: string): string =>
  s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');

/**
 * Plain text of sanitised HTML: each block (paragraph, heading, list item, table cell) on its own
 * line, whitespace collapsed as a browser shows it. The input is sanitize-html's output (allow-listed
 * tags, `<` and `>` escaped everywhere else), so splitting at tags is exact.
 */
function plainText(html: string): string {
  let out = '';
  for (const token of html.split(/(<[^>]*>)/)) {
    if (token.startsWith('<')) {
      const tag = (/^<\/?([a-z0-9]+)/i.exec(token)?.[1] ?? '').toLowerCase();
      if (tag === 'br' || BLOCK_TAGS.has(tag)) out += '\n';
      continue;
    }
    out += decode(token).replace(/[ \t\r\n\f]+/g, ' ');
  }
  return out
    .split('\n')
    .map((line) => line.replace(/[ \u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * Checks and cleans a rich-text body. Throws `invalid_input` (400) with a Chinese message naming
 * the offending element, attribute or URL; otherwise returns the HTML to store, its plain text and
 * its links.
 */
export function prepareBody(html: string): PreparedBody {
  const links: string[] = [];
  const clean = sanitizeHtml(html, {
    allowedTags: [...BODY_TAGS],
    allowedAttributes: {
      a: ['href'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
      p: ['class'],
      h2: ['class'],
      h3: ['class'],
      h4: ['class'],
    },
    allowedClasses: {
      p: [...ALIGN_CLASSES],
      h2: [...ALIGN_CLASSES],
      h3: [...ALIGN_CLASSES],
      h4: [...ALIGN_CLASSES],
    },
    allowedSchemes: LINK_SCHEMES,
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: true,
    // Dropped with everything inside (never reached for the dangerous ones: onOpenTag refuses first).
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'xml'],
    disallowedTagsMode: 'discard',
    onOpenTag: screenTag,
    transformTags: {
      h1: 'h2',
      h5: 'h4',
      h6: 'h4',
      td: withCellSpans,
      th: withCellSpans,
      a: (tagName, attribs): sanitizeHtml.Tag => {
        const href = attribs.href?.trim();
        // A link to file:///C:/… or another scheme (from a paste) keeps its text, not the link.
        if (!href || !keepsHref(href)) return { tagName: 'span', attribs: {} };
        if (!links.includes(href)) links.push(href);
        return { tagName, attribs: { href } };
      },
    },
  });
  // Empty paragraphs from the editor (<p></p>) carry nothing.
  const compact = clean.replace(/<p( class="[^"]*")?><\/p>/g, '').trim();
  return { html: compact, text: plainText(compact), links };
}

const escapeText = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * The structured-text body format (model.ts parseBody: `## `/`### ` headings, `> ` signature lines,
 * paragraphs) as body HTML: headings stay headings, the signature block (落款) becomes one
 * right-aligned paragraph with a line break between its lines. Everything is escaped; the result
 * passes prepareBody unchanged.
 */
export function textToHtml(text: string): string {
  return parseBody(text)
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return `<h${block.level}>${escapeText(block.text)}</h${block.level}>`;
        case 'signature':
          return `<p class="text-right">${block.lines.map(escapeText).join('<br />')}</p>`;
        case 'paragraph':
          return `<p>${escapeText(block.text)}</p>`;
      }
    })
    .join('');
}
