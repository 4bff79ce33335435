/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import kleur from "kleur";
import { padEnd, visibleLength, truncate } from "./strings";

export interface Column<T> {
  header: string;
  get: (row: T) => string;
  /** Max width; longer cells are truncated with an ellipsis. */
  max?: number;
  align?: "left" | "right";
}

/**
 * Renders rows as an aligned plain-text table:
 *
 *   NAME      STATUS  AGE
 *   web-app   live    3 minutes ago
 */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => truncate(c.get(row), c.max ?? 60)));
  const widths = columns.map((c, i) => Math.max(visibleLength(c.header), ...cells.map((r) => visibleLength(r[i]))));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i].align === "right" ? " ".repeat(widths[i] - visibleLength(v)) + v : padEnd(v, widths[i])))
      .join("  ")
      .trimEnd();
  return [kleur.bold(line(columns.map((c) => c.header.toUpperCase()))), ...cells.map(line)].join("\n") + "\n";
}

/** For `--json`: a stable, pretty JSON document. */
export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
