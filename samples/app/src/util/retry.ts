/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */

export interface RetryOptions {
  retries: number;
  /** First delay in ms; doubles each attempt. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  shouldRetry?: (err: unknown, attempt: number) => boolean;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` until it succeeds or the retries are used up, with exponential
 * backoff and full jitter.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 8_000;
  let lastError: unknown;
  for (let attempt = 1; attempt <= options.retries + 1; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      lastError = err;
      const more = attempt <= options.retries && (options.shouldRetry?.(err, attempt) ?? true);
      if (!more) break;
      const cap = Math.min(max, base * 2 ** (attempt - 1));
      await sleep(Math.floor(Math.random() * cap));
    }
  }
  throw lastError;
}
