/** Small pieces every page uses: fields that show the API's problem next to the field it names, money, tables, paging. */
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useFormProblem } from './form';
import { ApiProblem } from './api/client';
import { useI18n } from './i18n';
import { formatFen } from './format';
import type { MessageKey } from './messages';

export function Money({ fen }: { fen: number | undefined | null }) {
  if (fen === undefined || fen === null) return <span>—</span>;
  return <span className={`money${fen < 0 ? ' credit' : ''}`}>{formatFen(fen)}</span>;
}

/** The API's problem for the whole form (its detail), shown once at the top of the form. */
export function ProblemBanner({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const p = error instanceof ApiProblem ? error.problem : null;
  return (
    <div className="problem" role="alert">
      <strong>{p ? p.title : t('common.error')}</strong>
      {p?.detail ? <span> — {p.detail}</span> : error instanceof Error && !p ? <span> — {error.message}</span> : null}
    </div>
  );
}

export function fieldError(error: unknown, path: string): string | undefined {
  return error instanceof ApiProblem ? error.fieldError(path) : undefined;
}

/** What every field shows besides its control: the label, a hint, and the API's (or the page's) message for it. */
interface FieldCommon {
  label: string;
  hint?: string;
  /** The API's name for the field (problem `errors[].path`). */
  path: string;
  error?: unknown;
  /** A message found by the page itself before any call (e.g. an amount that is not one). */
  localError?: string;
}

/** The frame of a field: label, control (given the id and ARIA attributes to spread), hint, error. */
function FieldFrame({ label, hint, path, error: own, localError, control }: FieldCommon & { control: (a: { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }) {
  const id = useId();
  const error = useFormProblem(path, own);
  const message = localError ?? fieldError(error, path);
  const describedBy = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${message ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {control({ id, name: path, 'aria-invalid': message ? true : undefined, 'aria-describedby': describedBy })}
      {hint ? (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      ) : null}
      {message ? (
        <small id={`${id}-error`} className="field-error" role="alert">
          {message}
        </small>
      ) : null}
    </div>
  );
}

type FieldProps = FieldCommon & InputHTMLAttributes<HTMLInputElement>;

export function Field({ label, hint, path, error, localError, ...input }: FieldProps) {
  return <FieldFrame label={label} hint={hint} path={path} error={error} localError={localError} control={(a) => <input {...a} {...input} />} />;
}

type SelectProps = FieldCommon & SelectHTMLAttributes<HTMLSelectElement> & { options: Array<{ value: string; label: string }> };

export function Select({ label, hint, path, error, localError, options, ...select }: SelectProps) {
  return (
    <FieldFrame
      label={label}
      hint={hint}
      path={path}
      error={error}
      localError={localError}
      control={(a) => (
        <select {...a} {...select}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

type TextAreaProps = FieldCommon & TextareaHTMLAttributes<HTMLTextAreaElement>;

/** A multi-line field (e.g. a pasted list of dates), with the API's problem next to it like any field. */
export function TextArea({ label, hint, path, error, localError, ...area }: TextAreaProps) {
  return <FieldFrame label={label} hint={hint} path={path} error={error} localError={localError} control={(a) => <textarea {...a} {...area} />} />;
}

/** A table that scrolls sideways on a phone (focusable, so the keyboard can scroll it too). */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table>{children}</table>
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

/** A query's failure: "not found" for a 404 (another tenant's object answers 404 too), else the problem. */
export function QueryFailure({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ApiProblem && error.status === 404) {
    return (
      <main id="main" className="not-found">
        <h1>{t('common.notFound')}</h1>
        <p>{t('common.notFoundDetail')}</p>
      </main>
    );
  }
  return (
    <main id="main">
      <ProblemBanner error={error} />
    </main>
  );
}

export function Empty() {
  const { t } = useI18n();
  return <p className="muted">{t('common.none')}</p>;
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

export function Dl({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function useEnum() {
  const { t } = useI18n();
  return (prefix: string, value: string | undefined | null): string => {
    if (!value) return '—';
    const key = `${prefix}.${value}` as MessageKey;
    try {
      return t(key);
    } catch {
      return value;
    }
  };
}
