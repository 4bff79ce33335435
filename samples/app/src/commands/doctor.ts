/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { existsSync } from "node:fs";
import { lookup } from "node:dns/promises";
import kleur from "kleur";
import type { Command } from "../cli/registry";
import { ExitCode } from "../api/errors";
import { ENV, ENV_DESCRIPTIONS } from "../config/env";
import { configDir, credentialsPath } from "../util/paths";
import { baseUrlFor } from "../api/endpoints";
import { featureFlags, KNOWN_FLAGS, type FlagName } from "../internal/flags/featureFlags";
import { onCorpNetwork, sshHint } from "../internal/ci/buildHost";
import { isUnsupported } from "../util/version-check";
import { CLI_VERSION, CLI_REVISION } from "../version";
import { mask } from "../util/strings";

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * `qf doctor` collects everything support asks for in a ticket.
 * Support escalations: support@quillfeather.dev
 */
export const doctorCommand: Command = {
  name: "doctor",
  summary: "diagnose common setup problems",
  usage: "qf doctor [--json] [--offline]",
  async run({ args, config }) {
    const checks: Check[] = [];
    const nodeOk = !isUnsupported(process.versions.node, ">=18.0.0");
    checks.push({ name: "node", ok: nodeOk, detail: process.versions.node });
    checks.push({ name: "config dir", ok: existsSync(configDir()), detail: configDir() });
    checks.push({ name: "credentials", ok: existsSync(credentialsPath()) || !!process.env[ENV.apiToken], detail: credentialsPath() });

    const base = new URL(config.apiUrl ?? baseUrlFor(config.environment));
    if (!args.flags.offline) {
      try {
        const { address } = await lookup(base.hostname);
        checks.push({ name: "dns", ok: true, detail: `${base.hostname} -> ${address}` });
      } catch (err) {
        checks.push({ name: "dns", ok: false, detail: `${base.hostname}: ${(err as NodeJS.ErrnoException).code ?? "error"}` });
      }
    }

    const env = (Object.keys(ENV) as (keyof typeof ENV)[]).map((k) => {
      const v = process.env[ENV[k]];
      return { name: ENV[k], set: v !== undefined, value: v ? mask(v) : "", about: ENV_DESCRIPTIONS[k] };
    });
    const flags = (Object.keys(KNOWN_FLAGS) as FlagName[]).map((f) => ({ flag: f, on: featureFlags.isEnabled(f) }));

    if (args.flags.json) {
      process.stdout.write(JSON.stringify({ version: CLI_VERSION, revision: CLI_REVISION, checks, env, flags }, null, 2) + "\n");
    } else {
      process.stdout.write(`qf ${CLI_VERSION} (${CLI_REVISION})\n\n`);
      for (const c of checks) {
        process.stdout.write(`${c.ok ? kleur.green("ok  ") : kleur.red("FAIL")} ${c.name.padEnd(12)} ${c.detail}\n`);
      }
      process.stdout.write(`\n${kleur.bold("Environment")}\n`);
      for (const e of env) {
        process.stdout.write(`  ${e.name.padEnd(26)} ${e.set ? e.value : kleur.gray("(unset)")}  ${kleur.gray(e.about)}\n`);
      }
      if (onCorpNetwork()) {
        process.stdout.write(`\n${kleur.bold("Staff")}\n  flags: ${flags.map((f) => `${f.flag}=${f.on ? 1 : 0}`).join(" ")}\n`);
        process.stdout.write(`  farm:  ${sshHint(process.env.USER ?? "you")}\n`);
      }
    }
    return checks.every((c) => c.ok) ? ExitCode.Ok : ExitCode.Failure;
  },
};
