import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router';
import { UpcomingCapability } from '../components/UpcomingCapability.tsx';
import { useMe } from '../lib/session.ts';
import { NAV_ITEMS } from './navigation.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { PageLoading } from './PageLoading.tsx';
import { createQueryClient, Providers } from './providers.tsx';
import { Shell } from './Shell.tsx';

/** Each feature page is its own chunk, fetched when first visited. */
function page<M>(load: () => Promise<M>, name: keyof M) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const LoginPage = page(() => import('../features/auth/LoginPage.tsx'), 'LoginPage');
const MyTasksPage = page(() => import('../features/tasks/MyTasksPage.tsx'), 'MyTasksPage');
const AgenciesPage = page(() => import('../features/orgs/AgenciesPage.tsx'), 'AgenciesPage');
const UsersPage = page(() => import('../features/orgs/UsersPage.tsx'), 'UsersPage');
const CalendarPage = page(() => import('../features/calendar/CalendarPage.tsx'), 'CalendarPage');
const AssignmentsPage = page(() => import('../features/assignments/AssignmentsPage.tsx'), 'AssignmentsPage');
const AuditPage = page(() => import('../features/audit/AuditPage.tsx'), 'AuditPage');
const GuidesPage = page(() => import('../features/guides/GuidesPage.tsx'), 'GuidesPage');
const CatalogPage = page(() => import('../features/catalog/CatalogPage.tsx'), 'CatalogPage');
const ScreeningPage = page(() => import('../features/screening/ScreeningPage.tsx'), 'ScreeningPage');
const DocumentsPage = page(() => import('../features/documents/DocumentsPage.tsx'), 'DocumentsPage');
const DocumentPage = page(() => import('../features/documents/DocumentPage.tsx'), 'DocumentPage');
const SelfReviewPage = page(() => import('../features/documents/SelfReviewPage.tsx'), 'SelfReviewPage');
const DocumentSettingsPage = page(() => import('../features/documents/SettingsPage.tsx'), 'SettingsPage');
const RequestsPage = page(() => import('../features/requests/RequestsPage.tsx'), 'RequestsPage');
const RequestPage = page(() => import('../features/requests/RequestPage.tsx'), 'RequestPage');
const RequestStatisticsPage = page(() => import('../features/requests/StatisticsPage.tsx'), 'StatisticsPage');
const DocumentFormPage = lazy(async () => ({
  default: (await import('../features/documents/DocumentFormPage.tsx')).DocumentFormPage,
}));

/** Renders the console only for a logged-in user; anyone else goes to the login page and comes back. */
function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

function Lazy({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

const upcomingRoutes = NAV_ITEMS.filter((item) => item.upcoming).map((item) => ({
  path: item.path,
  element: <UpcomingCapability title={item.label} icon={item.icon} {...item.upcoming!} />,
}));

const router = createBrowserRouter(
  [
    {
      path: '/login',
      element: (
        <Lazy>
          <LoginPage />
        </Lazy>
      ),
    },
    {
      element: <RequireSession />,
      children: [
        {
          element: <Shell />,
          children: [
            { index: true, element: <Navigate to="/tasks" replace /> },
            { path: '/tasks', element: <MyTasksPage /> },
            { path: '/assignments', element: <AssignmentsPage /> },
            { path: '/assignments/:id', element: <AssignmentsPage /> },
            { path: '/orgs', element: <AgenciesPage /> },
            { path: '/orgs/users', element: <UsersPage /> },
            { path: '/calendar', element: <CalendarPage /> },
            { path: '/audit', element: <AuditPage /> },
            { path: '/guides', element: <GuidesPage /> },
            { path: '/guides/:agencyId', element: <GuidesPage /> },
            { path: '/catalog', element: <CatalogPage /> },
            { path: '/screening', element: <ScreeningPage /> },
            { path: '/documents', element: <DocumentsPage /> },
            { path: '/documents/new', element: <DocumentFormPage mode="new" /> },
            { path: '/documents/self-review', element: <SelfReviewPage /> },
            { path: '/documents/settings', element: <DocumentSettingsPage /> },
            { path: '/documents/:id', element: <DocumentPage /> },
            { path: '/documents/:id/edit', element: <DocumentFormPage key="edit" mode="edit" /> },
            { path: '/documents/:id/revise', element: <DocumentFormPage key="revise" mode="revise" /> },
            { path: '/requests', element: <RequestsPage /> },
            { path: '/requests/statistics', element: <RequestStatisticsPage /> },
            { path: '/requests/:id', element: <RequestPage /> },
            ...upcomingRoutes,
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: '/console' },
);

const queryClient = createQueryClient();

export function ConsoleApp() {
  return (
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  );
}
