import { lazy, Suspense, useEffect, useState, type ReactElement } from 'react';
import { AppShell, Badge, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { BrowserRouter, Navigate, NavLink as RouterLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { api, data } from './api/client';
import { completeLogin } from './auth/pkce';
import { useSession, type Role } from './auth/session';
import { ErrorState, LoadingState } from './components/states';
import { useLiveEvents } from './live/events';
import { ClusterSummaryPage } from './pages/ClusterSummaryPage';
import { LoginPage, redirectUri } from './pages/LoginPage';

// The Cluster Summary is the first page: the others load when opened, so the first one parses less.
const JobsPage = lazy(() => import('./pages/JobsPage').then((m) => ({ default: m.JobsPage })));
const ReportsPage = lazy(() => import('./pages/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const SmartAccountsPage = lazy(() => import('./pages/SmartAccountsPage').then((m) => ({ default: m.SmartAccountsPage })));
const VirtualAccountsPage = lazy(() => import('./pages/VirtualAccountsPage').then((m) => ({ default: m.VirtualAccountsPage })));
const SubscriptionMapperPage = lazy(() => import('./pages/SubscriptionMapperPage').then((m) => ({ default: m.SubscriptionMapperPage })));
// recharts is only in this page's chunk.
const LicenseDashboardPage = lazy(() => import('./pages/LicenseDashboardPage').then((m) => ({ default: m.LicenseDashboardPage })));
const LicenseManagersPage = lazy(() => import('./pages/LicenseManagersPage').then((m) => ({ default: m.LicenseManagersPage })));
const LicenseManagementSummaryPage = lazy(() => import('./pages/LicenseManagementSummaryPage').then((m) => ({ default: m.LicenseManagementSummaryPage })));
const AuditLogPage = lazy(() => import('./pages/AuditLogPage').then((m) => ({ default: m.AuditLogPage })));

/** The guide's Smart Licensing menu (License Management for PLM); `role`: shown only to that role and above. */
export const PAGES: { path: string; label: string; element: ReactElement; role?: Role }[] = [
  { path: 'clusters', label: 'Cluster Summary', element: <ClusterSummaryPage /> },
  { path: 'smart-accounts', label: 'Smart Accounts', element: <SmartAccountsPage /> },
  { path: 'virtual-accounts', label: 'Virtual Account Summary', element: <VirtualAccountsPage /> },
  { path: 'jobs', label: 'Jobs', element: <JobsPage /> },
  { path: 'reports', label: 'Reports', element: <ReportsPage /> },
  { path: 'subscription-mapper', label: 'Subscription Mapper', element: <SubscriptionMapperPage /> },
  { path: 'license-dashboard', label: 'License Dashboard', element: <LicenseDashboardPage /> },
  { path: 'license-managers', label: 'License Manager', element: <LicenseManagersPage /> },
  { path: 'license-management', label: 'License Management Summary', element: <LicenseManagementSummaryPage /> },
  { path: 'audit-log', label: 'Audit Log', element: <AuditLogPage />, role: 'admin' },
];

function Shell() {
  const { session, logout, can } = useSession();
  const pages = PAGES.filter((p) => !p.role || can(p.role));
  const live = useLiveEvents(session !== undefined);
  const location = useLocation();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={2} size="h4">
            Smart Licensing
          </Title>
          <Group>
            <Badge color={live === 'live' ? 'green' : 'gray'} variant="light" c="dark.9" aria-label="Live updates">
              {live}
            </Badge>
            <Text size="sm">{`${session!.subject} (${session!.roles.at(-1) ?? 'no role'})`}</Text>
            <Button variant="default" size="xs" onClick={logout}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Smart Licensing">
        {pages.map((p) => (
          <NavLink key={p.path} variant="filled" component={RouterLink} to={`/${p.path}`} label={p.label} active={location.pathname.startsWith(`/${p.path}`)} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<LoadingState label="Loading page" />}>
          <Routes>
            {pages.map((p) => (
              <Route key={p.path} path={`/${p.path}`} element={p.element} />
            ))}
            <Route path="*" element={<Navigate to="/clusters" replace />} />
          </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

/** Return from the OIDC issuer: exchange the code, then open the Cluster Summary. */
function Callback() {
  const { login } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const config = useQuery({ queryKey: ['console-config'], queryFn: () => data(api.GET('/api/v1/console/config')) });
  useEffect(() => {
    if (!config.data?.oidc) return;
    completeLogin(config.data.oidc, redirectUri(), new URLSearchParams(location.search))
      .then(({ accessToken }) => {
        login(accessToken, config.data.rolesClaim);
        void navigate('/clusters', { replace: true });
      })
      .catch(setError);
  }, [config.data, login, navigate]);
  if (error || config.isError) return <ErrorState error={error ?? config.error} />;
  return <LoadingState label="Signing in" />;
}

export function Routed() {
  const { session } = useSession();
  return (
    <Routes>
      <Route path="/callback" element={<Callback />} />
      <Route path="*" element={session ? <Shell /> : <LoginPage />} />
    </Routes>
  );
}

export function App() {
  return (
    <BrowserRouter basename="/console">
      <Routed />
    </BrowserRouter>
  );
}
