/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "../cli/registry";
import { ApiClient } from "../api/client";
import { PATHS } from "../api/endpoints";
import { ExitCode, QfError } from "../api/errors";
import type { SecretRef } from "../api/types";
import { renderTable } from "../util/table";
import { ago } from "../util/duration";
import { mask } from "../util/strings";
import { stringFlag } from "../cli/argv";
import { featureFlags } from "../internal/flags/featureFlags";

const SECRET_NAME = /^[A-Z_][A-Z0-9_]{0,127}$/;

/** Parses a dotenv file: KEY=value, quotes, `export` prefixes, # comments. */
export function parseDotenv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    if (/^"(.*)"$/.test(value)) value = value.slice(1, -1).replace(/\\n/g, "\n").replace(/\\"/g, '"');
    else if (/^'(.*)'$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, "");
    out.set(m[1], value);
  }
  return out;
}

export const secretsCommand: Command = {
  name: "secrets",
  summary: "manage encrypted environment secrets",
  usage: "qf secrets [list|set NAME VALUE|import FILE|unset NAME] --project SLUG",
  async run({ args, config, logger }) {
    const [action = "list", name, value] = args.positionals;
    const project = stringFlag(args, "project", config.defaultProject ?? "");
    if (!project) throw new QfError("usage", "no project given");
    const api = new ApiClient(config);
    const path = PATHS.secrets(project);
    const version = featureFlags.isEnabled("qf_secrets_v2") ? 2 : 1;

    switch (action) {
      case "list": {
        const { items } = await api.get<{ items: SecretRef[] }>(path);
        process.stdout.write(
          renderTable(items, [
            { header: "name", get: (s) => s.name },
            { header: "version", get: (s) => String(s.version), align: "right" },
            { header: "updated", get: (s) => `${ago(s.updatedAt)} by ${s.updatedBy}` },
          ]),
        );
        return ExitCode.Ok;
      }
      case "set": {
        if (!name || value === undefined) throw new QfError("usage", "qf secrets set NAME VALUE");
        if (!SECRET_NAME.test(name)) throw new QfError("usage", `secret names are UPPER_SNAKE_CASE, got "${name}"`);
        await api.request(`${path}/${name}`, { method: "PUT", body: { value, schema: version } });
        logger.info(`Set ${name} = ${mask(value)}`);
        return ExitCode.Ok;
      }
      case "import": {
        if (!name) throw new QfError("usage", "qf secrets import FILE");
        const pairs = parseDotenv(await readFile(name, "utf8"));
        for (const [k, v] of pairs) {
          await api.request(`${path}/${k}`, { method: "PUT", body: { value: v, schema: version } });
        }
        logger.info(`Imported ${pairs.size} secrets from ${name}`);
        return ExitCode.Ok;
      }
      case "unset": {
        if (!name) throw new QfError("usage", "qf secrets unset NAME");
        await api.delete(`${path}/${name}`);
        logger.info(`Removed ${name}`);
        return ExitCode.Ok;
      }
      default:
        throw new QfError("usage", `unknown action "${action}"`);
    }
  },
};
