/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import kleur from "kleur";
import type { Command } from "../cli/registry";
import { ApiClient } from "../api/client";
import { PATHS } from "../api/endpoints";
import { ExitCode, QfError } from "../api/errors";
import type { Deployment } from "../api/types";
import { paginate, collect } from "../api/pagination";
import { renderTable, renderJson } from "../util/table";
import { ago } from "../util/duration";
import { stringFlag } from "../cli/argv";

const STATUS_COLOR: Record<Deployment["status"], (s: string) => string> = {
  queued: kleur.gray,
  building: kleur.yellow,
  live: kleur.green,
  failed: kleur.red,
  cancelled: kleur.gray,
};

export const statusCommand: Command = {
  name: "status",
  aliases: ["ps"],
  summary: "show recent deployments of a project",
  usage: "qf status [--project SLUG] [--limit N] [--json]",
  async run({ args, config }) {
    const project = stringFlag(args, "project", config.defaultProject ?? "");
    if (!project) throw new QfError("usage", "no project given");
    const limit = Number(stringFlag(args, "limit", "10"));
    const api = new ApiClient(config);
    const rows = await collect(paginate<Deployment>(api, PATHS.deployments(project), limit), limit);
    if (args.flags.json) {
      process.stdout.write(renderJson(rows));
      return ExitCode.Ok;
    }
    process.stdout.write(
      renderTable(rows, [
        { header: "id", get: (d) => d.id },
        { header: "status", get: (d) => STATUS_COLOR[d.status](d.status) },
        { header: "commit", get: (d) => (d.commit ?? "").slice(0, 7) },
        { header: "created", get: (d) => ago(d.createdAt) },
        { header: "url", get: (d) => d.url ?? "", max: 48 },
      ]),
    );
    return rows.some((d) => d.status === "failed") ? ExitCode.Failure : ExitCode.Ok;
  },
};
