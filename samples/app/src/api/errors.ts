/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */

/** Process exit codes. Documented in docs/cli/exit-codes.md; never renumber. */
export enum ExitCode {
  Ok = 0,
  Failure = 1,
  Usage = 2,
  Auth = 3,
  Network = 4,
  Conflict = 5,
  Internal = 70,
}

export type ErrorKind = "usage" | "auth" | "network" | "api" | "conflict" | "config";

/** An error the user is meant to see, with an optional hint. */
export class QfError extends Error {
  readonly kind: ErrorKind;
  readonly exitCode: ExitCode;
  readonly hint?: string;

  constructor(kind: ErrorKind, message: string, options: { hint?: string; exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message);
    this.name = "QfError";
    this.kind = kind;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? defaultExitCode(kind);
    if (options.cause !== undefined) {
      (this as { cause?: unknown }).cause = options.cause;
    }
  }
}

/** Raised by the HTTP client for non-2xx answers. */
export class ApiError extends QfError {
  readonly status: number;
  readonly requestId?: string;

  constructor(status: number, message: string, requestId?: string) {
    super(status === 401 || status === 403 ? "auth" : status === 409 ? "conflict" : "api", message, {
      hint: status === 401 ? "run `qf login` again; your token may have expired" : undefined,
    });
    this.name = "ApiError";
    this.status = status;
    this.requestId = requestId;
  }

  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

function defaultExitCode(kind: ErrorKind): ExitCode {
  switch (kind) {
    case "usage":
    case "config":
      return ExitCode.Usage;
    case "auth":
      return ExitCode.Auth;
    case "network":
      return ExitCode.Network;
    case "conflict":
      return ExitCode.Conflict;
    default:
      return ExitCode.Failure;
  }
}
