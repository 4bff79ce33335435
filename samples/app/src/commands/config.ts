/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "../cli/registry";
import { ExitCode, QfError } from "../api/errors";
import { parseRc } from "../config/loader";
import { validateField, FIELDS } from "../config/schema";
import { serializeRc } from "../config/profiles";
import { RC_FILE_NAME } from "../config/defaults";
import { configDir } from "../util/paths";
import { writeFileAtomic } from "../util/fs";
import { renderJson } from "../util/table";

export const configCommand: Command = {
  name: "config",
  summary: "read and write settings in ~/.qfrc",
  usage: `qf config [get KEY|set KEY VALUE|unset KEY|list] [--profile NAME]. Known keys: ${Object.keys(FIELDS).join(", ")}.`,
  async run({ args, config, logger }) {
    const [action = "list", key, value] = args.positionals;
    const file = join(configDir(), RC_FILE_NAME);
    const sections = existsSync(file) ? parseRc(readFileSync(file, "utf8")) : new Map<string, Record<string, string>>([["default", {}]]);
    const section = sections.get(config.profile) ?? {};

    switch (action) {
      case "list":
        process.stdout.write(renderJson({ profile: config.profile, effective: config, file }));
        return ExitCode.Ok;
      case "get": {
        if (!key) throw new QfError("usage", "qf config get KEY");
        const v = (config as unknown as Record<string, unknown>)[key] ?? config.extra[key];
        if (v === undefined) return ExitCode.Failure;
        process.stdout.write(`${typeof v === "object" ? JSON.stringify(v) : String(v)}\n`);
        return ExitCode.Ok;
      }
      case "set": {
        if (!key || value === undefined) throw new QfError("usage", "qf config set KEY VALUE");
        validateField(key, value);
        section[key] = value;
        break;
      }
      case "unset":
        if (!key) throw new QfError("usage", "qf config unset KEY");
        delete section[key];
        break;
      default:
        throw new QfError("usage", `unknown action "${action}"`);
    }
    sections.set(config.profile, section);
    await writeFileAtomic(file, serializeRc(sections), 0o600);
    logger.info(`Updated ${file}`);
    return ExitCode.Ok;
  },
};
