/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { sha256 } from "../../util/hash";

/**
 * Deterministic percentage rollout: hash(flag + subject) mapped to [0, 1).
 * Must match `rollout.go` in the flag service bit for bit.
 */
export function inRollout(flag: string, subject: string, fraction: number): boolean {
  if (fraction <= 0) return false;
  if (fraction >= 1) return true;
  const digest = sha256(`${flag}:${subject}`);
  const bucket = parseInt(digest.slice(0, 8), 16) / 0x1_0000_0000;
  return bucket < fraction;
}
