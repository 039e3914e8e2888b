import { Anchor, Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { can, useMe, useProvinces } from '../../api/queries.js';
import { PageHeader, SectionCard } from '../../components/Page.js';
import { pick, roleLabel } from '../../lib/labels.js';
import { navItems } from '../layout/AppLayout.js';

export function HomePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const me = useMe();
  const provinces = useProvinces();
  const province = me.organisation.provinceCode
    ? provinces.data?.items.find((p) => p.code === me.organisation.provinceCode)
    : undefined;
  const links = navItems.filter((i) => i.to !== '/' && (!i.permission || can(me, i.permission)));

  return (
    <Stack>
      <PageHeader title={t('home.welcome', { name: me.user.displayName })} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard title={t('home.yourAccess')}>
          <Stack gap="sm">
            <div>
              <Text size="sm" fw={700}>
                {t('home.organisation')}
              </Text>
              <Text>{pick(lang, me.organisation.nameTh, me.organisation.nameEn)}</Text>
              {me.organisation.provinceCode && (
                <Text size="sm" c="gray.7">
                  {t('home.province')}: {province ? pick(lang, province.nameTh, province.nameEn) : me.organisation.provinceCode}
                </Text>
              )}
            </div>
            <div>
              <Text size="sm" fw={700}>
                {t('home.roles')}
              </Text>
              <Group gap="xs" mt={4}>
                {me.roles.map((r) => (
                  <Badge key={r} variant="light" color="blue" size="lg" tt="none" style={{ height: 'auto', whiteSpace: 'normal' }}>
                    {roleLabel(r, lang)}
                  </Badge>
                ))}
              </Group>
            </div>
            <div>
              <Text size="sm" fw={700}>
                {t('home.scope')}
              </Text>
              <Text>{t(`scope.${me.scope}`)}</Text>
              <Text size="sm" c="gray.7">
                {t(`scopeHelp.${me.scope}`)}
              </Text>
            </div>
            <div>
              <Text size="sm" fw={700}>
                {t('home.secondFactor')}
              </Text>
              <Text>{me.user.mfaEnabled ? t('account.mfaOn') : t('account.mfaOff')}</Text>
            </div>
          </Stack>
        </SectionCard>
        <SectionCard title={t('home.whatYouCanDo')}>
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {links.map((l) => (
              <li key={l.to}>
                <Anchor component={Link} to={l.to} fw={700}>
                  {t(l.labelKey)}
                </Anchor>
                <Text size="sm" c="gray.7">
                  {t(`home.describe.${l.describeKey ?? l.to.slice(1)}`)}
                </Text>
              </li>
            ))}
          </Stack>
        </SectionCard>
      </SimpleGrid>
    </Stack>
  );
}
