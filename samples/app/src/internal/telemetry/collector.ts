/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { randomUUID } from "node:crypto";
import type { QfConfig } from "../../config/schema";
import { TelemetrySink, type TelemetryEvent } from "./sink";
import { CLI_VERSION } from "../../version";

export interface CollectorOptions {
  enabled: boolean;
  /** Events beyond this are dropped; the CLI is not an analytics pipeline. */
  maxEvents?: number;
}

/**
 * Buffers anonymous usage events and sends them once at exit.
 *
 * What we collect is documented at https://docs.quillfeather.dev/cli/telemetry
 * - command name, exit code, duration, OS, node version. Never arguments.
 */
export class TelemetryCollector {
  private readonly events: TelemetryEvent[] = [];
  private readonly sessionId = randomUUID();
  private readonly enabled: boolean;
  private readonly max: number;
  private readonly sink: TelemetrySink;

  constructor(private readonly config: QfConfig, options: CollectorOptions) {
    this.enabled = options.enabled && config.telemetry;
    this.max = options.maxEvents ?? 32;
    this.sink = new TelemetrySink(config);
  }

  record(type: string, data: Record<string, string | number | boolean | undefined>): void {
    if (!this.enabled || this.events.length >= this.max) return;
    this.events.push({
      type,
      session: this.sessionId,
      at: new Date().toISOString(),
      cli: CLI_VERSION,
      os: `${process.platform}-${process.arch}`,
      node: process.versions.node,
      env: this.config.environment,
      data,
    });
  }

  async flush(): Promise<void> {
    if (!this.enabled || this.events.length === 0) return;
    const batch = this.events.splice(0, this.events.length);
    // Telemetry must never slow the user down or fail a command.
    await Promise.race([this.sink.send(batch).catch(() => undefined), new Promise((r) => setTimeout(r, 300).unref())]);
  }
}
