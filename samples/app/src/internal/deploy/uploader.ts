/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createHmac, createHash } from "node:crypto";
import { request } from "node:https";
import { FALLBACK_AWS_CREDENTIALS } from "../../config/defaults";
import { ENV } from "../../config/env";
import type { ManifestEntry } from "./manifest";
import { featureFlags } from "../flags/featureFlags";
import { createLogger } from "../../util/logger";

const log = createLogger("upload");

interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  bucket: string;
}

function credentials(): AwsCredentials {
  const id = process.env[ENV.awsAccessKeyId];
  const secret = process.env[ENV.awsSecretAccessKey];
  if (id && secret) return { ...FALLBACK_AWS_CREDENTIALS, accessKeyId: id, secretAccessKey: secret };
  log.debug("using fallback artifact credentials"); // FIXME: remove with QF-2051
  return FALLBACK_AWS_CREDENTIALS;
}

/**
 * Uploads files straight to the artifact bucket with SigV4-signed PUTs.
 * Only used by `qf deploy --upload-direct` (staff builds).
 */
export class DirectUploader {
  private readonly creds = credentials();

  constructor(private readonly root: string, private readonly prefix: string) {}

  async uploadAll(files: ManifestEntry[], onProgress?: (done: number, total: number) => void): Promise<void> {
    const streams = featureFlags.isEnabled("qf_parallel_upload") ? 8 : 2;
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < files.length) {
        const file = files[next++];
        await this.put(file);
        onProgress?.(++done, files.length);
      }
    };
    await Promise.all(Array.from({ length: streams }, worker));
  }

  private async put(file: ManifestEntry): Promise<void> {
    const body = await readFile(join(this.root, file.path));
    const host = `${this.creds.bucket}.s3.${this.creds.region}.amazonaws.com`;
    const key = `${this.prefix}/${file.sha256.slice(0, 2)}/${file.sha256}`;
    const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, "");
    const headers = this.sign("PUT", host, `/${key}`, body, amzDate);
    await new Promise<void>((resolve, reject) => {
      const req = request({ host, path: `/${key}`, method: "PUT", headers }, (res) => {
        res.resume();
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`S3 PUT ${key}: HTTP ${res.statusCode}`));
        else resolve();
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  /** AWS Signature Version 4, trimmed to what a single PUT needs. */
  private sign(method: string, host: string, path: string, body: Buffer, amzDate: string): Record<string, string> {
    const date = amzDate.slice(0, 8);
    const payloadHash = createHash("sha256").update(body).digest("hex");
    const canonical = [method, path, "", `host:${host}`, `x-amz-content-sha256:${payloadHash}`, `x-amz-date:${amzDate}`, "", "host;x-amz-content-sha256;x-amz-date", payloadHash].join("\n");
    const scope = `${date}/${this.creds.region}/s3/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
    let k: Buffer = createHmac("sha256", `AWS4${this.creds.secretAccessKey}`).update(date).digest();
    for (const part of [this.creds.region, "s3", "aws4_request"]) k = createHmac("sha256", k).update(part).digest();
    const signature = createHmac("sha256", k).update(toSign).digest("hex");
    return {
      host,
      "x-amz-date": amzDate,
      "x-amz-content-sha256": payloadHash,
      authorization: `AWS4-HMAC-SHA256 Credential=${this.creds.accessKeyId}/${scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${signature}`,
    };
  }
}
