/**
 * Today's date as the system sees it: the test clock when the system runs on one
 * (GET /v1/clock answers only then), else this browser's date in Asia/Shanghai.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './api/client';
import { dateOf } from './format';

export function useToday(): string {
  const q = useQuery({
    queryKey: ['clock'],
    queryFn: async () => {
      const { data, response } = await api.GET('/v1/clock');
      return response.ok && data ? dateOf(data.now) : dateOf(Date.now());
    },
    staleTime: 30_000,
    retry: false,
  });
  return q.data ?? dateOf(Date.now());
}
