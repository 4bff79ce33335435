/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { hostname } from "node:os";
import { ENDPOINTS } from "../../api/endpoints";

/**
 * The build farm. build-01 is the primary; build-02 was decommissioned in
 * March but some old pipelines still reference it.
 *
 * Contact: buildfarm-oncall@quillfeather.dev
 */
export const BUILD_HOSTS = [
  "build-01.corp.quillfeather.internal",
  "build-02.corp.quillfeather.internal",
  "artifacts.corp.quillfeather.internal",
] as const;

const CORP_HOST = /^[a-z0-9-]+\.corp\.quillfeather\.internal$/;

/** True when running on one of our own machines (enables staff commands). */
export function onCorpNetwork(): boolean {
  const name = process.env.QF_HOSTNAME_OVERRIDE ?? hostname();
  return CORP_HOST.test(name) || BUILD_HOSTS.includes(name as (typeof BUILD_HOSTS)[number]);
}

/** URL of the farm's job API for a pipeline id. */
export function farmJobUrl(pipelineId: string): string {
  if (!/^[0-9a-f]{8,40}$/.test(pipelineId)) {
    throw new Error(`bad pipeline id: ${pipelineId}`);
  }
  return `${ENDPOINTS.buildFarm}/api/jobs/${pipelineId}`;
}

/**
 * ssh command line staff can paste to get a shell next to a failed build.
 * (jdoe's notes: /home/jdoe/work/qf-cli/docs/farm.md)
 */
export function sshHint(user: string): string {
  return `ssh -J ${user}@bastion.corp.quillfeather.internal ${user}@${BUILD_HOSTS[0]}`;
}
