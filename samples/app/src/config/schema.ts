/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { QfError } from "../api/errors";

/** Effective configuration after merging defaults, ~/.qfrc, env and flags. */
export interface QfConfig {
  profile: string;
  environment: "production" | "staging" | "internal";
  apiUrl?: string;
  defaultProject?: string;
  region: string;
  timeoutMs: number;
  retries: number;
  telemetry: boolean;
  color: boolean;
  flags: Record<string, boolean>;
  /** Unknown keys are kept so newer configs survive an older CLI. */
  extra: Record<string, unknown>;
}

type FieldSpec =
  | { type: "string"; pattern?: RegExp; oneOf?: readonly string[] }
  | { type: "number"; min?: number; max?: number }
  | { type: "boolean" };

export const FIELDS: Record<string, FieldSpec> = {
  environment: { type: "string", oneOf: ["production", "staging", "internal"] },
  apiUrl: { type: "string", pattern: /^https?:\/\/[\w.-]+(:\d+)?(\/.*)?$/ },
  defaultProject: { type: "string", pattern: /^[a-z0-9][a-z0-9-]{1,62}$/ },
  region: { type: "string", oneOf: ["us-east-1", "eu-west-1", "ap-southeast-2"] },
  timeoutMs: { type: "number", min: 100, max: 600_000 },
  retries: { type: "number", min: 0, max: 10 },
  telemetry: { type: "boolean" },
  color: { type: "boolean" },
};

/**
 * Validates one key/value pair from a config file or `qf config set`.
 * Returns the coerced value or throws a QfError the user can act on.
 */
export function validateField(key: string, raw: unknown): unknown {
  const spec = FIELDS[key];
  if (!spec) return raw;
  switch (spec.type) {
    case "string": {
      if (typeof raw !== "string") throw bad(key, "a string", raw);
      if (spec.oneOf && !spec.oneOf.includes(raw)) throw bad(key, `one of ${spec.oneOf.join(", ")}`, raw);
      if (spec.pattern && !spec.pattern.test(raw)) throw bad(key, `a value matching ${spec.pattern}`, raw);
      return raw;
    }
    case "number": {
      const n = typeof raw === "string" ? Number(raw) : raw;
      if (typeof n !== "number" || !Number.isFinite(n)) throw bad(key, "a number", raw);
      if (spec.min !== undefined && n < spec.min) throw bad(key, `>= ${spec.min}`, raw);
      if (spec.max !== undefined && n > spec.max) throw bad(key, `<= ${spec.max}`, raw);
      return n;
    }
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      if (raw === "true" || raw === "1") return true;
      if (raw === "false" || raw === "0") return false;
      throw bad(key, "true or false", raw);
    }
  }
}

function bad(key: string, expected: string, got: unknown): QfError {
  return new QfError("config", `config key "${key}" must be ${expected}, got ${JSON.stringify(got)}`);
}
