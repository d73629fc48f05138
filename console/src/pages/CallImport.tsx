/**
 * Staff: import call detail records (CSV streamed, or JSON) through POST /v1/calls, with the
 * upload's progress, then the API's result: accepted, duplicates, conflicts and rejected rows
 * by row number (a bad row never refuses the whole file).
 */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '../api/client';
import { uploadWithProgress, type UploadProgress } from '../api/upload';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { Dl, Field, Notice, ProblemBanner, TableWrap } from '../ui';

type ImportResult = Schemas['CallImportResult'] & { rows?: number; rejectedTotal?: number; rejectedOmitted?: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function CallImport() {
  const { t } = useI18n();
  const { session } = useSession();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [contractId, setContractId] = useState('');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [contractError, setContractError] = useState<string | undefined>();
  const busy = progress !== null && result === null && error === null;

  const submit = async () => {
    const isJson = file ? /\.json$/i.test(file.name) || file.type === 'application/json' : false;
    setFileError(file ? undefined : t('import.fileRequired'));
    const badContract = contractId.trim() !== '' && !UUID.test(contractId.trim());
    setContractError(badContract ? t('import.contractInvalid') : undefined);
    if (!file || badContract) return;
    setResult(null);
    setError(null);
    setProgress({ sent: 0, total: file.size, phase: 'uploading' });
    const query = contractId.trim() ? `?contractId=${encodeURIComponent(contractId.trim())}` : '';
    try {
      const r = await uploadWithProgress<ImportResult>({
        url: `/v1/calls${query}`,
        body: file,
        contentType: isJson ? 'application/json' : 'text/csv',
        csrfToken: session?.csrfToken ?? null,
        onProgress: setProgress,
      });
      setResult(r);
      void client.invalidateQueries({ queryKey: ['calls'] });
    } catch (e) {
      setError(e);
    }
  };

  const percent = progress && progress.total > 0 ? Math.round((progress.sent / progress.total) * 100) : 0;
  return (
    <main id="main">
      <h1>{t('import.title')}</h1>
      <p className="muted">{t('import.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <ProblemBanner error={error} />
        <div className="grid">
          <Field
            label={t('import.file')}
            hint={t('import.fileHint')}
            path="file"
            type="file"
            accept=".csv,.json,text/csv,application/json"
            localError={fileError}
            required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <Field
            label={t('import.contractId')}
            hint={t('import.contractHint')}
            path="contractId"
            error={error}
            localError={contractError}
            value={contractId}
            onChange={(e) => setContractId(e.target.value)}
          />
        </div>
        <button type="submit" disabled={busy}>
          {t('import.submit')}
        </button>
      </form>
      {progress ? (
        <div className="progress" aria-live="polite">
          <label>
            {progress.phase === 'uploading' || result || error ? t('import.uploading', { percent }) : t('import.processing')}
            <progress max={progress.total || 1} value={progress.sent} aria-label={t('import.progress')} />
          </label>
        </div>
      ) : null}
      {result ? <ImportSummary result={result} /> : null}
    </main>
  );
}

function ImportSummary({ result }: { result: ImportResult }) {
  const { t } = useI18n();
  const rejectedTotal = result.rejectedTotal ?? result.rejected.length;
  const conflictsTotal = result.conflictsTotal ?? result.conflicts.length;
  return (
    <section aria-labelledby="import-result">
      <h2 id="import-result">{t('import.result')}</h2>
      <Notice>{t('import.done', { accepted: result.accepted, rows: result.rows ?? result.accepted + result.duplicates + rejectedTotal + conflictsTotal })}</Notice>
      <Dl
        items={[
          [t('import.rows'), String(result.rows ?? '—')],
          [t('import.accepted'), String(result.accepted)],
          [t('import.duplicates'), String(result.duplicates)],
          [t('import.conflicts'), String(conflictsTotal)],
          [t('import.rejected'), String(rejectedTotal)],
        ]}
      />
      {result.rejected.length > 0 ? (
        <>
          <h3>{t('import.rejectedRows')}</h3>
          <TableWrap label={t('import.rejectedRows')}>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('import.row')}
                </th>
                <th scope="col">{t('import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {result.rejected.map((r) => (
                <tr key={r.row}>
                  <td className="num">{r.row}</td>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </TableWrap>
          {result.rejectedOmitted ? <p className="muted">{t('import.omitted', { count: result.rejectedOmitted })}</p> : null}
        </>
      ) : null}
      {result.conflicts.length > 0 ? (
        <>
          <h3>{t('import.conflictRows')}</h3>
          <p className="muted">{t('import.conflictHint')}</p>
          <TableWrap label={t('import.conflictRows')}>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('import.row')}
                </th>
                <th scope="col">{t('import.callId')}</th>
                <th scope="col">{t('import.differs')}</th>
              </tr>
            </thead>
            <tbody>
              {result.conflicts.map((c) => (
                <tr key={`${c.row}-${c.id}`}>
                  <td className="num">{c.row}</td>
                  <td>{c.id}</td>
                  <td>{c.differs.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </TableWrap>
        </>
      ) : null}
    </section>
  );
}
