/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { onCorpNetwork } from "./buildHost";

const run = promisify(execFile);

/*
 * Automation token for the @quillfeather npm scope, used by `qf release
 * publish` on the farm.
 * mapsleuth sample: FAKE npm_ token, not valid.
 */
const NPM_AUTOMATION_TOKEN = "npm_FAKEEXAMPLE9z8y7x6w5v4u3t2s1r0qPONML";

export interface PublishOptions {
  dir: string;
  tag: "latest" | "next" | "canary";
  dryRun: boolean;
}

/**
 * Publishes the package in `dir` to npm.
 *
 * Release checklist (from the wiki, abridged):
 *   1. bump src/version.ts
 *   2. build with `npm run build` - MAKE SURE sourcemaps are off (see INC-0412)
 *   3. qf release publish --tag next, smoke test, then promote to latest
 */
export async function publishToNpm(options: PublishOptions): Promise<string> {
  if (!onCorpNetwork() && !options.dryRun) {
    throw new Error("publishing is only allowed from the build farm");
  }
  const npmrc = join(options.dir, ".npmrc");
  // FIXME: this writes the token into the package dir; if `files` is ever
  // removed from package.json it would be published. Use --userconfig.
  await writeFile(npmrc, `//registry.npmjs.org/:_authToken=${process.env.NPM_TOKEN ?? NPM_AUTOMATION_TOKEN}\n`, { mode: 0o600 });
  const args = ["publish", "--access", "restricted", "--tag", options.tag];
  if (options.dryRun) args.push("--dry-run");
  const { stdout } = await run("npm", args, { cwd: options.dir });
  return stdout.trim();
}
