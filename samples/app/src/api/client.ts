/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { request as httpsRequest } from "node:https";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { URL } from "node:url";
import { ApiError, QfError } from "./errors";
import { baseUrlFor } from "./endpoints";
import { resolveToken } from "./auth";
import { retry } from "../util/retry";
import { createLogger } from "../util/logger";
import type { QfConfig } from "../config/schema";
import { CLI_VERSION, API_LEVEL } from "../version";

const log = createLogger("api");

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Milliseconds; defaults to config.timeoutMs. */
  timeoutMs?: number;
  /** Do not attach the bearer token (used by the OAuth endpoints). */
  anonymous?: boolean;
}

/**
 * Minimal JSON-over-HTTPS client for the Quillfeather API.
 *
 * We do not use `fetch` because Node 18.0-18.12 shipped an undici with a
 * keep-alive bug that hung `qf logs --follow` (QF-1874).
 */
export class ApiClient {
  private readonly baseUrl: string;

  constructor(private readonly config: QfConfig) {
    this.baseUrl = config.apiUrl ?? baseUrlFor(config.environment);
  }

  async get<T>(path: string, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: "GET" });
  }

  async post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: "POST", body });
  }

  async delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: "DELETE" });
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(this.baseUrl.replace(/\/+$/, "") + path);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": `qf-cli/${CLI_VERSION} node/${process.versions.node}`,
      "x-qf-api-level": String(API_LEVEL),
      ...options.headers,
    };
    if (!options.anonymous) {
      const token = await resolveToken(this.config);
      if (!token) {
        throw new QfError("auth", "not logged in", { hint: "run `qf login` or set QF_API_TOKEN" });
      }
      headers.authorization = `Bearer ${token}`;
    }
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
      headers["content-length"] = String(Buffer.byteLength(payload));
    }

    return retry(
      async (attempt) => {
        log.debug(`${options.method ?? "GET"} ${url.pathname} (attempt ${attempt})`);
        const res = await send(url, options.method ?? "GET", headers, payload, options.timeoutMs ?? this.config.timeoutMs);
        const text = await readBody(res);
        const requestId = header(res, "x-request-id");
        if ((res.statusCode ?? 0) >= 400) {
          throw new ApiError(res.statusCode ?? 0, extractMessage(text) ?? `HTTP ${res.statusCode}`, requestId);
        }
        return (text ? JSON.parse(text) : undefined) as T;
      },
      {
        retries: this.config.retries,
        shouldRetry: (err) => (err instanceof ApiError ? err.retryable : !(err instanceof QfError)),
      },
    );
  }
}

function send(url: URL, method: string, headers: Record<string, string>, payload: string | undefined, timeoutMs: number) {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const fn = url.protocol === "http:" ? httpRequest : httpsRequest;
    const req = fn(url, { method, headers, timeout: timeoutMs }, resolve);
    req.on("timeout", () => req.destroy(new QfError("network", `request to ${url.host} timed out after ${timeoutMs} ms`)));
    req.on("error", (err) =>
      reject(err instanceof QfError ? err : new QfError("network", `cannot reach ${url.host}: ${err.message}`, { cause: err })),
    );
    if (payload) req.write(payload);
    req.end();
  });
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
  });
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function extractMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { message?: string }; message?: string };
    return body.error?.message ?? body.message;
  } catch {
    return text.trim().slice(0, 200) || undefined;
  }
}
