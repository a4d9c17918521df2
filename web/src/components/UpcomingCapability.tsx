import { Card, Empty, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The page of a capability that is not built yet: says concretely what it will hold. */
export function UpcomingCapability(props: {
  title: string;
  icon: ReactNode;
  summary: string;
  details: string[];
}) {
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {props.icon} {props.title}
      </Typography.Title>
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <div style={{ maxWidth: 640, margin: '0 auto', textAlign: 'left' }}>
            <Typography.Paragraph>本模块尚未启用。启用后，这里将用于：{props.summary}</Typography.Paragraph>
            <Typography.Paragraph style={{ marginBottom: 4 }}>主要内容：</Typography.Paragraph>
            <ul style={{ margin: 0 }}>
              {props.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          </div>
        }
      />
    </Card>
  );
}
