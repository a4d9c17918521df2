import { DocumentList } from '../modules/documents/portal.tsx';
import { PORTAL_SECTION_LABELS, PORTAL_SECTIONS } from '../modules/documents/model.ts';
import type { PublicDocumentSummary } from '../modules/documents/schemas.ts';
import { Layout } from './layout.tsx';
import { AGENCIES_PATH, ON_REQUEST_PATH, SECTION_PATHS, type Site } from './site.ts';

const SECTION_BLURBS: Record<(typeof PORTAL_SECTIONS)[number], string> = {
  guide: '公开范围、获取方式和政府信息公开工作机构的联系方式。',
  rules: '主动公开、依申请公开、保密审查、政策解读等工作制度。',
  statutory: '《条例》第二十条、第二十一条规定应当主动公开的政府信息。',
  annual_reports: '各机关每年公布的政府信息公开工作年度报告。',
};

export function HomePage({ site, latest }: { site: Site; latest: PublicDocumentSummary[] }) {
  return (
    <Layout site={site} title="政府信息公开" current="home">
      <h1>政府信息公开专栏</h1>
      <p className="lead">
        坚持以公开为常态、不公开为例外。本专栏集中发布{site.regionName}
        及其所属各部门、各乡镇依法主动公开的政府信息，并受理政府信息公开申请。
      </p>
      <section aria-labelledby="columns-title">
        <h2 id="columns-title">专栏导航</h2>
        <ul className="columns">
          {PORTAL_SECTIONS.map((s) => (
            <li key={s}>
              <a href={SECTION_PATHS[s]}>{PORTAL_SECTION_LABELS[s]}</a>
              <p>{SECTION_BLURBS[s]}</p>
            </li>
          ))}
          <li>
            <a href={ON_REQUEST_PATH}>依申请公开</a>
            <p>申请获取未主动公开的政府信息：申请方式、办理程序和期限。</p>
          </li>
          <li>
            <a href={AGENCIES_PATH}>部门和乡镇专栏</a>
            <p>各部门、各乡镇（街道）的政府信息公开指南、制度、法定主动公开内容和年报。</p>
          </li>
        </ul>
      </section>
      <section aria-labelledby="latest-title">
        <h2 id="latest-title">最新公开</h2>
        {latest.length > 0 ? (
          <DocumentList items={latest} />
        ) : (
          <p>尚未公开文件。各机关的文件经审核发布后将在此显示。</p>
        )}
      </section>
    </Layout>
  );
}

/**
 * 依申请公开: the procedure of 条例 Arts 27–33 and 42 in plain words, and the office to apply to.
 * The online application form and the tracking page arrive with the on-request capability.
 */
export function OnRequestPage({ site }: { site: Site }) {
  const office = site.office;
  return (
    <Layout site={site} title="依申请公开" current="on_request" crumbs={[{ label: '依申请公开' }]}>
      <h1>依申请公开</h1>
      <p className="lead">
        除主动公开的政府信息外，公民、法人或者其他组织可以向行政机关申请获取政府信息。以下依据《中华人民共和国政府信息公开条例》说明申请的方式和办理程序。
      </p>
      <div className="notice" role="note">
        <p>
          <a href="/apply">
            <strong>在线申请</strong>
          </a>
          ：无需注册，提交后获得申请编号和查询链接。已提交的申请可以
          <a href="/track">查询办理进度</a>。也可以信函方式或到政府信息公开工作机构当面提交申请。
        </p>
      </div>
      <section aria-labelledby="office-title">
        <h2 id="office-title">受理机构</h2>
        {office ? (
          <dl className="contact">
            <dt>政府信息公开工作机构</dt>
            <dd>{office.name}</dd>
            {office.address ? (
              <>
                <dt>办公地址</dt>
                <dd>{office.address}</dd>
              </>
            ) : null}
            {office.phone ? (
              <>
                <dt>联系电话</dt>
                <dd>{office.phone}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p>受理机构的名称和联系方式将在本区域机构设置完成后在此公布。</p>
        )}
        <p>
          公民、法人或者其他组织可以向地方各级人民政府、对外以自己名义履行行政管理职能的县级以上人民政府部门（含其派出机构、内设机构）申请获取相关政府信息（第二十七条）。
        </p>
      </section>
      <section aria-labelledby="how-title">
        <h2 id="how-title">申请方式和内容</h2>
        <p>
          申请应当向行政机关的政府信息公开工作机构提出，采用包括信件、数据电文在内的书面形式；采用书面形式确有困难的，可以口头提出，由受理机构代为填写申请（第二十九条）。申请应当包括：
        </p>
        <ol>
          <li>申请人的姓名或者名称、身份证明、联系方式；</li>
          <li>申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；</li>
          <li>申请公开的政府信息的形式要求，包括获取信息的方式、途径。</li>
        </ol>
      </section>
      <section aria-labelledby="steps-title">
        <h2 id="steps-title">办理程序和期限</h2>
        <ol className="steps">
          <li>
            <strong>收到申请。</strong>
            当面提交的，以提交之日为收到之日；邮寄的，以签收之日为收到之日（平常信函等无需签收的，由工作机构于收到当日与申请人确认）；通过互联网渠道或者传真提交的，以双方确认之日为收到之日（第三十一条）。
          </li>
          <li>
            <strong>补正。</strong>
            申请内容不明确的，行政机关给予指导和释明，并自收到申请之日起7个工作日内一次性告知申请人补正的事项和合理的补正期限；答复期限自收到补正后的申请之日起重新计算。无正当理由逾期不补正的，视为放弃申请（第三十条）。
          </li>
          <li>
            <strong>征求第三方意见。</strong>
            公开可能损害第三方合法权益的，行政机关书面征求第三方意见，第三方自收到之日起15个工作日内提出意见（第三十二条）。
          </li>
          <li>
            <strong>答复。</strong>
            能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复。需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在上述期限内（第三十三条）。
          </li>
        </ol>
      </section>
      <section aria-labelledby="fee-title">
        <h2 id="fee-title">费用</h2>
        <p>
          行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，行政机关可以收取信息处理费（第四十二条）。
        </p>
      </section>
      <section aria-labelledby="remedy-title">
        <h2 id="remedy-title">救济途径</h2>
        <p>
          认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（第五十一条）。
        </p>
      </section>
    </Layout>
  );
}

export function NotFoundPage({ site }: { site: Site }) {
  return (
    <Layout site={site} title="页面不存在">
      <h1>页面不存在</h1>
      <p className="lead">您访问的页面不存在，可能已被移除，或网址有误。</p>
      <p>您可以：</p>
      <ul className="link-list">
        <li>
          <a href="/">返回首页</a>
        </li>
        {PORTAL_SECTIONS.map((s) => (
          <li key={s}>
            <a href={SECTION_PATHS[s]}>查看{PORTAL_SECTION_LABELS[s]}</a>
          </li>
        ))}
        <li>
          <a href={ON_REQUEST_PATH}>了解依申请公开</a>
        </li>
      </ul>
    </Layout>
  );
}

/** A failed request: 4xx says the request was wrong, anything else that the service failed. */
export function ErrorPage({ site, status }: { site: Site; status: number }) {
  const client = status < 500;
  const title = client ? '请求有误' : '服务暂时不可用';
  return (
    <Layout site={site} title={title}>
      <h1>{title}</h1>
      <p className="lead">
        {client ? '无法处理该请求，请检查网址后重试。' : '很抱歉，页面暂时无法显示。请稍后刷新重试。'}
      </p>
      <p>
        <a href="/">返回首页</a>
      </p>
    </Layout>
  );
}
