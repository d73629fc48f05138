/**
 * One form for every page that sends something to the API: the problem's title and detail at
 * the top, each error the API names (problem+json `errors[].path`) next to the field of that
 * name (Field, Select and TextArea read it from here), the errors no field on the form shows
 * listed under the title so nothing is lost, focus moved to the first field in error (or the
 * problem) so a keyboard user lands where to fix it, the success notice, and one submit button.
 */
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiProblem } from './api/client';
import { useI18n } from './i18n';
import { Notice } from './ui';

interface FormProblemContext {
  error: unknown;
  register(path: string): () => void;
}

const Context = createContext<FormProblemContext | null>(null);

/** The error a field shows: its own (when given) or its form's; registers the field's path with the form. */
export function useFormProblem(path: string, own: unknown): unknown {
  const ctx = useContext(Context);
  useLayoutEffect(() => ctx?.register(path), [ctx, path]);
  return own ?? ctx?.error;
}

/** What ApiForm needs of a TanStack mutation (or anything shaped like one). */
export interface FormState {
  error: unknown;
  isPending: boolean;
  isSuccess?: boolean;
}

interface ApiFormProps {
  state: FormState;
  onSubmit(): void;
  submitLabel: string;
  /** Shown (role=status) once the call succeeded. */
  success?: ReactNode;
  className?: string;
  children: ReactNode;
  /** Between the fields and the button: rules, the preview of what it costs. */
  footer?: ReactNode;
}

export function ApiForm({ state, onSubmit, submitLabel, success, className, children, footer }: ApiFormProps) {
  const { t } = useI18n();
  const form = useRef<HTMLFormElement>(null);
  const banner = useRef<HTMLDivElement>(null);
  const [paths, setPaths] = useState<ReadonlyMap<string, number>>(new Map());
  const register = useCallback((path: string) => {
    setPaths((m) => new Map(m).set(path, (m.get(path) ?? 0) + 1));
    return () =>
      setPaths((m) => {
        const next = new Map(m);
        const n = (next.get(path) ?? 1) - 1;
        if (n <= 0) next.delete(path);
        else next.set(path, n);
        return next;
      });
  }, []);
  const ctx = useMemo(() => ({ error: state.error, register }), [state.error, register]);
  const problem = state.error instanceof ApiProblem ? state.error.problem : null;
  const shown = (p: string) => [...paths.keys()].some((f) => p === f || p.startsWith(`${f}.`) || p.startsWith(`${f}[`));
  const elsewhere = (problem?.errors ?? []).filter((e) => !shown(e.path));

  // A new refusal: take the keyboard to the first field in error, else to the problem itself.
  useEffect(() => {
    if (!state.error) return;
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? banner.current)?.focus();
  }, [state.error]);

  return (
    <Context.Provider value={ctx}>
      <form
        ref={form}
        className={className}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {state.error ? (
          <div className="problem" role="alert" tabIndex={-1} ref={banner}>
            <strong>{problem ? problem.title : t('common.error')}</strong>
            {problem?.detail ? <span> — {problem.detail}</span> : !problem && state.error instanceof Error ? <span> — {state.error.message}</span> : null}
            {elsewhere.length > 0 ? (
              <ul>
                {elsewhere.map((e) => (
                  <li key={`${e.path}:${e.message}`}>
                    <code>{e.path}</code>: {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {children}
        {footer}
        {state.isSuccess && success ? <Notice>{success}</Notice> : null}
        <button type="submit" disabled={state.isPending}>
          {submitLabel}
        </button>
      </form>
    </Context.Provider>
  );
}
