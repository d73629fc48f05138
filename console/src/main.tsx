import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from '@tanstack/react-query';
import { Router } from 'wouter';
import '@fontsource/noto-sans-sc/400.css';
import './styles.css';
import { ApiProblem } from './api/client';
import { I18nProvider } from './i18n';
import { SESSION_QUERY, SessionProvider } from './session';
import { App } from './App';

/** A 401 anywhere means the session ended (signed out elsewhere, expired, key revoked): back to sign-in. */
const onError = (error: unknown) => {
  if (error instanceof ApiProblem && error.status === 401) client.setQueryData(SESSION_QUERY, null);
};
const client: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: { staleTime: 10_000, refetchOnWindowFocus: false, retry: (count, error) => !(error instanceof ApiProblem && error.status < 500) && count < 2 },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <I18nProvider>
        <Router base="/console">
          <SessionProvider>
            <App />
          </SessionProvider>
        </Router>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
