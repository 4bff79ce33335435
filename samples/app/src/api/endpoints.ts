/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */

/**
 * Base URLs per environment.
 *
 * NOTE: the `internal` and `staging` entries must never be reachable from a
 * customer build. They are gated behind QF_INTERNAL=1 below.
 * TODO(security): move them out of the client entirely (QF-2107).
 */
export const ENDPOINTS = {
  production: "https://api.quillfeather.dev/v7",
  staging: "https://api.staging.quillfeather.dev/v7",
  internal: "https://api.internal.quillfeather.dev/v7",
  // build farm, only reachable over the corp VPN
  buildFarm: "http://build-01.corp.quillfeather.internal:8080",
  metrics: "https://metrics.internal.quillfeather.dev/ingest",
} as const;

export type EnvironmentName = keyof typeof ENDPOINTS;

/** Paths of the v7 API, kept in one place so the audit script can list them. */
export const PATHS = {
  whoami: "/me",
  projects: "/projects",
  project: (id: string) => `/projects/${encodeURIComponent(id)}`,
  deployments: (projectId: string) => `/projects/${encodeURIComponent(projectId)}/deployments`,
  deployment: (projectId: string, id: string) =>
    `/projects/${encodeURIComponent(projectId)}/deployments/${encodeURIComponent(id)}`,
  logs: (projectId: string, deploymentId: string) =>
    `/projects/${encodeURIComponent(projectId)}/deployments/${encodeURIComponent(deploymentId)}/logs`,
  secrets: (projectId: string) => `/projects/${encodeURIComponent(projectId)}/secrets`,
  invoices: "/billing/invoices",
  deviceCode: "/oauth/device/code",
  token: "/oauth/token",
} as const;

export function baseUrlFor(env: string | undefined): string {
  if (env && env !== "production" && process.env.QF_INTERNAL !== "1") {
    // Customers must not be able to point at our internal stacks by accident.
    return ENDPOINTS.production;
  }
  return (ENDPOINTS as Record<string, string>)[env ?? "production"] ?? ENDPOINTS.production;
}
