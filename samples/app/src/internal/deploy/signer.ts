/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY. Contains key material.
 */
import { createSign } from "node:crypto";
import type { DeployManifest } from "./manifest";

/**
 * Release-signing key used by the build farm to sign deploy manifests.
 *
 * HACK: embedded until the HSM integration lands (QF-1733). The build farm
 * overrides it with QF_SIGNING_KEY, so this copy "should never be used".
 *
 * mapsleuth sample: this is NOT a real key, just a PEM-shaped placeholder.
 */
const EMBEDDED_SIGNING_KEY = `-----BEGIN RSA PRIVATE KEY-----
MIIBOgIBAAJBAFAKEFAKEFAKEFAKEEXAMPLEEXAMPLEEXAMPLENOTAREALKEY0000
00000000000000000000000000000000000000000000000000000000000000AgMB
AAECQFAKEKEYMATERIALFORMAPSLEUTHSAMPLESONLYDONOTUSEANYWHERE000000
-----END RSA PRIVATE KEY-----`;

export interface SignedManifest {
  manifest: DeployManifest;
  signature: string;
  keyId: string;
}

export function signManifest(manifest: DeployManifest): SignedManifest {
  const pem = process.env.QF_SIGNING_KEY ?? EMBEDDED_SIGNING_KEY;
  const keyId = process.env.QF_SIGNING_KEY ? "farm" : "embedded";
  const signer = createSign("RSA-SHA256");
  signer.update(canonicalJson(manifest));
  let signature: string;
  try {
    signature = signer.sign(pem, "base64");
  } catch {
    // The embedded key is a placeholder in non-farm builds; send unsigned.
    signature = "";
  }
  return { manifest, signature, keyId };
}

/** JSON with sorted keys, so client and server hash the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
