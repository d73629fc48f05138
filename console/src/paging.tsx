/**
 * The API's keyset lists (`{data, hasMore, nextCursor}`, decision 0025) in a page: the first
 * page, then "load more" appends the next one from `nextCursor`. The DOM holds only what was
 * asked for. (A list whose page is part of the URL, like the bills, links `?cursor=` instead.)
 */
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useI18n } from './i18n';

export interface KeysetPage<T> {
  data: T[];
  hasMore?: boolean;
  nextCursor?: string | null;
}

export function useKeysetList<T>(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<KeysetPage<T>>, options: { enabled?: boolean } = {}) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.hasMore && last.nextCursor ? last.nextCursor : undefined),
    enabled: options.enabled ?? true,
  });
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  return { ...query, rows };
}

/** The "load more" button of a keyset list (nothing when the last page is shown). */
export function LoadMore({ list }: { list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  const { t } = useI18n();
  if (!list.hasNextPage) return null;
  return (
    <p className="pager">
      <button type="button" className="secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
        {list.isFetchingNextPage ? t('common.loading') : t('list.loadMore')}
      </button>
    </p>
  );
}
