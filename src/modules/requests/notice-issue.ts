/**
 * From a request and what just happened to the filled notice: the values every template may use,
 * dates written in Chinese, the reply's outcome-specific sentences (notices.ts `replyValues`) and
 * the remedies sentence (outcomes.ts). The service stores the filled title and paragraphs, so a
 * notice reads the same however its template is edited later.
 */
import {
  chineseDate,
  DEFAULT_TEMPLATES,
  feeValues,
  fillTemplate,
  numberedList,
  renderDocx,
  replyValues,
  type FilledNotice,
  type NoticeDocument,
  type NoticeKind,
  type Template,
} from './notices.ts';
import type { FeeBreakdown } from './fees.ts';
import { OUTCOME_INFO, reconsiderationFirst, remediesText, type ReplyDraft } from './outcomes.ts';
import type { NoticeRow } from './store.ts';

/** Who writes and about which request: in every notice. Dates are YYYY-MM-DD. */
export interface NoticeCommon {
  applicantName: string;
  agencyName: string;
  trackingNumber: string;
  receivedOn: string;
  description: string;
  issuedOn: string;
  contact: string;
}

/** What each kind adds, as the service knows it (dates YYYY-MM-DD). */
export type NoticeFacts =
  | { kind: 'acknowledgement'; channel: string; dueOn: string }
  | { kind: 'correction'; items: readonly string[]; correctionDueOn: string }
  | { kind: 'extension'; reason: string; extensionDays: number; dueOn: string }
  | { kind: 'third_party_consultation'; thirdPartyName: string; reason: string; answerDueOn: string }
  | {
      kind: 'third_party_override';
      thirdPartyName: string;
      reason: string;
      disclosedContent: string;
      remedies: { reconsiderationOrgan: string; court: string };
    }
  | { kind: 'reasons_request'; reason: string; reasonsDueOn: string }
  | { kind: 'long_limit'; reason: string; dueOn: string }
  | { kind: 'fee'; fee: FeeBreakdown; paymentMethod: string }
  | { kind: 'reply'; reply: ReplyDraft };

/** The remedies sentence for a reply, or '' for a favourable one (条例第五十一条). */
export function replyRemedies(d: ReplyDraft): string {
  if (!OUTCOME_INFO[d.outcome].adverse || !d.remedies) return '';
  return remediesText(d.remedies, { reconsiderationFirst: reconsiderationFirst(d.outcome) });
}

function kindValues(f: NoticeFacts): Record<string, string> {
  switch (f.kind) {
    case 'acknowledgement':
      return { channel: f.channel, dueOn: chineseDate(f.dueOn) };
    case 'correction':
      return { items: numberedList(f.items), correctionDueOn: chineseDate(f.correctionDueOn) };
    case 'extension':
      return { reason: f.reason, extensionDays: String(f.extensionDays), dueOn: chineseDate(f.dueOn) };
    case 'third_party_consultation':
      return { thirdPartyName: f.thirdPartyName, reason: f.reason, answerDueOn: chineseDate(f.answerDueOn) };
    case 'third_party_override':
      return {
        thirdPartyName: f.thirdPartyName,
        reason: f.reason,
        disclosedContent: f.disclosedContent,
        remedies: remediesText(f.remedies),
      };
    case 'reasons_request':
      return { reason: f.reason, reasonsDueOn: chineseDate(f.reasonsDueOn) };
    case 'long_limit':
      return { reason: f.reason, dueOn: chineseDate(f.dueOn) };
    case 'fee':
      return { ...feeValues(f.fee), paymentMethod: f.paymentMethod };
    case 'reply': {
      const { remedies: _omit, ...draft } = f.reply;
      return replyValues({ ...draft, remedies: replyRemedies(f.reply) });
    }
  }
}

/** Fills the agency's template (or the default) for these facts. */
export function renderNotice(
  template: Template | null,
  common: NoticeCommon,
  facts: NoticeFacts,
): FilledNotice {
  const t = template ?? DEFAULT_TEMPLATES[facts.kind];
  return fillTemplate(t, {
    ...common,
    receivedOn: chineseDate(common.receivedOn),
    issuedOn: chineseDate(common.issuedOn),
    ...kindValues(facts),
  });
}

export type { NoticeKind };

/** A stored notice, ready to render (as .docx, or as HTML for the print view). */
export function noticeDocument(row: NoticeRow, agencyName: string): NoticeDocument {
  return {
    title: row.title,
    paragraphs: JSON.parse(row.paragraphs) as string[],
    agencyName,
    issuedOn: row.issued_on,
  };
}

/** A stored notice as .docx. */
export function noticeDocx(row: NoticeRow, agencyName: string): Promise<Buffer> {
  return renderDocx(noticeDocument(row, agencyName));
}
