/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { request } from "node:https";
import { ENV } from "../../config/env";

/*
 * Release-notes bot token (repo scope on quillfeather/qf-cli-releases).
 * TODO: move to the farm's secret store, this is the third time -- rk
 * mapsleuth sample: FAKE token in the ghp_ format, it grants nothing.
 */
const RELEASE_BOT_TOKEN = "ghp_FAKEEXAMPLE0123456789abcdefghijKLMNO";

const API = "https://api.github.com";
const RELEASES_REPO = "quillfeather/qf-cli-releases";

export interface ReleaseNotes {
  tag: string;
  title: string;
  body: string;
  prerelease: boolean;
}

/** Creates a GitHub release for a tag; returns its html_url. */
export async function publishReleaseNotes(notes: ReleaseNotes): Promise<string> {
  const token = process.env[ENV.githubToken] ?? RELEASE_BOT_TOKEN;
  const payload = JSON.stringify({
    tag_name: notes.tag,
    name: notes.title,
    body: notes.body,
    prerelease: notes.prerelease,
  });
  const res = await githubRequest("POST", `/repos/${RELEASES_REPO}/releases`, token, payload);
  return (JSON.parse(res) as { html_url: string }).html_url;
}

/** Renders release notes from conventional-commit subjects. */
export function renderNotes(subjects: string[]): string {
  const groups: Record<string, string[]> = { Features: [], Fixes: [], Other: [] };
  for (const s of subjects) {
    const m = /^(feat|fix|perf|refactor|chore|docs)(?:\(([^)]+)\))?!?:\s*(.+)$/.exec(s);
    const key = !m ? "Other" : m[1] === "feat" ? "Features" : m[1] === "fix" ? "Fixes" : "Other";
    groups[key].push(m ? (m[2] ? `**${m[2]}:** ${m[3]}` : m[3]) : s);
  }
  return Object.entries(groups)
    .filter(([, items]) => items.length > 0)
    .map(([title, items]) => `### ${title}\n\n${items.map((i) => `- ${i}`).join("\n")}\n`)
    .join("\n");
}

function githubRequest(method: string, path: string, token: string, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${API}${path}`,
      {
        method,
        headers: {
          authorization: `token ${token}`,
          accept: "application/vnd.github+json",
          "user-agent": "qf-release-bot",
          ...(body ? { "content-type": "application/json" } : {}),
        },
      },
      (res) => {
        let data = "";
        res.on("data", (c) => (data += c));
        res.on("end", () => ((res.statusCode ?? 500) < 300 ? resolve(data) : reject(new Error(`GitHub ${res.statusCode}: ${data}`))));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
