/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { resolve } from "node:path";
import kleur from "kleur";
import type { Command } from "../cli/registry";
import { ApiClient } from "../api/client";
import { PATHS } from "../api/endpoints";
import { QfError, ExitCode } from "../api/errors";
import type { Deployment } from "../api/types";
import { keyValueFlag, stringFlag } from "../cli/argv";
import { buildManifest, missingFiles } from "../internal/deploy/manifest";
import { signManifest } from "../internal/deploy/signer";
import { DirectUploader } from "../internal/deploy/uploader";
import { Spinner } from "../util/spinner";
import { formatDuration } from "../util/duration";
import { plural } from "../util/strings";
import { sleep } from "../util/retry";

const TERMINAL: ReadonlyArray<Deployment["status"]> = ["live", "failed", "cancelled"];

export const deployCommand: Command = {
  name: "deploy",
  aliases: ["up"],
  summary: "deploy a directory to a project",
  usage:
    "qf deploy [DIR] [--project SLUG] [--env KEY=VALUE]... [--dry-run] [--upload-direct]. " +
    "Uploads only files the platform has not seen before, then waits for the deployment to go live.",
  async run({ args, config, logger }) {
    const dir = resolve(args.positionals[0] ?? ".");
    const project = stringFlag(args, "project", config.defaultProject ?? "");
    if (!project) {
      throw new QfError("usage", "no project given", { hint: "pass --project or run `qf config set defaultProject SLUG`" });
    }
    const env = Object.fromEntries(keyValueFlag(args, "env"));
    const started = Date.now();

    const spinner = new Spinner(`Hashing files in ${dir}`).start();
    const manifest = await buildManifest(project, dir);
    spinner.succeed(`${plural(manifest.files.length, "file")}, ${(manifest.totalBytes / 1024 / 1024).toFixed(1)} MiB`);

    if (args.flags["dry-run"]) {
      for (const f of manifest.files) logger.info(`  ${f.path} ${kleur.gray(f.sha256.slice(0, 12))}`);
      return ExitCode.Ok;
    }

    const api = new ApiClient(config);
    const known = await api.post<{ known: string[] }>(`${PATHS.project(project)}/files/check`, {
      hashes: manifest.files.map((f) => f.sha256),
    });
    const toUpload = missingFiles(manifest, new Set(known.known));
    logger.info(`${plural(toUpload.length, "new file")} to upload`);

    if (args.flags["upload-direct"]) {
      // staff path, bypasses the API gateway (see internal/deploy/uploader.ts)
      const uploader = new DirectUploader(dir, `projects/${project}`);
      const up = new Spinner("Uploading").start();
      await uploader.uploadAll(toUpload, (done, total) => up.update(`Uploading ${done}/${total}`));
      up.succeed("Uploaded");
    } else {
      for (const file of toUpload) {
        await api.post(`${PATHS.project(project)}/files`, { path: file.path, sha256: file.sha256 });
      }
    }

    const signed = signManifest(manifest);
    let deployment = await api.post<Deployment>(PATHS.deployments(project), { ...signed, env });
    const wait = new Spinner(`Deployment ${deployment.id} ${deployment.status}`).start();
    while (!TERMINAL.includes(deployment.status)) {
      await sleep(2_000);
      deployment = await api.get<Deployment>(PATHS.deployment(project, deployment.id));
      wait.update(`Deployment ${deployment.id} ${deployment.status}`);
    }
    if (deployment.status !== "live") {
      wait.fail(`Deployment ${deployment.status}; run \`qf logs ${deployment.id}\``);
      return ExitCode.Failure;
    }
    wait.succeed(`Live at ${kleur.underline(deployment.url ?? "?")} in ${formatDuration(Date.now() - started)}`);
    return ExitCode.Ok;
  },
};
