import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ConfigProviderProps } from 'antd';
import zhCNImport from 'antd/es/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, type ReactNode } from 'react';
import { ApiError, configureApi } from '../lib/api.ts';
import { cspNonce } from '../lib/csp.ts';
import { ME_KEY } from '../lib/session.ts';
import { theme } from './theme.ts';

dayjs.locale('zh-cn');

type Locale = NonNullable<ConfigProviderProps['locale']>;

/**
 * antd's Chinese locale. A CommonJS default can arrive as the value or as `{ default: value }` depending
 * on the bundler's interop (Vite 8 once left the console in English this way, DEPENDENCIES.md §2.9), and
 * TypeScript under NodeNext types this file the second way; take whichever arrived. The e2e test checks
 * that the DatePicker says 请选择日期.
 */
function interopDefault<T>(imported: T | { default: T }): T {
  return typeof imported === 'object' && imported !== null && 'default' in imported
    ? imported.default
    : imported;
}
const zhCN = interopDefault<Locale>(zhCNImport);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not get better by asking again; network and server errors get one more try.
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 1,
      },
    },
  });
}

/** Connects the API client to antd's context-aware message API and the session cache. */
function ApiBridge({ queryClient }: { queryClient: QueryClient }) {
  const { message } = AntApp.useApp();
  useEffect(() => {
    configureApi({
      onError: (error) => void message.error(error.message),
      // The guard in the shell sends the user to the login page, remembering where they were.
      onUnauthenticated: () => queryClient.setQueryData(ME_KEY, null),
    });
  }, [message, queryClient]);
  return null;
}

export function Providers({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <ConfigProvider locale={zhCN} theme={theme} csp={{ nonce: cspNonce() }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <ApiBridge queryClient={queryClient} />
          {children}
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
