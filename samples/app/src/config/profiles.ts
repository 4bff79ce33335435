/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { QfError } from "../api/errors";

const PROFILE_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;

/**
 * Picks the profile to use. An explicit name must exist (except "default",
 * which always does); otherwise we fall back to "default".
 */
export function selectProfile(requested: string | undefined, sections: Map<string, Record<string, string>>): string {
  if (!requested || requested === "default") return "default";
  if (!PROFILE_NAME.test(requested)) {
    throw new QfError("usage", `invalid profile name "${requested}"`);
  }
  if (!sections.has(requested)) {
    const known = [...sections.keys()].filter((k) => k !== "default");
    throw new QfError("config", `profile "${requested}" not found`, {
      hint: known.length ? `known profiles: ${known.join(", ")}` : "create one with `qf config set --profile NAME key value`",
    });
  }
  return requested;
}

/** Serialises sections back to rc syntax, default first. */
export function serializeRc(sections: Map<string, Record<string, string>>): string {
  const out: string[] = ["; written by qf - edits are preserved, comments are not"];
  const names = [...sections.keys()].sort((a, b) => (a === "default" ? -1 : b === "default" ? 1 : a.localeCompare(b)));
  for (const name of names) {
    out.push(name === "default" ? "[default]" : `[profile ${name}]`);
    for (const [k, v] of Object.entries(sections.get(name)!)) {
      out.push(`${k} = ${/[\s;#]/.test(v) ? JSON.stringify(v) : v}`);
    }
    out.push("");
  }
  return out.join("\n");
}
