import {
  AlignCenterOutlined,
  AlignLeftOutlined,
  AlignRightOutlined,
  BoldOutlined,
  DeleteColumnOutlined,
  DeleteRowOutlined,
  InsertRowBelowOutlined,
  InsertRowRightOutlined,
  ItalicOutlined,
  LinkOutlined,
  OrderedListOutlined,
  RedoOutlined,
  StrikethroughOutlined,
  TableOutlined,
  UnderlineOutlined,
  UndoOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Extension, type Editor } from '@tiptap/core';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Button, Divider, Form, Input, Modal, Space, Tooltip } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import styles from './RichTextEditor.module.css';

/**
 * The console's rich-text editor for document bodies (decision 0008): TipTap with what a
 * government document needs — headings 二级/三级, bold/italic/underline/strike, lists, quotes,
 * links, tables and alignment — and nothing the server's allow-list (modules/documents/body.ts)
 * would drop. An antd Form control: `value` in, `onChange(html)` out ('' when empty).
 *
 * Strict CSP: TipTap's own <style> injection is off (`injectCSS: false`); its base styles and
 * ours are in RichTextEditor.module.css, which Vite ships as a stylesheet file. No eval, no inline
 * <style>; alignment is a class (text-center / text-right), never an inline style.
 */
export interface RichTextEditorProps {
  value?: string;
  onChange?: (html: string) => void;
  placeholder?: string;
  'aria-label'?: string;
  /** Read-only view (e.g. a submitted draft). */
  disabled?: boolean;
  id?: string;
}

type Align = 'center' | 'right';

/** Alignment as the classes body.ts allows, on paragraphs and headings. */
const TextAlignClass = Extension.create({
  name: 'textAlignClass',
  addGlobalAttributes() {
    return [
      {
        types: ['paragraph', 'heading'],
        attributes: {
          textAlign: {
            default: null,
            parseHTML: (element: HTMLElement): Align | null =>
              element.classList.contains('text-center')
                ? 'center'
                : element.classList.contains('text-right')
                  ? 'right'
                  : null,
            renderHTML: (attributes: { textAlign?: Align | null }) =>
              attributes.textAlign ? { class: `text-${attributes.textAlign}` } : {},
          },
        },
      },
    ];
  },
});

/** Only links the server keeps: http(s), mailto and same-site paths. */
function allowedHref(url: string): boolean {
  // Browsers skip control characters and spaces when they read a URL's scheme.
  // eslint-disable-next-line no-control-regex
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020]/g, ''));
  return scheme === null || ['http', 'https', 'mailto'].includes((scheme[1] ?? '').toLowerCase());
}

const extensions = [
  StarterKit.configure({
    heading: { levels: [2, 3, 4] },
    code: false,
    codeBlock: false,
    link: {
      openOnClick: false,
      autolink: true,
      defaultProtocol: 'https',
      HTMLAttributes: { target: null, rel: null, class: null },
      isAllowedUri: (url, ctx) => allowedHref(url) && ctx.defaultValidate(url),
    },
  }),
  Table.configure({ resizable: false, HTMLAttributes: {} }),
  TableRow,
  TableHeader,
  TableCell,
  TextAlignClass,
];

/** The editor's HTML; '' for a document that is one empty paragraph (an empty table is content). */
function htmlOf(editor: Editor): string {
  const html = editor.getHTML();
  return html === '<p></p>' ? '' : html;
}

function ToolButton(props: {
  title: string;
  icon: ReactNode;
  onClick: () => void;
  active?: boolean;
  disabled?: boolean;
  children?: ReactNode;
}) {
  return (
    <Tooltip title={props.title}>
      <Button
        size="small"
        type={props.active ? 'primary' : 'text'}
        icon={props.icon}
        aria-label={props.title}
        aria-pressed={props.active}
        disabled={props.disabled}
        onClick={props.onClick}
        // Keep the editor's selection: a click on the toolbar must not blur it first.
        onMouseDown={(e) => e.preventDefault()}
      >
        {props.children}
      </Button>
    </Tooltip>
  );
}

export function RichTextEditor({
  value,
  onChange,
  placeholder,
  'aria-label': ariaLabel,
  disabled = false,
  id,
}: RichTextEditorProps) {
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkForm] = Form.useForm<{ href: string }>();

  const editor = useEditor({
    extensions,
    content: value ?? '',
    injectCSS: false,
    editable: !disabled,
    shouldRerenderOnTransaction: false,
    immediatelyRender: true,
    editorProps: {
      attributes: {
        class: styles.content ?? '',
        role: 'textbox',
        'aria-multiline': 'true',
        ...(ariaLabel ? { 'aria-label': ariaLabel } : {}),
        ...(id ? { id } : {}),
      },
    },
    onUpdate: ({ editor: e }) => onChange?.(htmlOf(e)),
  });

  // Controlled: a new value from outside (form reset, a loaded draft) replaces the content;
  // the editor's own updates come back equal and change nothing.
  // An editor can already be destroyed here: useEditor destroys a new editor on a timer unless its
  // effect has run, and on a busy machine the timer wins; the next render brings a fresh editor
  // (created with the current value), and these effects run again for it.
  useEffect(() => {
    if (editor.isDestroyed) return;
    const next = value ?? '';
    if (next !== htmlOf(editor)) editor.commands.setContent(next, { emitUpdate: false });
  }, [editor, value]);

  useEffect(() => {
    if (!editor.isDestroyed) editor.setEditable(!disabled);
  }, [editor, disabled]);

  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      empty: e.isEmpty,
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      strike: e.isActive('strike'),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      link: e.isActive('link'),
      table: e.isActive('table'),
      center: e.isActive({ textAlign: 'center' }),
      right: e.isActive({ textAlign: 'right' }),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });

  const align = (to: Align | null) =>
    editor
      .chain()
      .focus()
      .updateAttributes('paragraph', { textAlign: to })
      .updateAttributes('heading', { textAlign: to })
      .run();

  const openLink = () => {
    linkForm.setFieldsValue({ href: (editor.getAttributes('link').href as string | undefined) ?? '' });
    setLinkOpen(true);
  };

  const applyLink = async () => {
    const { href } = await linkForm.validateFields();
    const trimmed = href.trim();
    const chain = editor.chain().focus().extendMarkRange('link');
    if (trimmed === '') chain.unsetLink().run();
    else chain.setLink({ href: trimmed }).run();
    setLinkOpen(false);
  };

  return (
    <div className={`${styles.editor} ${disabled ? styles.disabled : ''}`}>
      {!disabled && (
        <div className={styles.toolbar} role="toolbar" aria-label="正文格式">
          <Space size={2} wrap>
            <ToolButton
              title="二级标题"
              icon={null}
              active={state.h2}
              onClick={() => editor.chain().focus().toggleHeading({ level: 2 }).run()}
            >
              标题
            </ToolButton>
            <ToolButton
              title="三级标题"
              icon={null}
              active={state.h3}
              onClick={() => editor.chain().focus().toggleHeading({ level: 3 }).run()}
            >
              小标题
            </ToolButton>
            <Divider orientation="vertical" />
            <ToolButton
              title="加粗"
              icon={<BoldOutlined />}
              active={state.bold}
              onClick={() => editor.chain().focus().toggleBold().run()}
            />
            <ToolButton
              title="倾斜"
              icon={<ItalicOutlined />}
              active={state.italic}
              onClick={() => editor.chain().focus().toggleItalic().run()}
            />
            <ToolButton
              title="下划线"
              icon={<UnderlineOutlined />}
              active={state.underline}
              onClick={() => editor.chain().focus().toggleUnderline().run()}
            />
            <ToolButton
              title="删除线"
              icon={<StrikethroughOutlined />}
              active={state.strike}
              onClick={() => editor.chain().focus().toggleStrike().run()}
            />
            <Divider orientation="vertical" />
            <ToolButton
              title="项目符号列表"
              icon={<UnorderedListOutlined />}
              active={state.bullet}
              onClick={() => editor.chain().focus().toggleBulletList().run()}
            />
            <ToolButton
              title="编号列表"
              icon={<OrderedListOutlined />}
              active={state.ordered}
              onClick={() => editor.chain().focus().toggleOrderedList().run()}
            />
            <Divider orientation="vertical" />
            <ToolButton
              title="左对齐"
              icon={<AlignLeftOutlined />}
              active={!state.center && !state.right}
              onClick={() => align(null)}
            />
            <ToolButton
              title="居中"
              icon={<AlignCenterOutlined />}
              active={state.center}
              onClick={() => align('center')}
            />
            <ToolButton
              title="右对齐（落款）"
              icon={<AlignRightOutlined />}
              active={state.right}
              onClick={() => align('right')}
            />
            <Divider orientation="vertical" />
            <ToolButton title="链接" icon={<LinkOutlined />} active={state.link} onClick={openLink} />
            <ToolButton
              title="插入表格"
              icon={<TableOutlined />}
              disabled={state.table}
              onClick={() =>
                editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()
              }
            />
            {state.table && (
              <>
                <ToolButton
                  title="在下方插入行"
                  icon={<InsertRowBelowOutlined />}
                  onClick={() => editor.chain().focus().addRowAfter().run()}
                />
                <ToolButton
                  title="在右侧插入列"
                  icon={<InsertRowRightOutlined />}
                  onClick={() => editor.chain().focus().addColumnAfter().run()}
                />
                <ToolButton
                  title="删除所在行"
                  icon={<DeleteRowOutlined />}
                  onClick={() => editor.chain().focus().deleteRow().run()}
                />
                <ToolButton
                  title="删除所在列"
                  icon={<DeleteColumnOutlined />}
                  onClick={() => editor.chain().focus().deleteColumn().run()}
                />
                <ToolButton
                  title="删除表格"
                  icon={<TableOutlined />}
                  onClick={() => editor.chain().focus().deleteTable().run()}
                >
                  删除
                </ToolButton>
              </>
            )}
            <Divider orientation="vertical" />
            <ToolButton
              title="撤销"
              icon={<UndoOutlined />}
              disabled={!state.canUndo}
              onClick={() => editor.chain().focus().undo().run()}
            />
            <ToolButton
              title="重做"
              icon={<RedoOutlined />}
              disabled={!state.canRedo}
              onClick={() => editor.chain().focus().redo().run()}
            />
          </Space>
        </div>
      )}
      <div className={styles.body}>
        {state.empty && placeholder && (
          <div className={styles.placeholder} aria-hidden="true">
            {placeholder}
          </div>
        )}
        <EditorContent editor={editor} />
      </div>
      <Modal
        title="设置链接"
        open={linkOpen}
        okText="确定"
        cancelText="取消"
        onOk={() => void applyLink()}
        onCancel={() => setLinkOpen(false)}
        destroyOnHidden
      >
        <Form form={linkForm} layout="vertical" preserve={false}>
          <Form.Item
            name="href"
            label="链接地址"
            extra="以 http://、https://、mailto: 开头，或本站路径（如 /documents/…）；留空则取消链接。"
            rules={[
              {
                validator: (_rule, v: string | undefined) =>
                  !v || allowedHref(v.trim())
                    ? Promise.resolve()
                    : Promise.reject(new Error('只允许 http、https、mailto 和站内链接')),
              },
            ]}
          >
            <Input placeholder="https://" autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
