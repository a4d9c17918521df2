import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Select, Space } from 'antd';
import { ROLE_LABELS, ROLES } from '../../../../src/core/auth/roles.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

/** A user's memberships inside a form: one row per agency with the roles held there. */
export function MembershipsField({ name = 'memberships' }: { name?: string }) {
  return (
    <Form.List
      name={name}
      rules={[
        {
          validator: async (_, value: { agencyId?: string }[] | undefined) => {
            if (!value || value.length === 0) throw new Error('请至少为用户指定一个单位和角色');
            const ids = value.map((m) => m.agencyId).filter(Boolean);
            if (new Set(ids).size !== ids.length) throw new Error('同一单位只能出现一次');
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field, index) => (
            <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 4 }} wrap>
              <Form.Item
                name={[field.name, 'agencyId']}
                rules={[{ required: true, message: '请选择单位' }]}
                style={{ marginBottom: 8 }}
              >
                <AgencyTreeSelect style={{ width: 240 }} aria-label={`第 ${index + 1} 个单位`} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'roles']}
                rules={[{ required: true, type: 'array', min: 1, message: '每个单位至少选择一个角色' }]}
                style={{ marginBottom: 8 }}
              >
                <Select
                  mode="multiple"
                  options={ROLE_OPTIONS}
                  placeholder="请选择角色"
                  style={{ width: 320 }}
                  aria-label={`第 ${index + 1} 个单位的角色`}
                />
              </Form.Item>
              <Button
                icon={<DeleteOutlined />}
                aria-label="删除此单位"
                onClick={() => remove(field.name)}
                disabled={fields.length === 1}
              />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ roles: [] })}>
            添加单位
          </Button>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}
