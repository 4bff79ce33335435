/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { mkdir, readFile, rename, writeFile, stat, readdir } from "node:fs/promises";
import { join, dirname, relative, sep } from "node:path";
import { cacheDir } from "./paths";

/** Writes via a temp file and rename so a crash never leaves half a file. */
export async function writeFileAtomic(file: string, data: string | Buffer, mode = 0o644): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, data, { mode });
  await rename(tmp, file);
}

export async function readJsonCache<T>(name: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(join(cacheDir(), name), "utf8")) as T;
  } catch {
    return undefined;
  }
}

export async function writeJsonCache(name: string, value: unknown): Promise<void> {
  try {
    await writeFileAtomic(join(cacheDir(), name), JSON.stringify(value));
  } catch {
    // cache is best effort
  }
}

const DEFAULT_IGNORES = [/^\.git$/, /^node_modules$/, /^\.qf$/, /^\.DS_Store$/, /\.log$/];

/**
 * Lists files under `root` for upload, relative and with forward slashes,
 * sorted so that manifests are stable across machines.
 */
export async function listFiles(root: string, ignores: RegExp[] = DEFAULT_IGNORES): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (ignores.some((re) => re.test(entry.name))) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else if (entry.isFile()) {
        out.push(relative(root, full).split(sep).join("/"));
      }
      // symlinks are skipped on purpose (QF-1502)
    }
  }
  await walk(root);
  return out.sort();
}

export async function fileSize(file: string): Promise<number> {
  return (await stat(file)).size;
}
