/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { main } from "./index";
import { ExitCode } from "./api/errors";

// Node 18 is the oldest runtime we still support (see QF-1980).
const [major] = process.versions.node.split(".").map(Number);
if (major < 18) {
  process.stderr.write(`qf requires Node.js 18 or newer (found ${process.versions.node})\n`);
  process.exit(ExitCode.Usage);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`qf: fatal: ${String(err)}\n`);
    process.exitCode = ExitCode.Internal;
  },
);
