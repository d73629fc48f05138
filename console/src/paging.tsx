/**
 * The API's keyset lists (`{data, hasMore, nextCursor}`, decision 0025) in a page: the first
 * page, then "load more" appends the next one from `nextCursor`. The DOM holds only what was
 * asked for. (A list whose page is part of the URL, like the bills, links `?cursor=` instead.)
 */
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useI18n } from './i18n';
import { Empty, Loading, ProblemBanner, TableWrap } from './ui';

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

/**
 * A keyset list as a table: the API's problem, "loading", "none", the rows, and "load more" —
 * the same on every page. `head` is the header row's cells; `row` renders one item's row.
 */
export function KeysetTable<T>({
  list,
  label,
  head,
  row,
}: {
  list: { rows: T[]; error: unknown; isPending: boolean; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  label: string;
  head: ReactNode;
  row: (item: T) => ReactNode;
}) {
  return (
    <>
      <ProblemBanner error={list.error} />
      {list.isPending ? <Loading /> : list.rows.length === 0 && !list.error ? <Empty /> : null}
      {list.rows.length > 0 ? (
        <TableWrap label={label}>
          <thead>
            <tr>{head}</tr>
          </thead>
          <tbody>{list.rows.map(row)}</tbody>
        </TableWrap>
      ) : null}
      <LoadMore list={list} />
    </>
  );
}
