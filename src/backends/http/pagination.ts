import type { z } from 'zod';
import type { HttpClient, HttpRequest, HttpResponse } from './httpClient';

// Pagination as the APIs do it: RFC 8288 Link headers (GitHub, GitLab) and page
// numbers or offsets in the query (GitLab's x-next-page, Jira's startAt). Every
// helper stops at maxPages so that a server looping its "next" can not hold us.

/** rel → URL of a Link header: `<https://…?page=2>; rel="next", <…>; rel="last"`. */
export function parseLinkHeader(value: string | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  for (const part of value.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>((?:\s*;\s*[^;]+)*)/.exec(part.trim());
    if (!match) continue;
    const rel = /;\s*rel="?([^";]+)"?/i.exec(match[2]);
    if (rel) for (const name of rel[1].trim().split(/\s+/)) links[name.toLowerCase()] = match[1];
  }
  return links;
}

export interface PageOptions {
  /** Most pages fetched; default 50. */
  maxPages?: number;
}

/** Items of every page and whether every page was a 304 (nothing changed). */
export interface CollectedPages<T> {
  items: T[];
  pages: number;
  allNotModified: boolean;
}

/** Follows Link rel="next" from the first request; each page is checked against the schema. */
export async function* pagesByLink<T>(client: HttpClient, first: HttpRequest, schema: z.ZodType<T>, options: PageOptions = {}): AsyncGenerator<HttpResponse<T>> {
  let request: HttpRequest | undefined = first;
  for (let page = 0; request && page < (options.maxPages ?? 50); page++) {
    const response: HttpResponse<T> = await client.json(request, schema);
    yield response;
    const next: string | undefined = parseLinkHeader(response.headers.link).next;
    // The next URL carries the query already; only signal, headers and limits carry over.
    request = next === undefined ? undefined : { ...first, path: next, query: undefined };
  }
}

/**
 * Page-number pagination: sets `pageParam` to 1, 2, … until `isLast` says so
 * (default: a page shorter than perPage, or GitLab's empty x-next-page).
 */
export async function* pagesByNumber<T extends unknown[]>(
  client: HttpClient,
  first: HttpRequest,
  schema: z.ZodType<T>,
  options: PageOptions & { pageParam?: string; perPageParam?: string; perPage?: number; isLast?: (response: HttpResponse<T>) => boolean } = {},
): AsyncGenerator<HttpResponse<T>> {
  const perPage = options.perPage ?? 100;
  const pageParam = options.pageParam ?? 'page';
  const perPageParam = options.perPageParam ?? 'per_page';
  for (let page = 1; page <= (options.maxPages ?? 50); page++) {
    const response = await client.json({ ...first, query: { ...first.query, [pageParam]: page, [perPageParam]: perPage } }, schema);
    yield response;
    const last = options.isLast ? options.isLast(response) : response.body.length < perPage || response.headers['x-next-page'] === '';
    if (last) return;
  }
}

/** Gathers the items of all pages. */
export async function collectPages<P, T>(pages: AsyncIterable<HttpResponse<P>>, itemsOf: (body: P) => T[]): Promise<CollectedPages<T>> {
  const items: T[] = [];
  let count = 0;
  let allNotModified = true;
  for await (const page of pages) {
    count++;
    allNotModified &&= page.notModified;
    items.push(...itemsOf(page.body));
  }
  return { items, pages: count, allNotModified: count > 0 && allNotModified };
}
