/**
 * The working-day calendar (SPEC §1): what is loaded for a year (staff's own list, the built-in
 * official one, or nothing: Monday–Friday), and loading a year by pasting its dates or
 * uploading a file (JSON {holidays, workdays}, or lines "2027-10-01" / "2027-10-01,holiday" /
 * "2027-09-26,workday"). A date the API refuses is named next to its list.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { api, ApiProblem, unwrap } from '../api/client';
import { ApiForm } from '../form';
import { useI18n } from '../i18n';
import { useToday } from '../today';
import { Dl, Field, Loading, ProblemBanner, TextArea } from '../ui';
import { datesIn, readCalendarFile } from '../calendar-file';

export function CalendarYear({ year: yearParam }: { year?: string }) {
  const { t } = useI18n();
  const today = useToday();
  const [, navigate] = useLocation();
  const year = yearParam ?? today.slice(0, 4);
  const client = useQueryClient();
  const loaded = useQuery({
    queryKey: ['calendar', year],
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/v1/calendar/{year}', { params: { path: { year: Number(year) } } }));
      } catch (e) {
        if (e instanceof ApiProblem && e.status === 404) return null;
        throw e;
      }
    },
    retry: false,
  });
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [fileError, setFileError] = useState<string | undefined>();
  const sentHolidays = datesIn(holidays);
  const sentWorkdays = datesIn(workdays);
  const load = useMutation({
    mutationFn: () => unwrap(api.PUT('/v1/calendar/{year}', { params: { path: { year: Number(year) } }, body: { holidays: sentHolidays, workdays: sentWorkdays } })),
    onSuccess: (view) => client.setQueryData(['calendar', year], view),
  });
  /** "holidays[3]: is not in 2027" → "2026-10-01: is not in 2027" next to the list it is in. */
  const listError = (name: 'holidays' | 'workdays', sent: string[]) => {
    if (!(load.error instanceof ApiProblem)) return undefined;
    const e = load.error.problem.errors?.find((x) => x.path === name || x.path.startsWith(`${name}[`));
    if (!e) return undefined;
    const i = /\[(\d+)\]/.exec(e.path)?.[1];
    return i !== undefined && sent[Number(i)] ? `${sent[Number(i)]}: ${e.message}` : e.message;
  };
  const y = Number(year);
  return (
    <main id="main">
      <h1>{t('calendar.title', { year })}</h1>
      <p className="links">
        <Link href={`/calendar/${y - 1}`}>← {y - 1}</Link>
        <Link href={`/calendar/${y + 1}`}>{y + 1} →</Link>
      </p>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const v = new FormData(e.currentTarget).get('year');
          if (typeof v === 'string' && /^\d{4}$/.test(v)) navigate(`/calendar/${v}`);
        }}
      >
        <Field label={t('calendar.year')} path="year" type="number" min={2000} max={2100} defaultValue={year} key={year} />
        <button type="submit">{t('aging.show')}</button>
      </form>

      <h2>{t('calendar.loaded')}</h2>
      <ProblemBanner error={loaded.error} />
      {loaded.isPending ? <Loading /> : null}
      {loaded.data === null ? <p className="notice warn">{t('calendar.none', { year })}</p> : null}
      {loaded.data ? (
        <>
          <p>{loaded.data.source === 'library' ? t('calendar.fromLibrary') : t('calendar.fromStaff')}</p>
          {loaded.data.holidays ? (
            <Dl
              items={[
                [t('calendar.holidays', { n: loaded.data.holidays.length }), <span key="h" className="dates">{loaded.data.holidays.join(' ')}</span>],
                [t('calendar.workdays', { n: loaded.data.workdays?.length ?? 0 }), <span key="w" className="dates">{(loaded.data.workdays ?? []).join(' ') || '—'}</span>],
              ]}
            />
          ) : null}
        </>
      ) : null}

      <h2>{t('calendar.load')}</h2>
      <div className="rules">
        <p>{t('calendar.rule')}</p>
        <p>{t('calendar.format')}</p>
      </div>
      <div className="field">
        <label htmlFor="calendar-file">{t('calendar.file')}</label>
        <input
          id="calendar-file"
          type="file"
          accept=".json,.txt,.csv,application/json,text/plain,text/csv"
          aria-describedby={fileError ? 'calendar-file-error' : undefined}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            try {
              const read = readCalendarFile(await file.text());
              setHolidays(read.holidays.join('\n'));
              setWorkdays(read.workdays.join('\n'));
              setFileError(undefined);
            } catch (err) {
              setFileError(`${file.name}: ${(err as Error).message}`);
            }
          }}
        />
        {fileError ? (
          <small id="calendar-file-error" className="field-error" role="alert">
            {fileError}
          </small>
        ) : null}
      </div>
      <ApiForm state={load} onSubmit={() => load.mutate()} submitLabel={t('calendar.submit', { year })} success={t('calendar.created', { year, holidays: load.data?.holidays?.length ?? 0, workdays: load.data?.workdays?.length ?? 0 })}>
        <div className="grid two">
          <TextArea label={t('calendar.holidaysField')} hint={t('calendar.count', { n: sentHolidays.length })} path="holidays" localError={listError('holidays', sentHolidays)} rows={8} value={holidays} onChange={(e) => setHolidays(e.target.value)} />
          <TextArea label={t('calendar.workdaysField')} hint={t('calendar.count', { n: sentWorkdays.length })} path="workdays" localError={listError('workdays', sentWorkdays)} rows={8} value={workdays} onChange={(e) => setWorkdays(e.target.value)} />
        </div>
      </ApiForm>
    </main>
  );
}
