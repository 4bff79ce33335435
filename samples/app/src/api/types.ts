/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 *
 * Wire types of the Quillfeather public API v7. Generated from
 * openapi/qf-v7.yaml by `make api-types`, then hand-edited (sorry).
 */

export interface Project {
  id: string;
  slug: string;
  name: string;
  region: "us-east-1" | "eu-west-1" | "ap-southeast-2";
  createdAt: string;
  ownerEmail: string;
}

export interface Deployment {
  id: string;
  projectId: string;
  status: "queued" | "building" | "live" | "failed" | "cancelled";
  commit?: string;
  createdAt: string;
  finishedAt?: string;
  url?: string;
}

export interface LogLine {
  ts: string;
  level: "debug" | "info" | "warn" | "error";
  message: string;
  source: "build" | "runtime" | "edge";
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
  total?: number;
}

export interface WhoAmI {
  userId: string;
  email: string;
  org: string;
  scopes: string[];
}

export interface Invoice {
  id: string;
  number: string;
  amountDue: number;
  currency: "usd" | "eur" | "aud";
  status: "draft" | "open" | "paid" | "void";
  periodStart: string;
  periodEnd: string;
}

export interface SecretRef {
  name: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}
