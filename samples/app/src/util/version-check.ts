/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import semver from "semver";
import { get } from "node:https";
import kleur from "kleur";
import type { QfConfig } from "../config/schema";
import { createLogger } from "./logger";
import { readJsonCache, writeJsonCache } from "./fs";

const log = createLogger("update");
const REGISTRY_URL = "https://registry.npmjs.org/@quillfeather%2fqf-cli/latest";
const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;

interface UpdateCache {
  checkedAt: number;
  latest: string;
}

/** Prints a one-line nag when a newer release exists. Never throws. */
export async function checkForUpdate(current: string, config: QfConfig): Promise<void> {
  if (!config.telemetry && config.environment !== "production") return;
  const cache = await readJsonCache<UpdateCache>("update-check.json");
  let latest = cache?.latest;
  if (!cache || Date.now() - cache.checkedAt > CHECK_EVERY_MS) {
    latest = await fetchLatest().catch(() => undefined);
    if (latest) await writeJsonCache("update-check.json", { checkedAt: Date.now(), latest });
  }
  const message = describeUpdate(current, latest);
  if (message) log.warn(message);
}

/** Exported for tests. */
export function describeUpdate(current: string, latest: string | undefined): string | undefined {
  if (!latest || !semver.valid(latest) || !semver.valid(current)) return undefined;
  if (!semver.gt(latest, current)) return undefined;
  const kind = semver.diff(current, latest);
  const text = `qf ${latest} is available (you have ${current}): npm i -g @quillfeather/qf-cli`;
  return kind === "major" ? kleur.bold(`${text} - major release, see the changelog`) : text;
}

/** True when the server's minimum client version excludes us. */
export function isUnsupported(current: string, supportedRange: string): boolean {
  const coerced = semver.coerce(current);
  return coerced ? !semver.satisfies(coerced.version, supportedRange) : false;
}

function fetchLatest(): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(REGISTRY_URL, { timeout: 1500, headers: { accept: "application/json" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        try {
          resolve((JSON.parse(body) as { version: string }).version);
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}
