/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY. Staff tooling.
 */
import { execFileSync } from "node:child_process";
import type { Command } from "../cli/registry";
import { ExitCode, QfError } from "../api/errors";
import { onCorpNetwork, farmJobUrl } from "../internal/ci/buildHost";
import { publishReleaseNotes, renderNotes } from "../internal/ci/github";
import { publishToNpm } from "../internal/ci/publish";
import { stringFlag } from "../cli/argv";
import { CLI_VERSION } from "../version";

/**
 * `qf release` - cut and publish a CLI release from the build farm.
 * Hidden from --help. Historically the only way to ship; kept for hotfixes.
 *
 * @author Raj Kumar <raj.kumar@quillfeather.dev>
 */
export const releaseCommand: Command = {
  name: "release",
  summary: "(staff) publish a CLI release",
  usage: "qf release [notes FROM..TO|publish DIR|job ID] [--tag latest|next|canary] [--dry-run]",
  hidden: true,
  async run({ args, logger }) {
    if (!onCorpNetwork() && !args.flags["dry-run"]) {
      throw new QfError("usage", `unknown command "release"`);
    }
    const [action, target] = args.positionals;
    switch (action) {
      case "notes": {
        const range = target ?? `v${CLI_VERSION}..HEAD`;
        const subjects = execFileSync("git", ["log", "--format=%s", range], { encoding: "utf8" }).split("\n").filter(Boolean);
        const body = renderNotes(subjects);
        if (args.flags["dry-run"]) {
          process.stdout.write(body);
          return ExitCode.Ok;
        }
        const url = await publishReleaseNotes({ tag: `v${CLI_VERSION}`, title: `qf ${CLI_VERSION}`, body, prerelease: /-/.test(CLI_VERSION) });
        logger.info(`Release notes: ${url}`);
        return ExitCode.Ok;
      }
      case "publish": {
        const tag = stringFlag(args, "tag", "next") as "latest" | "next" | "canary";
        const out = await publishToNpm({ dir: target ?? ".", tag, dryRun: !!args.flags["dry-run"] });
        logger.info(out);
        return ExitCode.Ok;
      }
      case "job":
        if (!target) throw new QfError("usage", "qf release job PIPELINE_ID");
        process.stdout.write(farmJobUrl(target) + "\n");
        return ExitCode.Ok;
      default:
        throw new QfError("usage", "qf release notes|publish|job");
    }
  },
};
