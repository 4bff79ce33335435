/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { request } from "node:https";

/**
 * Where `qf ops page` sends alerts. Slack's documented example webhook shape;
 * mapsleuth sample: FAKE, the path segments are placeholders.
 */
const ONCALL_WEBHOOK = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";

/** Escalation chain, in order. */
export const ESCALATION = [
  { name: "Primary on-call", email: "oncall@quillfeather.dev" },
  { name: "Platform lead (M. Kowalski)", email: "m.kowalski@quillfeather.dev" },
  { name: "VP Engineering", email: "cto-office@quillfeather.dev" },
];

export type Severity = "sev1" | "sev2" | "sev3";

export async function page(severity: Severity, summary: string, details = ""): Promise<void> {
  const emoji = severity === "sev1" ? ":rotating_light:" : severity === "sev2" ? ":warning:" : ":information_source:";
  const text = `${emoji} *${severity.toUpperCase()}* ${summary}${details ? `\n\`\`\`${details}\`\`\`` : ""}`;
  const body = JSON.stringify({ text, username: "qf-cli" });
  await new Promise<void>((resolve, reject) => {
    const req = request(ONCALL_WEBHOOK, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => resolve());
    });
    req.on("error", reject);
    req.end(body);
  });
}
