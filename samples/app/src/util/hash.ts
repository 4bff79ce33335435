/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createReadStream } from "node:fs";

/** SHA-256 of a file, hex. Streams, so large artifacts are fine. */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => h.update(chunk))
      .on("end", () => resolve(h.digest("hex")))
      .on("error", reject);
  });
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** HMAC used to sign webhook payloads; same scheme as the server. */
export function signPayload(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function verifySignature(secret: string, body: string, header: string, toleranceSec = 300): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const ts = Number(m[1]);
  if (Math.abs(Date.now() / 1000 - ts) > toleranceSec) return false;
  const expected = Buffer.from(signPayload(secret, body, ts).split("v1=")[1], "hex");
  const actual = Buffer.from(m[2], "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Short random id for correlating CLI logs with server logs. */
export function correlationId(): string {
  return randomBytes(6).toString("base64url");
}
