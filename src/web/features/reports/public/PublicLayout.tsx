// Only the public pages load these fonts and locales: the staff app never downloads them.
import '@fontsource/noto-sans-myanmar/400.css';
import '@fontsource/noto-sans-myanmar/700.css';
import '@fontsource/noto-sans-lao/400.css';
import '@fontsource/noto-sans-lao/700.css';
import '@fontsource/noto-sans-khmer/400.css';
import '@fontsource/noto-sans-khmer/700.css';
import 'dayjs/locale/km';
import 'dayjs/locale/lo';
import 'dayjs/locale/my';
import './public.css';

import { Alert, Box, Button, Container, Group, Stack, Text } from '@mantine/core';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { AnchorLink } from '../../../components/Links.js';
import i18n from '../../../i18n/index.js';
import { currentPublicLanguage, nativeNames, publicI18n, publicLanguages, setPublicLanguage } from './publicI18n.js';

export { PublicReportPage } from './PublicReportPage.js';
export { PublicStatusPage } from './PublicStatusPage.js';

/** The frame of the public pages (no sign-in): language switch, the 1300 hotline, the page. */
export function PublicLayout() {
  return (
    <I18nextProvider i18n={publicI18n}>
      <PublicFrame />
    </I18nextProvider>
  );
}

function PublicFrame() {
  const { t } = useTranslation();
  const lang = currentPublicLanguage();
  const pathname = useRouterState({ select: (s) => s.location.pathname });

  // The document's language follows this page while it is open, and the staff app's afterwards.
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t('public.title')} — ภาคี Phakhi`;
  }, [lang, t]);
  useEffect(
    () => () => {
      document.documentElement.lang = i18n.language;
      document.title = 'ภาคี Phakhi';
    },
    [],
  );

  return (
    <Box lang={lang} className="public-report" mih="100vh" bg="gray.0">
      <a href="#main" className="skip-link">
        {t('public.skip')}
      </a>
      <Box component="header" bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="md" py="sm">
          <Group justify="space-between" gap="sm">
            <Text fw={700} size="lg" c="blue.9" lang="th">
              ภาคี Phakhi
            </Text>
            <Group gap={6} role="group" aria-label={`${t('common.language')} / Language`}>
              {publicLanguages.map((l) => (
                <Button
                  key={l}
                  size="compact-sm"
                  variant={l === lang ? 'filled' : 'default'}
                  aria-pressed={l === lang}
                  lang={l}
                  onClick={() => setPublicLanguage(l)}
                >
                  {nativeNames[l]}
                </Button>
              ))}
            </Group>
          </Group>
          <Group component="nav" aria-label={t('public.title')} gap="md" mt="xs">
            <AnchorLink to="/report" fw={pathname === '/report' || pathname === '/report/' ? 700 : 400}>
              {t('public.navReport')}
            </AnchorLink>
            <AnchorLink to="/report/status" fw={pathname.startsWith('/report/status') ? 700 : 400}>
              {t('public.navStatus')}
            </AnchorLink>
          </Group>
        </Container>
      </Box>
      <Container size="md" py="md" component="main" id="main" tabIndex={-1}>
        <Stack gap="md">
          <Alert color="red" variant="filled" radius="md" data-testid="hotline">
            <Text fw={700} size="lg" c="white">
              {t('public.emergency')}
            </Text>
            <Group gap="sm" mt={4} align="center">
              <Button component="a" href="tel:1300" color="white" c="red.9" size="sm">
                ☎ 1300
              </Button>
              <Text size="sm" c="white">
                {t('public.emergencyHelp')}
              </Text>
            </Group>
          </Alert>
          <Outlet />
        </Stack>
      </Container>
      <Container size="md" pb="lg" component="footer">
        <AnchorLink to="/sign-in" size="sm" c="gray.8">
          {t('public.staffSignIn')}
        </AnchorLink>
      </Container>
    </Box>
  );
}
