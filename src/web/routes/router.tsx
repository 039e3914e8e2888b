import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { ApiError } from '../api/client.js';
import { meQuery } from '../api/queries.js';
import { ErrorAlert, Loading } from '../components/States.js';
import { SignInPage } from '../features/auth/SignInPage.js';
import { HomePage } from '../features/home/HomePage.js';
import { AppLayout } from '../features/layout/AppLayout.js';
import { NotFoundPage } from '../features/layout/NotFoundPage.js';

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
const AuditPage = lazyRouteComponent(() => import('../features/audit/AuditPage.js'), 'AuditPage');
const PersonsPage = lazyRouteComponent(() => import('../features/persons/PersonsPage.js'), 'PersonsPage');
const AccountPage = lazyRouteComponent(() => import('../features/account/AccountPage.js'), 'AccountPage');

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    page('/', HomePage),
    page('/organisations', OrganisationsPage),
    page('/users', UsersPage),
    page('/tokens', TokensPage),
    page('/audit', AuditPage),
    page('/persons', PersonsPage),
    page('/account', AccountPage),
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
