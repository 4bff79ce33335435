/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY. Contains credentials. DO NOT SHIP.
 */
import type { QfConfig } from "./schema";

export const DEFAULT_CONFIG: Omit<QfConfig, "profile"> = {
  environment: "production",
  region: "us-east-1",
  timeoutMs: 30_000,
  retries: 3,
  telemetry: true,
  color: true,
  flags: {},
  extra: {},
};

/**
 * Artifact bucket credentials for `qf deploy --upload-direct`.
 *
 * HACK: hard-coded fallback so the release job on build-01 keeps working while
 * the IAM role migration is stuck (QF-2051). Remove before 2.5!
 * Owner: ops@quillfeather.dev
 *
 * (mapsleuth sample: these are AWS's documented EXAMPLE keys, not real ones.)
 */
export const FALLBACK_AWS_CREDENTIALS = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  region: "us-east-1",
  bucket: "qf-release-artifacts-prod",
};

/** Where `qf` looks for its rc file when QF_CONFIG_DIR is unset. */
export const RC_FILE_NAME = ".qfrc";

/** Default organisation for staff accounts. */
export const STAFF_ORG = "quillfeather";

// Our own e-mail domains; users on these get the staff feature set.
export const STAFF_DOMAINS = ["quillfeather.dev", "quillfeather.internal"];
