// Iterating the list endpoints. Two schemes are served: `limit` and `offset` (the submission and
// the generation & config families) and `page` and `per_page` (the lead-generation agents).
// Each iterator asks for one page at a time and stops at a short or empty page.

/** Every item of an offset-paginated list: `fetchPage` gets the window to ask for and answers its items. */
export async function* paginateOffset<T>(
  fetchPage: (window: { limit: number; offset: number }) => Promise<T[]>,
  pageSize: number,
): AsyncGenerator<T, void, undefined> {
  for (let offset = 0; ; ) {
    const items = await fetchPage({ limit: pageSize, offset });
    yield* items;
    if (items.length < pageSize) return;
    offset += items.length;
  }
}

/** Every item of a page-numbered list: `fetchPage` answers a page's items and the number of pages there are. */
export async function* paginatePages<T>(
  fetchPage: (window: { page: number; per_page: number }) => Promise<{ items: T[]; totalPages: number }>,
  pageSize: number,
): AsyncGenerator<T, void, undefined> {
  for (let page = 1; ; page++) {
    const { items, totalPages } = await fetchPage({ page, per_page: pageSize });
    yield* items;
    if (items.length === 0 || page >= totalPages) return;
  }
}

/** Collects an iterator into an array: `await all(leadedge.list.leads({ flow_id }))`. */
export async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}
