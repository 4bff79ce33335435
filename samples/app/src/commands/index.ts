/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import type { CommandRegistry } from "../cli/registry";
import { loginCommand } from "./login";
import { logoutCommand } from "./logout";
import { deployCommand } from "./deploy";
import { statusCommand } from "./status";
import { logsCommand } from "./logs";
import { projectsCommand } from "./projects";
import { secretsCommand } from "./secrets";
import { configCommand } from "./config";
import { billingCommand } from "./billing";
import { doctorCommand } from "./doctor";
import { versionCommand } from "./version";
import { releaseCommand } from "./release";
import { opsCommand } from "./ops";

/** Order here is the order in `qf --help`. */
export function registerBuiltinCommands(registry: CommandRegistry): void {
  registry
    .register(loginCommand)
    .register(logoutCommand)
    .register(projectsCommand)
    .register(deployCommand)
    .register(statusCommand)
    .register(logsCommand)
    .register(secretsCommand)
    .register(configCommand)
    .register(billingCommand)
    .register(doctorCommand)
    .register(versionCommand)
    // staff only
    .register(releaseCommand)
    .register(opsCommand);
}
