/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import type { ApiClient } from "./client";
import type { Page } from "./types";

/**
 * Iterates over every item of a cursor-paginated endpoint.
 *
 * @param client  the API client
 * @param path    endpoint path, e.g. `/projects`
 * @param pageSize items per request (the API caps it at 200)
 */
export async function* paginate<T>(client: ApiClient, path: string, pageSize = 50): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page: Page<T> = await client.get<Page<T>>(path, { query: { limit: Math.min(pageSize, 200), cursor } });
    for (const item of page.items) {
      yield item;
    }
    cursor = page.nextCursor ?? undefined;
    pages++;
    // Safety valve: the v6 API once returned the same cursor forever.
    if (pages > 10_000) {
      throw new Error(`pagination of ${path} did not terminate`);
    }
  } while (cursor);
}

/** Collects at most `limit` items. */
export async function collect<T>(iter: AsyncIterable<T>, limit = Infinity): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iter) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}
