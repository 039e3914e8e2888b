import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n/index.js';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('common.language')}
      value={i18n.language.startsWith('en') ? 'en' : 'th'}
      onChange={(v) => setLanguage(v as Language)}
      data={[
        { value: 'th', label: <span lang="th" aria-label="ภาษาไทย">TH</span> },
        { value: 'en', label: <span lang="en" aria-label="English">EN</span> },
      ]}
    />
  );
}
