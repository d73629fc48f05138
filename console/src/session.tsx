/**
 * Who is signed in: read from GET /v1/sessions/current (the cookie is HttpOnly, so the page
 * asks the server). Sign-in posts the pasted key once and forgets it; sign-out ends the
 * session on the server.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiProblem, setCsrfToken, unwrap, type Schemas } from './api/client';

export type Session = Schemas['Session'];

interface SessionState {
  session: Session | null;
  loading: boolean;
  signIn(apiKey: string): Promise<void>;
  signOut(): Promise<void>;
}

const Context = createContext<SessionState | null>(null);
export const SESSION_QUERY = ['session'] as const;

/** Another person's data must not stay in the cache (the session query itself keeps its observer). */
function forgetOtherQueries(client: QueryClient): void {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_QUERY[0] });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: SESSION_QUERY,
    queryFn: async () => {
      try {
        const s = await unwrap(api.GET('/v1/sessions/current'));
        setCsrfToken(s.csrfToken);
        return s;
      } catch (e) {
        if (e instanceof ApiProblem && (e.status === 401 || e.status === 404)) {
          setCsrfToken(null);
          return null;
        }
        throw e;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
  const state: SessionState = {
    session: query.data ?? null,
    loading: query.isPending,
    async signIn(apiKey) {
      const s = await unwrap(api.POST('/v1/sessions', { body: { apiKey } }));
      setCsrfToken(s.csrfToken);
      forgetOtherQueries(client);
      client.setQueryData(SESSION_QUERY, s);
    },
    async signOut() {
      await unwrap(api.DELETE('/v1/sessions/current'));
      setCsrfToken(null);
      forgetOtherQueries(client);
      client.setQueryData(SESSION_QUERY, null);
    },
  };
  return <Context.Provider value={state}>{children}</Context.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(Context);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function useIsStaff(): boolean {
  return useSession().session?.role === 'staff';
}
