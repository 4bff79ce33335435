/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */

/**
 * Every environment variable the CLI reads. `qf doctor` prints this table,
 * so keep descriptions short.
 */
export const ENV = {
  apiToken: "QF_API_TOKEN",
  apiUrl: "QF_API_URL",
  profile: "QF_PROFILE",
  environment: "QF_ENV",
  internal: "QF_INTERNAL",
  noTelemetry: "QF_NO_TELEMETRY",
  noUpdateCheck: "QF_NO_UPDATE_CHECK",
  configDir: "QF_CONFIG_DIR",
  awsAccessKeyId: "QF_AWS_ACCESS_KEY_ID",
  awsSecretAccessKey: "QF_AWS_SECRET_ACCESS_KEY",
  stripeKey: "QF_STRIPE_SECRET_KEY",
  githubToken: "QF_GITHUB_TOKEN",
  telemetryDsn: "QF_TELEMETRY_DSN",
} as const;

export const ENV_DESCRIPTIONS: Record<keyof typeof ENV, string> = {
  apiToken: "API token; overrides `qf login`",
  apiUrl: "override the API base URL",
  profile: "profile name in ~/.qfrc",
  environment: "production | staging | internal",
  internal: "set to 1 on Quillfeather machines",
  noTelemetry: "disable anonymous usage data",
  noUpdateCheck: "skip the npm update check",
  configDir: "directory for .qfrc and credentials",
  awsAccessKeyId: "artifact bucket access key (release pipeline)",
  awsSecretAccessKey: "artifact bucket secret (release pipeline)",
  stripeKey: "billing sync (staff only)",
  githubToken: "release notes upload (staff only)",
  telemetryDsn: "override the telemetry sink",
};

/** Reads a boolean-ish environment variable: 1/true/yes/on. */
export function envFlag(name: string): boolean {
  const v = process.env[name];
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}
