import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { ApiError } from '../api/client.js';
import { meQuery } from '../api/queries.js';
import { ErrorAlert, Loading } from '../components/States.js';
import { SignInPage } from '../features/auth/SignInPage.js';
import { HomePage } from '../features/home/HomePage.js';
import { AppLayout } from '../features/layout/AppLayout.js';
import { NotFoundPage } from '../features/layout/NotFoundPage.js';
import { parseStatsSearch } from '../features/stats/search.js';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

const signInRoute = createRoute({ getParentRoute: () => rootRoute, path: '/sign-in', component: SignInPage });

// Everything else needs a session: load `me` first; no session sends the browser to sign-in.
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context }) => {
    let me;
    try {
      me = await context.queryClient.ensureQueryData(meQuery);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) throw redirect({ to: '/sign-in' });
      throw err;
    }
    // A session that signed in with a password but has not yet given its second-factor code
    // finishes signing in first.
    if (me.signInStage === 'mfa') {
      context.queryClient.removeQueries({ queryKey: meQuery.queryKey });
      throw redirect({ to: '/sign-in' });
    }
  },
  component: AppLayout,
  pendingComponent: () => <Loading />,
  errorComponent: ({ error, reset }) => <ErrorAlert error={error} onRetry={reset} />,
});

const page = <P extends string>(path: P, component: RouteComponent) => createRoute({ getParentRoute: () => appRoute, path, component });
type RouteComponent = Parameters<typeof createRoute>[0]['component'];

// Pages other than home load on first visit, so sign-in and home stay small on a phone connection.
const OrganisationsPage = lazyRouteComponent(() => import('../features/organisations/OrganisationsPage.js'), 'OrganisationsPage');
const UsersPage = lazyRouteComponent(() => import('../features/users/UsersPage.js'), 'UsersPage');
const TokensPage = lazyRouteComponent(() => import('../features/tokens/TokensPage.js'), 'TokensPage');
const ScreeningChecklistPage = lazyRouteComponent(() => import('../features/cases/ScreeningChecklistPage.js'), 'ScreeningChecklistPage');
const AuditPage = lazyRouteComponent(() => import('../features/audit/AuditPage.js'), 'AuditPage');
const PersonsPage = lazyRouteComponent(() => import('../features/persons/PersonsPage.js'), 'PersonsPage');
const AccountPage = lazyRouteComponent(() => import('../features/account/AccountPage.js'), 'AccountPage');

// The public report pages (no sign-in): their own chunk, with the Burmese, Lao and Khmer fonts.
const publicModule = () => import('../features/reports/public/PublicLayout.js');
const publicReportRoute = createRoute({ getParentRoute: () => rootRoute, path: '/report', component: lazyRouteComponent(publicModule, 'PublicLayout') });
const publicReportIndexRoute = createRoute({ getParentRoute: () => publicReportRoute, path: '/', component: lazyRouteComponent(publicModule, 'PublicReportPage') });
const publicStatusRoute = createRoute({ getParentRoute: () => publicReportRoute, path: 'status', component: lazyRouteComponent(publicModule, 'PublicStatusPage') });

const ReportsQueuePage = lazyRouteComponent(() => import('../features/reports/ReportsQueuePage.js'), 'ReportsQueuePage');
const StaffReportPage = lazyRouteComponent(() => import('../features/reports/StaffReportPage.js'), 'StaffReportPage');
const ReportDetailPage = lazyRouteComponent(() => import('../features/reports/ReportDetailPage.js'), 'ReportDetailPage');

// The network directory (issue 3): find help, a partner's page, the map and the coverage matrix.
const FindHelpPage = lazyRouteComponent(() => import('../features/network/FindHelpPage.js'), 'FindHelpPage');
const PartnerPage = lazyRouteComponent(() => import('../features/network/PartnerPage.js'), 'PartnerPage');
const NetworkMapPage = lazyRouteComponent(() => import('../features/network/MapPage.js'), 'MapPage');
const CoveragePage = lazyRouteComponent(() => import('../features/network/CoveragePage.js'), 'CoveragePage');

// The network's structures (issue 3): committees and meetings, teams and rosters, centres, volunteers.
const CommitteesPage = lazyRouteComponent(() => import('../features/structures/CommitteesPage.js'), 'CommitteesPage');
const CommitteePage = lazyRouteComponent(() => import('../features/structures/CommitteePage.js'), 'CommitteePage');
const MeetingPage = lazyRouteComponent(() => import('../features/structures/MeetingPage.js'), 'MeetingPage');
const TeamsPage = lazyRouteComponent(() => import('../features/structures/TeamsPage.js'), 'TeamsPage');
const TeamPage = lazyRouteComponent(() => import('../features/structures/TeamPage.js'), 'TeamPage');
const borderCentres = () => import('../features/structures/BorderCentresPage.js');
const BorderCentresPage = lazyRouteComponent(borderCentres, 'BorderCentresPage');
const BorderCentrePage = lazyRouteComponent(borderCentres, 'BorderCentrePage');
const SubdistrictCentresPage = lazyRouteComponent(() => import('../features/structures/SubdistrictCentresPage.js'), 'SubdistrictCentresPage');
const VolunteersPage = lazyRouteComponent(() => import('../features/structures/VolunteersPage.js'), 'VolunteersPage');

// Victim cases on the NRM (issue 5): list and search, open a case, the case page (`?tab=`), my tasks,
// referrals to answer, the provincial overview, notifications. `?reportId=` and `?tab=` carry ids and
// names of tabs only, never personal data.
const CasesListPage = lazyRouteComponent(() => import('../features/cases/CasesListPage.js'), 'CasesListPage');
const NewCasePage = lazyRouteComponent(() => import('../features/cases/NewCasePage.js'), 'NewCasePage');
const CasePage = lazyRouteComponent(() => import('../features/cases/CasePage.js'), 'CasePage');
const TasksPage = lazyRouteComponent(() => import('../features/cases/TasksPage.js'), 'TasksPage');
const ReferralsPage = lazyRouteComponent(() => import('../features/cases/ReferralsPage.js'), 'ReferralsPage');
const OverviewPage = lazyRouteComponent(() => import('../features/cases/OverviewPage.js'), 'OverviewPage');
const NotificationsPage = lazyRouteComponent(() => import('../features/cases/NotificationsPage.js'), 'NotificationsPage');
const idSearch = (key: string) => (s: Record<string, unknown>) => ({ [key]: typeof s[key] === 'string' && /^[\w-]{1,60}$/.test(s[key]) ? s[key] : undefined });
const newCaseRoute = createRoute({
  getParentRoute: () => appRoute, path: '/cases/new', component: NewCasePage,
  validateSearch: idSearch('reportId') as (s: Record<string, unknown>) => { reportId?: string },
});
const caseRoute = createRoute({
  getParentRoute: () => appRoute, path: '/cases/$id', component: CasePage,
  validateSearch: idSearch('tab') as (s: Record<string, unknown>) => { tab?: string },
});

// Statistics (issue 6): the dashboard's filters live in the address (`?year=2026&province=57`); they are
// codes and dates only, never identities, so a view can be bookmarked and shared.
const StatsPage = lazyRouteComponent(() => import('../features/stats/StatsPage.js'), 'StatsPage');
const statsRoute = createRoute({ getParentRoute: () => appRoute, path: '/stats', component: StatsPage, validateSearch: parseStatsSearch });

// HTCDS data exchange (issue 6): import and export jobs, their progress and results.
const ExchangePage = lazyRouteComponent(() => import('../features/exchange/ExchangePage.js'), 'ExchangePage');

const routeTree = rootRoute.addChildren([
  signInRoute,
  publicReportRoute.addChildren([publicReportIndexRoute, publicStatusRoute]),
  appRoute.addChildren([
    page('/', HomePage),
    page('/organisations', OrganisationsPage),
    page('/users', UsersPage),
    page('/tokens', TokensPage),
    page('/screening-indicators', ScreeningChecklistPage),
    page('/audit', AuditPage),
    page('/persons', PersonsPage),
    page('/account', AccountPage),
    page('/reports', ReportsQueuePage),
    page('/reports/new', StaffReportPage),
    page('/reports/$id', ReportDetailPage),
    page('/network', FindHelpPage),
    page('/network/partners/$id', PartnerPage),
    page('/network/map', NetworkMapPage),
    page('/network/coverage', CoveragePage),
    page('/structures', CommitteesPage),
    page('/structures/committees/$id', CommitteePage),
    page('/structures/meetings/$id', MeetingPage),
    page('/structures/teams', TeamsPage),
    page('/structures/teams/$id', TeamPage),
    page('/structures/border-centres', BorderCentresPage),
    page('/structures/border-centres/$id', BorderCentrePage),
    page('/structures/subdistrict-centres', SubdistrictCentresPage),
    page('/structures/volunteers', VolunteersPage),
    page('/cases', CasesListPage),
    newCaseRoute,
    page('/cases/overview', OverviewPage),
    caseRoute,
    page('/tasks', TasksPage),
    page('/referrals', ReferralsPage),
    page('/notifications', NotificationsPage),
    statsRoute,
    page('/exchange', ExchangePage),
  ]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
    defaultPendingComponent: () => <Loading />,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
