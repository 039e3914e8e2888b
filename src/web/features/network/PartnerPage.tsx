import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { can, useMe } from '../../api/queries.js';
import { AppModal } from '../../components/AppModal.js';
import { DialogActions } from '../../components/DialogActions.js';
import { AnchorLink } from '../../components/Links.js';
import { Fact, SectionCard } from '../../components/Page.js';
import { QueryView } from '../../components/QueryView.js';
import { Empty, NoAccess } from '../../components/States.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { pick } from '../../lib/labels.js';
import { networkKeys, telHref, useDistricts, useNames, type Contact, type OrganisationService, type Partner } from './api.js';
import { NetworkNav, ServiceSummary } from './NetworkBits.js';
import { CapacityForm, ContactForm, ProfileForm, ServiceForm } from './PartnerForms.js';

type Dialog =
  | { kind: 'profile' }
  | { kind: 'service'; service: OrganisationService | null }
  | { kind: 'capacity'; service: OrganisationService }
  | { kind: 'removeService'; service: OrganisationService }
  | { kind: 'contact'; contact: Contact | null }
  | { kind: 'removeContact'; contact: Contact };

export function PartnerPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me, 'network.read');
  const partner = useQuery({
    queryKey: networkKeys.partner(id),
    queryFn: () => api<Partner>(`/api/v1/network/partners/${encodeURIComponent(id)}`),
    enabled: allowed,
  });
  if (!allowed) return <NoAccess />;
  return (
    <Stack>
      <AnchorLink to="/network" size="sm">
        ← {t('network.partner.back')}
      </AnchorLink>
      <QueryView query={partner}>{partner.data && <PartnerView partner={partner.data} />}</QueryView>
    </Stack>
  );
}

function PartnerView({ partner: p }: { partner: Partner }) {
  const { t } = useTranslation();
  const me = useMe();
  const names = useNames();
  const lang = names.lang;
  // The server says whether this caller may change the entry (the same rule it enforces).
  const editable = p.canEdit;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const closeDialog = () => setDialog(null);
  const contacts = useQuery({
    queryKey: networkKeys.contacts(p.id),
    queryFn: () => api<{ items: Contact[] }>(`/api/v1/network/partners/${encodeURIComponent(p.id)}/contacts`),
    staleTime: 60_000,
  });
  const contactItems = [...(contacts.data?.items ?? [])].sort((a, b) => Number(b.urgent24h) - Number(a.urgent24h));

  return (
    <Stack>
      <div>
        <Title order={1} size="h2" className="wrap-anywhere">
          {pick(lang, p.nameTh, p.nameEn)}
        </Title>
        <Text c="gray.7" className="wrap-anywhere" lang={lang.startsWith('th') ? 'en' : 'th'}>
          {pick(lang, p.nameEn, p.nameTh)}
        </Text>
        <Group gap="xs" mt={6}>
          <Badge variant="light" color="blue" tt="none">
            {t(`sector.${p.sector}`)}
          </Badge>
          <Badge variant="light" color="gray" tt="none">
            {t(`level.${p.level}`)}
          </Badge>
          {editable && <StatusBadge tone="ok">{t('network.partner.youMayEdit')}</StatusBadge>}
        </Group>
      </div>
      <NetworkNav />

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard
          title={t('network.partner.profile')}
          action={editable && (
            <Button size="xs" variant="outline" onClick={() => setDialog({ kind: 'profile' })}>
              {t('network.partner.editProfile')}
            </Button>
          )}
        >
          <dl className="facts">
            <Fact label={t('network.partner.province')}>{p.provinceCode ? names.province(p.provinceCode) : t('network.partner.noProvince')}</Fact>
            <Fact label={t('network.partner.address')}>{p.address || '—'}</Fact>
            <Fact label={t('network.partner.measures')}>
              {p.measures.length ? p.measures.map((m) => t(`network.measure.${m}`)).join(', ') : '—'}
            </Fact>
            <Fact label={t('network.partner.areas')}>
              {p.areas.length ? <AreaList areas={p.areas} /> : t('network.partner.noAreas')}
            </Fact>
            <Fact label={t('network.partner.htcds')}>{p.htcdsOrgType}</Fact>
          </dl>
        </SectionCard>

        <SectionCard
          title={t('network.partner.contacts')}
          action={editable && (
            <Button size="xs" variant="outline" onClick={() => setDialog({ kind: 'contact', contact: null })}>
              {t('network.partner.addContact')}
            </Button>
          )}
        >
          <QueryView query={contacts} isEmpty={contactItems.length === 0} empty={t('network.partner.noContacts')}>
            <Stack gap="sm" data-testid="contact-list">
              {contactItems.map((c) => (
                <ContactCard
                  key={c.id}
                  contact={c}
                  editable={editable}
                  onEdit={() => setDialog({ kind: 'contact', contact: c })}
                  onRemove={() => setDialog({ kind: 'removeContact', contact: c })}
                />
              ))}
              <Text size="xs" c="gray.7">
                {t('network.contactsRecorded')}
              </Text>
            </Stack>
          </QueryView>
        </SectionCard>
      </SimpleGrid>

      <SectionCard
        title={t('network.partner.services')}
        action={editable && (
          <Button size="xs" onClick={() => setDialog({ kind: 'service', service: null })}>
            {t('network.partner.addService')}
          </Button>
        )}
      >
        {p.services.length === 0 ? (
          <Empty>{t('network.partner.noServices')}</Empty>
        ) : (
          <Stack gap="sm">
            {p.services.map((s) => (
              <Paper key={s.id} withBorder p="sm" data-testid="partner-service">
                <Group justify="space-between" align="flex-start" gap="sm">
                  <div style={{ flex: '1 1 18rem', minWidth: 0 }}>
                    <ServiceSummary service={s} headingLevel="h3" />
                  </div>
                  {editable && (
                    <Group gap="xs">
                      <Button size="xs" onClick={() => setDialog({ kind: 'capacity', service: s })} aria-label={t('network.partner.updatePlacesFor', { service: t(`network.service.${s.service}`) })}>
                        {t('network.partner.updatePlaces')}
                      </Button>
                      <Button size="xs" variant="outline" onClick={() => setDialog({ kind: 'service', service: s })} aria-label={t('network.partner.editServiceFor', { service: t(`network.service.${s.service}`) })}>
                        {t('common.edit')}
                      </Button>
                      <Button size="xs" variant="outline" color="red.9" onClick={() => setDialog({ kind: 'removeService', service: s })} aria-label={t('network.partner.removeServiceFor', { service: t(`network.service.${s.service}`) })}>
                        {t('network.remove')}
                      </Button>
                    </Group>
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </SectionCard>

      <AppModal opened={dialog?.kind === 'profile'} onClose={closeDialog} title={t('network.partner.editProfile')} size="lg">
        {dialog?.kind === 'profile' && <ProfileForm partner={p} onDone={closeDialog} />}
      </AppModal>
      <AppModal
        opened={dialog?.kind === 'service'}
        onClose={closeDialog}
        title={dialog?.kind === 'service' && dialog.service ? t('network.serviceForm.editTitle', { service: t(`network.service.${dialog.service.service}`) }) : t('network.partner.addService')}
        size="lg"
      >
        {dialog?.kind === 'service' && <ServiceForm partnerId={p.id} service={dialog.service} onDone={closeDialog} />}
      </AppModal>
      <AppModal
        opened={dialog?.kind === 'capacity'}
        onClose={closeDialog}
        title={dialog?.kind === 'capacity' ? t('network.capacityForm.title', { service: t(`network.service.${dialog.service.service}`) }) : ''}
      >
        {dialog?.kind === 'capacity' && <CapacityForm service={dialog.service} onDone={closeDialog} />}
      </AppModal>
      <AppModal opened={dialog?.kind === 'contact'} onClose={closeDialog} title={dialog?.kind === 'contact' && dialog.contact ? t('network.contactForm.editTitle') : t('network.partner.addContact')} size="lg">
        {dialog?.kind === 'contact' && <ContactForm partnerId={p.id} contact={dialog.contact} onDone={closeDialog} />}
      </AppModal>
      <AppModal opened={dialog?.kind === 'removeService' || dialog?.kind === 'removeContact'} onClose={closeDialog} title={t('network.removeTitle')}>
        {dialog?.kind === 'removeService' && (
          <ConfirmRemove
            text={t('network.removeServiceConfirm', { service: t(`network.service.${dialog.service.service}`) })}
            path={`/api/v1/network/services/${encodeURIComponent(dialog.service.id)}`}
            onDone={closeDialog}
          />
        )}
        {dialog?.kind === 'removeContact' && (
          <ConfirmRemove
            text={t('network.removeContactConfirm', { name: dialog.contact.name })}
            path={`/api/v1/network/contacts/${encodeURIComponent(dialog.contact.id)}`}
            onDone={closeDialog}
          />
        )}
      </AppModal>
    </Stack>
  );
}

function AreaList({ areas }: { areas: Partner['areas'] }) {
  const names = useNames();
  return (
    <Stack gap={0} component="span">
      {areas.map((a, i) => (
        <AreaName key={i} province={names.province(a.provinceCode)} provinceCode={a.provinceCode} districtCode={a.districtCode} subdistrictCode={a.subdistrictCode} />
      ))}
    </Stack>
  );
}

function AreaName({ province, provinceCode, districtCode, subdistrictCode }: { province: string; provinceCode: string; districtCode: string | null; subdistrictCode: string | null }) {
  const { i18n } = useTranslation();
  const districts = useDistricts(districtCode ? provinceCode : null);
  const d = districtCode ? districts.data?.items.find((x) => x.code === districtCode) : undefined;
  const district = districtCode ? (d ? pick(i18n.language, d.nameTh, d.nameEn) : districtCode) : null;
  return <span>{[province, district, subdistrictCode].filter(Boolean).join(' › ')}</span>;
}

function ContactCard({ contact: c, editable, onEdit, onRemove }: { contact: Contact; editable: boolean; onEdit: () => void; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" bg={c.urgent24h ? 'red.0' : undefined} data-testid="contact">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 14rem' }}>
          <Group gap="xs">
            <Text fw={700} className="wrap-anywhere">
              {c.name}
            </Text>
            {c.urgent24h && <StatusBadge tone="bad">{t('network.contact.urgentBadge')}</StatusBadge>}
          </Group>
          {c.role && (
            <Text size="sm" c="gray.8">
              {c.role}
            </Text>
          )}
          {c.mobile && (
            <Anchor href={telHref(c.mobile)} size="sm" fw={700}>
              {t('network.contact.mobile')}: {c.mobile}
            </Anchor>
          )}
          {c.officePhone && (
            <Anchor href={telHref(c.officePhone)} size="sm">
              {t('network.contact.office')}: {c.officePhone}
            </Anchor>
          )}
          {c.lineId && <Text size="sm">LINE: {c.lineId}</Text>}
          {c.email && (
            <Anchor href={`mailto:${c.email}`} size="sm" className="wrap-anywhere">
              {c.email}
            </Anchor>
          )}
        </Stack>
        {editable && (
          <Group gap="xs">
            <Button size="xs" variant="outline" onClick={onEdit} aria-label={t('network.contact.editNamed', { name: c.name })}>
              {t('common.edit')}
            </Button>
            <Button size="xs" variant="outline" color="red.9" onClick={onRemove} aria-label={t('network.contact.removeNamed', { name: c.name })}>
              {t('network.remove')}
            </Button>
          </Group>
        )}
      </Group>
    </Paper>
  );
}

function ConfirmRemove({ text, path, onDone }: { text: string; path: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api(path, { method: 'DELETE' }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: networkKeys.all });
      onDone();
    },
  });
  return (
    <Stack>
      <Text>{text}</Text>
      <DialogActions mutation={remove} onCancel={onDone} onConfirm={() => remove.mutate()} confirmLabel={t('network.remove')} danger />
    </Stack>
  );
}
