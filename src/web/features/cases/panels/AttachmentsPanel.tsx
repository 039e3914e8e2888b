import { Anchor, Button, FileInput, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_BYTES, attachmentTypes, type Attachment } from '../../../../contracts/casework.js';
import { AppModal } from '../../../components/AppModal.js';
import { DataTable } from '../../../components/DataTable.js';
import { LoadMore, QueryView } from '../../../components/QueryView.js';
import { formatDate } from '../../../lib/dates.js';
import { formErrors } from '../../network/api.js';
import { casePath, send, useCaseWrite, type Case } from '../api.js';
import { CaseForm } from '../CaseBits.js';
import { mayAdd, SensitivityBadge, SensitivityChoice, useCasePages } from './NotesPanel.js';

const accept = '.pdf,.jpg,.jpeg,.png,.mp3,.m4a,.ogg,.wav,' + attachmentTypes.join(',');

function sizeText(bytes: number, lang: string): string {
  const fmt = new Intl.NumberFormat(lang.startsWith('th') ? 'th-TH' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${fmt.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${fmt.format(bytes / 1024)} KB`;
  return `${fmt.format(bytes / 1024 / 1024)} MB`;
}

/** The file as standard base64 (what the API takes). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export function AttachmentsPanel({ kase }: { kase: Case }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const files = useCasePages<Attachment>(kase, 'attachments');
  const [adding, setAdding] = useState(false);
  const items = files.data ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="gray.7" style={{ flex: 1, minWidth: 240 }}>
          {t('cases.attachments.intro', { mb: ATTACHMENT_MAX_BYTES / 1024 / 1024 })}
        </Text>
        {mayAdd(kase) && <Button onClick={() => setAdding(true)}>{t('cases.attachments.add')}</Button>}
      </Group>
      <QueryView query={files} isEmpty={items.length === 0} empty={t('cases.attachments.empty')}>
        <div data-testid="case-attachments">
          <DataTable
            rows={items}
            rowKey={(a) => a.id}
            minWidth={720}
            columns={[
              {
                header: t('cases.attachments.file'),
                cell: (a) => (
                  <Group gap="xs" wrap="nowrap">
                    {/* A plain link: the browser downloads it with the session cookie; the server audits every download. */}
                    <Anchor href={casePath(kase.id, 'attachments', a.id, 'download')} download={a.filename} className="wrap-anywhere" data-testid="attachment-download">
                      {a.filename}
                    </Anchor>
                    <SensitivityBadge sensitivity={a.sensitivity} />
                  </Group>
                ),
              },
              { header: t('cases.attachments.type'), cell: (a) => a.contentType },
              { header: t('cases.attachments.size'), cell: (a) => sizeText(a.sizeBytes, lang) },
              { header: t('cases.attachments.by'), cell: (a) => a.uploadedByName ?? '—' },
              { header: t('cases.attachments.when'), cell: (a) => formatDate(a.createdAt, lang) },
            ]}
          />
        </div>
        <LoadMore query={files} />
      </QueryView>
      <Text size="xs" c="gray.7">
        {t('cases.attachments.audited')}
      </Text>
      <AppModal opened={adding} onClose={() => setAdding(false)} title={t('cases.attachments.add')} size="lg">
        {adding && <UploadForm kase={kase} onDone={() => setAdding(false)} />}
      </AppModal>
    </Stack>
  );
}

function UploadForm({ kase, onDone }: { kase: Case; onDone: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [sensitivity, setSensitivity] = useState<'normal' | 'team'>('normal');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const upload = useCaseWrite(kase.id, async (f: File) =>
    send<Attachment>('POST', casePath(kase.id, 'attachments'), { filename: f.name, sensitivity, contentBase64: await readBase64(f) }),
  );
  return (
    <CaseForm
      mutation={upload}
      confirmLabel={t('cases.attachments.upload')}
      onCancel={onDone}
      onSubmit={() => {
        if (!file) {
          setErrors({ file: t('validation.required') });
          return;
        }
        if (file.size > ATTACHMENT_MAX_BYTES) {
          setErrors({ file: t('cases.attachments.tooLarge', { mb: ATTACHMENT_MAX_BYTES / 1024 / 1024 }) });
          return;
        }
        upload.mutate(file, { onSuccess: onDone, onError: (err) => setErrors({ file: formErrors(err).filename ?? formErrors(err).contentBase64 ?? '' }) });
      }}
    >
      <FileInput
        label={t('cases.attachments.file')}
        description={t('cases.attachments.types')}
        required
        accept={accept}
        value={file}
        onChange={(f) => {
          setFile(f);
          setErrors({});
        }}
        clearable
        error={errors.file || undefined}
        data-testid="attachment-file"
      />
      {kase.access.team && <SensitivityChoice value={sensitivity} onChange={setSensitivity} />}
    </CaseForm>
  );
}
