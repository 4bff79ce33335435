/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import type { QfConfig } from "../../config/schema";
import { inRollout } from "./rollout";

/**
 * Every flag the client knows, with its default. Unreleased features live
 * here for weeks before launch, which is why this file is sensitive.
 */
export const KNOWN_FLAGS = {
  qf_new_billing: { default: false, rollout: 0.05, description: "usage-based billing UI (launch: Q3)" },
  qf_update_nag: { default: true, rollout: 1, description: "print update notices" },
  qf_parallel_upload: { default: false, rollout: 0.25, description: "upload artifacts with 8 streams" },
  qf_edge_logs: { default: false, rollout: 0, description: "stream edge logs (not announced)" },
  qf_project_transfer: { default: false, rollout: 0, description: "transfer projects between orgs" },
  qf_secrets_v2: { default: false, rollout: 0.5, description: "envelope-encrypted secrets" },
} as const;

export type FlagName = keyof typeof KNOWN_FLAGS;

class FeatureFlags {
  private overrides: Record<string, boolean> = {};
  private subject = "anonymous";

  load(config: QfConfig): void {
    this.overrides = { ...config.flags };
    this.subject = config.profile;
    // QF_FLAGS="qf_new_billing=1,qf_edge_logs=0"
    for (const pair of (process.env.QF_FLAGS ?? "").split(",")) {
      const m = /^\s*(qf_[a-z0-9_]+)\s*=\s*(0|1|true|false)\s*$/.exec(pair);
      if (m) this.overrides[m[1]] = m[2] === "1" || m[2] === "true";
    }
  }

  isEnabled(name: FlagName): boolean {
    if (name in this.overrides) return this.overrides[name];
    const spec = KNOWN_FLAGS[name];
    if (!spec) return false;
    return spec.default || inRollout(name, this.subject, spec.rollout);
  }

  snapshot(): Record<FlagName, boolean> {
    const out = {} as Record<FlagName, boolean>;
    for (const name of Object.keys(KNOWN_FLAGS) as FlagName[]) out[name] = this.isEnabled(name);
    return out;
  }
}

export const featureFlags = new FeatureFlags();
