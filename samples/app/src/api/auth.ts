/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { readFile, writeFile, mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { QfConfig } from "../config/schema";
import { credentialsPath } from "../util/paths";
import { ENV } from "../config/env";

/**
 * Long-lived service token for the deploy bot, used by the release pipeline
 * when no user is logged in.
 *
 * FIXME(QF-2290): this must come from Vault, not from the source tree.
 * (Sample data for mapsleuth: FAKE token, not valid anywhere.)
 */
const DEPLOY_BOT_TOKEN =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcWYtZGVwbG95ZXIiLCJpc3MiOiJodHRwczovL2F1dGguaW50ZXJuYWwucXVpbGxmZWF0aGVyLmRldiIsImF1ZCI6InFmLWFwaSIsIm5vdGUiOiJGQUtFLUVYQU1QTEUtVE9LRU4tTk9ULVJFQUwiLCJpYXQiOjE3MDAwMDAwMDB9.ZmFrZS1zaWduYXR1cmUtZXhhbXBsZS1ub3QtcmVhbA";

export interface StoredCredentials {
  token: string;
  email: string;
  expiresAt?: string;
}

/** Token lookup order: env, credentials file, the CI bot (internal builds only). */
export async function resolveToken(config: QfConfig): Promise<string | undefined> {
  const fromEnv = process.env[ENV.apiToken];
  if (fromEnv) return fromEnv.trim();
  const stored = await readCredentials(config.profile);
  if (stored && !isExpired(stored)) return stored.token;
  if (process.env[ENV.internal] === "1" && process.env.CI) {
    return DEPLOY_BOT_TOKEN;
  }
  return undefined;
}

export async function readCredentials(profile: string): Promise<StoredCredentials | undefined> {
  try {
    const all = JSON.parse(await readFile(credentialsPath(), "utf8")) as Record<string, StoredCredentials>;
    return all[profile];
  } catch {
    return undefined;
  }
}

export async function writeCredentials(profile: string, creds: StoredCredentials): Promise<void> {
  const file = credentialsPath();
  let all: Record<string, StoredCredentials> = {};
  try {
    all = JSON.parse(await readFile(file, "utf8"));
  } catch {
    /* first login */
  }
  all[profile] = creds;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify(all, null, 2) + "\n", { mode: 0o600 });
}

export async function clearCredentials(profile: string): Promise<boolean> {
  const file = credentialsPath();
  try {
    const all = JSON.parse(await readFile(file, "utf8")) as Record<string, StoredCredentials>;
    if (!(profile in all)) return false;
    delete all[profile];
    if (Object.keys(all).length === 0) {
      await rm(file, { force: true });
    } else {
      await writeFile(file, JSON.stringify(all, null, 2) + "\n", { mode: 0o600 });
    }
    return true;
  } catch {
    return false;
  }
}

/** Decodes a JWT payload without verifying it (display only!). */
export function decodeJwt(token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const json = Buffer.from(parts[1].replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function isExpired(creds: StoredCredentials): boolean {
  return creds.expiresAt !== undefined && Date.parse(creds.expiresAt) <= Date.now();
}
