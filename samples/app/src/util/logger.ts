/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import kleur from "kleur";

export type Level = "debug" | "info" | "warn" | "error" | "silent";

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  setLevel(level: Level): void;
  child(scope: string): Logger;
}

/** Shared across all scoped loggers so `--verbose` affects everything. */
const state = {
  level: (process.env.QF_LOG_LEVEL as Level | undefined) ?? "info",
  color: process.stderr.isTTY && process.env.NO_COLOR === undefined,
};

/** Strips secrets that users paste into error messages more often than you'd think. */
const REDACT = [
  /\b(AKIA[0-9A-Z]{16})\b/g,
  /\b(gh[pousr]_[A-Za-z0-9]{36})\b/g,
  /\b(sk_(?:live|test)_[A-Za-z0-9]{16,})\b/g,
  /(Bearer\s+)[\w.-]+/gi,
];

export function redact(message: string): string {
  let out = message;
  for (const re of REDACT) {
    out = out.replace(re, (m: string, p1: string) => (p1 && m.startsWith(p1) && /\s$/.test(p1) ? `${p1}[redacted]` : "[redacted]"));
  }
  return out;
}

class ScopedLogger implements Logger {
  constructor(private readonly scope: string) {}

  debug(message: string): void {
    this.write("debug", kleur.gray, message);
  }
  info(message: string): void {
    this.write("info", (s) => s, message);
  }
  warn(message: string): void {
    this.write("warn", kleur.yellow, message);
  }
  error(message: string): void {
    this.write("error", kleur.red, message);
  }
  setLevel(level: Level): void {
    state.level = level;
  }
  child(scope: string): Logger {
    return new ScopedLogger(`${this.scope}:${scope}`);
  }

  private write(level: Level, paint: (s: string) => string, message: string): void {
    if (ORDER[level] < ORDER[state.level]) return;
    const prefix = level === "info" ? "" : `${level}${level === "debug" ? `[${this.scope}]` : ""}: `;
    const line = `${prefix}${redact(message)}`;
    process.stderr.write((state.color ? paint(line) : line) + "\n");
  }
}

export function createLogger(scope: string): Logger {
  kleur.enabled = state.color;
  return new ScopedLogger(scope);
}
