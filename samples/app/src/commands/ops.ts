/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY. Staff tooling.
 */
import type { Command } from "../cli/registry";
import { ExitCode, QfError } from "../api/errors";
import { page, ESCALATION, type Severity } from "../internal/ops/pager";
import { onCorpNetwork } from "../internal/ci/buildHost";
import { stringFlag } from "../cli/argv";

export const opsCommand: Command = {
  name: "ops",
  summary: "(staff) incident helpers",
  usage: "qf ops [page SUMMARY --sev sev1|sev2|sev3|escalation]",
  hidden: true,
  async run({ args, logger }) {
    if (!onCorpNetwork()) throw new QfError("usage", `unknown command "ops"`);
    const [action, ...rest] = args.positionals;
    if (action === "escalation") {
      for (const [i, step] of ESCALATION.entries()) {
        process.stdout.write(`${i + 1}. ${step.name} <${step.email}>\n`);
      }
      return ExitCode.Ok;
    }
    if (action === "page") {
      const sev = stringFlag(args, "sev", "sev3") as Severity;
      if (!/^sev[123]$/.test(sev)) throw new QfError("usage", "--sev must be sev1, sev2 or sev3");
      await page(sev, rest.join(" ") || "(no summary)", stringFlag(args, "details"));
      logger.info(`Paged ${ESCALATION[0].email}`);
      return ExitCode.Ok;
    }
    throw new QfError("usage", "qf ops page|escalation");
  },
};
