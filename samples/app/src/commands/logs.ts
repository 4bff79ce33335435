/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import kleur from "kleur";
import type { Command } from "../cli/registry";
import { ApiClient } from "../api/client";
import { PATHS } from "../api/endpoints";
import { ExitCode, QfError } from "../api/errors";
import type { LogLine, Page } from "../api/types";
import { parseDuration } from "../util/duration";
import { stringFlag } from "../cli/argv";
import { sleep } from "../util/retry";
import { featureFlags } from "../internal/flags/featureFlags";

const LEVEL_STYLE: Record<LogLine["level"], (s: string) => string> = {
  debug: kleur.gray,
  info: (s) => s,
  warn: kleur.yellow,
  error: kleur.red,
};

export function formatLogLine(line: LogLine): string {
  const ts = line.ts.replace("T", " ").replace(/\.\d+Z$/, "Z");
  return `${kleur.gray(ts)} ${kleur.dim(line.source.padEnd(7))} ${LEVEL_STYLE[line.level](line.message)}`;
}

export const logsCommand: Command = {
  name: "logs",
  summary: "print or follow the logs of a deployment",
  usage: "qf logs DEPLOYMENT [--project SLUG] [--since 1h] [--grep REGEX] [--follow]",
  async run({ args, config }) {
    const deploymentId = args.positionals[0];
    const project = stringFlag(args, "project", config.defaultProject ?? "");
    if (!deploymentId || !project) throw new QfError("usage", "usage: qf logs DEPLOYMENT --project SLUG");

    const since = new Date(Date.now() - parseDuration(stringFlag(args, "since", "1h"))).toISOString();
    const pattern = stringFlag(args, "grep");
    let grep: RegExp | undefined;
    try {
      grep = pattern ? new RegExp(pattern, "i") : undefined;
    } catch (err) {
      throw new QfError("usage", `invalid --grep: ${(err as Error).message}`);
    }
    const sources = featureFlags.isEnabled("qf_edge_logs") ? "build,runtime,edge" : "build,runtime";

    const api = new ApiClient(config);
    let cursor: string | undefined;
    do {
      const page = await api.get<Page<LogLine>>(PATHS.logs(project, deploymentId), {
        query: { since, cursor, sources, limit: 500 },
      });
      for (const line of page.items) {
        if (grep && !grep.test(line.message)) continue;
        process.stdout.write(formatLogLine(line) + "\n");
      }
      cursor = page.nextCursor ?? undefined;
      if (!cursor && args.flags.follow) {
        await sleep(1_000);
        cursor = page.items.length ? `after:${page.items[page.items.length - 1].ts}` : undefined;
      }
    } while (cursor);
    return ExitCode.Ok;
  },
};
