/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import type { Command } from "../cli/registry";
import { ApiClient } from "../api/client";
import { PATHS } from "../api/endpoints";
import { ExitCode, QfError } from "../api/errors";
import type { Project } from "../api/types";
import { paginate, collect } from "../api/pagination";
import { renderTable, renderJson } from "../util/table";
import { slugify } from "../util/strings";
import { ago } from "../util/duration";
import { stringFlag } from "../cli/argv";
import { featureFlags } from "../internal/flags/featureFlags";

export const projectsCommand: Command = {
  name: "projects",
  aliases: ["project"],
  summary: "list, create or delete projects",
  usage: "qf projects [list|create NAME|delete SLUG|transfer SLUG ORG] [--region REGION] [--json]",
  async run({ args, config, logger }) {
    const [action = "list", target, extra] = args.positionals;
    const api = new ApiClient(config);

    switch (action) {
      case "list": {
        const projects = await collect(paginate<Project>(api, PATHS.projects, 100));
        if (args.flags.json) {
          process.stdout.write(renderJson(projects));
        } else {
          process.stdout.write(
            renderTable(projects, [
              { header: "slug", get: (p) => p.slug },
              { header: "name", get: (p) => p.name, max: 32 },
              { header: "region", get: (p) => p.region },
              { header: "created", get: (p) => ago(p.createdAt) },
            ]),
          );
        }
        return ExitCode.Ok;
      }
      case "create": {
        if (!target) throw new QfError("usage", "qf projects create NAME");
        const slug = slugify(target);
        const created = await api.post<Project>(PATHS.projects, {
          name: target,
          slug,
          region: stringFlag(args, "region", config.region),
        });
        logger.info(`Created ${created.slug} in ${created.region}`);
        return ExitCode.Ok;
      }
      case "delete": {
        if (!target) throw new QfError("usage", "qf projects delete SLUG");
        if (!args.flags.yes) {
          throw new QfError("usage", `refusing to delete ${target} without --yes`);
        }
        await api.delete(PATHS.project(target));
        logger.info(`Deleted ${target}`);
        return ExitCode.Ok;
      }
      case "transfer": {
        // Unreleased: hidden behind a flag until legal signs off (QF-2177).
        if (!featureFlags.isEnabled("qf_project_transfer")) {
          throw new QfError("usage", `unknown action "transfer"`);
        }
        if (!target || !extra) throw new QfError("usage", "qf projects transfer SLUG ORG");
        await api.post(`${PATHS.project(target)}/transfer`, { toOrg: extra });
        logger.info(`Transfer of ${target} to ${extra} requested; the receiving org must accept it.`);
        return ExitCode.Ok;
      }
      default:
        throw new QfError("usage", `unknown action "${action}"`);
    }
  },
};
