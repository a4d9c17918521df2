import { Fragment, type ReactNode } from 'react';
import { GUIDE_FIELD_LABELS, paragraphs, type GuideContent } from './model.ts';
import type { PublicGuide } from './service.ts';

/** Multi-line text as paragraphs. */
function Paragraphs({ text }: { text: string | null }) {
  return (
    <>
      {paragraphs(text).map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </>
  );
}

/** The disclosure office's contact details (条例第十二条): every element, "暂无" where there is none. */
export function GuideContact({ content, brief = false }: { content: GuideContent; brief?: boolean }) {
  const rows: [string, ReactNode][] = [
    [GUIDE_FIELD_LABELS.officeName, content.officeName],
    [GUIDE_FIELD_LABELS.officeAddress, content.officeAddress ?? '暂未公布'],
    [GUIDE_FIELD_LABELS.officeHours, content.officeHours],
    [GUIDE_FIELD_LABELS.phone, content.phone ?? '暂未公布'],
  ];
  if (!brief) {
    rows.push(
      [GUIDE_FIELD_LABELS.fax, content.fax ?? '暂无'],
      [GUIDE_FIELD_LABELS.internetContact, content.internetContact],
    );
    if (content.postalCode) rows.push([GUIDE_FIELD_LABELS.postalCode, content.postalCode]);
  }
  return (
    <dl className="contact">
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/**
 * 政府信息公开指南 with every element of 条例第十二条: the classification and 编排体系 of the
 * information, how to obtain it (proactive and on request, with the fee rule), the disclosure
 * office's contact details, and the remedies.
 */
export function GuideArticle({ guide }: { guide: PublicGuide }) {
  const c = guide.content;
  return (
    <article className="guide">
      <p className="guide-meta">
        更新日期：<time dateTime={guide.updatedOn}>{guide.updatedOn}</time>
      </p>
      <p>
        为了保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第十二条，编制本指南。本指南随机构、联系方式的变化及时更新。
      </p>
      <section aria-labelledby="guide-classification">
        <h2 id="guide-classification">一、政府信息的分类</h2>
        <Paragraphs text={c.classification} />
      </section>
      <section aria-labelledby="guide-arrangement">
        <h2 id="guide-arrangement">二、编排体系</h2>
        <Paragraphs text={c.arrangement} />
      </section>
      <section aria-labelledby="guide-obtain">
        <h2 id="guide-obtain">三、获取政府信息的方式</h2>
        <h3>（一）主动公开</h3>
        <p>
          属于主动公开范围的政府信息，自形成或者变更之日起 20
          个工作日内通过本专栏予以公开（《条例》第二十六条）；也可以到国家档案馆、公共图书馆、政务服务场所设置的政府信息查阅场所查阅（《条例》第二十五条）。
        </p>
        <h3>（二）依申请公开</h3>
        <Paragraphs text={c.howToApply} />
      </section>
      <section aria-labelledby="guide-fee">
        <h2 id="guide-fee">四、信息处理费</h2>
        <Paragraphs text={c.feeRule} />
      </section>
      <section aria-labelledby="guide-office">
        <h2 id="guide-office">五、政府信息公开工作机构</h2>
        <GuideContact content={c} />
      </section>
      <section aria-labelledby="guide-remedy">
        <h2 id="guide-remedy">六、监督和救济</h2>
        <p>
          公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。
        </p>
      </section>
    </article>
  );
}
