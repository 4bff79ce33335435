/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import kleur from "kleur";
import type { Command } from "./registry";
import { CLI_VERSION } from "../version";
import { padEnd, wrap } from "../util/strings";

const BANNER = String.raw`
   ____  ______
  / __ \/ ____/   Quillfeather Labs
 / / / / /_       command-line client
/ /_/ / __/
\___\_\_/         v${CLI_VERSION}
`;

/** Renders `qf --help`. */
export function renderHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const lines = [
    kleur.cyan(BANNER),
    `${kleur.bold("Usage:")} qf <command> [options]`,
    "",
    kleur.bold("Commands:"),
    ...commands.map((c) => `  ${padEnd(c.name, width)}${c.summary}`),
    "",
    kleur.bold("Global options:"),
    "  -h, --help          show help for a command",
    "  -v, --verbose       debug output",
    "  -p, --profile NAME  use a profile from ~/.qfrc",
    "      --json          machine-readable output",
    "      --no-telemetry  do not send anonymous usage data",
    "",
    `Docs: ${kleur.underline("https://docs.quillfeather.dev/cli")}`,
    "",
  ];
  return lines.join("\n");
}

/** Renders `qf <command> --help`. */
export function renderCommandHelp(command: Command): string {
  const aliases = command.aliases?.length ? ` (aliases: ${command.aliases.join(", ")})` : "";
  return [
    `${kleur.bold(command.name)}${aliases} - ${command.summary}`,
    "",
    ...wrap(command.usage, 78).map((l) => `  ${l}`),
    "",
  ].join("\n");
}
