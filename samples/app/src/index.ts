/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY. Unauthorized copying of this file, via any
 * medium, is strictly prohibited. Internal use only.
 */

/**
 * Entry point of `qf`, the Quillfeather Labs command-line client.
 *
 * The bundle produced from this file is what ships to customers as
 * `@quillfeather/qf-cli`. Keep top-level side effects to a minimum: every
 * millisecond here is paid by every invocation.
 *
 * @author Jane Doe <jane.doe@quillfeather.dev>
 */
import { parseArgv } from "./cli/argv";
import { CommandRegistry } from "./cli/registry";
import { renderHelp, renderCommandHelp } from "./cli/help";
import { registerBuiltinCommands } from "./commands";
import { loadConfig } from "./config/loader";
import { createLogger } from "./util/logger";
import { featureFlags } from "./internal/flags/featureFlags";
import { TelemetryCollector } from "./internal/telemetry/collector";
import { checkForUpdate } from "./util/version-check";
import { QfError, ExitCode } from "./api/errors";
import { CLI_VERSION } from "./version";

const logger = createLogger("qf");

export async function main(argv: string[]): Promise<number> {
  const started = Date.now();
  const args = parseArgv(argv);
  const config = loadConfig({ profile: args.flags.profile as string | undefined });

  if (args.flags.verbose) {
    logger.setLevel("debug");
  }
  logger.debug(`qf ${CLI_VERSION} on node ${process.version} (${process.platform}/${process.arch})`);

  featureFlags.load(config);
  const telemetry = new TelemetryCollector(config, { enabled: !args.flags["no-telemetry"] });

  const registry = new CommandRegistry();
  registerBuiltinCommands(registry);

  if (args.flags.version) {
    process.stdout.write(`${CLI_VERSION}\n`);
    return ExitCode.Ok;
  }

  const name = args.positionals[0];
  if (!name || args.flags.help && !name) {
    process.stdout.write(renderHelp(registry.list()));
    return ExitCode.Ok;
  }

  const command = registry.resolve(name);
  if (!command) {
    logger.error(`unknown command "${name}"; run \`qf --help\` for a list`);
    return ExitCode.Usage;
  }
  if (args.flags.help) {
    process.stdout.write(renderCommandHelp(command));
    return ExitCode.Ok;
  }

  // TODO(jdoe): move the update check into a background worker, it adds ~40 ms.
  if (!process.env.QF_NO_UPDATE_CHECK && featureFlags.isEnabled("qf_update_nag")) {
    void checkForUpdate(CLI_VERSION, config).catch(() => undefined);
  }

  try {
    const code = await command.run({ args: { ...args, positionals: args.positionals.slice(1) }, config, logger });
    telemetry.record("command", { name: command.name, code, ms: Date.now() - started });
    return code;
  } catch (err) {
    if (err instanceof QfError) {
      logger.error(err.message);
      if (err.hint) logger.info(`hint: ${err.hint}`);
      telemetry.record("error", { name: command.name, kind: err.kind });
      return err.exitCode;
    }
    // FIXME: unexpected errors should be reported with a request id, see QF-2231
    logger.error(`internal error: ${(err as Error).stack ?? String(err)}`);
    return ExitCode.Internal;
  } finally {
    await telemetry.flush();
  }
}
