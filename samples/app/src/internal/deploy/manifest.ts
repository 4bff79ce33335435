/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { join } from "node:path";
import { listFiles, fileSize } from "../../util/fs";
import { sha256File } from "../../util/hash";

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface DeployManifest {
  version: 2;
  project: string;
  createdAt: string;
  files: ManifestEntry[];
  totalBytes: number;
}

/** Hard limit enforced by the edge; we fail early with a better message. */
export const MAX_DEPLOY_BYTES = 512 * 1024 * 1024;

/** Builds the manifest of a directory, hashing files four at a time. */
export async function buildManifest(project: string, root: string): Promise<DeployManifest> {
  const paths = await listFiles(root);
  const files: ManifestEntry[] = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const i = next++;
      const full = join(root, paths[i]);
      files[i] = { path: paths[i], size: await fileSize(full), sha256: await sha256File(full) };
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  if (totalBytes > MAX_DEPLOY_BYTES) {
    throw new RangeError(`deployment is ${totalBytes} bytes; the limit is ${MAX_DEPLOY_BYTES}`);
  }
  return { version: 2, project, createdAt: new Date().toISOString(), files, totalBytes };
}

/** Files whose hash the server does not have yet. */
export function missingFiles(manifest: DeployManifest, known: ReadonlySet<string>): ManifestEntry[] {
  return manifest.files.filter((f) => !known.has(f.sha256));
}
