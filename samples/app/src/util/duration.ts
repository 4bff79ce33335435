/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import ms from "ms";

/** Parses `--since 2h`, `--timeout 90s` and plain milliseconds. */
export function parseDuration(input: string): number {
  const trimmed = input.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const value = ms(trimmed);
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new RangeError(`not a duration: "${input}" (try 30s, 5m, 2h)`);
  }
  return value;
}

/** `1234567` -> `"21m"`; with `long`, `"21 minutes"`. */
export function formatDuration(milliseconds: number, long = false): string {
  return ms(Math.max(0, Math.round(milliseconds)), { long });
}

/** Human "3 minutes ago" for an ISO timestamp. */
export function ago(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const delta = now - t;
  if (delta < 5_000) return "just now";
  return `${formatDuration(delta, true)} ago`;
}
