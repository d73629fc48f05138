/**
 * A form that runs one action: submitted without a page load (Enter works from any field), the
 * API's problem shown once at its top; fields show their own errors. The operations screens'
 * forms all have this shape (a shared form component may absorb it later).
 */
import type { ReactNode } from 'react';
import { ProblemBanner } from '../ui';

export function ActionForm({ run, error, className, label, children }: { run: () => void; error: unknown; className?: string; label?: string; children: ReactNode }) {
  return (
    <form
      className={className}
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        run();
      }}
      noValidate
    >
      <ProblemBanner error={error} />
      {children}
    </form>
  );
}
