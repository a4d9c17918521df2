import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, invalid, type FieldErrors } from '../../core/errors.ts';
import { formatSize, tooLarge } from '../../core/files/model.ts';
import { publicFormRateLimit } from '../../core/http/security.ts';
import { setCache } from '../../portal/cache.ts';
import { assetUrl, Layout, renderPage } from '../../portal/layout.tsx';
import { documentPath, type Site } from '../../portal/site.ts';
import {
  APPLICANT_TYPE_LABELS,
  APPLICANT_TYPES,
  DELIVERIES,
  DELIVERY_LABELS,
  FORM_LABELS,
  FORMS,
  ID_TYPE_LABELS,
  ID_TYPES,
} from './model.ts';
import { atProofField, MAX_IDENTITY_PROOFS, type IdentityProof } from './intake.ts';
import { renderHtml } from './notices.ts';
import type { PublicMatch, RequestsService, SubmitResult } from './service.ts';
import type { TrackingView } from './schemas.ts';

export const APPLY_PATH = '/apply';
export const TRACK_PATH = '/track';
const MATCHES_PATH = '/apply/matches';
const HTML = 'text/html; charset=utf-8';
const APPLY_SCRIPT = assetUrl('apply.js');
/** The form's file input for copies of the identity document. */
const PROOF_FIELD = 'identityProofs';

export interface RequestsPortalDeps {
  requests: Pick<RequestsService, 'submit' | 'track' | 'trackByToken' | 'alreadyPublic' | 'proofMaxBytes'>;
  site: () => Promise<Site>;
  publicBaseUrl: string;
}

type Form = Record<string, string>;

/** The form's fields as posted (urlencoded): strings only, everything else dropped. */
function formOf(body: unknown): Form {
  const out: Form = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** What /apply was sent: its fields, the identity proofs, and why the upload was refused if it was. */
interface Posted {
  form: Form;
  proofs: IdentityProof[];
  refused: DomainError | null;
}

/**
 * The form as posted: urlencoded (no files) or multipart. Files are read into memory, each up to
 * `maxBytes` (the rest is discarded, so the fields after it still arrive and the page keeps them).
 */
async function posted(req: FastifyRequest, maxBytes: number): Promise<Posted> {
  if (!req.isMultipart()) return { form: formOf(req.body), proofs: [], refused: null };
  const form: Form = {};
  const proofs: IdentityProof[] = [];
  let refused: DomainError | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') form[part.fieldname] = part.value;
        continue;
      }
      const bytes = await part.toBuffer();
      // A file input left empty is sent as a part with no name and no bytes.
      if (part.fieldname !== PROOF_FIELD || (part.filename === '' && bytes.byteLength === 0)) continue;
      const name = part.filename.split(/[\\/]/).pop() ?? '';
      if (part.file.truncated) refused ??= tooLarge(name, maxBytes);
      else proofs.push({ name, bytes });
    }
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !code.startsWith('FST_')) throw e;
    refused =
      code === 'FST_FILES_LIMIT'
        ? invalid(`身份证明最多上传 ${MAX_IDENTITY_PROOFS} 个文件`)
        : invalid('上传的内容有误，请重新选择文件');
  }
  return { form, proofs, refused: refused && atProofField(refused) };
}

function Field({
  name,
  label,
  form,
  errors,
  hint,
  required = false,
  type = 'text',
  autoComplete,
  maxLength,
  accept,
  multiple,
}: {
  name: string;
  label: string;
  form: Form;
  errors: FieldErrors;
  hint?: string;
  required?: boolean;
  type?: string;
  autoComplete?: string;
  maxLength?: number;
  accept?: string;
  multiple?: boolean;
}) {
  const error = errors[name];
  const described = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={name}>
        {label}
        {required ? <span className="required">（必填）</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
      <input
        id={name}
        name={name}
        type={type}
        // A file input cannot be given a value: a page shown again asks for the files again.
        defaultValue={type === 'file' ? undefined : (form[name] ?? '')}
        required={required}
        autoComplete={autoComplete}
        maxLength={maxLength}
        accept={accept}
        multiple={multiple}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  );
}

function Choice({
  name,
  legend,
  options,
  labels,
  form,
  errors,
}: {
  name: string;
  legend: string;
  options: readonly string[];
  labels: Record<string, string>;
  form: Form;
  errors: FieldErrors;
}) {
  const error = errors[name];
  return (
    <fieldset className="field choices" aria-describedby={error ? `${name}-error` : undefined}>
      <legend>
        {legend}
        <span className="required">（必填）</span>
      </legend>
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
      {options.map((o) => (
        <label key={o} className="choice">
          <input type="radio" name={name} value={o} defaultChecked={form[name] === o} required />
          {labels[o]}
        </label>
      ))}
    </fieldset>
  );
}

function Matches({ matches }: { matches: PublicMatch[] }) {
  return (
    <section className="matches" aria-labelledby="matches-title" id="matches" aria-live="polite">
      <h2 id="matches-title">可能已经公开的信息</h2>
      {matches.length === 0 ? (
        <p>没有找到与描述相符的已公开信息。</p>
      ) : (
        <>
          <p>以下信息已经主动公开，可以直接查阅；如仍需申请，请继续填写。</p>
          <ul className="doc-list">
            {matches.map((m) => (
              <li key={m.id}>
                <a href={documentPath(m.id)}>{m.title}</a>
                <p className="doc-meta">
                  {m.docNumber ? <span>{m.docNumber}</span> : null}
                  <span>
                    发布日期 <time dateTime={m.publishedOn}>{m.publishedOn}</time>
                  </span>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ApplyPage({
  site,
  form,
  errors,
  message,
  matches,
  proofMaxBytes,
}: {
  site: Site;
  form: Form;
  errors: FieldErrors;
  message: string | null;
  matches: PublicMatch[] | null;
  /** The largest identity proof accepted, for the hint. */
  proofMaxBytes: number;
}) {
  const agencies = site.agencies;
  return (
    <Layout
      site={site}
      title="在线申请政府信息公开"
      current="on_request"
      crumbs={[{ label: '依申请公开', href: '/disclosure/on-request' }, { label: '在线申请' }]}
      script={APPLY_SCRIPT}
    >
      <h1>在线申请政府信息公开</h1>
      <p className="lead">
        依据《中华人民共和国政府信息公开条例》第二十九条，请填写申请人信息、所需政府信息的描述和获取方式。提交后您会得到申请编号和查询链接，可随时查询办理进度。
      </p>
      {message ? (
        <div className="form-error" role="alert">
          <p>{message}</p>
        </div>
      ) : null}
      <form className="apply-form" method="post" action={APPLY_PATH} encType="multipart/form-data" noValidate>
        <fieldset>
          <legend>受理机关</legend>
          <div className="field">
            <label htmlFor="agencyId">
              向哪个机关申请<span className="required">（必填）</span>
            </label>
            {errors.agencyId ? (
              <p className="field-error" id="agencyId-error">
                {errors.agencyId}
              </p>
            ) : null}
            <select
              id="agencyId"
              name="agencyId"
              required
              defaultValue={form.agencyId ?? ''}
              aria-describedby={errors.agencyId ? 'agencyId-error' : undefined}
            >
              <option value="">请选择</option>
              {agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <fieldset>
          <legend>申请人信息</legend>
          <Choice
            name="applicantType"
            legend="申请人类型"
            options={APPLICANT_TYPES}
            labels={APPLICANT_TYPE_LABELS}
            form={form}
            errors={errors}
          />
          <Field
            name="applicantName"
            label="姓名或名称"
            form={form}
            errors={errors}
            required
            autoComplete="name"
            maxLength={100}
          />
          <Field
            name="contactPerson"
            label="联系人（法人或其他组织填写）"
            form={form}
            errors={errors}
            maxLength={50}
          />
          <div className="field">
            <label htmlFor="idType">
              证件类型<span className="required">（必填）</span>
            </label>
            <select id="idType" name="idType" required defaultValue={form.idType ?? 'resident_id'}>
              {ID_TYPES.map((t) => (
                <option key={t} value={t}>
                  {ID_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </div>
          <Field
            name="idNumber"
            label="证件号码"
            form={form}
            errors={errors}
            required
            maxLength={40}
            hint="证件号码加密保存，仅用于核实身份，不会公开。"
          />
          <Field
            name={PROOF_FIELD}
            label="身份证明（可选）"
            type="file"
            form={form}
            errors={errors}
            accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
            multiple
            hint={`可上传证件正反面的照片或扫描件，最多 ${MAX_IDENTITY_PROOFS} 个文件，JPG、PNG 或 PDF 格式，每个不超过 ${formatSize(proofMaxBytes)}。仅供受理机关核实身份，不会公开，也不显示在进度查询页面。`}
          />
          <Field
            name="phone"
            label="联系电话"
            type="tel"
            form={form}
            errors={errors}
            required
            autoComplete="tel"
            maxLength={20}
            hint="查询办理进度时需要输入联系电话的后四位。"
          />
          <Field
            name="email"
            label="电子邮箱"
            type="email"
            form={form}
            errors={errors}
            autoComplete="email"
            maxLength={100}
          />
          <Field
            name="address"
            label="通信地址"
            form={form}
            errors={errors}
            autoComplete="street-address"
            maxLength={200}
          />
          <Field
            name="postalCode"
            label="邮政编码"
            form={form}
            errors={errors}
            autoComplete="postal-code"
            maxLength={6}
          />
        </fieldset>
        <fieldset>
          <legend>所需政府信息</legend>
          <div className="field">
            <label htmlFor="description">
              所需信息的名称、文号或便于查询的其他特征<span className="required">（必填）</span>
            </label>
            {errors.description ? (
              <p className="field-error" id="description-error">
                {errors.description}
              </p>
            ) : null}
            <textarea
              id="description"
              name="description"
              rows={5}
              required
              maxLength={5000}
              defaultValue={form.description ?? ''}
              aria-describedby={errors.description ? 'description-error' : undefined}
              data-matches={MATCHES_PATH}
            />
            <button type="submit" name="check" value="1" className="secondary" formNoValidate>
              先查一查是否已经公开
            </button>
          </div>
          {matches ? <Matches matches={matches} /> : <div id="matches" aria-live="polite" />}
          <div className="field">
            <label htmlFor="purpose">用途（选填）</label>
            <textarea
              id="purpose"
              name="purpose"
              rows={2}
              maxLength={1000}
              defaultValue={form.purpose ?? ''}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>获取方式</legend>
          <Choice
            name="form"
            legend="获取信息的形式"
            options={FORMS}
            labels={FORM_LABELS}
            form={form}
            errors={errors}
          />
          <Choice
            name="delivery"
            legend="获取信息的方式"
            options={DELIVERIES}
            labels={DELIVERY_LABELS}
            form={form}
            errors={errors}
          />
        </fieldset>
        <p className="hint">
          提交即表示您确认所填信息真实。本机关将自收到申请之日起20个工作日内答复（条例第三十三条）；需要补正的，将在7个工作日内一次性告知。
        </p>
        <button type="submit">提交申请</button>
      </form>
    </Layout>
  );
}

export function SubmittedPage({ site, result, link }: { site: Site; result: SubmitResult; link: string }) {
  return (
    <Layout
      site={site}
      title="申请已提交"
      current="on_request"
      crumbs={[{ label: '依申请公开', href: '/disclosure/on-request' }, { label: '申请已提交' }]}
    >
      <h1>申请已提交</h1>
      <div className="notice" role="status">
        <p>
          您的申请已于 <time dateTime={result.receivedOn}>{result.receivedOn}</time> 收到并登记。
        </p>
      </div>
      <dl className="contact">
        <dt>申请编号</dt>
        <dd>
          <strong className="tracking-number">{result.trackingNumber}</strong>
        </dd>
        <dt>答复期限</dt>
        <dd>
          <time dateTime={result.dueOn}>{result.dueOn}</time> 前（20个工作日，补正、征求意见等期间依法另计）
        </dd>
        <dt>您的查询链接</dt>
        <dd>
          <a className="private-link" href={link}>
            {link}
          </a>
        </dd>
      </dl>
      <p>请保存申请编号和查询链接。查询时还需输入您所留联系电话的后四位；本页面不会再次显示此链接。</p>
      <p>
        <a href={TRACK_PATH}>查询办理进度</a>
      </p>
    </Layout>
  );
}

export function TrackPage({
  site,
  form,
  errors,
  message,
  result,
  token,
}: {
  site: Site;
  form: Form;
  errors: FieldErrors;
  message: string | null;
  result: TrackingView | null;
  token: string | null;
}) {
  return (
    <Layout
      site={site}
      title="申请办理进度查询"
      current="on_request"
      crumbs={[{ label: '依申请公开', href: '/disclosure/on-request' }, { label: '进度查询' }]}
    >
      <h1>申请办理进度查询</h1>
      {result ? (
        <Tracking result={result} />
      ) : (
        <>
          {message ? (
            <div className="form-error" role="alert">
              <p>{message}</p>
            </div>
          ) : null}
          <form
            className="apply-form"
            method="post"
            action={token ? `${TRACK_PATH}/${token}` : TRACK_PATH}
            noValidate
          >
            {token ? null : (
              <Field
                name="trackingNumber"
                label="申请编号"
                form={form}
                errors={errors}
                required
                hint="例如 2026-000123"
                maxLength={20}
              />
            )}
            <Field
              name="phoneTail"
              label="联系电话后四位"
              form={form}
              errors={errors}
              required
              autoComplete="off"
              maxLength={4}
            />
            <button type="submit">查询</button>
          </form>
        </>
      )}
    </Layout>
  );
}

function Tracking({ result }: { result: TrackingView }) {
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">申请 {result.trackingNumber}</h2>
      <dl className="contact">
        <dt>受理机关</dt>
        <dd>{result.agencyName}</dd>
        <dt>所需信息</dt>
        <dd>{result.descriptionExcerpt}</dd>
        <dt>收到日期</dt>
        <dd>
          <time dateTime={result.receivedOn}>{result.receivedOn}</time>
        </dd>
        <dt>办理状态</dt>
        <dd>
          <strong>{result.statusLabel}</strong>
          {result.paused ? '（答复期限暂停计算）' : null}
        </dd>
        {result.dueOn ? (
          <>
            <dt>答复期限</dt>
            <dd>
              <time dateTime={result.dueOn}>{result.dueOn}</time>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>告知书</h2>
      {result.notices.length === 0 ? <p>暂无告知书。</p> : null}
      {result.notices.map((n) => (
        // The staff's print view renders the same way; renderHtml escapes every text it prints.
        <div
          key={n.id}
          dangerouslySetInnerHTML={{
            __html: renderHtml(
              {
                title: n.title,
                paragraphs: n.paragraphs,
                agencyName: result.agencyName,
                issuedOn: n.issuedOn,
              },
              3,
            ),
          }}
        />
      ))}
    </section>
  );
}

const send = (reply: FastifyReply, status: number, html: string): FastifyReply =>
  setCache(reply, 'none').status(status).type(HTML).send(html);

/** A refusal to show in the page: the service's Chinese message and its fields. */
function refusal(err: unknown): { status: number; message: string; fields: FieldErrors } {
  if (err instanceof DomainError && err.status < 500) {
    return { status: err.status, message: err.message, fields: err.fields ?? {} };
  }
  throw err;
}

type ApplyProps = Omit<Parameters<typeof ApplyPage>[0], 'site' | 'proofMaxBytes'>;
type TrackProps = Omit<Parameters<typeof TrackPage>[0], 'site'>;
const blankApply: ApplyProps = { form: {}, errors: {}, message: null, matches: null };
const blankTrack: TrackProps = { form: {}, errors: {}, message: null, result: null, token: null };

/**
 * /apply and /track: the applicant's side of 依申请公开, without an account or JavaScript (a small
 * script, /static/apply.js, shows already-public matches while the description is typed). Nothing
 * here is cached: the pages carry personal data or a private link.
 */
export function registerRequestsPortal(app: FastifyInstance, deps: RequestsPortalDeps): void {
  const limited = { config: { rateLimit: publicFormRateLimit }, schema: { hide: true } };
  const apply = async (reply: FastifyReply, status: number, props: Partial<ApplyProps>) =>
    send(
      reply,
      status,
      renderPage(
        <ApplyPage
          site={await deps.site()}
          proofMaxBytes={deps.requests.proofMaxBytes}
          {...blankApply}
          {...props}
        />,
      ),
    );
  const tracking = async (reply: FastifyReply, status: number, props: Partial<TrackProps>) =>
    send(reply, status, renderPage(<TrackPage site={await deps.site()} {...blankTrack} {...props} />));
  const tokenOf = (params: unknown): string => String((params as { token: string }).token).slice(0, 64);

  app.get(APPLY_PATH, { schema: { hide: true } }, async (_req, reply) => apply(reply, 200, {}));

  app.get(MATCHES_PATH, { schema: { hide: true } }, async (req, reply) => {
    const q = (req.query as { q?: unknown }).q;
    const matches =
      typeof q === 'string' && q.trim().length >= 2
        ? await deps.requests.alreadyPublic(q.slice(0, 5000))
        : [];
    return setCache(reply, 'none').send({ matches });
  });

  // Multipart (the identity proofs) is parsed for this route only, each file up to the files
  // service's limit; the form is also taken urlencoded, as it was before it carried files.
  void app.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: false,
      limits: {
        fileSize: deps.requests.proofMaxBytes,
        files: MAX_IDENTITY_PROOFS,
        fields: 40,
        fieldSize: 64 * 1024,
        parts: 50,
        headerPairs: 100,
      },
    });
    scope.post(APPLY_PATH, limited, async (req, reply) => {
      const { form, proofs, refused } = await posted(req, deps.requests.proofMaxBytes);
      // Files chosen are kept only by a submission that succeeds; otherwise they must be chosen again.
      const reselect: FieldErrors =
        proofs.length > 0 || refused ? { [PROOF_FIELD]: '所选文件未保存，请重新选择' } : {};
      if (form.check) {
        const matches = await deps.requests.alreadyPublic((form.description ?? '').slice(0, 5000));
        return apply(reply, 200, { form, matches, errors: reselect });
      }
      try {
        if (refused) throw refused;
        const result = await deps.requests.submit({ ...form, email: form.email ?? '' }, proofs);
        const link = `${deps.publicBaseUrl}${TRACK_PATH}/${result.token}`;
        return await send(
          reply,
          201,
          renderPage(<SubmittedPage site={await deps.site()} result={result} link={link} />),
        );
      } catch (err) {
        const r = refusal(err);
        return apply(reply, r.status, { form, errors: { ...reselect, ...r.fields }, message: r.message });
      }
    });
  });

  app.get(TRACK_PATH, { schema: { hide: true } }, async (_req, reply) => tracking(reply, 200, {}));
  app.get(`${TRACK_PATH}/:token`, { schema: { hide: true } }, async (req, reply) =>
    tracking(reply, 200, { token: tokenOf(req.params) }),
  );

  const track = async (token: string | null, body: unknown, reply: FastifyReply) => {
    const form = formOf(body);
    try {
      const result = token
        ? await deps.requests.trackByToken({ token, phoneTail: form.phoneTail ?? '' })
        : await deps.requests.track(form);
      return await tracking(reply, 200, { form, result, token });
    } catch (err) {
      const r = refusal(err);
      return tracking(reply, r.status, { form, errors: r.fields, message: r.message, token });
    }
  };
  app.post(TRACK_PATH, limited, async (req, reply) => track(null, req.body, reply));
  app.post(`${TRACK_PATH}/:token`, limited, async (req, reply) =>
    track(tokenOf(req.params), req.body, reply),
  );
}
