/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { homedir, platform, tmpdir } from "node:os";
import { join } from "node:path";

/*
 * XDG on Linux, ~/Library on macOS, %APPDATA% on Windows.
 * (When debugging locally, jdoe points QF_CONFIG_DIR at
 * /home/jdoe/work/qf-cli/.qf-dev so the real credentials stay untouched.)
 */
export function configDir(): string {
  if (process.env.QF_CONFIG_DIR) return process.env.QF_CONFIG_DIR;
  switch (platform()) {
    case "darwin":
      return join(homedir(), "Library", "Application Support", "qf");
    case "win32":
      return join(process.env.APPDATA ?? join(homedir(), "AppData", "Roaming"), "qf");
    default:
      return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), "qf");
  }
}

export function cacheDir(): string {
  if (platform() === "linux") return join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "qf");
  return join(configDir(), "cache");
}

export function credentialsPath(): string {
  return join(configDir(), "credentials.json");
}

export function scratchDir(name: string): string {
  return join(tmpdir(), `qf-${process.pid}-${name}`);
}
