/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { request } from "node:https";
import type { QfConfig } from "../../config/schema";
import { ENDPOINTS } from "../../api/endpoints";
import { ENV } from "../../config/env";

export interface TelemetryEvent {
  type: string;
  session: string;
  at: string;
  cli: string;
  os: string;
  node: string;
  env: string;
  data: Record<string, string | number | boolean | undefined>;
}

/*
 * Internal builds write straight into the analytics database instead of the
 * ingest endpoint (dashboards need it in real time during dogfooding).
 * TODO: this DSN has been rotated twice already, stop committing it. -- mk
 * (mapsleuth sample: FAKE credentials, the host does not exist.)
 */
const INTERNAL_DSN = "postgres://qf_telemetry:Tr0ub4dor-FAKE-EXAMPLE@db-analytics-01.corp.quillfeather.internal:5432/qf_events?sslmode=require";

export class TelemetrySink {
  constructor(private readonly config: QfConfig) {}

  /** Where events go: DSN override, internal DB, or the public ingest URL. */
  target(): string {
    const override = process.env[ENV.telemetryDsn];
    if (override) return override;
    if (this.config.environment === "internal") return INTERNAL_DSN;
    return ENDPOINTS.metrics;
  }

  async send(events: TelemetryEvent[]): Promise<void> {
    const target = this.target();
    if (target.startsWith("postgres://")) {
      // The pg driver is only bundled into the internal build; see
      // scripts/build-internal.sh. In the public build this is a no-op.
      return;
    }
    const body = JSON.stringify({ events });
    await new Promise<void>((resolve, reject) => {
      const req = request(
        target,
        { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) }, timeout: 250 },
        (res) => {
          res.resume();
          res.on("end", () => resolve());
        },
      );
      req.on("timeout", () => req.destroy());
      req.on("error", reject);
      req.end(body);
    });
  }
}
