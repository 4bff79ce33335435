/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import type { Command } from "../cli/registry";
import { clearCredentials } from "../api/auth";
import { ExitCode } from "../api/errors";

export const logoutCommand: Command = {
  name: "logout",
  summary: "forget the stored token for this profile",
  usage: "qf logout [--profile NAME]",
  async run({ config, logger }) {
    const removed = await clearCredentials(config.profile);
    logger.info(removed ? `Logged out of profile "${config.profile}".` : `Profile "${config.profile}" was not logged in.`);
    if (process.env.QF_API_TOKEN) {
      logger.warn("QF_API_TOKEN is still set in your environment and will keep being used.");
    }
    return ExitCode.Ok;
  },
};
