// The weight files declare the thai, latin and latin-ext faces each with its unicode-range, so the
// browser downloads only the subsets a page uses. The per-subset files (thai-400.css, latin-400.css)
// carry no unicode-range: imported together, the last one wins for every character and Thai falls
// back to a system font.
import '@fontsource/noto-sans-thai/400.css';
import '@fontsource/noto-sans-thai/700.css';
import '@mantine/core/styles.css';
import './styles.css';
import './i18n/index.js';

import { createTheme, MantineProvider, ModalHeader } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, setUnauthorizedHandler } from './api/client.js';
import { makeRouter } from './routes/router.js';

const fontFamily = "'Noto Sans Thai', 'Tlwg Typo', sans-serif";
const theme = createTheme({
  fontFamily,
  headings: { fontFamily },
  primaryColor: 'blue',
  // Darker shades than Mantine's default filled colour so white text keeps a 4.5:1 contrast.
  primaryShade: 8,
  defaultRadius: 'sm',
  // Users who ask their system for less motion get no sliding menus or fading dialogs.
  respectReducedMotion: true,
  components: {
    // Mantine draws a dialog's title bar as <header>, which axe counts as a second page banner.
    ModalHeader: ModalHeader.extend({ defaultProps: { role: 'group' } }),
  },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again; network blips may.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});
const router = makeRouter(queryClient);

setUnauthorizedHandler(() => {
  queryClient.clear();
  if (router.state.location.pathname !== '/sign-in') void router.navigate({ to: '/sign-in' });
});

const container = document.getElementById('root');
if (!container) throw new Error('#root missing');
createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} forceColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
