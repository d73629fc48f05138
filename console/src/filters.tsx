/**
 * A list's filters live in the URL (so the page can be bookmarked and shared): the values read
 * from the query string, a draft the form edits, and submitting navigates to the list's path
 * with the non-empty values (and without a cursor: new filters start at the first page).
 */
import { useState, type ReactNode } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useI18n } from './i18n';

export function useUrlFilters<K extends string>(path: string, keys: readonly K[]) {
  const [, navigate] = useLocation();
  const search = new URLSearchParams(useSearch());
  const values = Object.fromEntries(keys.map((k) => [k, search.get(k) ?? undefined])) as Record<K, string | undefined>;
  const [draft, setDraft] = useState<Record<K, string>>(() => Object.fromEntries(keys.map((k) => [k, values[k] ?? ''])) as Record<K, string>);
  const go = (next: Partial<Record<K, string | undefined>>) => {
    const q = new URLSearchParams();
    for (const k of keys) {
      const v = k in next ? next[k] : values[k];
      if (v) q.set(k, v);
    }
    navigate(q.toString() ? `${path}?${q}` : path);
  };
  return { values, draft, set: (k: K, v: string) => setDraft((d) => ({ ...d, [k]: v })), submit: () => go(draft), go };
}

/** The form of a list's filters: its fields, and one button that applies them. */
export function FilterForm({ onSubmit, children, submitLabel }: { onSubmit(): void; children: ReactNode; submitLabel?: string }) {
  const { t } = useI18n();
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <button type="submit">{submitLabel ?? t('bills.filter')}</button>
    </form>
  );
}
