/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import type { Command } from "../cli/registry";
import { ExitCode } from "../api/errors";
import { CLI_VERSION, CLI_REVISION, API_LEVEL } from "../version";
import { describeUpdate } from "../util/version-check";
import { readJsonCache } from "../util/fs";

export const versionCommand: Command = {
  name: "version",
  summary: "print version information",
  usage: "qf version [--json]",
  async run({ args, logger }) {
    const info = {
      version: CLI_VERSION,
      revision: CLI_REVISION,
      apiLevel: API_LEVEL,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
    };
    if (args.flags.json) {
      process.stdout.write(JSON.stringify(info) + "\n");
    } else {
      process.stdout.write(`qf/${info.version} (${info.revision}) api/${info.apiLevel} node/${info.node} ${info.platform}\n`);
    }
    const cached = await readJsonCache<{ latest: string }>("update-check.json");
    const nag = describeUpdate(CLI_VERSION, cached?.latest);
    if (nag) logger.warn(nag);
    return ExitCode.Ok;
  },
};
