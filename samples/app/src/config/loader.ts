/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CONFIG, RC_FILE_NAME } from "./defaults";
import { validateField, type QfConfig } from "./schema";
import { ENV, envFlag } from "./env";
import { configDir } from "../util/paths";
import { QfError } from "../api/errors";
import { selectProfile } from "./profiles";

export interface LoadOptions {
  profile?: string;
  /** Used by tests; defaults to the user's config dir. */
  dir?: string;
}

/**
 * Parses the rc file, a tiny INI dialect:
 *
 *     ; comment
 *     [default]
 *     environment = production
 *     [profile staging]
 *     apiUrl = https://api.staging.quillfeather.dev/v7
 */
export function parseRc(text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current = "default";
  sections.set(current, {});
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/[;#].*$/, "").trim();
    if (!line) continue;
    const header = /^\[(?:profile\s+)?([\w.-]+)\]$/.exec(line);
    if (header) {
      current = header[1];
      if (!sections.has(current)) sections.set(current, {});
      continue;
    }
    const kv = /^([\w.]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) {
      throw new QfError("config", `${RC_FILE_NAME}:${i + 1}: cannot parse "${lines[i]}"`);
    }
    sections.get(current)![kv[1]] = kv[2].replace(/^"(.*)"$/, "$1");
  }
  return sections;
}

export function loadConfig(options: LoadOptions = {}): QfConfig {
  const dir = options.dir ?? configDir();
  const rcPath = join(dir, RC_FILE_NAME);
  const sections = existsSync(rcPath) ? parseRc(readFileSync(rcPath, "utf8")) : new Map<string, Record<string, string>>();
  const profile = selectProfile(options.profile ?? process.env[ENV.profile], sections);

  const merged: QfConfig = { ...DEFAULT_CONFIG, profile, flags: {}, extra: {} };
  const layers = [sections.get("default") ?? {}, profile === "default" ? {} : sections.get(profile) ?? {}];
  for (const layer of layers) {
    for (const [key, raw] of Object.entries(layer)) {
      if (key.startsWith("flag.")) {
        merged.flags[key.slice(5)] = raw === "true" || raw === "1";
      } else if (key in DEFAULT_CONFIG || key === "apiUrl" || key === "defaultProject") {
        (merged as unknown as Record<string, unknown>)[key] = validateField(key, raw);
      } else {
        merged.extra[key] = raw;
      }
    }
  }

  // Environment beats the file.
  if (process.env[ENV.apiUrl]) merged.apiUrl = validateField("apiUrl", process.env[ENV.apiUrl]) as string;
  if (process.env[ENV.environment]) {
    merged.environment = validateField("environment", process.env[ENV.environment]) as QfConfig["environment"];
  }
  if (envFlag(ENV.noTelemetry) || process.env.DO_NOT_TRACK === "1") merged.telemetry = false;
  if (process.env.NO_COLOR !== undefined) merged.color = false;
  return merged;
}
