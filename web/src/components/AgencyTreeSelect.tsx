import { TreeSelect, type TreeSelectProps } from 'antd';
import { useAgencyTree, type AgencyTreeNode } from '../lib/agencies.ts';

interface Option {
  value: string;
  title: string;
  disabled?: boolean;
  children: Option[];
}

function toOptions(nodes: readonly AgencyTreeNode[], disabledIds: ReadonlySet<string>): Option[] {
  return nodes.map((n) => ({
    value: n.id,
    title: n.active ? n.name : `${n.name}（已撤销）`,
    disabled: disabledIds.has(n.id) || !n.active,
    children: disabledIds.has(n.id) ? [] : toOptions(n.children, disabledIds),
  }));
}

/** Picks an agency from the tree the user may see. `excludeIds` (and what is below them) cannot be picked. */
export function AgencyTreeSelect(
  props: Omit<TreeSelectProps<string>, 'treeData'> & { excludeIds?: readonly string[] },
) {
  const { excludeIds, ...rest } = props;
  const tree = useAgencyTree();
  return (
    <TreeSelect<string>
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      placeholder="请选择单位"
      loading={tree.isPending}
      treeData={toOptions(tree.data ?? [], new Set(excludeIds ?? []))}
      popupMatchSelectWidth={false}
      {...rest}
    />
  );
}
