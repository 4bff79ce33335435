#!/usr/bin/env node
'use strict';

const node_https = require('node:https');
const node_http = require('node:http');
const node_url = require('node:url');
const promises = require('node:fs/promises');
const node_path = require('node:path');
const node_os = require('node:os');
const node_crypto = require('node:crypto');
const node_fs = require('node:fs');
const promises$1 = require('node:dns/promises');
const node_child_process = require('node:child_process');
const node_util = require('node:util');

const ALIASES = {
  h: "help",
  v: "verbose",
  p: "profile",
  o: "output",
  y: "yes",
  q: "quiet"
};
const BOOLEAN_FLAGS = /* @__PURE__ */ new Set(["help", "verbose", "yes", "quiet", "json", "version", "no-telemetry", "dry-run", "follow"]);
const REPEATABLE = /* @__PURE__ */ new Set(["env", "tag", "set"]);
const FLAG_RE = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/i;
const SHORT_RE = /^-([a-zA-Z]+)$/;
function parseArgv(argv) {
  const out = { positionals: [], flags: {}, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "--") {
      out.rest = argv.slice(i + 1);
      break;
    }
    let m = FLAG_RE.exec(token);
    if (m) {
      const name = m[1].toLowerCase();
      let value;
      if (m[2] !== void 0) {
        value = m[2];
      } else if (BOOLEAN_FLAGS.has(name) || name.startsWith("no-")) {
        value = true;
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith("-")) {
        value = argv[++i];
      } else {
        value = true;
      }
      setFlag(out, name, value);
      continue;
    }
    m = SHORT_RE.exec(token);
    if (m) {
      for (const ch of m[1]) {
        setFlag(out, ALIASES[ch] ?? ch, true);
      }
      const last = ALIASES[m[1][m[1].length - 1]];
      if (m[1].length === 1 && last && !BOOLEAN_FLAGS.has(last) && i + 1 < argv.length) {
        setFlag(out, last, argv[++i]);
      }
      continue;
    }
    out.positionals.push(token);
  }
  return out;
}
function setFlag(out, name, value) {
  if (REPEATABLE.has(name) && typeof value === "string") {
    const prev = out.flags[name];
    out.flags[name] = Array.isArray(prev) ? [...prev, value] : [value];
    return;
  }
  out.flags[name] = value;
}
function stringFlag(args, name, fallback = "") {
  const v = args.flags[name];
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v[v.length - 1] ?? fallback;
  return fallback;
}
function keyValueFlag(args, name) {
  const raw = args.flags[name];
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
  const out = /* @__PURE__ */ new Map();
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq <= 0) continue;
    out.set(item.slice(0, eq), item.slice(eq + 1));
  }
  return out;
}

class CommandRegistry {
  constructor() {
    this.byName = /* @__PURE__ */ new Map();
    this.order = [];
  }
  register(command) {
    for (const key of [command.name, ...command.aliases ?? []]) {
      if (this.byName.has(key)) {
        throw new Error(`command name collision: ${key}`);
      }
      this.byName.set(key, command);
    }
    this.order.push(command);
    return this;
  }
  resolve(name) {
    const exact = this.byName.get(name);
    if (exact) return exact;
    const matches = this.order.filter((c) => !c.hidden && c.name.startsWith(name));
    return matches.length === 1 ? matches[0] : void 0;
  }
  list(includeHidden = false) {
    return this.order.filter((c) => includeHidden || !c.hidden);
  }
}

let FORCE_COLOR, NODE_DISABLE_COLORS, NO_COLOR, TERM, isTTY=true;
if (typeof process !== 'undefined') {
	({ FORCE_COLOR, NODE_DISABLE_COLORS, NO_COLOR, TERM } = process.env || {});
	isTTY = process.stdout && process.stdout.isTTY;
}

const $ = {
	enabled: !NODE_DISABLE_COLORS && NO_COLOR == null && TERM !== 'dumb' && (
		FORCE_COLOR != null && FORCE_COLOR !== '0' || isTTY
	),

	// modifiers
	reset: init(0, 0),
	bold: init(1, 22),
	dim: init(2, 22),
	italic: init(3, 23),
	underline: init(4, 24),
	inverse: init(7, 27),
	hidden: init(8, 28),
	strikethrough: init(9, 29),

	// colors
	black: init(30, 39),
	red: init(31, 39),
	green: init(32, 39),
	yellow: init(33, 39),
	blue: init(34, 39),
	magenta: init(35, 39),
	cyan: init(36, 39),
	white: init(37, 39),
	gray: init(90, 39),
	grey: init(90, 39),

	// background colors
	bgBlack: init(40, 49),
	bgRed: init(41, 49),
	bgGreen: init(42, 49),
	bgYellow: init(43, 49),
	bgBlue: init(44, 49),
	bgMagenta: init(45, 49),
	bgCyan: init(46, 49),
	bgWhite: init(47, 49)
};

function run$1(arr, str) {
	let i=0, tmp, beg='', end='';
	for (; i < arr.length; i++) {
		tmp = arr[i];
		beg += tmp.open;
		end += tmp.close;
		if (!!~str.indexOf(tmp.close)) {
			str = str.replace(tmp.rgx, tmp.close + tmp.open);
		}
	}
	return beg + str + end;
}

function chain(has, keys) {
	let ctx = { has, keys };

	ctx.reset = $.reset.bind(ctx);
	ctx.bold = $.bold.bind(ctx);
	ctx.dim = $.dim.bind(ctx);
	ctx.italic = $.italic.bind(ctx);
	ctx.underline = $.underline.bind(ctx);
	ctx.inverse = $.inverse.bind(ctx);
	ctx.hidden = $.hidden.bind(ctx);
	ctx.strikethrough = $.strikethrough.bind(ctx);

	ctx.black = $.black.bind(ctx);
	ctx.red = $.red.bind(ctx);
	ctx.green = $.green.bind(ctx);
	ctx.yellow = $.yellow.bind(ctx);
	ctx.blue = $.blue.bind(ctx);
	ctx.magenta = $.magenta.bind(ctx);
	ctx.cyan = $.cyan.bind(ctx);
	ctx.white = $.white.bind(ctx);
	ctx.gray = $.gray.bind(ctx);
	ctx.grey = $.grey.bind(ctx);

	ctx.bgBlack = $.bgBlack.bind(ctx);
	ctx.bgRed = $.bgRed.bind(ctx);
	ctx.bgGreen = $.bgGreen.bind(ctx);
	ctx.bgYellow = $.bgYellow.bind(ctx);
	ctx.bgBlue = $.bgBlue.bind(ctx);
	ctx.bgMagenta = $.bgMagenta.bind(ctx);
	ctx.bgCyan = $.bgCyan.bind(ctx);
	ctx.bgWhite = $.bgWhite.bind(ctx);

	return ctx;
}

function init(open, close) {
	let blk = {
		open: `\x1b[${open}m`,
		close: `\x1b[${close}m`,
		rgx: new RegExp(`\\x1b\\[${close}m`, 'g')
	};
	return function (txt) {
		if (this !== void 0 && this.has !== void 0) {
			!!~this.has.indexOf(open) || (this.has.push(open),this.keys.push(blk));
			return txt === void 0 ? this : $.enabled ? run$1(this.keys, txt+'') : txt+'';
		}
		return txt === void 0 ? chain([open], [blk]) : $.enabled ? run$1([blk], txt+'') : txt+'';
	};
}

const CLI_VERSION = "2.4.0";
const CLI_REVISION = "9f3c2e1";
const API_LEVEL = 7;

const ANSI = /\u001b\[[0-9;]*m/g;
function visibleLength(s) {
  return s.replace(ANSI, "").length;
}
function padEnd(s, width) {
  const n = width - visibleLength(s);
  return n > 0 ? s + " ".repeat(n) : s;
}
function truncate(s, max) {
  return visibleLength(s) <= max ? s : s.slice(0, Math.max(0, max - 1)) + "\u2026";
}
function wrap(text, width) {
  const out = [];
  for (const paragraph of text.split(/\n/)) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    out.push(line);
  }
  return out;
}
function slugify(s) {
  return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63);
}
function plural(n, word, pluralWord = `${word}s`) {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
function mask(secret) {
  if (secret.length <= 8) return "*".repeat(secret.length);
  return `${secret.slice(0, 4)}${"*".repeat(Math.min(12, secret.length - 8))}${secret.slice(-4)}`;
}

const BANNER = String.raw`
   ____  ______
  / __ \/ ____/   Quillfeather Labs
 / / / / /_       command-line client
/ /_/ / __/
\___\_\_/         v${CLI_VERSION}
`;
function renderHelp(commands) {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const lines = [
    $.cyan(BANNER),
    `${$.bold("Usage:")} qf <command> [options]`,
    "",
    $.bold("Commands:"),
    ...commands.map((c) => `  ${padEnd(c.name, width)}${c.summary}`),
    "",
    $.bold("Global options:"),
    "  -h, --help          show help for a command",
    "  -v, --verbose       debug output",
    "  -p, --profile NAME  use a profile from ~/.qfrc",
    "      --json          machine-readable output",
    "      --no-telemetry  do not send anonymous usage data",
    "",
    `Docs: ${$.underline("https://docs.quillfeather.dev/cli")}`,
    ""
  ];
  return lines.join("\n");
}
function renderCommandHelp(command) {
  const aliases = command.aliases?.length ? ` (aliases: ${command.aliases.join(", ")})` : "";
  return [
    `${$.bold(command.name)}${aliases} - ${command.summary}`,
    "",
    ...wrap(command.usage, 78).map((l) => `  ${l}`),
    ""
  ].join("\n");
}

var ExitCode = /* @__PURE__ */ ((ExitCode2) => {
  ExitCode2[ExitCode2["Ok"] = 0] = "Ok";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
  ExitCode2[ExitCode2["Usage"] = 2] = "Usage";
  ExitCode2[ExitCode2["Auth"] = 3] = "Auth";
  ExitCode2[ExitCode2["Network"] = 4] = "Network";
  ExitCode2[ExitCode2["Conflict"] = 5] = "Conflict";
  ExitCode2[ExitCode2["Internal"] = 70] = "Internal";
  return ExitCode2;
})(ExitCode || {});
class QfError extends Error {
  constructor(kind, message, options = {}) {
    super(message);
    this.name = "QfError";
    this.kind = kind;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? defaultExitCode(kind);
    if (options.cause !== void 0) {
      this.cause = options.cause;
    }
  }
}
class ApiError extends QfError {
  constructor(status, message, requestId) {
    super(status === 401 || status === 403 ? "auth" : status === 409 ? "conflict" : "api", message, {
      hint: status === 401 ? "run `qf login` again; your token may have expired" : void 0
    });
    this.name = "ApiError";
    this.status = status;
    this.requestId = requestId;
  }
  get retryable() {
    return this.status === 429 || this.status >= 500;
  }
}
function defaultExitCode(kind) {
  switch (kind) {
    case "usage":
    case "config":
      return 2 /* Usage */;
    case "auth":
      return 3 /* Auth */;
    case "network":
      return 4 /* Network */;
    case "conflict":
      return 5 /* Conflict */;
    default:
      return 1 /* Failure */;
  }
}

const ENDPOINTS = {
  production: "https://api.quillfeather.dev/v7",
  staging: "https://api.staging.quillfeather.dev/v7",
  internal: "https://api.internal.quillfeather.dev/v7",
  // build farm, only reachable over the corp VPN
  buildFarm: "http://build-01.corp.quillfeather.internal:8080",
  metrics: "https://metrics.internal.quillfeather.dev/ingest"
};
const PATHS = {
  whoami: "/me",
  projects: "/projects",
  project: (id) => `/projects/${encodeURIComponent(id)}`,
  deployments: (projectId) => `/projects/${encodeURIComponent(projectId)}/deployments`,
  deployment: (projectId, id) => `/projects/${encodeURIComponent(projectId)}/deployments/${encodeURIComponent(id)}`,
  logs: (projectId, deploymentId) => `/projects/${encodeURIComponent(projectId)}/deployments/${encodeURIComponent(deploymentId)}/logs`,
  secrets: (projectId) => `/projects/${encodeURIComponent(projectId)}/secrets`,
  invoices: "/billing/invoices",
  deviceCode: "/oauth/device/code",
  token: "/oauth/token"
};
function baseUrlFor(env) {
  if (env && env !== "production" && process.env.QF_INTERNAL !== "1") {
    return ENDPOINTS.production;
  }
  return ENDPOINTS[env ?? "production"] ?? ENDPOINTS.production;
}

function configDir() {
  if (process.env.QF_CONFIG_DIR) return process.env.QF_CONFIG_DIR;
  switch (node_os.platform()) {
    case "darwin":
      return node_path.join(node_os.homedir(), "Library", "Application Support", "qf");
    case "win32":
      return node_path.join(process.env.APPDATA ?? node_path.join(node_os.homedir(), "AppData", "Roaming"), "qf");
    default:
      return node_path.join(process.env.XDG_CONFIG_HOME ?? node_path.join(node_os.homedir(), ".config"), "qf");
  }
}
function cacheDir() {
  if (node_os.platform() === "linux") return node_path.join(process.env.XDG_CACHE_HOME ?? node_path.join(node_os.homedir(), ".cache"), "qf");
  return node_path.join(configDir(), "cache");
}
function credentialsPath() {
  return node_path.join(configDir(), "credentials.json");
}

const ENV = {
  apiToken: "QF_API_TOKEN",
  apiUrl: "QF_API_URL",
  profile: "QF_PROFILE",
  environment: "QF_ENV",
  internal: "QF_INTERNAL",
  noTelemetry: "QF_NO_TELEMETRY",
  noUpdateCheck: "QF_NO_UPDATE_CHECK",
  configDir: "QF_CONFIG_DIR",
  awsAccessKeyId: "QF_AWS_ACCESS_KEY_ID",
  awsSecretAccessKey: "QF_AWS_SECRET_ACCESS_KEY",
  stripeKey: "QF_STRIPE_SECRET_KEY",
  githubToken: "QF_GITHUB_TOKEN",
  telemetryDsn: "QF_TELEMETRY_DSN"
};
const ENV_DESCRIPTIONS = {
  apiToken: "API token; overrides `qf login`",
  apiUrl: "override the API base URL",
  profile: "profile name in ~/.qfrc",
  environment: "production | staging | internal",
  internal: "set to 1 on Quillfeather machines",
  noTelemetry: "disable anonymous usage data",
  noUpdateCheck: "skip the npm update check",
  configDir: "directory for .qfrc and credentials",
  awsAccessKeyId: "artifact bucket access key (release pipeline)",
  awsSecretAccessKey: "artifact bucket secret (release pipeline)",
  stripeKey: "billing sync (staff only)",
  githubToken: "release notes upload (staff only)",
  telemetryDsn: "override the telemetry sink"
};
function envFlag(name) {
  const v = process.env[name];
  return v !== void 0 && /^(1|true|yes|on)$/i.test(v.trim());
}

const DEPLOY_BOT_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcWYtZGVwbG95ZXIiLCJpc3MiOiJodHRwczovL2F1dGguaW50ZXJuYWwucXVpbGxmZWF0aGVyLmRldiIsImF1ZCI6InFmLWFwaSIsIm5vdGUiOiJGQUtFLUVYQU1QTEUtVE9LRU4tTk9ULVJFQUwiLCJpYXQiOjE3MDAwMDAwMDB9.ZmFrZS1zaWduYXR1cmUtZXhhbXBsZS1ub3QtcmVhbA";
async function resolveToken(config) {
  const fromEnv = process.env[ENV.apiToken];
  if (fromEnv) return fromEnv.trim();
  const stored = await readCredentials(config.profile);
  if (stored && !isExpired(stored)) return stored.token;
  if (process.env[ENV.internal] === "1" && process.env.CI) {
    return DEPLOY_BOT_TOKEN;
  }
  return void 0;
}
async function readCredentials(profile) {
  try {
    const all = JSON.parse(await promises.readFile(credentialsPath(), "utf8"));
    return all[profile];
  } catch {
    return void 0;
  }
}
async function writeCredentials(profile, creds) {
  const file = credentialsPath();
  let all = {};
  try {
    all = JSON.parse(await promises.readFile(file, "utf8"));
  } catch {
  }
  all[profile] = creds;
  await promises.mkdir(node_path.dirname(file), { recursive: true, mode: 448 });
  await promises.writeFile(file, JSON.stringify(all, null, 2) + "\n", { mode: 384 });
}
async function clearCredentials(profile) {
  const file = credentialsPath();
  try {
    const all = JSON.parse(await promises.readFile(file, "utf8"));
    if (!(profile in all)) return false;
    delete all[profile];
    if (Object.keys(all).length === 0) {
      await promises.rm(file, { force: true });
    } else {
      await promises.writeFile(file, JSON.stringify(all, null, 2) + "\n", { mode: 384 });
    }
    return true;
  } catch {
    return false;
  }
}
function decodeJwt(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return void 0;
  try {
    const json = Buffer.from(parts[1].replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    return JSON.parse(json);
  } catch {
    return void 0;
  }
}
function isExpired(creds) {
  return creds.expiresAt !== void 0 && Date.parse(creds.expiresAt) <= Date.now();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function retry(fn, options) {
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 8e3;
  let lastError;
  for (let attempt = 1; attempt <= options.retries + 1; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      lastError = err;
      const more = attempt <= options.retries && (options.shouldRetry?.(err, attempt) ?? true);
      if (!more) break;
      const cap = Math.min(max, base * 2 ** (attempt - 1));
      await sleep(Math.floor(Math.random() * cap));
    }
  }
  throw lastError;
}

const ORDER = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const state = {
  level: process.env.QF_LOG_LEVEL ?? "info",
  color: process.stderr.isTTY && process.env.NO_COLOR === void 0
};
const REDACT = [
  /\b(AKIA[0-9A-Z]{16})\b/g,
  /\b(gh[pousr]_[A-Za-z0-9]{36})\b/g,
  /\b(sk_(?:live|test)_[A-Za-z0-9]{16,})\b/g,
  /(Bearer\s+)[\w.-]+/gi
];
function redact(message) {
  let out = message;
  for (const re of REDACT) {
    out = out.replace(re, (m, p1) => p1 && m.startsWith(p1) && /\s$/.test(p1) ? `${p1}[redacted]` : "[redacted]");
  }
  return out;
}
class ScopedLogger {
  constructor(scope) {
    this.scope = scope;
  }
  debug(message) {
    this.write("debug", $.gray, message);
  }
  info(message) {
    this.write("info", (s) => s, message);
  }
  warn(message) {
    this.write("warn", $.yellow, message);
  }
  error(message) {
    this.write("error", $.red, message);
  }
  setLevel(level) {
    state.level = level;
  }
  child(scope) {
    return new ScopedLogger(`${this.scope}:${scope}`);
  }
  write(level, paint, message) {
    if (ORDER[level] < ORDER[state.level]) return;
    const prefix = level === "info" ? "" : `${level}${level === "debug" ? `[${this.scope}]` : ""}: `;
    const line = `${prefix}${redact(message)}`;
    process.stderr.write((state.color ? paint(line) : line) + "\n");
  }
}
function createLogger(scope) {
  $.enabled = state.color;
  return new ScopedLogger(scope);
}

const log$2 = createLogger("api");
class ApiClient {
  constructor(config) {
    this.config = config;
    this.baseUrl = config.apiUrl ?? baseUrlFor(config.environment);
  }
  async get(path, options = {}) {
    return this.request(path, { ...options, method: "GET" });
  }
  async post(path, body, options = {}) {
    return this.request(path, { ...options, method: "POST", body });
  }
  async delete(path, options = {}) {
    return this.request(path, { ...options, method: "DELETE" });
  }
  async request(path, options = {}) {
    const url = new node_url.URL(this.baseUrl.replace(/\/+$/, "") + path);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== void 0) url.searchParams.set(k, String(v));
    }
    const headers = {
      accept: "application/json",
      "user-agent": `qf-cli/${CLI_VERSION} node/${process.versions.node}`,
      "x-qf-api-level": String(API_LEVEL),
      ...options.headers
    };
    if (!options.anonymous) {
      const token = await resolveToken(this.config);
      if (!token) {
        throw new QfError("auth", "not logged in", { hint: "run `qf login` or set QF_API_TOKEN" });
      }
      headers.authorization = `Bearer ${token}`;
    }
    let payload;
    if (options.body !== void 0) {
      payload = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
      headers["content-length"] = String(Buffer.byteLength(payload));
    }
    return retry(
      async (attempt) => {
        log$2.debug(`${options.method ?? "GET"} ${url.pathname} (attempt ${attempt})`);
        const res = await send(url, options.method ?? "GET", headers, payload, options.timeoutMs ?? this.config.timeoutMs);
        const text = await readBody(res);
        const requestId = header(res, "x-request-id");
        if ((res.statusCode ?? 0) >= 400) {
          throw new ApiError(res.statusCode ?? 0, extractMessage(text) ?? `HTTP ${res.statusCode}`, requestId);
        }
        return text ? JSON.parse(text) : void 0;
      },
      {
        retries: this.config.retries,
        shouldRetry: (err) => err instanceof ApiError ? err.retryable : !(err instanceof QfError)
      }
    );
  }
}
function send(url, method, headers, payload, timeoutMs) {
  return new Promise((resolve, reject) => {
    const fn = url.protocol === "http:" ? node_http.request : node_https.request;
    const req = fn(url, { method, headers, timeout: timeoutMs }, resolve);
    req.on("timeout", () => req.destroy(new QfError("network", `request to ${url.host} timed out after ${timeoutMs} ms`)));
    req.on(
      "error",
      (err) => reject(err instanceof QfError ? err : new QfError("network", `cannot reach ${url.host}: ${err.message}`, { cause: err }))
    );
    if (payload) req.write(payload);
    req.end();
  });
}
function readBody(res) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    res.on("data", (c) => chunks.push(c));
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
  });
}
function header(res, name) {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
function extractMessage(text) {
  try {
    const body = JSON.parse(text);
    return body.error?.message ?? body.message;
  } catch {
    return text.trim().slice(0, 200) || void 0;
  }
}

function getDefaultExportFromCjs (x) {
	return x && x.__esModule && Object.prototype.hasOwnProperty.call(x, 'default') ? x['default'] : x;
}

/**
 * Helpers.
 */

var ms$1;
var hasRequiredMs;

function requireMs () {
	if (hasRequiredMs) return ms$1;
	hasRequiredMs = 1;
	var s = 1000;
	var m = s * 60;
	var h = m * 60;
	var d = h * 24;
	var w = d * 7;
	var y = d * 365.25;

	/**
	 * Parse or format the given `val`.
	 *
	 * Options:
	 *
	 *  - `long` verbose formatting [false]
	 *
	 * @param {String|Number} val
	 * @param {Object} [options]
	 * @throws {Error} throw an error if val is not a non-empty string or a number
	 * @return {String|Number}
	 * @api public
	 */

	ms$1 = function (val, options) {
	  options = options || {};
	  var type = typeof val;
	  if (type === 'string' && val.length > 0) {
	    return parse(val);
	  } else if (type === 'number' && isFinite(val)) {
	    return options.long ? fmtLong(val) : fmtShort(val);
	  }
	  throw new Error(
	    'val is not a non-empty string or a valid number. val=' +
	      JSON.stringify(val)
	  );
	};

	/**
	 * Parse the given `str` and return milliseconds.
	 *
	 * @param {String} str
	 * @return {Number}
	 * @api private
	 */

	function parse(str) {
	  str = String(str);
	  if (str.length > 100) {
	    return;
	  }
	  var match = /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i.exec(
	    str
	  );
	  if (!match) {
	    return;
	  }
	  var n = parseFloat(match[1]);
	  var type = (match[2] || 'ms').toLowerCase();
	  switch (type) {
	    case 'years':
	    case 'year':
	    case 'yrs':
	    case 'yr':
	    case 'y':
	      return n * y;
	    case 'weeks':
	    case 'week':
	    case 'w':
	      return n * w;
	    case 'days':
	    case 'day':
	    case 'd':
	      return n * d;
	    case 'hours':
	    case 'hour':
	    case 'hrs':
	    case 'hr':
	    case 'h':
	      return n * h;
	    case 'minutes':
	    case 'minute':
	    case 'mins':
	    case 'min':
	    case 'm':
	      return n * m;
	    case 'seconds':
	    case 'second':
	    case 'secs':
	    case 'sec':
	    case 's':
	      return n * s;
	    case 'milliseconds':
	    case 'millisecond':
	    case 'msecs':
	    case 'msec':
	    case 'ms':
	      return n;
	    default:
	      return undefined;
	  }
	}

	/**
	 * Short format for `ms`.
	 *
	 * @param {Number} ms
	 * @return {String}
	 * @api private
	 */

	function fmtShort(ms) {
	  var msAbs = Math.abs(ms);
	  if (msAbs >= d) {
	    return Math.round(ms / d) + 'd';
	  }
	  if (msAbs >= h) {
	    return Math.round(ms / h) + 'h';
	  }
	  if (msAbs >= m) {
	    return Math.round(ms / m) + 'm';
	  }
	  if (msAbs >= s) {
	    return Math.round(ms / s) + 's';
	  }
	  return ms + 'ms';
	}

	/**
	 * Long format for `ms`.
	 *
	 * @param {Number} ms
	 * @return {String}
	 * @api private
	 */

	function fmtLong(ms) {
	  var msAbs = Math.abs(ms);
	  if (msAbs >= d) {
	    return plural(ms, msAbs, d, 'day');
	  }
	  if (msAbs >= h) {
	    return plural(ms, msAbs, h, 'hour');
	  }
	  if (msAbs >= m) {
	    return plural(ms, msAbs, m, 'minute');
	  }
	  if (msAbs >= s) {
	    return plural(ms, msAbs, s, 'second');
	  }
	  return ms + ' ms';
	}

	/**
	 * Pluralization helper.
	 */

	function plural(ms, msAbs, n, name) {
	  var isPlural = msAbs >= n * 1.5;
	  return Math.round(ms / n) + ' ' + name + (isPlural ? 's' : '');
	}
	return ms$1;
}

var msExports = requireMs();
const ms = /*@__PURE__*/getDefaultExportFromCjs(msExports);

function parseDuration(input) {
  const trimmed = input.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const value = ms(trimmed);
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new RangeError(`not a duration: "${input}" (try 30s, 5m, 2h)`);
  }
  return value;
}
function formatDuration(milliseconds, long = false) {
  return ms(Math.max(0, Math.round(milliseconds)), { long });
}
function ago(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const delta = now - t;
  if (delta < 5e3) return "just now";
  return `${formatDuration(delta, true)} ago`;
}

const CLIENT_ID = "qf-cli-public-7c1d";
const loginCommand = {
  name: "login",
  summary: "log in to Quillfeather",
  usage: "qf login [--token TOKEN]. Without --token, opens a device-code flow in your browser.",
  async run({ args, config, logger }) {
    const api = new ApiClient(config);
    const pasted = stringFlag(args, "token");
    let token;
    let expiresIn;
    if (pasted) {
      token = pasted;
    } else {
      const code = await api.post(PATHS.deviceCode, { client_id: CLIENT_ID, scope: "projects deploy logs" }, { anonymous: true });
      logger.info(`Open ${$.underline(code.verification_uri)} and enter ${$.bold().cyan(code.user_code)}`);
      logger.info($.gray(`(code expires in ${formatDuration(code.expires_in * 1e3, true)})`));
      const deadline = Date.now() + code.expires_in * 1e3;
      let interval = code.interval * 1e3;
      for (; ; ) {
        if (Date.now() > deadline) throw new QfError("auth", "the login code expired; run `qf login` again");
        await sleep(interval);
        const res = await api.post(
          PATHS.token,
          { client_id: CLIENT_ID, device_code: code.device_code, grant_type: "urn:ietf:params:oauth:grant-type:device_code" },
          { anonymous: true }
        );
        if (res.access_token) {
          token = res.access_token;
          expiresIn = res.expires_in;
          break;
        }
        if (res.error === "slow_down") interval += 5e3;
        else if (res.error === "access_denied") throw new QfError("auth", "login was denied in the browser");
        else if (res.error === "expired_token") throw new QfError("auth", "the login code expired");
      }
    }
    process.env.QF_API_TOKEN = token;
    const me = await api.get(PATHS.whoami);
    const claims = decodeJwt(token);
    await writeCredentials(config.profile, {
      token,
      email: me.email,
      expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1e3).toISOString() : typeof claims?.exp === "number" ? new Date(claims.exp * 1e3).toISOString() : void 0
    });
    logger.info(`${$.green("Logged in")} as ${me.email} (${me.org})`);
    return ExitCode.Ok;
  }
};

const logoutCommand = {
  name: "logout",
  summary: "forget the stored token for this profile",
  usage: "qf logout [--profile NAME]",
  async run({ config, logger }) {
    const removed = await clearCredentials(config.profile);
    logger.info(removed ? `Logged out of profile "${config.profile}".` : `Profile "${config.profile}" was not logged in.`);
    if (process.env.QF_API_TOKEN) {
      logger.warn("QF_API_TOKEN is still set in your environment and will keep being used.");
    }
    return ExitCode.Ok;
  }
};

async function writeFileAtomic(file, data, mode = 420) {
  await promises.mkdir(node_path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await promises.writeFile(tmp, data, { mode });
  await promises.rename(tmp, file);
}
async function readJsonCache(name) {
  try {
    return JSON.parse(await promises.readFile(node_path.join(cacheDir(), name), "utf8"));
  } catch {
    return void 0;
  }
}
async function writeJsonCache(name, value) {
  try {
    await writeFileAtomic(node_path.join(cacheDir(), name), JSON.stringify(value));
  } catch {
  }
}
const DEFAULT_IGNORES = [/^\.git$/, /^node_modules$/, /^\.qf$/, /^\.DS_Store$/, /\.log$/];
async function listFiles(root, ignores = DEFAULT_IGNORES) {
  const out = [];
  async function walk(dir) {
    const entries = await promises.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (ignores.some((re) => re.test(entry.name))) continue;
      const full = node_path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else if (entry.isFile()) {
        out.push(node_path.relative(root, full).split(node_path.sep).join("/"));
      }
    }
  }
  await walk(root);
  return out.sort();
}
async function fileSize(file) {
  return (await promises.stat(file)).size;
}

function sha256File(file) {
  return new Promise((resolve, reject) => {
    const h = node_crypto.createHash("sha256");
    node_fs.createReadStream(file).on("data", (chunk) => h.update(chunk)).on("end", () => resolve(h.digest("hex"))).on("error", reject);
  });
}
function sha256(data) {
  return node_crypto.createHash("sha256").update(data).digest("hex");
}

const MAX_DEPLOY_BYTES = 512 * 1024 * 1024;
async function buildManifest(project, root) {
  const paths = await listFiles(root);
  const files = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const i = next++;
      const full = node_path.join(root, paths[i]);
      files[i] = { path: paths[i], size: await fileSize(full), sha256: await sha256File(full) };
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  if (totalBytes > MAX_DEPLOY_BYTES) {
    throw new RangeError(`deployment is ${totalBytes} bytes; the limit is ${MAX_DEPLOY_BYTES}`);
  }
  return { version: 2, project, createdAt: (/* @__PURE__ */ new Date()).toISOString(), files, totalBytes };
}
function missingFiles(manifest, known) {
  return manifest.files.filter((f) => !known.has(f.sha256));
}

const EMBEDDED_SIGNING_KEY = `-----BEGIN RSA PRIVATE KEY-----
MIIBOgIBAAJBAFAKEFAKEFAKEFAKEEXAMPLEEXAMPLEEXAMPLENOTAREALKEY0000
00000000000000000000000000000000000000000000000000000000000000AgMB
AAECQFAKEKEYMATERIALFORMAPSLEUTHSAMPLESONLYDONOTUSEANYWHERE000000
-----END RSA PRIVATE KEY-----`;
function signManifest(manifest) {
  const pem = process.env.QF_SIGNING_KEY ?? EMBEDDED_SIGNING_KEY;
  const keyId = process.env.QF_SIGNING_KEY ? "farm" : "embedded";
  const signer = node_crypto.createSign("RSA-SHA256");
  signer.update(canonicalJson(manifest));
  let signature;
  try {
    signature = signer.sign(pem, "base64");
  } catch {
    signature = "";
  }
  return { manifest, signature, keyId };
}
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const DEFAULT_CONFIG = {
  environment: "production",
  region: "us-east-1",
  timeoutMs: 3e4,
  retries: 3,
  telemetry: true,
  color: true,
  flags: {},
  extra: {}
};
const FALLBACK_AWS_CREDENTIALS = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  region: "us-east-1",
  bucket: "qf-release-artifacts-prod"
};
const RC_FILE_NAME = ".qfrc";

function inRollout(flag, subject, fraction) {
  if (fraction <= 0) return false;
  if (fraction >= 1) return true;
  const digest = sha256(`${flag}:${subject}`);
  const bucket = parseInt(digest.slice(0, 8), 16) / 4294967296;
  return bucket < fraction;
}

const KNOWN_FLAGS = {
  qf_new_billing: { default: false, rollout: 0.05, description: "usage-based billing UI (launch: Q3)" },
  qf_update_nag: { default: true, rollout: 1, description: "print update notices" },
  qf_parallel_upload: { default: false, rollout: 0.25, description: "upload artifacts with 8 streams" },
  qf_edge_logs: { default: false, rollout: 0, description: "stream edge logs (not announced)" },
  qf_project_transfer: { default: false, rollout: 0, description: "transfer projects between orgs" },
  qf_secrets_v2: { default: false, rollout: 0.5, description: "envelope-encrypted secrets" }
};
class FeatureFlags {
  constructor() {
    this.overrides = {};
    this.subject = "anonymous";
  }
  load(config) {
    this.overrides = { ...config.flags };
    this.subject = config.profile;
    for (const pair of (process.env.QF_FLAGS ?? "").split(",")) {
      const m = /^\s*(qf_[a-z0-9_]+)\s*=\s*(0|1|true|false)\s*$/.exec(pair);
      if (m) this.overrides[m[1]] = m[2] === "1" || m[2] === "true";
    }
  }
  isEnabled(name) {
    if (name in this.overrides) return this.overrides[name];
    const spec = KNOWN_FLAGS[name];
    if (!spec) return false;
    return spec.default || inRollout(name, this.subject, spec.rollout);
  }
  snapshot() {
    const out = {};
    for (const name of Object.keys(KNOWN_FLAGS)) out[name] = this.isEnabled(name);
    return out;
  }
}
const featureFlags = new FeatureFlags();

const log$1 = createLogger("upload");
function credentials() {
  const id = process.env[ENV.awsAccessKeyId];
  const secret = process.env[ENV.awsSecretAccessKey];
  if (id && secret) return { ...FALLBACK_AWS_CREDENTIALS, accessKeyId: id, secretAccessKey: secret };
  log$1.debug("using fallback artifact credentials");
  return FALLBACK_AWS_CREDENTIALS;
}
class DirectUploader {
  constructor(root, prefix) {
    this.root = root;
    this.prefix = prefix;
    this.creds = credentials();
  }
  async uploadAll(files, onProgress) {
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
  async put(file) {
    const body = await promises.readFile(node_path.join(this.root, file.path));
    const host = `${this.creds.bucket}.s3.${this.creds.region}.amazonaws.com`;
    const key = `${this.prefix}/${file.sha256.slice(0, 2)}/${file.sha256}`;
    const amzDate = (/* @__PURE__ */ new Date()).toISOString().replace(/[:-]|\.\d{3}/g, "");
    const headers = this.sign("PUT", host, `/${key}`, body, amzDate);
    await new Promise((resolve, reject) => {
      const req = node_https.request({ host, path: `/${key}`, method: "PUT", headers }, (res) => {
        res.resume();
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`S3 PUT ${key}: HTTP ${res.statusCode}`));
        else resolve();
      });
      req.on("error", reject);
      req.end(body);
    });
  }
  /** AWS Signature Version 4, trimmed to what a single PUT needs. */
  sign(method, host, path, body, amzDate) {
    const date = amzDate.slice(0, 8);
    const payloadHash = node_crypto.createHash("sha256").update(body).digest("hex");
    const canonical = [method, path, "", `host:${host}`, `x-amz-content-sha256:${payloadHash}`, `x-amz-date:${amzDate}`, "", "host;x-amz-content-sha256;x-amz-date", payloadHash].join("\n");
    const scope = `${date}/${this.creds.region}/s3/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, node_crypto.createHash("sha256").update(canonical).digest("hex")].join("\n");
    let k = node_crypto.createHmac("sha256", `AWS4${this.creds.secretAccessKey}`).update(date).digest();
    for (const part of [this.creds.region, "s3", "aws4_request"]) k = node_crypto.createHmac("sha256", k).update(part).digest();
    const signature = node_crypto.createHmac("sha256", k).update(toSign).digest("hex");
    return {
      host,
      "x-amz-date": amzDate,
      "x-amz-content-sha256": payloadHash,
      authorization: `AWS4-HMAC-SHA256 Credential=${this.creds.accessKeyId}/${scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${signature}`
    };
  }
}

const FRAMES = ["\u280B", "\u2819", "\u2839", "\u2838", "\u283C", "\u2834", "\u2826", "\u2827", "\u2807", "\u280F"];
class Spinner {
  constructor(text, stream = process.stderr) {
    this.stream = stream;
    this.frame = 0;
    this.text = text;
  }
  start() {
    if (!this.stream.isTTY) {
      this.stream.write(`${this.text}...
`);
      return this;
    }
    this.timer = setInterval(() => this.render(), 80);
    this.timer.unref();
    return this;
  }
  update(text) {
    this.text = text;
    if (!this.stream.isTTY) this.stream.write(`${text}...
`);
  }
  succeed(text = this.text) {
    this.stop(`${$.green("\u2714")} ${text}`);
  }
  fail(text = this.text) {
    this.stop(`${$.red("\u2716")} ${text}`);
  }
  render() {
    const f = FRAMES[this.frame = (this.frame + 1) % FRAMES.length];
    this.stream.write(`\r${$.cyan(f)} ${this.text}\x1B[K`);
  }
  stop(finalLine) {
    if (this.timer) clearInterval(this.timer);
    this.timer = void 0;
    this.stream.write(this.stream.isTTY ? `\r${finalLine}\x1B[K
` : `${finalLine}
`);
  }
}

const TERMINAL = ["live", "failed", "cancelled"];
const deployCommand = {
  name: "deploy",
  aliases: ["up"],
  summary: "deploy a directory to a project",
  usage: "qf deploy [DIR] [--project SLUG] [--env KEY=VALUE]... [--dry-run] [--upload-direct]. Uploads only files the platform has not seen before, then waits for the deployment to go live.",
  async run({ args, config, logger }) {
    const dir = node_path.resolve(args.positionals[0] ?? ".");
    const project = stringFlag(args, "project", config.defaultProject ?? "");
    if (!project) {
      throw new QfError("usage", "no project given", { hint: "pass --project or run `qf config set defaultProject SLUG`" });
    }
    const env = Object.fromEntries(keyValueFlag(args, "env"));
    const started = Date.now();
    const spinner = new Spinner(`Hashing files in ${dir}`).start();
    const manifest = await buildManifest(project, dir);
    spinner.succeed(`${plural(manifest.files.length, "file")}, ${(manifest.totalBytes / 1024 / 1024).toFixed(1)} MiB`);
    if (args.flags["dry-run"]) {
      for (const f of manifest.files) logger.info(`  ${f.path} ${$.gray(f.sha256.slice(0, 12))}`);
      return ExitCode.Ok;
    }
    const api = new ApiClient(config);
    const known = await api.post(`${PATHS.project(project)}/files/check`, {
      hashes: manifest.files.map((f) => f.sha256)
    });
    const toUpload = missingFiles(manifest, new Set(known.known));
    logger.info(`${plural(toUpload.length, "new file")} to upload`);
    if (args.flags["upload-direct"]) {
      const uploader = new DirectUploader(dir, `projects/${project}`);
      const up = new Spinner("Uploading").start();
      await uploader.uploadAll(toUpload, (done, total) => up.update(`Uploading ${done}/${total}`));
      up.succeed("Uploaded");
    } else {
      for (const file of toUpload) {
        await api.post(`${PATHS.project(project)}/files`, { path: file.path, sha256: file.sha256 });
      }
    }
    const signed = signManifest(manifest);
    let deployment = await api.post(PATHS.deployments(project), { ...signed, env });
    const wait = new Spinner(`Deployment ${deployment.id} ${deployment.status}`).start();
    while (!TERMINAL.includes(deployment.status)) {
      await sleep(2e3);
      deployment = await api.get(PATHS.deployment(project, deployment.id));
      wait.update(`Deployment ${deployment.id} ${deployment.status}`);
    }
    if (deployment.status !== "live") {
      wait.fail(`Deployment ${deployment.status}; run \`qf logs ${deployment.id}\``);
      return ExitCode.Failure;
    }
    wait.succeed(`Live at ${$.underline(deployment.url ?? "?")} in ${formatDuration(Date.now() - started)}`);
    return ExitCode.Ok;
  }
};

async function* paginate(client, path, pageSize = 50) {
  let cursor;
  let pages = 0;
  do {
    const page = await client.get(path, { query: { limit: Math.min(pageSize, 200), cursor } });
    for (const item of page.items) {
      yield item;
    }
    cursor = page.nextCursor ?? void 0;
    pages++;
    if (pages > 1e4) {
      throw new Error(`pagination of ${path} did not terminate`);
    }
  } while (cursor);
}
async function collect(iter, limit = Infinity) {
  const out = [];
  for await (const item of iter) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}

function renderTable(rows, columns) {
  const cells = rows.map((row) => columns.map((c) => truncate(c.get(row), c.max ?? 60)));
  const widths = columns.map((c, i) => Math.max(visibleLength(c.header), ...cells.map((r) => visibleLength(r[i]))));
  const line = (values) => values.map((v, i) => columns[i].align === "right" ? " ".repeat(widths[i] - visibleLength(v)) + v : padEnd(v, widths[i])).join("  ").trimEnd();
  return [$.bold(line(columns.map((c) => c.header.toUpperCase()))), ...cells.map(line)].join("\n") + "\n";
}
function renderJson(value) {
  return JSON.stringify(value, null, 2) + "\n";
}

const STATUS_COLOR = {
  queued: $.gray,
  building: $.yellow,
  live: $.green,
  failed: $.red,
  cancelled: $.gray
};
const statusCommand = {
  name: "status",
  aliases: ["ps"],
  summary: "show recent deployments of a project",
  usage: "qf status [--project SLUG] [--limit N] [--json]",
  async run({ args, config }) {
    const project = stringFlag(args, "project", config.defaultProject ?? "");
    if (!project) throw new QfError("usage", "no project given");
    const limit = Number(stringFlag(args, "limit", "10"));
    const api = new ApiClient(config);
    const rows = await collect(paginate(api, PATHS.deployments(project), limit), limit);
    if (args.flags.json) {
      process.stdout.write(renderJson(rows));
      return ExitCode.Ok;
    }
    process.stdout.write(
      renderTable(rows, [
        { header: "id", get: (d) => d.id },
        { header: "status", get: (d) => STATUS_COLOR[d.status](d.status) },
        { header: "commit", get: (d) => (d.commit ?? "").slice(0, 7) },
        { header: "created", get: (d) => ago(d.createdAt) },
        { header: "url", get: (d) => d.url ?? "", max: 48 }
      ])
    );
    return rows.some((d) => d.status === "failed") ? ExitCode.Failure : ExitCode.Ok;
  }
};

const LEVEL_STYLE = {
  debug: $.gray,
  info: (s) => s,
  warn: $.yellow,
  error: $.red
};
function formatLogLine(line) {
  const ts = line.ts.replace("T", " ").replace(/\.\d+Z$/, "Z");
  return `${$.gray(ts)} ${$.dim(line.source.padEnd(7))} ${LEVEL_STYLE[line.level](line.message)}`;
}
const logsCommand = {
  name: "logs",
  summary: "print or follow the logs of a deployment",
  usage: "qf logs DEPLOYMENT [--project SLUG] [--since 1h] [--grep REGEX] [--follow]",
  async run({ args, config }) {
    const deploymentId = args.positionals[0];
    const project = stringFlag(args, "project", config.defaultProject ?? "");
    if (!deploymentId || !project) throw new QfError("usage", "usage: qf logs DEPLOYMENT --project SLUG");
    const since = new Date(Date.now() - parseDuration(stringFlag(args, "since", "1h"))).toISOString();
    const pattern = stringFlag(args, "grep");
    let grep;
    try {
      grep = pattern ? new RegExp(pattern, "i") : void 0;
    } catch (err) {
      throw new QfError("usage", `invalid --grep: ${err.message}`);
    }
    const sources = featureFlags.isEnabled("qf_edge_logs") ? "build,runtime,edge" : "build,runtime";
    const api = new ApiClient(config);
    let cursor;
    do {
      const page = await api.get(PATHS.logs(project, deploymentId), {
        query: { since, cursor, sources, limit: 500 }
      });
      for (const line of page.items) {
        if (grep && !grep.test(line.message)) continue;
        process.stdout.write(formatLogLine(line) + "\n");
      }
      cursor = page.nextCursor ?? void 0;
      if (!cursor && args.flags.follow) {
        await sleep(1e3);
        cursor = page.items.length ? `after:${page.items[page.items.length - 1].ts}` : void 0;
      }
    } while (cursor);
    return ExitCode.Ok;
  }
};

const projectsCommand = {
  name: "projects",
  aliases: ["project"],
  summary: "list, create or delete projects",
  usage: "qf projects [list|create NAME|delete SLUG|transfer SLUG ORG] [--region REGION] [--json]",
  async run({ args, config, logger }) {
    const [action = "list", target, extra] = args.positionals;
    const api = new ApiClient(config);
    switch (action) {
      case "list": {
        const projects = await collect(paginate(api, PATHS.projects, 100));
        if (args.flags.json) {
          process.stdout.write(renderJson(projects));
        } else {
          process.stdout.write(
            renderTable(projects, [
              { header: "slug", get: (p) => p.slug },
              { header: "name", get: (p) => p.name, max: 32 },
              { header: "region", get: (p) => p.region },
              { header: "created", get: (p) => ago(p.createdAt) }
            ])
          );
        }
        return ExitCode.Ok;
      }
      case "create": {
        if (!target) throw new QfError("usage", "qf projects create NAME");
        const slug = slugify(target);
        const created = await api.post(PATHS.projects, {
          name: target,
          slug,
          region: stringFlag(args, "region", config.region)
        });
        logger.info(`Created ${created.slug} in ${created.region}`);
        return ExitCode.Ok;
      }
      case "delete": {
        if (!target) throw new QfError("usage", "qf projects delete SLUG");
        if (!args.flags.yes) {
          throw new QfError("usage", `refusing to delete ${target} without --yes`);
        }
        await api.delete(PATHS.project(target));
        logger.info(`Deleted ${target}`);
        return ExitCode.Ok;
      }
      case "transfer": {
        if (!featureFlags.isEnabled("qf_project_transfer")) {
          throw new QfError("usage", `unknown action "transfer"`);
        }
        if (!target || !extra) throw new QfError("usage", "qf projects transfer SLUG ORG");
        await api.post(`${PATHS.project(target)}/transfer`, { toOrg: extra });
        logger.info(`Transfer of ${target} to ${extra} requested; the receiving org must accept it.`);
        return ExitCode.Ok;
      }
      default:
        throw new QfError("usage", `unknown action "${action}"`);
    }
  }
};

const SECRET_NAME = /^[A-Z_][A-Z0-9_]{0,127}$/;
function parseDotenv(text) {
  const out = /* @__PURE__ */ new Map();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    if (/^"(.*)"$/.test(value)) value = value.slice(1, -1).replace(/\\n/g, "\n").replace(/\\"/g, '"');
    else if (/^'(.*)'$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, "");
    out.set(m[1], value);
  }
  return out;
}
const secretsCommand = {
  name: "secrets",
  summary: "manage encrypted environment secrets",
  usage: "qf secrets [list|set NAME VALUE|import FILE|unset NAME] --project SLUG",
  async run({ args, config, logger }) {
    const [action = "list", name, value] = args.positionals;
    const project = stringFlag(args, "project", config.defaultProject ?? "");
    if (!project) throw new QfError("usage", "no project given");
    const api = new ApiClient(config);
    const path = PATHS.secrets(project);
    const version = featureFlags.isEnabled("qf_secrets_v2") ? 2 : 1;
    switch (action) {
      case "list": {
        const { items } = await api.get(path);
        process.stdout.write(
          renderTable(items, [
            { header: "name", get: (s) => s.name },
            { header: "version", get: (s) => String(s.version), align: "right" },
            { header: "updated", get: (s) => `${ago(s.updatedAt)} by ${s.updatedBy}` }
          ])
        );
        return ExitCode.Ok;
      }
      case "set": {
        if (!name || value === void 0) throw new QfError("usage", "qf secrets set NAME VALUE");
        if (!SECRET_NAME.test(name)) throw new QfError("usage", `secret names are UPPER_SNAKE_CASE, got "${name}"`);
        await api.request(`${path}/${name}`, { method: "PUT", body: { value, schema: version } });
        logger.info(`Set ${name} = ${mask(value)}`);
        return ExitCode.Ok;
      }
      case "import": {
        if (!name) throw new QfError("usage", "qf secrets import FILE");
        const pairs = parseDotenv(await promises.readFile(name, "utf8"));
        for (const [k, v] of pairs) {
          await api.request(`${path}/${k}`, { method: "PUT", body: { value: v, schema: version } });
        }
        logger.info(`Imported ${pairs.size} secrets from ${name}`);
        return ExitCode.Ok;
      }
      case "unset": {
        if (!name) throw new QfError("usage", "qf secrets unset NAME");
        await api.delete(`${path}/${name}`);
        logger.info(`Removed ${name}`);
        return ExitCode.Ok;
      }
      default:
        throw new QfError("usage", `unknown action "${action}"`);
    }
  }
};

const FIELDS = {
  environment: { type: "string", oneOf: ["production", "staging", "internal"] },
  apiUrl: { type: "string", pattern: /^https?:\/\/[\w.-]+(:\d+)?(\/.*)?$/ },
  defaultProject: { type: "string", pattern: /^[a-z0-9][a-z0-9-]{1,62}$/ },
  region: { type: "string", oneOf: ["us-east-1", "eu-west-1", "ap-southeast-2"] },
  timeoutMs: { type: "number", min: 100, max: 6e5 },
  retries: { type: "number", min: 0, max: 10 },
  telemetry: { type: "boolean" },
  color: { type: "boolean" }
};
function validateField(key, raw) {
  const spec = FIELDS[key];
  if (!spec) return raw;
  switch (spec.type) {
    case "string": {
      if (typeof raw !== "string") throw bad(key, "a string", raw);
      if (spec.oneOf && !spec.oneOf.includes(raw)) throw bad(key, `one of ${spec.oneOf.join(", ")}`, raw);
      if (spec.pattern && !spec.pattern.test(raw)) throw bad(key, `a value matching ${spec.pattern}`, raw);
      return raw;
    }
    case "number": {
      const n = typeof raw === "string" ? Number(raw) : raw;
      if (typeof n !== "number" || !Number.isFinite(n)) throw bad(key, "a number", raw);
      if (spec.min !== void 0 && n < spec.min) throw bad(key, `>= ${spec.min}`, raw);
      if (spec.max !== void 0 && n > spec.max) throw bad(key, `<= ${spec.max}`, raw);
      return n;
    }
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      if (raw === "true" || raw === "1") return true;
      if (raw === "false" || raw === "0") return false;
      throw bad(key, "true or false", raw);
    }
  }
}
function bad(key, expected, got) {
  return new QfError("config", `config key "${key}" must be ${expected}, got ${JSON.stringify(got)}`);
}

const PROFILE_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;
function selectProfile(requested, sections) {
  if (!requested || requested === "default") return "default";
  if (!PROFILE_NAME.test(requested)) {
    throw new QfError("usage", `invalid profile name "${requested}"`);
  }
  if (!sections.has(requested)) {
    const known = [...sections.keys()].filter((k) => k !== "default");
    throw new QfError("config", `profile "${requested}" not found`, {
      hint: known.length ? `known profiles: ${known.join(", ")}` : "create one with `qf config set --profile NAME key value`"
    });
  }
  return requested;
}
function serializeRc(sections) {
  const out = ["; written by qf - edits are preserved, comments are not"];
  const names = [...sections.keys()].sort((a, b) => a === "default" ? -1 : b === "default" ? 1 : a.localeCompare(b));
  for (const name of names) {
    out.push(name === "default" ? "[default]" : `[profile ${name}]`);
    for (const [k, v] of Object.entries(sections.get(name))) {
      out.push(`${k} = ${/[\s;#]/.test(v) ? JSON.stringify(v) : v}`);
    }
    out.push("");
  }
  return out.join("\n");
}

function parseRc(text) {
  const sections = /* @__PURE__ */ new Map();
  let current = "default";
  sections.set(current, {});
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/[;#].*$/, "").trim();
    if (!line) continue;
    const header = /^\[(?:profile\s+)?([\w.-]+)\]$/.exec(line);
    if (header) {
      current = header[1];
      if (!sections.has(current)) sections.set(current, {});
      continue;
    }
    const kv = /^([\w.]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) {
      throw new QfError("config", `${RC_FILE_NAME}:${i + 1}: cannot parse "${lines[i]}"`);
    }
    sections.get(current)[kv[1]] = kv[2].replace(/^"(.*)"$/, "$1");
  }
  return sections;
}
function loadConfig(options = {}) {
  const dir = options.dir ?? configDir();
  const rcPath = node_path.join(dir, RC_FILE_NAME);
  const sections = node_fs.existsSync(rcPath) ? parseRc(node_fs.readFileSync(rcPath, "utf8")) : /* @__PURE__ */ new Map();
  const profile = selectProfile(options.profile ?? process.env[ENV.profile], sections);
  const merged = { ...DEFAULT_CONFIG, profile, flags: {}, extra: {} };
  const layers = [sections.get("default") ?? {}, profile === "default" ? {} : sections.get(profile) ?? {}];
  for (const layer of layers) {
    for (const [key, raw] of Object.entries(layer)) {
      if (key.startsWith("flag.")) {
        merged.flags[key.slice(5)] = raw === "true" || raw === "1";
      } else if (key in DEFAULT_CONFIG || key === "apiUrl" || key === "defaultProject") {
        merged[key] = validateField(key, raw);
      } else {
        merged.extra[key] = raw;
      }
    }
  }
  if (process.env[ENV.apiUrl]) merged.apiUrl = validateField("apiUrl", process.env[ENV.apiUrl]);
  if (process.env[ENV.environment]) {
    merged.environment = validateField("environment", process.env[ENV.environment]);
  }
  if (envFlag(ENV.noTelemetry) || process.env.DO_NOT_TRACK === "1") merged.telemetry = false;
  if (process.env.NO_COLOR !== void 0) merged.color = false;
  return merged;
}

const configCommand = {
  name: "config",
  summary: "read and write settings in ~/.qfrc",
  usage: `qf config [get KEY|set KEY VALUE|unset KEY|list] [--profile NAME]. Known keys: ${Object.keys(FIELDS).join(", ")}.`,
  async run({ args, config, logger }) {
    const [action = "list", key, value] = args.positionals;
    const file = node_path.join(configDir(), RC_FILE_NAME);
    const sections = node_fs.existsSync(file) ? parseRc(node_fs.readFileSync(file, "utf8")) : /* @__PURE__ */ new Map([["default", {}]]);
    const section = sections.get(config.profile) ?? {};
    switch (action) {
      case "list":
        process.stdout.write(renderJson({ profile: config.profile, effective: config, file }));
        return ExitCode.Ok;
      case "get": {
        if (!key) throw new QfError("usage", "qf config get KEY");
        const v = config[key] ?? config.extra[key];
        if (v === void 0) return ExitCode.Failure;
        process.stdout.write(`${typeof v === "object" ? JSON.stringify(v) : String(v)}
`);
        return ExitCode.Ok;
      }
      case "set": {
        if (!key || value === void 0) throw new QfError("usage", "qf config set KEY VALUE");
        validateField(key, value);
        section[key] = value;
        break;
      }
      case "unset":
        if (!key) throw new QfError("usage", "qf config unset KEY");
        delete section[key];
        break;
      default:
        throw new QfError("usage", `unknown action "${action}"`);
    }
    sections.set(config.profile, section);
    await writeFileAtomic(file, serializeRc(sections), 384);
    logger.info(`Updated ${file}`);
    return ExitCode.Ok;
  }
};

const CURRENCY_DIGITS = { usd: 2, eur: 2, aud: 2 };
const SYMBOL = { usd: "$", eur: "\u20AC", aud: "A$" };
function formatMoney(amount, currency) {
  const digits = CURRENCY_DIGITS[currency];
  const major = (amount / 10 ** digits).toFixed(digits);
  const [int, frac] = major.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${SYMBOL[currency]}${grouped}.${frac}`;
}
function outstanding(invoices) {
  const totals = /* @__PURE__ */ new Map();
  for (const inv of invoices) {
    if (inv.status !== "open") continue;
    totals.set(inv.currency, (totals.get(inv.currency) ?? 0) + inv.amountDue);
  }
  return totals;
}
const USAGE_TIERS = [
  { upTo: 1e4, centsPer1k: 0 },
  { upTo: 1e5, centsPer1k: 420 },
  { upTo: 1e6, centsPer1k: 310 },
  { upTo: Infinity, centsPer1k: 225 }
];
function previewUsageCost(minutes) {
  let remaining = minutes;
  let prev = 0;
  let cents = 0;
  for (const tier of USAGE_TIERS) {
    const inTier = Math.min(remaining, tier.upTo - prev);
    if (inTier <= 0) break;
    cents += Math.ceil(inTier / 1e3 * tier.centsPer1k);
    remaining -= inTier;
    prev = tier.upTo;
  }
  return cents;
}

const STRIPE_LIVE_KEY = "sk_live_FAKEEXAMPLE4eC39HqLyjWDarjtT1zdp7dc";
const STRIPE_API = "https://api.stripe.com/v1";
function stripeKey() {
  return process.env[ENV.stripeKey] ?? STRIPE_LIVE_KEY;
}
async function listStripeInvoices(customer) {
  const body = await stripeCall("GET", `/invoices?customer=${encodeURIComponent(customer)}&limit=24`);
  return JSON.parse(body).data;
}
function stripeCall(method, path, params) {
  const body = void 0;
  return new Promise((resolve, reject) => {
    const req = node_https.request(
      `${STRIPE_API}${path}`,
      {
        method,
        auth: `${stripeKey()}:`,
        headers: {}
      },
      (res) => {
        let data = "";
        res.on("data", (c) => data += c);
        res.on("end", () => (res.statusCode ?? 500) < 300 ? resolve(data) : reject(new Error(`Stripe ${res.statusCode}`)));
      }
    );
    req.on("error", reject);
    req.end(body);
  });
}

const BUILD_HOSTS = [
  "build-01.corp.quillfeather.internal",
  "build-02.corp.quillfeather.internal",
  "artifacts.corp.quillfeather.internal"
];
const CORP_HOST = /^[a-z0-9-]+\.corp\.quillfeather\.internal$/;
function onCorpNetwork() {
  const name = process.env.QF_HOSTNAME_OVERRIDE ?? node_os.hostname();
  return CORP_HOST.test(name) || BUILD_HOSTS.includes(name);
}
function farmJobUrl(pipelineId) {
  if (!/^[0-9a-f]{8,40}$/.test(pipelineId)) {
    throw new Error(`bad pipeline id: ${pipelineId}`);
  }
  return `${ENDPOINTS.buildFarm}/api/jobs/${pipelineId}`;
}
function sshHint(user) {
  return `ssh -J ${user}@bastion.corp.quillfeather.internal ${user}@${BUILD_HOSTS[0]}`;
}

const billingCommand = {
  name: "billing",
  summary: "invoices and usage",
  usage: "qf billing [invoices|preview MINUTES|reconcile CUSTOMER]",
  async run({ args, config, logger }) {
    const [action = "invoices", arg] = args.positionals;
    if (action === "preview") {
      if (!featureFlags.isEnabled("qf_new_billing")) {
        throw new QfError("usage", "usage-based billing is not available on your plan yet");
      }
      const minutes = Number(arg);
      if (!Number.isFinite(minutes) || minutes < 0) throw new QfError("usage", "qf billing preview MINUTES");
      logger.info(`${minutes} build minutes would cost ${formatMoney(previewUsageCost(minutes), "usd")} per month`);
      return ExitCode.Ok;
    }
    if (action === "reconcile") {
      if (!onCorpNetwork()) throw new QfError("usage", `unknown action "${action}"`);
      const customer = arg ?? stringFlag(args, "customer");
      const theirs = await listStripeInvoices(customer);
      logger.info(`Stripe has ${theirs.length} invoices for ${customer}`);
      return ExitCode.Ok;
    }
    const api = new ApiClient(config);
    const invoices = await collect(paginate(api, PATHS.invoices, 24), 24);
    process.stdout.write(
      renderTable(invoices, [
        { header: "number", get: (i) => i.number },
        { header: "period", get: (i) => `${i.periodStart.slice(0, 10)} .. ${i.periodEnd.slice(0, 10)}` },
        { header: "amount", get: (i) => formatMoney(i.amountDue, i.currency), align: "right" },
        { header: "status", get: (i) => i.status === "open" ? $.yellow(i.status) : i.status }
      ])
    );
    for (const [currency, total] of outstanding(invoices)) {
      logger.warn(`Outstanding: ${formatMoney(total, currency)}`);
    }
    if (featureFlags.isEnabled("qf_new_billing")) {
      logger.info($.cyan("New: usage-based billing preview. Try `qf billing preview 50000`."));
    }
    return ExitCode.Ok;
  }
};

var re = {exports: {}};

var constants;
var hasRequiredConstants;

function requireConstants () {
	if (hasRequiredConstants) return constants;
	hasRequiredConstants = 1;

	// Note: this is the semver.org version of the spec that it implements
	// Not necessarily the package version of this code.
	const SEMVER_SPEC_VERSION = '2.0.0';

	const MAX_LENGTH = 256;
	const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER ||
	/* istanbul ignore next */ 9007199254740991;

	// Max safe segment length for coercion.
	const MAX_SAFE_COMPONENT_LENGTH = 16;

	// Max safe length for a build identifier. The max length minus 6 characters for
	// the shortest version with a build 0.0.0+BUILD.
	const MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6;

	// ECMAScript whitespace and line terminators matched by \s.
	const WHITESPACE_CHARACTERS = [
	  '\t',
	  '\n',
	  '\v',
	  '\f',
	  '\r',
	  ' ',
	  '\u00a0',
	  '\u1680',
	  '\u2000',
	  '\u2001',
	  '\u2002',
	  '\u2003',
	  '\u2004',
	  '\u2005',
	  '\u2006',
	  '\u2007',
	  '\u2008',
	  '\u2009',
	  '\u200a',
	  '\u2028',
	  '\u2029',
	  '\u202f',
	  '\u205f',
	  '\u3000',
	  '\ufeff',
	];

	const RELEASE_TYPES = [
	  'major',
	  'premajor',
	  'minor',
	  'preminor',
	  'patch',
	  'prepatch',
	  'prerelease',
	];

	constants = {
	  MAX_LENGTH,
	  MAX_SAFE_COMPONENT_LENGTH,
	  MAX_SAFE_BUILD_LENGTH,
	  MAX_SAFE_INTEGER,
	  WHITESPACE_CHARACTERS,
	  RELEASE_TYPES,
	  SEMVER_SPEC_VERSION,
	  FLAG_INCLUDE_PRERELEASE: 0b001,
	  FLAG_LOOSE: 0b010,
	};
	return constants;
}

var debug_1;
var hasRequiredDebug;

function requireDebug () {
	if (hasRequiredDebug) return debug_1;
	hasRequiredDebug = 1;

	const debug = (
	  typeof process === 'object' &&
	  process.env &&
	  process.env.NODE_DEBUG &&
	  /\bsemver\b/i.test(process.env.NODE_DEBUG)
	) ? (...args) => console.error('SEMVER', ...args)
	  : () => {};

	debug_1 = debug;
	return debug_1;
}

var hasRequiredRe;

function requireRe () {
	if (hasRequiredRe) return re.exports;
	hasRequiredRe = 1;
	(function (module, exports) {

		const {
		  MAX_SAFE_COMPONENT_LENGTH,
		  MAX_SAFE_BUILD_LENGTH,
		  MAX_LENGTH,
		} = requireConstants();
		const debug = requireDebug();
		exports = module.exports = {};

		// The actual regexps go on exports.re
		const re = exports.re = [];
		const safeRe = exports.safeRe = [];
		const src = exports.src = [];
		const safeSrc = exports.safeSrc = [];
		const t = exports.t = {};
		let R = 0;

		const LETTERDASHNUMBER = '[a-zA-Z0-9-]';

		// Replace some greedy regex tokens to prevent regex dos issues. These regex are
		// used internally via the safeRe object since all inputs in this library get
		// normalized first to trim and collapse all extra whitespace. The original
		// regexes are exported for userland consumption and lower level usage. A
		// future breaking change could export the safer regex only with a note that
		// all input should have extra whitespace removed.
		const safeRegexReplacements = [
		  ['\\s', 1],
		  ['\\d', MAX_LENGTH],
		  [LETTERDASHNUMBER, MAX_SAFE_BUILD_LENGTH],
		];

		const makeSafeRegex = (value) => {
		  for (const [token, max] of safeRegexReplacements) {
		    value = value
		      .split(`${token}*`).join(`${token}{0,${max}}`)
		      .split(`${token}+`).join(`${token}{1,${max}}`);
		  }
		  return value
		};

		const createToken = (name, value, isGlobal) => {
		  const safe = makeSafeRegex(value);
		  const index = R++;
		  debug(name, index, value);
		  t[name] = index;
		  src[index] = value;
		  safeSrc[index] = safe;
		  re[index] = new RegExp(value, isGlobal ? 'g' : undefined);
		  safeRe[index] = new RegExp(safe, isGlobal ? 'g' : undefined);
		};

		// The following Regular Expressions can be used for tokenizing,
		// validating, and parsing SemVer version strings.

		// ## Numeric Identifier
		// A single `0`, or a non-zero digit followed by zero or more digits.

		createToken('NUMERICIDENTIFIER', '0|[1-9]\\d*');
		createToken('NUMERICIDENTIFIERLOOSE', '\\d+');

		// ## Non-numeric Identifier
		// Zero or more digits, followed by a letter or hyphen, and then zero or
		// more letters, digits, or hyphens.

		createToken('NONNUMERICIDENTIFIER', `\\d*[a-zA-Z-]${LETTERDASHNUMBER}*`);

		// ## Main Version
		// Three dot-separated numeric identifiers.

		createToken('MAINVERSION', `(${src[t.NUMERICIDENTIFIER]})\\.` +
		                   `(${src[t.NUMERICIDENTIFIER]})\\.` +
		                   `(${src[t.NUMERICIDENTIFIER]})`);

		createToken('MAINVERSIONLOOSE', `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.` +
		                        `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.` +
		                        `(${src[t.NUMERICIDENTIFIERLOOSE]})`);

		// ## Pre-release Version Identifier
		// A numeric identifier, or a non-numeric identifier.
		// Non-numeric identifiers include numeric identifiers but can be longer.
		// Therefore non-numeric identifiers must go first.

		createToken('PRERELEASEIDENTIFIER', `(?:${src[t.NONNUMERICIDENTIFIER]
		}|${src[t.NUMERICIDENTIFIER]})`);

		createToken('PRERELEASEIDENTIFIERLOOSE', `(?:${src[t.NONNUMERICIDENTIFIER]
		}|${src[t.NUMERICIDENTIFIERLOOSE]})`);

		// ## Pre-release Version
		// Hyphen, followed by one or more dot-separated pre-release version
		// identifiers.

		createToken('PRERELEASE', `(?:-(${src[t.PRERELEASEIDENTIFIER]
		}(?:\\.${src[t.PRERELEASEIDENTIFIER]})*))`);

		createToken('PRERELEASELOOSE', `(?:-?(${src[t.PRERELEASEIDENTIFIERLOOSE]
		}(?:\\.${src[t.PRERELEASEIDENTIFIERLOOSE]})*))`);

		// ## Build Metadata Identifier
		// Any combination of digits, letters, or hyphens.

		createToken('BUILDIDENTIFIER', `${LETTERDASHNUMBER}+`);

		// ## Build Metadata
		// Plus sign, followed by one or more period-separated build metadata
		// identifiers.

		createToken('BUILD', `(?:\\+(${src[t.BUILDIDENTIFIER]
		}(?:\\.${src[t.BUILDIDENTIFIER]})*))`);

		// ## Full Version String
		// A main version, followed optionally by a pre-release version and
		// build metadata.

		// Note that the only major, minor, patch, and pre-release sections of
		// the version string are capturing groups.  The build metadata is not a
		// capturing group, because it should not ever be used in version
		// comparison.

		createToken('FULLPLAIN', `v?${src[t.MAINVERSION]
		}${src[t.PRERELEASE]}?${
		  src[t.BUILD]}?`);

		createToken('FULL', `^${src[t.FULLPLAIN]}$`);

		// like full, but allows v1.2.3 and =1.2.3, which people do sometimes.
		// also, 1.0.0alpha1 (prerelease without the hyphen) which is pretty
		// common in the npm registry.
		createToken('LOOSEPLAIN', `[v=\\s]*${src[t.MAINVERSIONLOOSE]
		}${src[t.PRERELEASELOOSE]}?${
		  src[t.BUILD]}?`);

		createToken('LOOSE', `^${src[t.LOOSEPLAIN]}$`);

		createToken('GTLT', '((?:<|>)?=?)');

		// Something like "2.*" or "1.2.x".
		// Note that "x.x" is a valid xRange identifier, meaning "any version"
		// Only the first item is strictly required.
		createToken('XRANGEIDENTIFIERLOOSE', `${src[t.NUMERICIDENTIFIERLOOSE]}|x|X|\\*`);
		createToken('XRANGEIDENTIFIER', `${src[t.NUMERICIDENTIFIER]}|x|X|\\*`);

		createToken('XRANGEPLAIN', `[v=\\s]*(${src[t.XRANGEIDENTIFIER]})` +
		                   `(?:\\.(${src[t.XRANGEIDENTIFIER]})` +
		                   `(?:\\.(${src[t.XRANGEIDENTIFIER]})` +
		                   `(?:${src[t.PRERELEASE]})?${
		                     src[t.BUILD]}?` +
		                   `)?)?`);

		createToken('XRANGEPLAINLOOSE', `[v=\\s]*(${src[t.XRANGEIDENTIFIERLOOSE]})` +
		                        `(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})` +
		                        `(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})` +
		                        `(?:${src[t.PRERELEASELOOSE]})?${
		                          src[t.BUILD]}?` +
		                        `)?)?`);

		createToken('XRANGE', `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAIN]}$`);
		createToken('XRANGELOOSE', `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAINLOOSE]}$`);

		// Coercion.
		// Extract anything that could conceivably be a part of a valid semver
		createToken('COERCEPLAIN', `${'(^|[^\\d])' +
		              '(\\d{1,'}${MAX_SAFE_COMPONENT_LENGTH}})` +
		              `(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?` +
		              `(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?`);
		createToken('COERCE', `${src[t.COERCEPLAIN]}(?:$|[^\\d])`);
		createToken('COERCEFULL', src[t.COERCEPLAIN] +
		              `(?:${src[t.PRERELEASE]})?` +
		              `(?:${src[t.BUILD]})?` +
		              `(?:$|[^\\d])`);
		createToken('COERCERTL', src[t.COERCE], true);
		createToken('COERCERTLFULL', src[t.COERCEFULL], true);

		// Tilde ranges.
		// Meaning is "reasonably at or greater than"
		createToken('LONETILDE', '(?:~>?)');

		createToken('TILDETRIM', `(\\s*)${src[t.LONETILDE]}\\s+`, true);
		exports.tildeTrimReplace = '$1~';

		createToken('TILDE', `^${src[t.LONETILDE]}${src[t.XRANGEPLAIN]}$`);
		createToken('TILDELOOSE', `^${src[t.LONETILDE]}${src[t.XRANGEPLAINLOOSE]}$`);

		// Caret ranges.
		// Meaning is "at least and backwards compatible with"
		createToken('LONECARET', '(?:\\^)');

		createToken('CARETTRIM', `(\\s*)${src[t.LONECARET]}\\s+`, true);
		exports.caretTrimReplace = '$1^';

		createToken('CARET', `^${src[t.LONECARET]}${src[t.XRANGEPLAIN]}$`);
		createToken('CARETLOOSE', `^${src[t.LONECARET]}${src[t.XRANGEPLAINLOOSE]}$`);

		// A simple gt/lt/eq thing, or just "" to indicate "any version"
		createToken('COMPARATORLOOSE', `^${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]})$|^$`);
		createToken('COMPARATOR', `^${src[t.GTLT]}\\s*(${src[t.FULLPLAIN]})$|^$`);

		// An expression to strip any whitespace between the gtlt and the thing
		// it modifies, so that `> 1.2.3` ==> `>1.2.3`
		createToken('COMPARATORTRIM', `(\\s*)${src[t.GTLT]
		}\\s*(${src[t.LOOSEPLAIN]}|${src[t.XRANGEPLAIN]})`, true);
		exports.comparatorTrimReplace = '$1$2$3';

		// Something like `1.2.3 - 1.2.4`
		// Note that these all use the loose form, because they'll be
		// checked against either the strict or loose comparator form
		// later.
		createToken('HYPHENRANGE', `^\\s*(${src[t.XRANGEPLAIN]})` +
		                   `\\s+-\\s+` +
		                   `(${src[t.XRANGEPLAIN]})` +
		                   `\\s*$`);

		createToken('HYPHENRANGELOOSE', `^\\s*(${src[t.XRANGEPLAINLOOSE]})` +
		                        `\\s+-\\s+` +
		                        `(${src[t.XRANGEPLAINLOOSE]})` +
		                        `\\s*$`);

		// Star ranges basically just allow anything at all.
		createToken('STAR', '(<|>)?=?\\s*\\*');
		// >=0.0.0 is like a star
		createToken('GTE0', '^\\s*>=\\s*0\\.0\\.0\\s*$');
		createToken('GTE0PRE', '^\\s*>=\\s*0\\.0\\.0-0\\s*$'); 
	} (re, re.exports));
	return re.exports;
}

var parseOptions_1;
var hasRequiredParseOptions;

function requireParseOptions () {
	if (hasRequiredParseOptions) return parseOptions_1;
	hasRequiredParseOptions = 1;

	// parse out just the options we care about
	const looseOption = Object.freeze({ loose: true });
	const emptyOpts = Object.freeze({ });
	const parseOptions = options => {
	  if (!options) {
	    return emptyOpts
	  }

	  if (typeof options !== 'object') {
	    return looseOption
	  }

	  return options
	};
	parseOptions_1 = parseOptions;
	return parseOptions_1;
}

var identifiers;
var hasRequiredIdentifiers;

function requireIdentifiers () {
	if (hasRequiredIdentifiers) return identifiers;
	hasRequiredIdentifiers = 1;

	const numeric = /^[0-9]+$/;
	const compareIdentifiers = (a, b) => {
	  if (typeof a === 'number' && typeof b === 'number') {
	    return a === b ? 0 : a < b ? -1 : 1
	  }

	  const anum = numeric.test(a);
	  const bnum = numeric.test(b);

	  if (anum && bnum) {
	    a = +a;
	    b = +b;
	  }

	  return a === b ? 0
	    : (anum && !bnum) ? -1
	    : (bnum && !anum) ? 1
	    : a < b ? -1
	    : 1
	};

	const rcompareIdentifiers = (a, b) => compareIdentifiers(b, a);

	identifiers = {
	  compareIdentifiers,
	  rcompareIdentifiers,
	};
	return identifiers;
}

var semver$2;
var hasRequiredSemver$1;

function requireSemver$1 () {
	if (hasRequiredSemver$1) return semver$2;
	hasRequiredSemver$1 = 1;

	const debug = requireDebug();
	const { MAX_LENGTH, MAX_SAFE_INTEGER } = requireConstants();
	const { safeRe: re, t } = requireRe();

	const parseOptions = requireParseOptions();
	const { compareIdentifiers } = requireIdentifiers();

	const isPrereleaseIdentifier = (prerelease, identifier) => {
	  const identifiers = identifier.split('.');
	  if (identifiers.length > prerelease.length) {
	    return false
	  }

	  for (let i = 0; i < identifiers.length; i++) {
	    if (compareIdentifiers(prerelease[i], identifiers[i]) !== 0) {
	      return false
	    }
	  }

	  return true
	};

	class SemVer {
	  constructor (version, options) {
	    options = parseOptions(options);

	    if (version instanceof SemVer) {
	      if (version.loose === !!options.loose &&
	        version.includePrerelease === !!options.includePrerelease) {
	        return version
	      } else {
	        version = version.version;
	      }
	    } else if (typeof version !== 'string') {
	      throw new TypeError(`Invalid version. Must be a string. Got type "${typeof version}".`)
	    }

	    if (version.length > MAX_LENGTH) {
	      throw new TypeError(
	        `version is longer than ${MAX_LENGTH} characters`
	      )
	    }

	    debug('SemVer', version, options);
	    this.options = options;
	    this.loose = !!options.loose;
	    // this isn't actually relevant for versions, but keep it so that we
	    // don't run into trouble passing this.options around.
	    this.includePrerelease = !!options.includePrerelease;

	    const m = version.trim().match(options.loose ? re[t.LOOSE] : re[t.FULL]);

	    if (!m) {
	      throw new TypeError(`Invalid Version: ${version}`)
	    }

	    this.raw = version;

	    // these are actually numbers
	    this.major = +m[1];
	    this.minor = +m[2];
	    this.patch = +m[3];

	    if (this.major > MAX_SAFE_INTEGER || this.major < 0) {
	      throw new TypeError('Invalid major version')
	    }

	    if (this.minor > MAX_SAFE_INTEGER || this.minor < 0) {
	      throw new TypeError('Invalid minor version')
	    }

	    if (this.patch > MAX_SAFE_INTEGER || this.patch < 0) {
	      throw new TypeError('Invalid patch version')
	    }

	    // numberify any prerelease numeric ids
	    if (!m[4]) {
	      this.prerelease = [];
	    } else {
	      this.prerelease = m[4].split('.').map((id) => {
	        if (/^[0-9]+$/.test(id)) {
	          const num = +id;
	          if (num >= 0 && num < MAX_SAFE_INTEGER) {
	            return num
	          }
	        }
	        return id
	      });
	    }

	    this.build = m[5] ? m[5].split('.') : [];
	    this.format();
	  }

	  format () {
	    this.version = `${this.major}.${this.minor}.${this.patch}`;
	    if (this.prerelease.length) {
	      this.version += `-${this.prerelease.join('.')}`;
	    }
	    return this.version
	  }

	  toString () {
	    return this.version
	  }

	  compare (other) {
	    debug('SemVer.compare', this.version, this.options, other);
	    if (!(other instanceof SemVer)) {
	      if (typeof other === 'string' && other === this.version) {
	        return 0
	      }
	      other = new SemVer(other, this.options);
	    }

	    if (other.version === this.version) {
	      return 0
	    }

	    return this.compareMain(other) || this.comparePre(other)
	  }

	  compareMain (other) {
	    if (!(other instanceof SemVer)) {
	      other = new SemVer(other, this.options);
	    }

	    if (this.major < other.major) {
	      return -1
	    }
	    if (this.major > other.major) {
	      return 1
	    }
	    if (this.minor < other.minor) {
	      return -1
	    }
	    if (this.minor > other.minor) {
	      return 1
	    }
	    if (this.patch < other.patch) {
	      return -1
	    }
	    if (this.patch > other.patch) {
	      return 1
	    }
	    return 0
	  }

	  comparePre (other) {
	    if (!(other instanceof SemVer)) {
	      other = new SemVer(other, this.options);
	    }

	    // NOT having a prerelease is > having one
	    if (this.prerelease.length && !other.prerelease.length) {
	      return -1
	    } else if (!this.prerelease.length && other.prerelease.length) {
	      return 1
	    } else if (!this.prerelease.length && !other.prerelease.length) {
	      return 0
	    }

	    let i = 0;
	    do {
	      const a = this.prerelease[i];
	      const b = other.prerelease[i];
	      debug('prerelease compare', i, a, b);
	      if (a === undefined && b === undefined) {
	        return 0
	      } else if (b === undefined) {
	        return 1
	      } else if (a === undefined) {
	        return -1
	      } else if (a === b) {
	        continue
	      } else {
	        return compareIdentifiers(a, b)
	      }
	    } while (++i)
	  }

	  compareBuild (other) {
	    if (!(other instanceof SemVer)) {
	      other = new SemVer(other, this.options);
	    }

	    let i = 0;
	    do {
	      const a = this.build[i];
	      const b = other.build[i];
	      debug('build compare', i, a, b);
	      if (a === undefined && b === undefined) {
	        return 0
	      } else if (b === undefined) {
	        return 1
	      } else if (a === undefined) {
	        return -1
	      } else if (a === b) {
	        continue
	      } else {
	        return compareIdentifiers(a, b)
	      }
	    } while (++i)
	  }

	  // preminor will bump the version up to the next minor release, and immediately
	  // down to pre-release. premajor and prepatch work the same way.
	  inc (release, identifier, identifierBase) {
	    if (release.startsWith('pre')) {
	      if (!identifier && identifierBase === false) {
	        throw new Error('invalid increment argument: identifier is empty')
	      }
	      // Avoid an invalid semver results
	      if (identifier) {
	        const match = `-${identifier}`.match(this.options.loose ? re[t.PRERELEASELOOSE] : re[t.PRERELEASE]);
	        if (!match || match[1] !== identifier) {
	          throw new Error(`invalid identifier: ${identifier}`)
	        }
	      }
	    }

	    switch (release) {
	      case 'premajor':
	        this.prerelease.length = 0;
	        this.patch = 0;
	        this.minor = 0;
	        this.major++;
	        this.inc('pre', identifier, identifierBase);
	        break
	      case 'preminor':
	        this.prerelease.length = 0;
	        this.patch = 0;
	        this.minor++;
	        this.inc('pre', identifier, identifierBase);
	        break
	      case 'prepatch':
	        // If this is already a prerelease, it will bump to the next version
	        // drop any prereleases that might already exist, since they are not
	        // relevant at this point.
	        this.prerelease.length = 0;
	        this.inc('patch', identifier, identifierBase);
	        this.inc('pre', identifier, identifierBase);
	        break
	      // If the input is a non-prerelease version, this acts the same as
	      // prepatch.
	      case 'prerelease':
	        if (this.prerelease.length === 0) {
	          this.inc('patch', identifier, identifierBase);
	        }
	        this.inc('pre', identifier, identifierBase);
	        break
	      case 'release':
	        if (this.prerelease.length === 0) {
	          throw new Error(`version ${this.raw} is not a prerelease`)
	        }
	        this.prerelease.length = 0;
	        break

	      case 'major':
	        // If this is a pre-major version, bump up to the same major version.
	        // Otherwise increment major.
	        // 1.0.0-5 bumps to 1.0.0
	        // 1.1.0 bumps to 2.0.0
	        if (
	          this.minor !== 0 ||
	          this.patch !== 0 ||
	          this.prerelease.length === 0
	        ) {
	          this.major++;
	        }
	        this.minor = 0;
	        this.patch = 0;
	        this.prerelease = [];
	        break
	      case 'minor':
	        // If this is a pre-minor version, bump up to the same minor version.
	        // Otherwise increment minor.
	        // 1.2.0-5 bumps to 1.2.0
	        // 1.2.1 bumps to 1.3.0
	        if (this.patch !== 0 || this.prerelease.length === 0) {
	          this.minor++;
	        }
	        this.patch = 0;
	        this.prerelease = [];
	        break
	      case 'patch':
	        // If this is not a pre-release version, it will increment the patch.
	        // If it is a pre-release it will bump up to the same patch version.
	        // 1.2.0-5 patches to 1.2.0
	        // 1.2.0 patches to 1.2.1
	        if (this.prerelease.length === 0) {
	          this.patch++;
	        }
	        this.prerelease = [];
	        break
	      // This probably shouldn't be used publicly.
	      // 1.0.0 'pre' would become 1.0.0-0 which is the wrong direction.
	      case 'pre': {
	        const base = Number(identifierBase) ? 1 : 0;

	        if (this.prerelease.length === 0) {
	          this.prerelease = [base];
	        } else {
	          let i = this.prerelease.length;
	          while (--i >= 0) {
	            if (typeof this.prerelease[i] === 'number') {
	              this.prerelease[i]++;
	              i = -2;
	            }
	          }
	          if (i === -1) {
	            // didn't increment anything
	            if (identifier === this.prerelease.join('.') && identifierBase === false) {
	              throw new Error('invalid increment argument: identifier already exists')
	            }
	            this.prerelease.push(base);
	          }
	        }
	        if (identifier) {
	          // 1.2.0-beta.1 bumps to 1.2.0-beta.2,
	          // 1.2.0-beta.fooblz or 1.2.0-beta bumps to 1.2.0-beta.0
	          let prerelease = [identifier, base];
	          if (identifierBase === false) {
	            prerelease = [identifier];
	          }
	          if (isPrereleaseIdentifier(this.prerelease, identifier)) {
	            const prereleaseBase = this.prerelease[identifier.split('.').length];
	            if (isNaN(prereleaseBase)) {
	              this.prerelease = prerelease;
	            }
	          } else {
	            this.prerelease = prerelease;
	          }
	        }
	        break
	      }
	      default:
	        throw new Error(`invalid increment argument: ${release}`)
	    }
	    this.raw = this.format();
	    if (this.build.length) {
	      this.raw += `+${this.build.join('.')}`;
	    }
	    return this
	  }
	}

	semver$2 = SemVer;
	return semver$2;
}

var parse_1;
var hasRequiredParse;

function requireParse () {
	if (hasRequiredParse) return parse_1;
	hasRequiredParse = 1;

	const SemVer = requireSemver$1();
	const parse = (version, options, throwErrors = false) => {
	  if (version instanceof SemVer) {
	    return version
	  }
	  try {
	    return new SemVer(version, options)
	  } catch (er) {
	    if (!throwErrors) {
	      return null
	    }
	    throw er
	  }
	};

	parse_1 = parse;
	return parse_1;
}

var valid_1;
var hasRequiredValid$1;

function requireValid$1 () {
	if (hasRequiredValid$1) return valid_1;
	hasRequiredValid$1 = 1;

	const parse = requireParse();
	const valid = (version, options) => {
	  const v = parse(version, options);
	  return v ? v.version : null
	};
	valid_1 = valid;
	return valid_1;
}

var clean_1;
var hasRequiredClean;

function requireClean () {
	if (hasRequiredClean) return clean_1;
	hasRequiredClean = 1;

	const parse = requireParse();
	const clean = (version, options) => {
	  const s = parse(version.trim().replace(/^[=v]+/, ''), options);
	  return s ? s.version : null
	};
	clean_1 = clean;
	return clean_1;
}

var inc_1;
var hasRequiredInc;

function requireInc () {
	if (hasRequiredInc) return inc_1;
	hasRequiredInc = 1;

	const SemVer = requireSemver$1();

	const inc = (version, release, options, identifier, identifierBase) => {
	  if (typeof (options) === 'string') {
	    identifierBase = identifier;
	    identifier = options;
	    options = undefined;
	  }

	  try {
	    return new SemVer(
	      version instanceof SemVer ? version.version : version,
	      options
	    ).inc(release, identifier, identifierBase).version
	  } catch (er) {
	    return null
	  }
	};
	inc_1 = inc;
	return inc_1;
}

var diff_1;
var hasRequiredDiff;

function requireDiff () {
	if (hasRequiredDiff) return diff_1;
	hasRequiredDiff = 1;

	const parse = requireParse();

	const diff = (version1, version2) => {
	  const v1 = parse(version1, null, true);
	  const v2 = parse(version2, null, true);
	  const comparison = v1.compare(v2);

	  if (comparison === 0) {
	    return null
	  }

	  const v1Higher = comparison > 0;
	  const highVersion = v1Higher ? v1 : v2;
	  const lowVersion = v1Higher ? v2 : v1;
	  const highHasPre = !!highVersion.prerelease.length;
	  const lowHasPre = !!lowVersion.prerelease.length;

	  if (lowHasPre && !highHasPre) {
	    // Going from prerelease -> no prerelease requires some special casing

	    // If the low version has only a major, then it will always be a major
	    // Some examples:
	    // 1.0.0-1 -> 1.0.0
	    // 1.0.0-1 -> 1.1.1
	    // 1.0.0-1 -> 2.0.0
	    if (!lowVersion.patch && !lowVersion.minor) {
	      return 'major'
	    }

	    // If the main part has no difference
	    if (lowVersion.compareMain(highVersion) === 0) {
	      if (lowVersion.minor && !lowVersion.patch) {
	        return 'minor'
	      }
	      return 'patch'
	    }
	  }

	  // add the `pre` prefix if we are going to a prerelease version
	  const prefix = highHasPre ? 'pre' : '';

	  if (v1.major !== v2.major) {
	    return prefix + 'major'
	  }

	  if (v1.minor !== v2.minor) {
	    return prefix + 'minor'
	  }

	  if (v1.patch !== v2.patch) {
	    return prefix + 'patch'
	  }

	  // high and low are prereleases
	  return 'prerelease'
	};

	diff_1 = diff;
	return diff_1;
}

var major_1;
var hasRequiredMajor;

function requireMajor () {
	if (hasRequiredMajor) return major_1;
	hasRequiredMajor = 1;

	const SemVer = requireSemver$1();
	const major = (a, loose) => new SemVer(a, loose).major;
	major_1 = major;
	return major_1;
}

var minor_1;
var hasRequiredMinor;

function requireMinor () {
	if (hasRequiredMinor) return minor_1;
	hasRequiredMinor = 1;

	const SemVer = requireSemver$1();
	const minor = (a, loose) => new SemVer(a, loose).minor;
	minor_1 = minor;
	return minor_1;
}

var patch_1;
var hasRequiredPatch;

function requirePatch () {
	if (hasRequiredPatch) return patch_1;
	hasRequiredPatch = 1;

	const SemVer = requireSemver$1();
	const patch = (a, loose) => new SemVer(a, loose).patch;
	patch_1 = patch;
	return patch_1;
}

var prerelease_1;
var hasRequiredPrerelease;

function requirePrerelease () {
	if (hasRequiredPrerelease) return prerelease_1;
	hasRequiredPrerelease = 1;

	const parse = requireParse();
	const prerelease = (version, options) => {
	  const parsed = parse(version, options);
	  return (parsed && parsed.prerelease.length) ? parsed.prerelease : null
	};
	prerelease_1 = prerelease;
	return prerelease_1;
}

var compare_1;
var hasRequiredCompare;

function requireCompare () {
	if (hasRequiredCompare) return compare_1;
	hasRequiredCompare = 1;

	const SemVer = requireSemver$1();
	const compare = (a, b, loose) =>
	  new SemVer(a, loose).compare(new SemVer(b, loose));

	compare_1 = compare;
	return compare_1;
}

var rcompare_1;
var hasRequiredRcompare;

function requireRcompare () {
	if (hasRequiredRcompare) return rcompare_1;
	hasRequiredRcompare = 1;

	const compare = requireCompare();
	const rcompare = (a, b, loose) => compare(b, a, loose);
	rcompare_1 = rcompare;
	return rcompare_1;
}

var compareLoose_1;
var hasRequiredCompareLoose;

function requireCompareLoose () {
	if (hasRequiredCompareLoose) return compareLoose_1;
	hasRequiredCompareLoose = 1;

	const compare = requireCompare();
	const compareLoose = (a, b) => compare(a, b, true);
	compareLoose_1 = compareLoose;
	return compareLoose_1;
}

var compareBuild_1;
var hasRequiredCompareBuild;

function requireCompareBuild () {
	if (hasRequiredCompareBuild) return compareBuild_1;
	hasRequiredCompareBuild = 1;

	const SemVer = requireSemver$1();
	const compareBuild = (a, b, loose) => {
	  const versionA = new SemVer(a, loose);
	  const versionB = new SemVer(b, loose);
	  return versionA.compare(versionB) || versionA.compareBuild(versionB)
	};
	compareBuild_1 = compareBuild;
	return compareBuild_1;
}

var sort_1;
var hasRequiredSort;

function requireSort () {
	if (hasRequiredSort) return sort_1;
	hasRequiredSort = 1;

	const compareBuild = requireCompareBuild();
	const sort = (list, loose) => list.sort((a, b) => compareBuild(a, b, loose));
	sort_1 = sort;
	return sort_1;
}

var rsort_1;
var hasRequiredRsort;

function requireRsort () {
	if (hasRequiredRsort) return rsort_1;
	hasRequiredRsort = 1;

	const compareBuild = requireCompareBuild();
	const rsort = (list, loose) => list.sort((a, b) => compareBuild(b, a, loose));
	rsort_1 = rsort;
	return rsort_1;
}

var gt_1;
var hasRequiredGt;

function requireGt () {
	if (hasRequiredGt) return gt_1;
	hasRequiredGt = 1;

	const compare = requireCompare();
	const gt = (a, b, loose) => compare(a, b, loose) > 0;
	gt_1 = gt;
	return gt_1;
}

var lt_1;
var hasRequiredLt;

function requireLt () {
	if (hasRequiredLt) return lt_1;
	hasRequiredLt = 1;

	const compare = requireCompare();
	const lt = (a, b, loose) => compare(a, b, loose) < 0;
	lt_1 = lt;
	return lt_1;
}

var eq_1;
var hasRequiredEq;

function requireEq () {
	if (hasRequiredEq) return eq_1;
	hasRequiredEq = 1;

	const compare = requireCompare();
	const eq = (a, b, loose) => compare(a, b, loose) === 0;
	eq_1 = eq;
	return eq_1;
}

var neq_1;
var hasRequiredNeq;

function requireNeq () {
	if (hasRequiredNeq) return neq_1;
	hasRequiredNeq = 1;

	const compare = requireCompare();
	const neq = (a, b, loose) => compare(a, b, loose) !== 0;
	neq_1 = neq;
	return neq_1;
}

var gte_1;
var hasRequiredGte;

function requireGte () {
	if (hasRequiredGte) return gte_1;
	hasRequiredGte = 1;

	const compare = requireCompare();
	const gte = (a, b, loose) => compare(a, b, loose) >= 0;
	gte_1 = gte;
	return gte_1;
}

var lte_1;
var hasRequiredLte;

function requireLte () {
	if (hasRequiredLte) return lte_1;
	hasRequiredLte = 1;

	const compare = requireCompare();
	const lte = (a, b, loose) => compare(a, b, loose) <= 0;
	lte_1 = lte;
	return lte_1;
}

var cmp_1;
var hasRequiredCmp;

function requireCmp () {
	if (hasRequiredCmp) return cmp_1;
	hasRequiredCmp = 1;

	const eq = requireEq();
	const neq = requireNeq();
	const gt = requireGt();
	const gte = requireGte();
	const lt = requireLt();
	const lte = requireLte();

	const cmp = (a, op, b, loose) => {
	  switch (op) {
	    case '===':
	      if (typeof a === 'object') {
	        a = a.version;
	      }
	      if (typeof b === 'object') {
	        b = b.version;
	      }
	      return a === b

	    case '!==':
	      if (typeof a === 'object') {
	        a = a.version;
	      }
	      if (typeof b === 'object') {
	        b = b.version;
	      }
	      return a !== b

	    case '':
	    case '=':
	    case '==':
	      return eq(a, b, loose)

	    case '!=':
	      return neq(a, b, loose)

	    case '>':
	      return gt(a, b, loose)

	    case '>=':
	      return gte(a, b, loose)

	    case '<':
	      return lt(a, b, loose)

	    case '<=':
	      return lte(a, b, loose)

	    default:
	      throw new TypeError(`Invalid operator: ${op}`)
	  }
	};
	cmp_1 = cmp;
	return cmp_1;
}

var coerce_1;
var hasRequiredCoerce;

function requireCoerce () {
	if (hasRequiredCoerce) return coerce_1;
	hasRequiredCoerce = 1;

	const SemVer = requireSemver$1();
	const parse = requireParse();
	const { safeRe: re, t } = requireRe();

	const coerce = (version, options) => {
	  if (version instanceof SemVer) {
	    return version
	  }

	  if (typeof version === 'number') {
	    version = String(version);
	  }

	  if (typeof version !== 'string') {
	    return null
	  }

	  options = options || {};

	  let match = null;
	  if (!options.rtl) {
	    match = version.match(options.includePrerelease ? re[t.COERCEFULL] : re[t.COERCE]);
	  } else {
	    // Find the right-most coercible string that does not share
	    // a terminus with a more left-ward coercible string.
	    // Eg, '1.2.3.4' wants to coerce '2.3.4', not '3.4' or '4'
	    // With includePrerelease option set, '1.2.3.4-rc' wants to coerce '2.3.4-rc', not '2.3.4'
	    //
	    // Walk through the string checking with a /g regexp
	    // Manually set the index so as to pick up overlapping matches.
	    // Stop when we get a match that ends at the string end, since no
	    // coercible string can be more right-ward without the same terminus.
	    const coerceRtlRegex = options.includePrerelease ? re[t.COERCERTLFULL] : re[t.COERCERTL];
	    let next;
	    while ((next = coerceRtlRegex.exec(version)) &&
	        (!match || match.index + match[0].length !== version.length)
	    ) {
	      if (!match ||
	            next.index + next[0].length !== match.index + match[0].length) {
	        match = next;
	      }
	      coerceRtlRegex.lastIndex = next.index + next[1].length + next[2].length;
	    }
	    // leave it in a clean state
	    coerceRtlRegex.lastIndex = -1;
	  }

	  if (match === null) {
	    return null
	  }

	  const major = match[2];
	  const minor = match[3] || '0';
	  const patch = match[4] || '0';
	  const prerelease = options.includePrerelease && match[5] ? `-${match[5]}` : '';
	  const build = options.includePrerelease && match[6] ? `+${match[6]}` : '';

	  return parse(`${major}.${minor}.${patch}${prerelease}${build}`, options)
	};
	coerce_1 = coerce;
	return coerce_1;
}

var truncate_1;
var hasRequiredTruncate;

function requireTruncate () {
	if (hasRequiredTruncate) return truncate_1;
	hasRequiredTruncate = 1;

	const parse = requireParse();
	const constants = requireConstants();
	const SemVer = requireSemver$1();

	const truncate = (version, truncation, options) => {
	  if (!constants.RELEASE_TYPES.includes(truncation)) {
	    return null
	  }

	  const clonedVersion = cloneInputVersion(version, options);
	  return clonedVersion && doTruncation(clonedVersion, truncation)
	};

	const cloneInputVersion = (version, options) => {
	  const versionStringToParse = (
	    version instanceof SemVer ? version.version : version
	  );

	  return parse(versionStringToParse, options)
	};

	const doTruncation = (version, truncation) => {
	  if (isPrerelease(truncation)) {
	    return version.version
	  }

	  version.prerelease = [];

	  switch (truncation) {
	    case 'major':
	      version.minor = 0;
	      version.patch = 0;
	      break
	    case 'minor':
	      version.patch = 0;
	      break
	  }

	  return version.format()
	};

	const isPrerelease = (type) => {
	  return type.startsWith('pre')
	};

	truncate_1 = truncate;
	return truncate_1;
}

var lrucache;
var hasRequiredLrucache;

function requireLrucache () {
	if (hasRequiredLrucache) return lrucache;
	hasRequiredLrucache = 1;

	class LRUCache {
	  constructor () {
	    this.max = 1000;
	    this.map = new Map();
	  }

	  get (key) {
	    const value = this.map.get(key);
	    if (value === undefined) {
	      return undefined
	    } else {
	      // Remove the key from the map and add it to the end
	      this.map.delete(key);
	      this.map.set(key, value);
	      return value
	    }
	  }

	  delete (key) {
	    return this.map.delete(key)
	  }

	  set (key, value) {
	    const deleted = this.delete(key);

	    if (!deleted && value !== undefined) {
	      // If cache is full, delete the least recently used item
	      if (this.map.size >= this.max) {
	        const firstKey = this.map.keys().next().value;
	        this.delete(firstKey);
	      }

	      this.map.set(key, value);
	    }

	    return this
	  }
	}

	lrucache = LRUCache;
	return lrucache;
}

var trimComparatorWhitespace_1;
var hasRequiredTrimComparatorWhitespace;

function requireTrimComparatorWhitespace () {
	if (hasRequiredTrimComparatorWhitespace) return trimComparatorWhitespace_1;
	hasRequiredTrimComparatorWhitespace = 1;

	// Reproduce safeRe[COMPARATORTRIM] replacement boundaries, not version
	// validation. Each end-index finder returns an exclusive end, or its start
	// on no match.
	// Positions count from zero. An end of 3 means characters 0, 1, and 2 were read;
	// range.slice(start, end) gives the matched text, not a converted number.
	const {
	  MAX_LENGTH,
	  MAX_SAFE_BUILD_LENGTH,
	  WHITESPACE_CHARACTERS,
	} = requireConstants();

	/**
	 * Remembers the last two rows of digits so their characters need not be reread.
	 * Positions start at -1 until a row has been found.
	 *
	 * @typedef {object} DigitRunCache
	 * @property {number} start The first character of the most recently found row.
	 * @property {number} end The position after that row's last character.
	 * @property {number} previousStart The first character of the previous row.
	 * @property {number} previousEnd The position after the previous row.
	 */

	// One entry per UTF-16 code unit keeps membership checks constant-time.
	const whitespace = new Uint8Array(0x10000);
	for (const char of WHITESPACE_CHARACTERS) {
	  whitespace[char.charCodeAt(0)] = 1;
	}

	/**
	 * Checks whether a character is whitespace, like a space, tab, or newline.
	 * Looking past the end of the string returns false.
	 *
	 * @param {string|undefined} char One character, or undefined past the string's end.
	 * @returns {boolean} Whether the character is whitespace.
	 * @example isWhitespace(' ') // true
	 * @example isWhitespace('1') // false
	 */
	const isWhitespace = char =>
	  char !== undefined && whitespace[char.charCodeAt(0)] === 1;

	/**
	 * Checks for v, =, or whitespace before the version number.
	 * These are historical version prefixes, not range operators:
	 * < and > are handled separately, as are tilde and caret ranges.
	 *
	 * @param {string|undefined} char One character to check.
	 * @returns {boolean} Whether the character can belong to a version prefix.
	 * @example isVersionPrefix('=') // true
	 * @example isVersionPrefix('>') // false
	 */
	const isVersionPrefix = char =>
	  char === 'v' ||
	  char === '=' ||
	  isWhitespace(char);

	/**
	 * Checks whether a character is one of the digits 0 through 9.
	 *
	 * @param {string|undefined} char One character to check.
	 * @returns {boolean} Whether the character is an ASCII digit.
	 * @example isDigit('7') // true
	 * @example isDigit('.') // false
	 */
	const isDigit = char => char !== undefined && char >= '0' && char <= '9';

	/**
	 * Checks whether a character is an English letter, uppercase or lowercase.
	 *
	 * @param {string|undefined} char One character to check.
	 * @returns {boolean} Whether the character is an ASCII letter.
	 * @example isLetter('b') // true
	 * @example isLetter('7') // false
	 */
	const isLetter = char =>
	  char !== undefined && (
	    (char >= 'a' && char <= 'z') ||
	    (char >= 'A' && char <= 'Z')
	  );

	/**
	 * Checks for a letter, digit, or hyphen: the characters allowed inside
	 * prerelease and build names such as beta-1.
	 *
	 * @param {string|undefined} char One character to check.
	 * @returns {boolean} Whether the character can be part of an identifier.
	 * @example isIdentifierCharacter('-') // true
	 * @example isIdentifierCharacter('.') // false; dots separate identifiers
	 */
	const isIdentifierCharacter = char => isDigit(char) || isLetter(char) || char === '-';

	/**
	 * Checks whether a version component can begin here: with a digit or
	 * a wildcard such as x, X, or *.
	 *
	 * @param {string|undefined} char One character to check.
	 * @returns {boolean} Whether a number or wildcard can start with this character.
	 * @example isVersionStart('x') // true
	 * @example isVersionStart('v') // false; v belongs to the prefix
	 */
	const isVersionStart = char =>
	  isDigit(char) ||
	  char === 'x' ||
	  char === 'X' ||
	  char === '*';

	/**
	 * Finds the end of a row of digits, but returns no more than limit digits.
	 * Remembers the last two rows so looking at them again does not reread them.
	 *
	 * @param {string} range The text to read; it is not changed.
	 * @param {number} start The position of the first character to check.
	 * @param {number} limit The most digit characters the returned match can include.
	 * @param {DigitRunCache} digitRuns Shared cache of digit-run positions, updated in place.
	 * @returns {number} The position after the matched digits, or start if none match.
	 * @example findDigitsEndIndex('123abc', 0, 10, digitRuns) // 3, pointing at a
	 * @example findDigitsEndIndex('123abc', 0, 2, digitRuns) // 2, pointing at the unread 3
	 */
	const findDigitsEndIndex = (range, start, limit, digitRuns) => {
	  if (!isDigit(range[start])) {
	    return start
	  }
	  if (start >= digitRuns.start && start < digitRuns.end) {
	    return Math.min(start + limit, digitRuns.end)
	  }
	  if (start >= digitRuns.previousStart && start < digitRuns.previousEnd) {
	    return Math.min(start + limit, digitRuns.previousEnd)
	  }
	  let end = start + 1;
	  while (isDigit(range[end])) {
	    end++;
	  }
	  // A failed full version can rewind from its second run to its first.
	  digitRuns.previousStart = digitRuns.start;
	  digitRuns.previousEnd = digitRuns.end;
	  digitRuns.start = start;
	  digitRuns.end = end;
	  return Math.min(start + limit, end)
	};

	/**
	 * Reads a number using the old regex's length and leading-zero rules.
	 * Strict mode reads just the first zero in 012; loose mode can read all three.
	 *
	 * @param {string} range The text to read; it is not changed.
	 * @param {number} start The position where the number should begin.
	 * @param {boolean} loose Whether to allow leading zeros.
	 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
	 * @returns {number} The position after the matched digits, not their numeric value.
	 * @example findVersionNumberEndIndex('012', 0, false, digitRuns) // 1
	 * @example findVersionNumberEndIndex('012', 0, true, digitRuns) // 3
	 */
	const findVersionNumberEndIndex = (range, start, loose, digitRuns) => {
	  if (!loose && range[start] === '0') {
	    return start + 1
	  }
	  // Strict syntax allows an initial nonzero digit plus MAX_LENGTH digits.
	  return findDigitsEndIndex(range, start, loose ? MAX_LENGTH : MAX_LENGTH + 1, digitRuns)
	};

	/**
	 * Reads one piece of a prerelease name, such as beta or 1 in beta.1.
	 * Tries the letter-or-hyphen form first, then the number-only form.
	 *
	 * @param {string} range The text to read; it is not changed.
	 * @param {number} start The position where the identifier should begin.
	 * @param {boolean} loose Whether numeric identifiers may have leading zeros.
	 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
	 * @returns {number} The position after the identifier, or start if none matches.
	 * @example findPrereleaseIdentifierEndIndex('beta.1', 0, false, digitRuns) // 4, at the dot
	 * @example findPrereleaseIdentifierEndIndex('001beta', 0, false, digitRuns) // 7
	 */
	const findPrereleaseIdentifierEndIndex = (range, start, loose, digitRuns) => {
	  const digitsEnd = findDigitsEndIndex(range, start, MAX_LENGTH, digitRuns);
	  // The legacy regex tries a nonnumeric identifier before a numeric one.
	  if (isLetter(range[digitsEnd]) || range[digitsEnd] === '-') {
	    let end = digitsEnd + 1;
	    const limit = end + MAX_SAFE_BUILD_LENGTH;
	    while (end < limit && isIdentifierCharacter(range[end])) {
	      end++;
	    }
	    return end
	  }
	  return findVersionNumberEndIndex(range, start, loose, digitRuns)
	};

	/**
	 * Reads a prerelease suffix such as -beta.1, one dot-separated piece at a time.
	 * Loose mode also allows the name without its opening hyphen.
	 *
	 * @param {string} range The text to read; it is not changed.
	 * @param {number} start The position where the suffix should begin, including -.
	 * @param {boolean} loose Whether the opening hyphen is optional and zeros allowed.
	 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
	 * @returns {number} The position after the matched suffix, or start if absent.
	 * @example findPrereleaseEndIndex('-beta.1+sha', 0, false, digitRuns) // 7, at the plus
	 * @example findPrereleaseEndIndex('beta', 0, false, digitRuns) // 0; no opening hyphen
	 */
	const findPrereleaseEndIndex = (range, start, loose, digitRuns) => {
	  const hyphen = range[start] === '-';
	  if (!loose && !hyphen) {
	    return start
	  }
	  const identifierStart = start + (hyphen ? 1 : 0);
	  let end = findPrereleaseIdentifierEndIndex(range, identifierStart, loose, digitRuns);
	  if (end === identifierStart) {
	    if (!loose || !hyphen) {
	      return start
	    }
	    // In loose syntax, a lone hyphen can itself be the identifier.
	    end = findPrereleaseIdentifierEndIndex(range, start, loose, digitRuns);
	  }
	  while (range[end] === '.') {
	    const next = findPrereleaseIdentifierEndIndex(range, end + 1, loose, digitRuns);
	    if (next === end + 1) {
	      break
	    }
	    end = next;
	  }
	  return end
	};

	/**
	 * Reads one build-name piece, such as sha or 123 in +sha.123.
	 * Stops at a disallowed character or the old regex's length limit.
	 *
	 * @param {string} range The text to read; it is not changed.
	 * @param {number} start The position where the identifier should begin.
	 * @returns {number} The position after the identifier, or start if none matches.
	 * @example findBuildIdentifierEndIndex('sha.123', 0) // 3, at the dot
	 * @example findBuildIdentifierEndIndex('001', 0) // 3; leading zeros are allowed
	 */
	const findBuildIdentifierEndIndex = (range, start) => {
	  let end = start;
	  while (end - start < MAX_SAFE_BUILD_LENGTH && isIdentifierCharacter(range[end])) {
	    end++;
	  }
	  return end
	};

	/**
	 * Reads optional build metadata such as +sha.123.
	 * Leaves the position unchanged if there is no plus sign followed by a name.
	 *
	 * @param {string} range The text to read; it is not changed.
	 * @param {number} start The position where the opening + should be.
	 * @returns {number} The position after the matched metadata, or start if absent.
	 * @example findBuildEndIndex('+sha.123 <2', 0) // 8, at the space
	 * @example findBuildEndIndex('+', 0) // 0; a plus sign alone is not a match
	 */
	const findBuildEndIndex = (range, start) => {
	  if (range[start] !== '+') {
	    return start
	  }
	  let end = findBuildIdentifierEndIndex(range, start + 1);
	  if (end === start + 1) {
	    return start
	  }
	  while (range[end] === '.') {
	    const next = findBuildIdentifierEndIndex(range, end + 1);
	    if (next === end + 1) {
	      break
	    }
	    end = next;
	  }
	  return end
	};

	/**
	 * Reads three numbers separated by dots, then any prerelease and build suffixes.
	 * Uses loose rules, so forms such as 01.02.03beta can match here.
	 *
	 * @param {string} range The text to read; it is not changed.
	 * @param {number} start The position of the first number, after any prefix.
	 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
	 * @returns {number} The position after the version match, or start if none matches.
	 * @example findLooseFullVersionEndIndex('1.2.3-beta+sha <2', 0, digitRuns) // 14
	 * @example findLooseFullVersionEndIndex('1.2', 0, digitRuns) // 0; needs three numbers
	 */
	const findLooseFullVersionEndIndex = (range, start, digitRuns) => {
	  let end = start;
	  for (let component = 0; component < 3; component++) {
	    const next = findVersionNumberEndIndex(range, end, true, digitRuns);
	    if (next === end) {
	      return start
	    }
	    end = next;
	    if (component < 2) {
	      if (range[end] !== '.') {
	        return start
	      }
	      end++;
	    }
	  }
	  const prereleaseEnd = findPrereleaseEndIndex(range, end, true, digitRuns);
	  return findBuildEndIndex(range, prereleaseEnd)
	};

	/**
	 * Reads one component of a partial or wildcard version, such as 2 or x in 2.x.
	 * Numbers use strict leading-zero rules; wildcards take up one character.
	 *
	 * @param {string} range The text to read; it is not changed.
	 * @param {number} start The position where the component should begin.
	 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
	 * @returns {number} The position after the component, or start if none matches.
	 * @example findPartialVersionComponentEndIndex('2.x', 0, digitRuns) // 1, at the dot
	 * @example findPartialVersionComponentEndIndex('2.x', 2, digitRuns) // 3, after x
	 */
	const findPartialVersionComponentEndIndex = (range, start, digitRuns) => {
	  if (isDigit(range[start])) {
	    return findVersionNumberEndIndex(range, start, false, digitRuns)
	  }
	  return isVersionStart(range[start]) ? start + 1 : start
	};

	/**
	 * Reads up to three components, allowing forms such as 1, 1.2, or 1.x.
	 * After the third component, also reads any strict prerelease and build suffixes.
	 *
	 * @param {string} range The text to read; it is not changed.
	 * @param {number} start The position of a number or wildcard, after any prefix.
	 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
	 * @returns {number} The position after the matched version text.
	 * @example findPartialVersionEndIndex('1.x <2', 0, digitRuns) // 3, at the space
	 * @example findPartialVersionEndIndex('1.', 0, digitRuns) // 1; the trailing dot is unread
	 */
	const findPartialVersionEndIndex = (range, start, digitRuns) => {
	  let end = findPartialVersionComponentEndIndex(range, start, digitRuns);
	  for (let component = 0; component < 2; component++) {
	    if (range[end] !== '.') {
	      return end
	    }
	    const next = findPartialVersionComponentEndIndex(range, end + 1, digitRuns);
	    if (next === end + 1) {
	      return end
	    }
	    end = next;
	  }
	  const prereleaseEnd = findPrereleaseEndIndex(range, end, false, digitRuns);
	  return findBuildEndIndex(range, prereleaseEnd)
	};

	/**
	 * Finds where a version match ends, without deciding whether the range is valid.
	 * Tries a loose full version first, then a partial or wildcard version, just
	 * like the old regex's LOOSEPLAIN and XRANGEPLAIN alternatives.
	 *
	 * @param {string} range The text to read; it is not changed.
	 * @param {number} start The position of a number or wildcard, after any prefix.
	 * @param {DigitRunCache} digitRuns Shared digit-run cache, updated as needed.
	 * @returns {number} The position where scanning the next candidate can resume.
	 * @example findVersionEndIndex('1.2.3 <2', 0, digitRuns) // 5, at the space
	 * @example findVersionEndIndex('1.x <2', 0, digitRuns) // 3, at the space
	 */
	const findVersionEndIndex = (range, start, digitRuns) => {
	  const fullVersionEnd = findLooseFullVersionEndIndex(range, start, digitRuns);
	  return fullVersionEnd !== start
	    ? fullVersionEnd
	    : findPartialVersionEndIndex(range, start, digitRuns)
	};

	/**
	 * Finds the one whitespace character the old replacement would remove.
	 * Keeps leading whitespace, skips an optional operator, and checks immediately
	 * after it. Returns -1 if there is nothing to remove.
	 *
	 * @param {string} range The text containing a candidate already found by the caller.
	 * @param {number} matchStart The candidate's position, including leading whitespace.
	 * @returns {number} The position of the removable whitespace, or -1 if absent.
	 * @example findRemovableWhitespaceIndex(' > 1', 0) // 2; keep the space at position 0
	 * @example findRemovableWhitespaceIndex('>1', 0) // -1
	 */
	const findRemovableWhitespaceIndex = (range, matchStart) => {
	  let position = matchStart;
	  if (isWhitespace(range[position])) {
	    position++;
	  }
	  if (range[position] === '<' || range[position] === '>') {
	    position++;
	  }
	  if (range[position] === '=') {
	    position++;
	  }
	  return isWhitespace(range[position]) ? position : -1
	};

	/**
	 * Joins an operator to its version, turning > 1.2.3 into >1.2.3.
	 * Copies everything else according to the old regex's matching rules.
	 * Moves forward through prefixes and whole versions to avoid repeatedly
	 * searching the same characters on long inputs.
	 *
	 * @param {string} range The range text to process; the original string is unchanged.
	 * @returns {string} The range with matched operator whitespace removed.
	 * @example trimComparatorWhitespace('> 1.2.3 < 2') // '>1.2.3 <2'
	 * @example trimComparatorWhitespace('> invalid') // '> invalid'
	 */
	const trimComparatorWhitespace = range => {
	  let result = '';
	  let copyFrom = 0;
	  let cursor = 0;
	  const digitRuns = { start: -1, end: -1, previousStart: -1, previousEnd: -1 };

	  while (cursor < range.length) {
	    const matchStart = cursor;
	    if (range[cursor] === '<' || range[cursor] === '>') {
	      cursor++;
	    } else if (!isVersionPrefix(range[cursor]) && !isVersionStart(range[cursor])) {
	      cursor++;
	      continue
	    }

	    // Consume a v/=/whitespace run once, even when no version follows it.
	    while (cursor < range.length && isVersionPrefix(range[cursor])) {
	      cursor++;
	    }
	    if (!isVersionStart(range[cursor])) {
	      continue
	    }

	    const whitespacePosition = findRemovableWhitespaceIndex(range, matchStart);
	    if (whitespacePosition !== -1) {
	      result += range.slice(copyFrom, whitespacePosition);
	      copyFrom = whitespacePosition + 1;
	    }

	    // Skip the entire match, so a prerelease's trailing v cannot be
	    // reconsidered as the prefix of another version.
	    cursor = findVersionEndIndex(range, cursor, digitRuns);
	  }

	  return result + range.slice(copyFrom)
	};

	trimComparatorWhitespace_1 = trimComparatorWhitespace;
	return trimComparatorWhitespace_1;
}

var range;
var hasRequiredRange;

function requireRange () {
	if (hasRequiredRange) return range;
	hasRequiredRange = 1;

	const SPACE_CHARACTERS = /\s+/g;

	// hoisted class for cyclic dependency
	class Range {
	  constructor (range, options) {
	    options = parseOptions(options);

	    if (range instanceof Range) {
	      if (
	        range.loose === !!options.loose &&
	        range.includePrerelease === !!options.includePrerelease
	      ) {
	        return range
	      } else {
	        return new Range(range.raw, options)
	      }
	    }

	    if (range instanceof Comparator) {
	      // just put it in the set and return
	      this.raw = range.value;
	      this.set = [[range]];
	      this.formatted = undefined;
	      return this
	    }

	    this.options = options;
	    this.loose = !!options.loose;
	    this.includePrerelease = !!options.includePrerelease;

	    // First reduce all whitespace as much as possible so we do not have to rely
	    // on potentially slow regexes like \s*. This is then stored and used for
	    // future error messages as well.
	    this.raw = range.trim().replace(SPACE_CHARACTERS, ' ');

	    // First, split on ||
	    this.set = this.raw
	      .split('||')
	      // map the range to a 2d array of comparators
	      .map(r => this.parseRange(r.trim()))
	      // throw out any comparator lists that are empty
	      // this generally means that it was not a valid range, which is allowed
	      // in loose mode, but will still throw if the WHOLE range is invalid.
	      .filter(c => c.length);

	    if (!this.set.length) {
	      throw new TypeError(`Invalid SemVer Range: ${this.raw}`)
	    }

	    // if we have any that are not the null set, throw out null sets.
	    if (this.set.length > 1) {
	      // keep the first one, in case they're all null sets
	      const first = this.set[0];
	      this.set = this.set.filter(c => !isNullSet(c[0]));
	      if (this.set.length === 0) {
	        this.set = [first];
	      } else if (this.set.length > 1) {
	        // if we have any that are *, then the range is just *
	        for (const c of this.set) {
	          if (c.length === 1 && isAny(c[0])) {
	            this.set = [c];
	            break
	          }
	        }
	      }
	    }

	    this.formatted = undefined;
	  }

	  get range () {
	    if (this.formatted === undefined) {
	      this.formatted = '';
	      for (let i = 0; i < this.set.length; i++) {
	        if (i > 0) {
	          this.formatted += '||';
	        }
	        const comps = this.set[i];
	        for (let k = 0; k < comps.length; k++) {
	          if (k > 0) {
	            this.formatted += ' ';
	          }
	          this.formatted += comps[k].toString().trim();
	        }
	      }
	    }
	    return this.formatted
	  }

	  format () {
	    return this.range
	  }

	  toString () {
	    return this.range
	  }

	  parseRange (range) {
	    // strip build metadata so it can't bleed into the version
	    range = range.replace(BUILDSTRIPRE, '');

	    // memoize range parsing for performance.
	    // this is a very hot path, and fully deterministic.
	    const memoOpts =
	      (this.options.includePrerelease && FLAG_INCLUDE_PRERELEASE) |
	      (this.options.loose && FLAG_LOOSE);
	    const memoKey = memoOpts + ':' + range;
	    const cached = cache.get(memoKey);
	    if (cached) {
	      return cached
	    }

	    const loose = this.options.loose;
	    // `1.2.3 - 1.2.4` => `>=1.2.3 <=1.2.4`
	    const hr = loose ? re[t.HYPHENRANGELOOSE] : re[t.HYPHENRANGE];
	    range = range.replace(hr, hyphenReplace(this.options.includePrerelease));
	    debug('hyphen replace', range);

	    // `> 1.2.3 < 1.2.5` => `>1.2.3 <1.2.5`
	    range = trimComparatorWhitespace(range);
	    debug('comparator trim', range);

	    // `~ 1.2.3` => `~1.2.3`
	    range = range.replace(re[t.TILDETRIM], tildeTrimReplace);
	    debug('tilde trim', range);

	    // `^ 1.2.3` => `^1.2.3`
	    range = range.replace(re[t.CARETTRIM], caretTrimReplace);
	    debug('caret trim', range);

	    // At this point, the range is completely trimmed and
	    // ready to be split into comparators.

	    let rangeList = range
	      .split(' ')
	      .map(comp => parseComparator(comp, this.options))
	      .join(' ')
	      .split(/\s+/)
	      // >=0.0.0 is equivalent to *
	      .map(comp => replaceGTE0(comp, this.options));

	    if (loose) {
	      // in loose mode, throw out any that are not valid comparators
	      rangeList = rangeList.filter(comp => {
	        debug('loose invalid filter', comp, this.options);
	        return !!comp.match(re[t.COMPARATORLOOSE])
	      });
	    }
	    debug('range list', rangeList);

	    // if any comparators are the null set, then replace with JUST null set
	    // if more than one comparator, remove any * comparators
	    // also, don't include the same comparator more than once
	    const rangeMap = new Map();
	    const comparators = rangeList.map(comp => new Comparator(comp, this.options));
	    for (const comp of comparators) {
	      if (isNullSet(comp)) {
	        return [comp]
	      }
	      rangeMap.set(comp.value, comp);
	    }
	    if (rangeMap.size > 1 && rangeMap.has('')) {
	      rangeMap.delete('');
	    }

	    const result = [...rangeMap.values()];
	    cache.set(memoKey, result);
	    return result
	  }

	  intersects (range, options) {
	    if (!(range instanceof Range)) {
	      throw new TypeError('a Range is required')
	    }

	    return this.set.some((thisComparators) => {
	      return (
	        isSatisfiable(thisComparators, options) &&
	        range.set.some((rangeComparators) => {
	          return (
	            isSatisfiable(rangeComparators, options) &&
	            thisComparators.every((thisComparator) => {
	              return rangeComparators.every((rangeComparator) => {
	                return thisComparator.intersects(rangeComparator, options)
	              })
	            })
	          )
	        })
	      )
	    })
	  }

	  // if ANY of the sets match ALL of its comparators, then pass
	  test (version) {
	    if (!version) {
	      return false
	    }

	    if (typeof version === 'string') {
	      try {
	        version = new SemVer(version, this.options);
	      } catch (er) {
	        return false
	      }
	    }

	    for (let i = 0; i < this.set.length; i++) {
	      if (testSet(this.set[i], version, this.options)) {
	        return true
	      }
	    }
	    return false
	  }
	}

	range = Range;

	const LRU = requireLrucache();
	const cache = new LRU();

	const parseOptions = requireParseOptions();
	const Comparator = requireComparator();
	const debug = requireDebug();
	const SemVer = requireSemver$1();
	const trimComparatorWhitespace = requireTrimComparatorWhitespace();
	const {
	  safeRe: re,
	  src,
	  t,
	  tildeTrimReplace,
	  caretTrimReplace,
	} = requireRe();
	const { FLAG_INCLUDE_PRERELEASE, FLAG_LOOSE } = requireConstants();

	// unbounded global build-metadata stripper used by parseRange
	const BUILDSTRIPRE = new RegExp(src[t.BUILD], 'g');

	const isNullSet = c => c.value === '<0.0.0-0';
	const isAny = c => c.value === '';

	// take a set of comparators and determine whether there
	// exists a version which can satisfy it
	const isSatisfiable = (comparators, options) => {
	  let result = true;
	  const remainingComparators = comparators.slice();
	  let testComparator = remainingComparators.pop();

	  while (result && remainingComparators.length) {
	    result = remainingComparators.every((otherComparator) => {
	      return testComparator.intersects(otherComparator, options)
	    });

	    testComparator = remainingComparators.pop();
	  }

	  return result
	};

	// comprised of xranges, tildes, stars, and gtlt's at this point.
	// already replaced the hyphen ranges
	// turn into a set of JUST comparators.
	const parseComparator = (comp, options) => {
	  comp = comp.replace(re[t.BUILD], '');
	  debug('comp', comp, options);
	  comp = replaceCarets(comp, options);
	  debug('caret', comp);
	  comp = replaceTildes(comp, options);
	  debug('tildes', comp);
	  comp = replaceXRanges(comp, options);
	  debug('xrange', comp);
	  comp = replaceStars(comp, options);
	  debug('stars', comp);
	  return comp
	};

	const isX = id => !id || id.toLowerCase() === 'x' || id === '*';

	const invalidXRangeOrder = (M, m, p) => (
	  (isX(M) && !isX(m)) ||
	  (isX(m) && p && !isX(p))
	);

	// ~, ~> --> * (any, kinda silly)
	// ~2, ~2.x, ~2.x.x, ~>2, ~>2.x ~>2.x.x --> >=2.0.0 <3.0.0-0
	// ~2.0, ~2.0.x, ~>2.0, ~>2.0.x --> >=2.0.0 <2.1.0-0
	// ~1.2, ~1.2.x, ~>1.2, ~>1.2.x --> >=1.2.0 <1.3.0-0
	// ~1.2.3, ~>1.2.3 --> >=1.2.3 <1.3.0-0
	// ~1.2.0, ~>1.2.0 --> >=1.2.0 <1.3.0-0
	// ~0.0.1 --> >=0.0.1 <0.1.0-0
	const replaceTildes = (comp, options) => {
	  return comp
	    .trim()
	    .split(/\s+/)
	    .map((c) => replaceTilde(c, options))
	    .join(' ')
	};

	const replaceTilde = (comp, options) => {
	  const r = options.loose ? re[t.TILDELOOSE] : re[t.TILDE];
	  // if we're including prereleases in the match, then the lower bound is
	  // -0, the lowest possible prerelease value, just like x-ranges and carets.
	  // this keeps `~1.2` equivalent to the `1.2.x` x-range it's documented as.
	  const z = options.includePrerelease ? '-0' : '';
	  return comp.replace(r, (_, M, m, p, pr) => {
	    debug('tilde', comp, _, M, m, p, pr);
	    let ret;

	    if (isX(M)) {
	      ret = '';
	    } else if (isX(m)) {
	      ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
	    } else if (isX(p)) {
	      // ~1.2 == >=1.2.0 <1.3.0-0
	      ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
	    } else if (pr) {
	      debug('replaceTilde pr', pr);
	      ret = `>=${M}.${m}.${p}-${pr
	      } <${M}.${+m + 1}.0-0`;
	    } else {
	      // ~1.2.3 == >=1.2.3 <1.3.0-0
	      ret = `>=${M}.${m}.${p
	      } <${M}.${+m + 1}.0-0`;
	    }

	    debug('tilde return', ret);
	    return ret
	  })
	};

	// ^ --> * (any, kinda silly)
	// ^2, ^2.x, ^2.x.x --> >=2.0.0 <3.0.0-0
	// ^2.0, ^2.0.x --> >=2.0.0 <3.0.0-0
	// ^1.2, ^1.2.x --> >=1.2.0 <2.0.0-0
	// ^1.2.3 --> >=1.2.3 <2.0.0-0
	// ^1.2.0 --> >=1.2.0 <2.0.0-0
	// ^0.0.1 --> >=0.0.1 <0.0.2-0
	// ^0.1.0 --> >=0.1.0 <0.2.0-0
	const replaceCarets = (comp, options) => {
	  return comp
	    .trim()
	    .split(/\s+/)
	    .map((c) => replaceCaret(c, options))
	    .join(' ')
	};

	const replaceCaret = (comp, options) => {
	  debug('caret', comp, options);
	  const r = options.loose ? re[t.CARETLOOSE] : re[t.CARET];
	  const z = options.includePrerelease ? '-0' : '';
	  return comp.replace(r, (_, M, m, p, pr) => {
	    debug('caret', comp, _, M, m, p, pr);
	    let ret;

	    if (isX(M)) {
	      ret = '';
	    } else if (isX(m)) {
	      ret = `>=${M}.0.0${z} <${+M + 1}.0.0-0`;
	    } else if (isX(p)) {
	      if (M === '0') {
	        ret = `>=${M}.${m}.0${z} <${M}.${+m + 1}.0-0`;
	      } else {
	        ret = `>=${M}.${m}.0${z} <${+M + 1}.0.0-0`;
	      }
	    } else if (pr) {
	      debug('replaceCaret pr', pr);
	      if (M === '0') {
	        if (m === '0') {
	          ret = `>=${M}.${m}.${p}-${pr
	          } <${M}.${m}.${+p + 1}-0`;
	        } else {
	          ret = `>=${M}.${m}.${p}-${pr
	          } <${M}.${+m + 1}.0-0`;
	        }
	      } else {
	        ret = `>=${M}.${m}.${p}-${pr
	        } <${+M + 1}.0.0-0`;
	      }
	    } else {
	      debug('no pr');
	      if (M === '0') {
	        if (m === '0') {
	          ret = `>=${M}.${m}.${p
	          } <${M}.${m}.${+p + 1}-0`;
	        } else {
	          ret = `>=${M}.${m}.${p
	          } <${M}.${+m + 1}.0-0`;
	        }
	      } else {
	        ret = `>=${M}.${m}.${p
	        } <${+M + 1}.0.0-0`;
	      }
	    }

	    debug('caret return', ret);
	    return ret
	  })
	};

	const replaceXRanges = (comp, options) => {
	  debug('replaceXRanges', comp, options);
	  return comp
	    .split(/\s+/)
	    .map((c) => replaceXRange(c, options))
	    .join(' ')
	};

	const replaceXRange = (comp, options) => {
	  comp = comp.trim();
	  const r = options.loose ? re[t.XRANGELOOSE] : re[t.XRANGE];
	  return comp.replace(r, (ret, gtlt, M, m, p, pr) => {
	    debug('xRange', comp, ret, gtlt, M, m, p, pr);
	    if (invalidXRangeOrder(M, m, p)) {
	      return comp
	    }

	    const xM = isX(M);
	    const xm = xM || isX(m);
	    const xp = xm || isX(p);
	    const anyX = xp;

	    if (gtlt === '=' && anyX) {
	      gtlt = '';
	    }

	    // if we're including prereleases in the match, then we need
	    // to fix this to -0, the lowest possible prerelease value
	    pr = options.includePrerelease ? '-0' : '';

	    if (xM) {
	      if (gtlt === '>' || gtlt === '<') {
	        // nothing is allowed
	        ret = '<0.0.0-0';
	      } else {
	        // nothing is forbidden
	        ret = '*';
	      }
	    } else if (gtlt && anyX) {
	      // we know patch is an x, because we have any x at all.
	      // replace X with 0
	      if (xm) {
	        m = 0;
	      }
	      p = 0;

	      if (gtlt === '>') {
	        // >1 => >=2.0.0
	        // >1.2 => >=1.3.0
	        gtlt = '>=';
	        if (xm) {
	          M = +M + 1;
	          m = 0;
	          p = 0;
	        } else {
	          m = +m + 1;
	          p = 0;
	        }
	      } else if (gtlt === '<=') {
	        // <=0.7.x is actually <0.8.0, since any 0.7.x should
	        // pass.  Similarly, <=7.x is actually <8.0.0, etc.
	        gtlt = '<';
	        if (xm) {
	          M = +M + 1;
	        } else {
	          m = +m + 1;
	        }
	      }

	      if (gtlt === '<') {
	        pr = '-0';
	      }

	      ret = `${gtlt + M}.${m}.${p}${pr}`;
	    } else if (xm) {
	      ret = `>=${M}.0.0${pr} <${+M + 1}.0.0-0`;
	    } else if (xp) {
	      ret = `>=${M}.${m}.0${pr
	      } <${M}.${+m + 1}.0-0`;
	    }

	    debug('xRange return', ret);

	    return ret
	  })
	};

	// Because * is AND-ed with everything else in the comparator,
	// and '' means "any version", just remove the *s entirely.
	const replaceStars = (comp, options) => {
	  debug('replaceStars', comp, options);
	  // Looseness is ignored here.  star is always as loose as it gets!
	  return comp
	    .trim()
	    .replace(re[t.STAR], '')
	};

	const replaceGTE0 = (comp, options) => {
	  debug('replaceGTE0', comp, options);
	  return comp
	    .trim()
	    .replace(re[options.includePrerelease ? t.GTE0PRE : t.GTE0], '')
	};

	// This function is passed to string.replace(re[t.HYPHENRANGE])
	// M, m, patch, prerelease, build
	// 1.2 - 3.4.5 => >=1.2.0 <=3.4.5
	// 1.2.3 - 3.4 => >=1.2.0 <3.5.0-0 Any 3.4.x will do
	// 1.2 - 3.4 => >=1.2.0 <3.5.0-0
	// TODO build?
	const hyphenReplace = incPr => ($0,
	  from, fM, fm, fp, fpr, fb,
	  to, tM, tm, tp, tpr) => {
	  if (isX(fM)) {
	    from = '';
	  } else if (isX(fm)) {
	    from = `>=${fM}.0.0${incPr ? '-0' : ''}`;
	  } else if (isX(fp)) {
	    from = `>=${fM}.${fm}.0${incPr ? '-0' : ''}`;
	  } else if (fpr) {
	    from = `>=${from}`;
	  } else {
	    from = `>=${from}${incPr ? '-0' : ''}`;
	  }

	  if (isX(tM)) {
	    to = '';
	  } else if (isX(tm)) {
	    to = `<${+tM + 1}.0.0-0`;
	  } else if (isX(tp)) {
	    to = `<${tM}.${+tm + 1}.0-0`;
	  } else if (tpr) {
	    to = `<=${tM}.${tm}.${tp}-${tpr}`;
	  } else if (incPr) {
	    to = `<${tM}.${tm}.${+tp + 1}-0`;
	  } else {
	    to = `<=${to}`;
	  }

	  return `${from} ${to}`.trim()
	};

	const testSet = (set, version, options) => {
	  for (let i = 0; i < set.length; i++) {
	    if (!set[i].test(version)) {
	      return false
	    }
	  }

	  if (version.prerelease.length && !options.includePrerelease) {
	    // Find the set of versions that are allowed to have prereleases
	    // For example, ^1.2.3-pr.1 desugars to >=1.2.3-pr.1 <2.0.0
	    // That should allow `1.2.3-pr.2` to pass.
	    // However, `1.2.4-alpha.notready` should NOT be allowed,
	    // even though it's within the range set by the comparators.
	    for (let i = 0; i < set.length; i++) {
	      debug(set[i].semver);
	      if (set[i].semver === Comparator.ANY) {
	        continue
	      }

	      if (set[i].semver.prerelease.length > 0) {
	        const allowed = set[i].semver;
	        if (allowed.major === version.major &&
	            allowed.minor === version.minor &&
	            allowed.patch === version.patch) {
	          return true
	        }
	      }
	    }

	    // Version has a -pre, but it's not one of the ones we like.
	    return false
	  }

	  return true
	};
	return range;
}

var comparator;
var hasRequiredComparator;

function requireComparator () {
	if (hasRequiredComparator) return comparator;
	hasRequiredComparator = 1;

	const ANY = Symbol('SemVer ANY');
	// hoisted class for cyclic dependency
	class Comparator {
	  static get ANY () {
	    return ANY
	  }

	  constructor (comp, options) {
	    options = parseOptions(options);

	    if (comp instanceof Comparator) {
	      if (comp.loose === !!options.loose) {
	        return comp
	      } else {
	        comp = comp.value;
	      }
	    }

	    comp = comp.trim().split(/\s+/).join(' ');
	    debug('comparator', comp, options);
	    this.options = options;
	    this.loose = !!options.loose;
	    this.parse(comp);

	    if (this.semver === ANY) {
	      this.value = '';
	    } else {
	      this.value = this.operator + this.semver.version;
	    }

	    debug('comp', this);
	  }

	  parse (comp) {
	    const r = this.options.loose ? re[t.COMPARATORLOOSE] : re[t.COMPARATOR];
	    const m = comp.match(r);

	    if (!m) {
	      throw new TypeError(`Invalid comparator: ${comp}`)
	    }

	    this.operator = m[1] !== undefined ? m[1] : '';
	    if (this.operator === '=') {
	      this.operator = '';
	    }

	    // if it literally is just '>' or '' then allow anything.
	    if (!m[2]) {
	      this.semver = ANY;
	    } else {
	      this.semver = new SemVer(m[2], this.options.loose);
	    }
	  }

	  toString () {
	    return this.value
	  }

	  test (version) {
	    debug('Comparator.test', version, this.options.loose);

	    if (this.semver === ANY || version === ANY) {
	      return true
	    }

	    if (typeof version === 'string') {
	      try {
	        version = new SemVer(version, this.options);
	      } catch (er) {
	        return false
	      }
	    }

	    return cmp(version, this.operator, this.semver, this.options)
	  }

	  intersects (comp, options) {
	    if (!(comp instanceof Comparator)) {
	      throw new TypeError('a Comparator is required')
	    }

	    if (this.operator === '') {
	      if (this.value === '') {
	        return true
	      }
	      return new Range(comp.value, options).test(this.value)
	    } else if (comp.operator === '') {
	      if (comp.value === '') {
	        return true
	      }
	      return new Range(this.value, options).test(comp.semver)
	    }

	    options = parseOptions(options);

	    // Special cases where nothing can possibly be lower
	    if (options.includePrerelease &&
	      (this.value === '<0.0.0-0' || comp.value === '<0.0.0-0')) {
	      return false
	    }
	    if (!options.includePrerelease &&
	      (this.value.startsWith('<0.0.0') || comp.value.startsWith('<0.0.0'))) {
	      return false
	    }

	    // Same direction increasing (> or >=)
	    if (this.operator.startsWith('>') && comp.operator.startsWith('>')) {
	      return true
	    }
	    // Same direction decreasing (< or <=)
	    if (this.operator.startsWith('<') && comp.operator.startsWith('<')) {
	      return true
	    }
	    // same SemVer and both sides are inclusive (<= or >=)
	    if (
	      (this.semver.version === comp.semver.version) &&
	      this.operator.includes('=') && comp.operator.includes('=')) {
	      return true
	    }
	    // opposite directions less than
	    if (cmp(this.semver, '<', comp.semver, options) &&
	      this.operator.startsWith('>') && comp.operator.startsWith('<')) {
	      return true
	    }
	    // opposite directions greater than
	    if (cmp(this.semver, '>', comp.semver, options) &&
	      this.operator.startsWith('<') && comp.operator.startsWith('>')) {
	      return true
	    }
	    return false
	  }
	}

	comparator = Comparator;

	const parseOptions = requireParseOptions();
	const { safeRe: re, t } = requireRe();
	const cmp = requireCmp();
	const debug = requireDebug();
	const SemVer = requireSemver$1();
	const Range = requireRange();
	return comparator;
}

var satisfies_1;
var hasRequiredSatisfies;

function requireSatisfies () {
	if (hasRequiredSatisfies) return satisfies_1;
	hasRequiredSatisfies = 1;

	const Range = requireRange();
	const satisfies = (version, range, options) => {
	  try {
	    range = new Range(range, options);
	  } catch (er) {
	    return false
	  }
	  return range.test(version)
	};
	satisfies_1 = satisfies;
	return satisfies_1;
}

var toComparators_1;
var hasRequiredToComparators;

function requireToComparators () {
	if (hasRequiredToComparators) return toComparators_1;
	hasRequiredToComparators = 1;

	const Range = requireRange();

	// Mostly just for testing and legacy API reasons
	const toComparators = (range, options) =>
	  new Range(range, options).set
	    .map(comp => comp.map(c => c.value).join(' ').trim().split(' '));

	toComparators_1 = toComparators;
	return toComparators_1;
}

var maxSatisfying_1;
var hasRequiredMaxSatisfying;

function requireMaxSatisfying () {
	if (hasRequiredMaxSatisfying) return maxSatisfying_1;
	hasRequiredMaxSatisfying = 1;

	const SemVer = requireSemver$1();
	const Range = requireRange();

	const maxSatisfying = (versions, range, options) => {
	  let max = null;
	  let maxSV = null;
	  let rangeObj = null;
	  try {
	    rangeObj = new Range(range, options);
	  } catch (er) {
	    return null
	  }
	  versions.forEach((v) => {
	    if (rangeObj.test(v)) {
	      // satisfies(v, range, options)
	      if (!max || maxSV.compare(v) === -1) {
	        // compare(max, v, true)
	        max = v;
	        maxSV = new SemVer(max, options);
	      }
	    }
	  });
	  return max
	};
	maxSatisfying_1 = maxSatisfying;
	return maxSatisfying_1;
}

var minSatisfying_1;
var hasRequiredMinSatisfying;

function requireMinSatisfying () {
	if (hasRequiredMinSatisfying) return minSatisfying_1;
	hasRequiredMinSatisfying = 1;

	const SemVer = requireSemver$1();
	const Range = requireRange();
	const minSatisfying = (versions, range, options) => {
	  let min = null;
	  let minSV = null;
	  let rangeObj = null;
	  try {
	    rangeObj = new Range(range, options);
	  } catch (er) {
	    return null
	  }
	  versions.forEach((v) => {
	    if (rangeObj.test(v)) {
	      // satisfies(v, range, options)
	      if (!min || minSV.compare(v) === 1) {
	        // compare(min, v, true)
	        min = v;
	        minSV = new SemVer(min, options);
	      }
	    }
	  });
	  return min
	};
	minSatisfying_1 = minSatisfying;
	return minSatisfying_1;
}

var minVersion_1;
var hasRequiredMinVersion;

function requireMinVersion () {
	if (hasRequiredMinVersion) return minVersion_1;
	hasRequiredMinVersion = 1;

	const SemVer = requireSemver$1();
	const Range = requireRange();
	const gt = requireGt();

	const minVersion = (range, loose) => {
	  range = new Range(range, loose);

	  let minver = new SemVer('0.0.0');
	  if (range.test(minver)) {
	    return minver
	  }

	  minver = new SemVer('0.0.0-0');
	  if (range.test(minver)) {
	    return minver
	  }

	  minver = null;
	  for (let i = 0; i < range.set.length; ++i) {
	    const comparators = range.set[i];

	    let setMin = null;
	    comparators.forEach((comparator) => {
	      // Clone to avoid manipulating the comparator's semver object.
	      const compver = new SemVer(comparator.semver.version);
	      switch (comparator.operator) {
	        case '>':
	          if (compver.prerelease.length === 0) {
	            compver.patch++;
	          } else {
	            compver.prerelease.push(0);
	          }
	          compver.raw = compver.format();
	          /* fallthrough */
	        case '':
	        case '>=':
	          if (!setMin || gt(compver, setMin)) {
	            setMin = compver;
	          }
	          break
	        case '<':
	        case '<=':
	          /* Ignore maximum versions */
	          break
	        /* istanbul ignore next */
	        default:
	          throw new Error(`Unexpected operation: ${comparator.operator}`)
	      }
	    });
	    if (setMin && (!minver || gt(minver, setMin))) {
	      minver = setMin;
	    }
	  }

	  if (minver && range.test(minver)) {
	    return minver
	  }

	  return null
	};
	minVersion_1 = minVersion;
	return minVersion_1;
}

var valid;
var hasRequiredValid;

function requireValid () {
	if (hasRequiredValid) return valid;
	hasRequiredValid = 1;

	const Range = requireRange();
	const validRange = (range, options) => {
	  try {
	    // Return '*' instead of '' so that truthiness works.
	    // This will throw if it's invalid anyway
	    return new Range(range, options).range || '*'
	  } catch (er) {
	    return null
	  }
	};
	valid = validRange;
	return valid;
}

var outside_1;
var hasRequiredOutside;

function requireOutside () {
	if (hasRequiredOutside) return outside_1;
	hasRequiredOutside = 1;

	const SemVer = requireSemver$1();
	const Comparator = requireComparator();
	const { ANY } = Comparator;
	const Range = requireRange();
	const satisfies = requireSatisfies();
	const gt = requireGt();
	const lt = requireLt();
	const lte = requireLte();
	const gte = requireGte();

	const outside = (version, range, hilo, options) => {
	  version = new SemVer(version, options);
	  range = new Range(range, options);

	  let gtfn, ltefn, ltfn, comp, ecomp;
	  switch (hilo) {
	    case '>':
	      gtfn = gt;
	      ltefn = lte;
	      ltfn = lt;
	      comp = '>';
	      ecomp = '>=';
	      break
	    case '<':
	      gtfn = lt;
	      ltefn = gte;
	      ltfn = gt;
	      comp = '<';
	      ecomp = '<=';
	      break
	    default:
	      throw new TypeError('Must provide a hilo val of "<" or ">"')
	  }

	  // If it satisfies the range it is not outside
	  if (satisfies(version, range, options)) {
	    return false
	  }

	  // From now on, variable terms are as if we're in "gtr" mode.
	  // but note that everything is flipped for the "ltr" function.

	  for (let i = 0; i < range.set.length; ++i) {
	    const comparators = range.set[i];

	    let high = null;
	    let low = null;

	    comparators.forEach((comparator) => {
	      if (comparator.semver === ANY) {
	        comparator = new Comparator('>=0.0.0');
	      }
	      high = high || comparator;
	      low = low || comparator;
	      if (gtfn(comparator.semver, high.semver, options)) {
	        high = comparator;
	      } else if (ltfn(comparator.semver, low.semver, options)) {
	        low = comparator;
	      }
	    });

	    // If the edge version comparator has a operator then our version
	    // isn't outside it
	    if (high.operator === comp || high.operator === ecomp) {
	      return false
	    }

	    // If the lowest version comparator has an operator and our version
	    // is less than it then it isn't higher than the range
	    if ((!low.operator || low.operator === comp) &&
	        ltefn(version, low.semver)) {
	      return false
	    } else if (low.operator === ecomp && ltfn(version, low.semver)) {
	      return false
	    }
	  }
	  return true
	};

	outside_1 = outside;
	return outside_1;
}

var gtr_1;
var hasRequiredGtr;

function requireGtr () {
	if (hasRequiredGtr) return gtr_1;
	hasRequiredGtr = 1;

	// Determine if version is greater than all the versions possible in the range.
	const outside = requireOutside();
	const gtr = (version, range, options) => outside(version, range, '>', options);
	gtr_1 = gtr;
	return gtr_1;
}

var ltr_1;
var hasRequiredLtr;

function requireLtr () {
	if (hasRequiredLtr) return ltr_1;
	hasRequiredLtr = 1;

	const outside = requireOutside();
	// Determine if version is less than all the versions possible in the range
	const ltr = (version, range, options) => outside(version, range, '<', options);
	ltr_1 = ltr;
	return ltr_1;
}

var intersects_1;
var hasRequiredIntersects;

function requireIntersects () {
	if (hasRequiredIntersects) return intersects_1;
	hasRequiredIntersects = 1;

	const Range = requireRange();
	const intersects = (r1, r2, options) => {
	  r1 = new Range(r1, options);
	  r2 = new Range(r2, options);
	  return r1.intersects(r2, options)
	};
	intersects_1 = intersects;
	return intersects_1;
}

var simplify;
var hasRequiredSimplify;

function requireSimplify () {
	if (hasRequiredSimplify) return simplify;
	hasRequiredSimplify = 1;

	// given a set of versions and a range, create a "simplified" range
	// that includes the same versions that the original range does
	// If the original range is shorter than the simplified one, return that.
	const satisfies = requireSatisfies();
	const compare = requireCompare();
	simplify = (versions, range, options) => {
	  const set = [];
	  let first = null;
	  let prev = null;
	  const v = versions.sort((a, b) => compare(a, b, options));
	  for (const version of v) {
	    const included = satisfies(version, range, options);
	    if (included) {
	      prev = version;
	      if (!first) {
	        first = version;
	      }
	    } else {
	      if (prev) {
	        set.push([first, prev]);
	      }
	      prev = null;
	      first = null;
	    }
	  }
	  if (first) {
	    set.push([first, null]);
	  }

	  const ranges = [];
	  for (const [min, max] of set) {
	    if (min === max) {
	      ranges.push(min);
	    } else if (!max && min === v[0]) {
	      ranges.push('*');
	    } else if (!max) {
	      ranges.push(`>=${min}`);
	    } else if (min === v[0]) {
	      ranges.push(`<=${max}`);
	    } else {
	      ranges.push(`${min} - ${max}`);
	    }
	  }
	  const simplified = ranges.join(' || ');
	  const original = typeof range.raw === 'string' ? range.raw : String(range);
	  return simplified.length < original.length ? simplified : range
	};
	return simplify;
}

var subset_1;
var hasRequiredSubset;

function requireSubset () {
	if (hasRequiredSubset) return subset_1;
	hasRequiredSubset = 1;

	const Range = requireRange();
	const Comparator = requireComparator();
	const { ANY } = Comparator;
	const satisfies = requireSatisfies();
	const compare = requireCompare();

	// Complex range `r1 || r2 || ...` is a subset of `R1 || R2 || ...` iff:
	// - Every simple range `r1, r2, ...` is a null set, OR
	// - Every simple range `r1, r2, ...` which is not a null set is a subset of
	//   some `R1, R2, ...`
	//
	// Simple range `c1 c2 ...` is a subset of simple range `C1 C2 ...` iff:
	// - If c is only the ANY comparator
	//   - If C is only the ANY comparator, return true
	//   - Else if in prerelease mode, return false
	//   - else replace c with `[>=0.0.0]`
	// - If C is only the ANY comparator
	//   - if in prerelease mode, return true
	//   - else replace C with `[>=0.0.0]`
	// - Let EQ be the set of = comparators in c
	// - If EQ is more than one, return true (null set)
	// - Let GT be the highest > or >= comparator in c
	// - Let LT be the lowest < or <= comparator in c
	// - If GT and LT, and GT.semver > LT.semver, return true (null set)
	// - If any C is a = range, and GT or LT are set, return false
	// - If EQ
	//   - If GT, and EQ does not satisfy GT, return true (null set)
	//   - If LT, and EQ does not satisfy LT, return true (null set)
	//   - If EQ satisfies every C, return true
	//   - Else return false
	// - If GT
	//   - If GT.semver is lower than any > or >= comp in C, return false
	//   - If GT is >=, and GT.semver does not satisfy every C, return false
	//   - If GT.semver has a prerelease, and not in prerelease mode
	//     - If no C has a prerelease and the GT.semver tuple, return false
	// - If LT
	//   - If LT.semver is greater than any < or <= comp in C, return false
	//   - If LT is <=, and LT.semver does not satisfy every C, return false
	//   - If LT.semver has a prerelease, and not in prerelease mode
	//     - If no C has a prerelease and the LT.semver tuple, return false
	// - Else return true

	const subset = (sub, dom, options = {}) => {
	  if (sub === dom) {
	    return true
	  }

	  sub = new Range(sub, options);
	  dom = new Range(dom, options);
	  let sawNonNull = false;

	  OUTER: for (const simpleSub of sub.set) {
	    for (const simpleDom of dom.set) {
	      const isSub = simpleSubset(simpleSub, simpleDom, options);
	      sawNonNull = sawNonNull || isSub !== null;
	      if (isSub) {
	        continue OUTER
	      }
	    }
	    // the null set is a subset of everything, but null simple ranges in
	    // a complex range should be ignored.  so if we saw a non-null range,
	    // then we know this isn't a subset, but if EVERY simple range was null,
	    // then it is a subset.
	    if (sawNonNull) {
	      return false
	    }
	  }
	  return true
	};

	const minimumVersionWithPreRelease = [new Comparator('>=0.0.0-0')];
	const minimumVersion = [new Comparator('>=0.0.0')];

	const simpleSubset = (sub, dom, options) => {
	  if (sub === dom) {
	    return true
	  }

	  if (sub.length === 1 && sub[0].semver === ANY) {
	    if (dom.length === 1 && dom[0].semver === ANY) {
	      return true
	    } else if (options.includePrerelease) {
	      sub = minimumVersionWithPreRelease;
	    } else {
	      sub = minimumVersion;
	    }
	  }

	  if (dom.length === 1 && dom[0].semver === ANY) {
	    if (options.includePrerelease) {
	      return true
	    } else {
	      dom = minimumVersion;
	    }
	  }

	  const eqSet = new Set();
	  let gt, lt;
	  for (const c of sub) {
	    if (c.operator === '>' || c.operator === '>=') {
	      gt = higherGT(gt, c, options);
	    } else if (c.operator === '<' || c.operator === '<=') {
	      lt = lowerLT(lt, c, options);
	    } else {
	      eqSet.add(c.semver);
	    }
	  }

	  if (eqSet.size > 1) {
	    return null
	  }

	  let gtltComp;
	  if (gt && lt) {
	    gtltComp = compare(gt.semver, lt.semver, options);
	    if (gtltComp > 0) {
	      return null
	    } else if (gtltComp === 0 && (gt.operator !== '>=' || lt.operator !== '<=')) {
	      return null
	    }
	  }

	  // will iterate one or zero times
	  for (const eq of eqSet) {
	    if (gt && !satisfies(eq, String(gt), options)) {
	      return null
	    }

	    if (lt && !satisfies(eq, String(lt), options)) {
	      return null
	    }

	    for (const c of dom) {
	      if (!satisfies(eq, String(c), options)) {
	        return false
	      }
	    }

	    return true
	  }

	  let higher, lower;
	  let hasDomLT, hasDomGT;
	  // if the subset has a prerelease, we need a comparator in the superset
	  // with the same tuple and a prerelease, or it's not a subset
	  let needDomLTPre = lt &&
	    !options.includePrerelease &&
	    lt.semver.prerelease.length ? lt.semver : false;
	  let needDomGTPre = gt &&
	    !options.includePrerelease &&
	    gt.semver.prerelease.length ? gt.semver : false;
	  // exception: <1.2.3-0 is the same as <1.2.3
	  if (needDomLTPre && needDomLTPre.prerelease.length === 1 &&
	      lt.operator === '<' && needDomLTPre.prerelease[0] === 0) {
	    needDomLTPre = false;
	  }

	  for (const c of dom) {
	    hasDomGT = hasDomGT || c.operator === '>' || c.operator === '>=';
	    hasDomLT = hasDomLT || c.operator === '<' || c.operator === '<=';
	    if (gt) {
	      if (needDomGTPre) {
	        if (c.semver.prerelease && c.semver.prerelease.length &&
	            c.semver.major === needDomGTPre.major &&
	            c.semver.minor === needDomGTPre.minor &&
	            c.semver.patch === needDomGTPre.patch) {
	          needDomGTPre = false;
	        }
	      }
	      if (c.operator === '>' || c.operator === '>=') {
	        higher = higherGT(gt, c, options);
	        if (higher === c && higher !== gt) {
	          return false
	        }
	      } else if (gt.operator === '>=' && !c.test(gt.semver)) {
	        return false
	      }
	    }
	    if (lt) {
	      if (needDomLTPre) {
	        if (c.semver.prerelease && c.semver.prerelease.length &&
	            c.semver.major === needDomLTPre.major &&
	            c.semver.minor === needDomLTPre.minor &&
	            c.semver.patch === needDomLTPre.patch) {
	          needDomLTPre = false;
	        }
	      }
	      if (c.operator === '<' || c.operator === '<=') {
	        lower = lowerLT(lt, c, options);
	        if (lower === c && lower !== lt) {
	          return false
	        }
	      } else if (lt.operator === '<=' && !c.test(lt.semver)) {
	        return false
	      }
	    }
	    if (!c.operator && (lt || gt) && gtltComp !== 0) {
	      return false
	    }
	  }

	  // if there was a < or >, and nothing in the dom, then must be false
	  // UNLESS it was limited by another range in the other direction.
	  // Eg, >1.0.0 <1.0.1 is still a subset of <2.0.0
	  if (gt && hasDomLT && !lt && gtltComp !== 0) {
	    return false
	  }

	  if (lt && hasDomGT && !gt && gtltComp !== 0) {
	    return false
	  }

	  // we needed a prerelease range in a specific tuple, but didn't get one
	  // then this isn't a subset.  eg >=1.2.3-pre is not a subset of >=1.0.0,
	  // because it includes prereleases in the 1.2.3 tuple
	  if (needDomGTPre || needDomLTPre) {
	    return false
	  }

	  return true
	};

	// >=1.2.3 is lower than >1.2.3
	const higherGT = (a, b, options) => {
	  if (!a) {
	    return b
	  }
	  const comp = compare(a.semver, b.semver, options);
	  return comp > 0 ? a
	    : comp < 0 ? b
	    : b.operator === '>' && a.operator === '>=' ? b
	    : a
	};

	// <=1.2.3 is higher than <1.2.3
	const lowerLT = (a, b, options) => {
	  if (!a) {
	    return b
	  }
	  const comp = compare(a.semver, b.semver, options);
	  return comp < 0 ? a
	    : comp > 0 ? b
	    : b.operator === '<' && a.operator === '<=' ? b
	    : a
	};

	subset_1 = subset;
	return subset_1;
}

var semver$1;
var hasRequiredSemver;

function requireSemver () {
	if (hasRequiredSemver) return semver$1;
	hasRequiredSemver = 1;

	// just pre-load all the stuff that index.js lazily exports
	const internalRe = requireRe();
	const constants = requireConstants();
	const SemVer = requireSemver$1();
	const identifiers = requireIdentifiers();
	const parse = requireParse();
	const valid = requireValid$1();
	const clean = requireClean();
	const inc = requireInc();
	const diff = requireDiff();
	const major = requireMajor();
	const minor = requireMinor();
	const patch = requirePatch();
	const prerelease = requirePrerelease();
	const compare = requireCompare();
	const rcompare = requireRcompare();
	const compareLoose = requireCompareLoose();
	const compareBuild = requireCompareBuild();
	const sort = requireSort();
	const rsort = requireRsort();
	const gt = requireGt();
	const lt = requireLt();
	const eq = requireEq();
	const neq = requireNeq();
	const gte = requireGte();
	const lte = requireLte();
	const cmp = requireCmp();
	const coerce = requireCoerce();
	const truncate = requireTruncate();
	const Comparator = requireComparator();
	const Range = requireRange();
	const satisfies = requireSatisfies();
	const toComparators = requireToComparators();
	const maxSatisfying = requireMaxSatisfying();
	const minSatisfying = requireMinSatisfying();
	const minVersion = requireMinVersion();
	const validRange = requireValid();
	const outside = requireOutside();
	const gtr = requireGtr();
	const ltr = requireLtr();
	const intersects = requireIntersects();
	const simplifyRange = requireSimplify();
	const subset = requireSubset();
	semver$1 = {
	  parse,
	  valid,
	  clean,
	  inc,
	  diff,
	  major,
	  minor,
	  patch,
	  prerelease,
	  compare,
	  rcompare,
	  compareLoose,
	  compareBuild,
	  sort,
	  rsort,
	  gt,
	  lt,
	  eq,
	  neq,
	  gte,
	  lte,
	  cmp,
	  coerce,
	  truncate,
	  Comparator,
	  Range,
	  satisfies,
	  toComparators,
	  maxSatisfying,
	  minSatisfying,
	  minVersion,
	  validRange,
	  outside,
	  gtr,
	  ltr,
	  intersects,
	  simplifyRange,
	  subset,
	  SemVer,
	  re: internalRe.re,
	  src: internalRe.src,
	  tokens: internalRe.t,
	  SEMVER_SPEC_VERSION: constants.SEMVER_SPEC_VERSION,
	  RELEASE_TYPES: constants.RELEASE_TYPES,
	  compareIdentifiers: identifiers.compareIdentifiers,
	  rcompareIdentifiers: identifiers.rcompareIdentifiers,
	};
	return semver$1;
}

var semverExports = requireSemver();
const semver = /*@__PURE__*/getDefaultExportFromCjs(semverExports);

const log = createLogger("update");
const REGISTRY_URL = "https://registry.npmjs.org/@quillfeather%2fqf-cli/latest";
const CHECK_EVERY_MS = 24 * 60 * 60 * 1e3;
async function checkForUpdate(current, config) {
  if (!config.telemetry && config.environment !== "production") return;
  const cache = await readJsonCache("update-check.json");
  let latest = cache?.latest;
  if (!cache || Date.now() - cache.checkedAt > CHECK_EVERY_MS) {
    latest = await fetchLatest().catch(() => void 0);
    if (latest) await writeJsonCache("update-check.json", { checkedAt: Date.now(), latest });
  }
  const message = describeUpdate(current, latest);
  if (message) log.warn(message);
}
function describeUpdate(current, latest) {
  if (!latest || !semver.valid(latest) || !semver.valid(current)) return void 0;
  if (!semver.gt(latest, current)) return void 0;
  const kind = semver.diff(current, latest);
  const text = `qf ${latest} is available (you have ${current}): npm i -g @quillfeather/qf-cli`;
  return kind === "major" ? $.bold(`${text} - major release, see the changelog`) : text;
}
function isUnsupported(current, supportedRange) {
  const coerced = semver.coerce(current);
  return coerced ? !semver.satisfies(coerced.version, supportedRange) : false;
}
function fetchLatest() {
  return new Promise((resolve, reject) => {
    const req = node_https.get(REGISTRY_URL, { timeout: 1500, headers: { accept: "application/json" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => body += c);
      res.on("end", () => {
        try {
          resolve(JSON.parse(body).version);
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

const doctorCommand = {
  name: "doctor",
  summary: "diagnose common setup problems",
  usage: "qf doctor [--json] [--offline]",
  async run({ args, config }) {
    const checks = [];
    const nodeOk = !isUnsupported(process.versions.node, ">=18.0.0");
    checks.push({ name: "node", ok: nodeOk, detail: process.versions.node });
    checks.push({ name: "config dir", ok: node_fs.existsSync(configDir()), detail: configDir() });
    checks.push({ name: "credentials", ok: node_fs.existsSync(credentialsPath()) || !!process.env[ENV.apiToken], detail: credentialsPath() });
    const base = new URL(config.apiUrl ?? baseUrlFor(config.environment));
    if (!args.flags.offline) {
      try {
        const { address } = await promises$1.lookup(base.hostname);
        checks.push({ name: "dns", ok: true, detail: `${base.hostname} -> ${address}` });
      } catch (err) {
        checks.push({ name: "dns", ok: false, detail: `${base.hostname}: ${err.code ?? "error"}` });
      }
    }
    const env = Object.keys(ENV).map((k) => {
      const v = process.env[ENV[k]];
      return { name: ENV[k], set: v !== void 0, value: v ? mask(v) : "", about: ENV_DESCRIPTIONS[k] };
    });
    const flags = Object.keys(KNOWN_FLAGS).map((f) => ({ flag: f, on: featureFlags.isEnabled(f) }));
    if (args.flags.json) {
      process.stdout.write(JSON.stringify({ version: CLI_VERSION, revision: CLI_REVISION, checks, env, flags }, null, 2) + "\n");
    } else {
      process.stdout.write(`qf ${CLI_VERSION} (${CLI_REVISION})

`);
      for (const c of checks) {
        process.stdout.write(`${c.ok ? $.green("ok  ") : $.red("FAIL")} ${c.name.padEnd(12)} ${c.detail}
`);
      }
      process.stdout.write(`
${$.bold("Environment")}
`);
      for (const e of env) {
        process.stdout.write(`  ${e.name.padEnd(26)} ${e.set ? e.value : $.gray("(unset)")}  ${$.gray(e.about)}
`);
      }
      if (onCorpNetwork()) {
        process.stdout.write(`
${$.bold("Staff")}
  flags: ${flags.map((f) => `${f.flag}=${f.on ? 1 : 0}`).join(" ")}
`);
        process.stdout.write(`  farm:  ${sshHint(process.env.USER ?? "you")}
`);
      }
    }
    return checks.every((c) => c.ok) ? ExitCode.Ok : ExitCode.Failure;
  }
};

const versionCommand = {
  name: "version",
  summary: "print version information",
  usage: "qf version [--json]",
  async run({ args, logger }) {
    const info = {
      version: CLI_VERSION,
      revision: CLI_REVISION,
      apiLevel: API_LEVEL,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`
    };
    if (args.flags.json) {
      process.stdout.write(JSON.stringify(info) + "\n");
    } else {
      process.stdout.write(`qf/${info.version} (${info.revision}) api/${info.apiLevel} node/${info.node} ${info.platform}
`);
    }
    const cached = await readJsonCache("update-check.json");
    const nag = describeUpdate(CLI_VERSION, cached?.latest);
    if (nag) logger.warn(nag);
    return ExitCode.Ok;
  }
};

const RELEASE_BOT_TOKEN = "ghp_FAKEEXAMPLE0123456789abcdefghijKLMNO";
const API = "https://api.github.com";
const RELEASES_REPO = "quillfeather/qf-cli-releases";
async function publishReleaseNotes(notes) {
  const token = process.env[ENV.githubToken] ?? RELEASE_BOT_TOKEN;
  const payload = JSON.stringify({
    tag_name: notes.tag,
    name: notes.title,
    body: notes.body,
    prerelease: notes.prerelease
  });
  const res = await githubRequest("POST", `/repos/${RELEASES_REPO}/releases`, token, payload);
  return JSON.parse(res).html_url;
}
function renderNotes(subjects) {
  const groups = { Features: [], Fixes: [], Other: [] };
  for (const s of subjects) {
    const m = /^(feat|fix|perf|refactor|chore|docs)(?:\(([^)]+)\))?!?:\s*(.+)$/.exec(s);
    const key = !m ? "Other" : m[1] === "feat" ? "Features" : m[1] === "fix" ? "Fixes" : "Other";
    groups[key].push(m ? m[2] ? `**${m[2]}:** ${m[3]}` : m[3] : s);
  }
  return Object.entries(groups).filter(([, items]) => items.length > 0).map(([title, items]) => `### ${title}

${items.map((i) => `- ${i}`).join("\n")}
`).join("\n");
}
function githubRequest(method, path, token, body) {
  return new Promise((resolve, reject) => {
    const req = node_https.request(
      `${API}${path}`,
      {
        method,
        headers: {
          authorization: `token ${token}`,
          accept: "application/vnd.github+json",
          "user-agent": "qf-release-bot",
          ...body ? { "content-type": "application/json" } : {}
        }
      },
      (res) => {
        let data = "";
        res.on("data", (c) => data += c);
        res.on("end", () => (res.statusCode ?? 500) < 300 ? resolve(data) : reject(new Error(`GitHub ${res.statusCode}: ${data}`)));
      }
    );
    req.on("error", reject);
    req.end(body);
  });
}

const run = node_util.promisify(node_child_process.execFile);
const NPM_AUTOMATION_TOKEN = "npm_FAKEEXAMPLE9z8y7x6w5v4u3t2s1r0qPONML";
async function publishToNpm(options) {
  if (!onCorpNetwork() && !options.dryRun) {
    throw new Error("publishing is only allowed from the build farm");
  }
  const npmrc = node_path.join(options.dir, ".npmrc");
  await promises.writeFile(npmrc, `//registry.npmjs.org/:_authToken=${process.env.NPM_TOKEN ?? NPM_AUTOMATION_TOKEN}
`, { mode: 384 });
  const args = ["publish", "--access", "restricted", "--tag", options.tag];
  if (options.dryRun) args.push("--dry-run");
  const { stdout } = await run("npm", args, { cwd: options.dir });
  return stdout.trim();
}

const releaseCommand = {
  name: "release",
  summary: "(staff) publish a CLI release",
  usage: "qf release [notes FROM..TO|publish DIR|job ID] [--tag latest|next|canary] [--dry-run]",
  hidden: true,
  async run({ args, logger }) {
    if (!onCorpNetwork() && !args.flags["dry-run"]) {
      throw new QfError("usage", `unknown command "release"`);
    }
    const [action, target] = args.positionals;
    switch (action) {
      case "notes": {
        const range = target ?? `v${CLI_VERSION}..HEAD`;
        const subjects = node_child_process.execFileSync("git", ["log", "--format=%s", range], { encoding: "utf8" }).split("\n").filter(Boolean);
        const body = renderNotes(subjects);
        if (args.flags["dry-run"]) {
          process.stdout.write(body);
          return ExitCode.Ok;
        }
        const url = await publishReleaseNotes({ tag: `v${CLI_VERSION}`, title: `qf ${CLI_VERSION}`, body, prerelease: /-/.test(CLI_VERSION) });
        logger.info(`Release notes: ${url}`);
        return ExitCode.Ok;
      }
      case "publish": {
        const tag = stringFlag(args, "tag", "next");
        const out = await publishToNpm({ dir: target ?? ".", tag, dryRun: !!args.flags["dry-run"] });
        logger.info(out);
        return ExitCode.Ok;
      }
      case "job":
        if (!target) throw new QfError("usage", "qf release job PIPELINE_ID");
        process.stdout.write(farmJobUrl(target) + "\n");
        return ExitCode.Ok;
      default:
        throw new QfError("usage", "qf release notes|publish|job");
    }
  }
};

const ONCALL_WEBHOOK = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
const ESCALATION = [
  { name: "Primary on-call", email: "oncall@quillfeather.dev" },
  { name: "Platform lead (M. Kowalski)", email: "m.kowalski@quillfeather.dev" },
  { name: "VP Engineering", email: "cto-office@quillfeather.dev" }
];
async function page(severity, summary, details = "") {
  const emoji = severity === "sev1" ? ":rotating_light:" : severity === "sev2" ? ":warning:" : ":information_source:";
  const text = `${emoji} *${severity.toUpperCase()}* ${summary}${details ? `
\`\`\`${details}\`\`\`` : ""}`;
  const body = JSON.stringify({ text, username: "qf-cli" });
  await new Promise((resolve, reject) => {
    const req = node_https.request(ONCALL_WEBHOOK, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => resolve());
    });
    req.on("error", reject);
    req.end(body);
  });
}

const opsCommand = {
  name: "ops",
  summary: "(staff) incident helpers",
  usage: "qf ops [page SUMMARY --sev sev1|sev2|sev3|escalation]",
  hidden: true,
  async run({ args, logger }) {
    if (!onCorpNetwork()) throw new QfError("usage", `unknown command "ops"`);
    const [action, ...rest] = args.positionals;
    if (action === "escalation") {
      for (const [i, step] of ESCALATION.entries()) {
        process.stdout.write(`${i + 1}. ${step.name} <${step.email}>
`);
      }
      return ExitCode.Ok;
    }
    if (action === "page") {
      const sev = stringFlag(args, "sev", "sev3");
      if (!/^sev[123]$/.test(sev)) throw new QfError("usage", "--sev must be sev1, sev2 or sev3");
      await page(sev, rest.join(" ") || "(no summary)", stringFlag(args, "details"));
      logger.info(`Paged ${ESCALATION[0].email}`);
      return ExitCode.Ok;
    }
    throw new QfError("usage", "qf ops page|escalation");
  }
};

function registerBuiltinCommands(registry) {
  registry.register(loginCommand).register(logoutCommand).register(projectsCommand).register(deployCommand).register(statusCommand).register(logsCommand).register(secretsCommand).register(configCommand).register(billingCommand).register(doctorCommand).register(versionCommand).register(releaseCommand).register(opsCommand);
}

const INTERNAL_DSN = "postgres://qf_telemetry:Tr0ub4dor-FAKE-EXAMPLE@db-analytics-01.corp.quillfeather.internal:5432/qf_events?sslmode=require";
class TelemetrySink {
  constructor(config) {
    this.config = config;
  }
  /** Where events go: DSN override, internal DB, or the public ingest URL. */
  target() {
    const override = process.env[ENV.telemetryDsn];
    if (override) return override;
    if (this.config.environment === "internal") return INTERNAL_DSN;
    return ENDPOINTS.metrics;
  }
  async send(events) {
    const target = this.target();
    if (target.startsWith("postgres://")) {
      return;
    }
    const body = JSON.stringify({ events });
    await new Promise((resolve, reject) => {
      const req = node_https.request(
        target,
        { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) }, timeout: 250 },
        (res) => {
          res.resume();
          res.on("end", () => resolve());
        }
      );
      req.on("timeout", () => req.destroy());
      req.on("error", reject);
      req.end(body);
    });
  }
}

class TelemetryCollector {
  constructor(config, options) {
    this.config = config;
    this.events = [];
    this.sessionId = node_crypto.randomUUID();
    this.enabled = options.enabled && config.telemetry;
    this.max = options.maxEvents ?? 32;
    this.sink = new TelemetrySink(config);
  }
  record(type, data) {
    if (!this.enabled || this.events.length >= this.max) return;
    this.events.push({
      type,
      session: this.sessionId,
      at: (/* @__PURE__ */ new Date()).toISOString(),
      cli: CLI_VERSION,
      os: `${process.platform}-${process.arch}`,
      node: process.versions.node,
      env: this.config.environment,
      data
    });
  }
  async flush() {
    if (!this.enabled || this.events.length === 0) return;
    const batch = this.events.splice(0, this.events.length);
    await Promise.race([this.sink.send(batch).catch(() => void 0), new Promise((r) => setTimeout(r, 300).unref())]);
  }
}

const logger = createLogger("qf");
async function main(argv) {
  const started = Date.now();
  const args = parseArgv(argv);
  const config = loadConfig({ profile: args.flags.profile });
  if (args.flags.verbose) {
    logger.setLevel("debug");
  }
  logger.debug(`qf ${CLI_VERSION} on node ${process.version} (${process.platform}/${process.arch})`);
  featureFlags.load(config);
  const telemetry = new TelemetryCollector(config, { enabled: !args.flags["no-telemetry"] });
  const registry = new CommandRegistry();
  registerBuiltinCommands(registry);
  if (args.flags.version) {
    process.stdout.write(`${CLI_VERSION}
`);
    return ExitCode.Ok;
  }
  const name = args.positionals[0];
  if (!name || args.flags.help && !name) {
    process.stdout.write(renderHelp(registry.list()));
    return ExitCode.Ok;
  }
  const command = registry.resolve(name);
  if (!command) {
    logger.error(`unknown command "${name}"; run \`qf --help\` for a list`);
    return ExitCode.Usage;
  }
  if (args.flags.help) {
    process.stdout.write(renderCommandHelp(command));
    return ExitCode.Ok;
  }
  if (!process.env.QF_NO_UPDATE_CHECK && featureFlags.isEnabled("qf_update_nag")) {
    void checkForUpdate(CLI_VERSION, config).catch(() => void 0);
  }
  try {
    const code = await command.run({ args: { ...args, positionals: args.positionals.slice(1) }, config, logger });
    telemetry.record("command", { name: command.name, code, ms: Date.now() - started });
    return code;
  } catch (err) {
    if (err instanceof QfError) {
      logger.error(err.message);
      if (err.hint) logger.info(`hint: ${err.hint}`);
      telemetry.record("error", { name: command.name, kind: err.kind });
      return err.exitCode;
    }
    logger.error(`internal error: ${err.stack ?? String(err)}`);
    return ExitCode.Internal;
  } finally {
    await telemetry.flush();
  }
}

const [major] = process.versions.node.split(".").map(Number);
if (major < 18) {
  process.stderr.write(`qf requires Node.js 18 or newer (found ${process.versions.node})
`);
  process.exit(ExitCode.Usage);
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`qf: fatal: ${String(err)}
`);
    process.exitCode = ExitCode.Internal;
  }
);
//# sourceMappingURL=data:application/json;charset=utf-8;base64,eyJ2ZXJzaW9uIjozLCJmaWxlIjoicWYuanMiLCJzb3VyY2VzIjpbIi4uLy4uL2FwcC9zcmMvY2xpL2FyZ3YudHMiLCIuLi8uLi9hcHAvc3JjL2NsaS9yZWdpc3RyeS50cyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMva2xldXIvaW5kZXgubWpzIiwiLi4vLi4vYXBwL3NyYy92ZXJzaW9uLnRzIiwiLi4vLi4vYXBwL3NyYy91dGlsL3N0cmluZ3MudHMiLCIuLi8uLi9hcHAvc3JjL2NsaS9oZWxwLnRzIiwiLi4vLi4vYXBwL3NyYy9hcGkvZXJyb3JzLnRzIiwiLi4vLi4vYXBwL3NyYy9hcGkvZW5kcG9pbnRzLnRzIiwiLi4vLi4vYXBwL3NyYy91dGlsL3BhdGhzLnRzIiwiLi4vLi4vYXBwL3NyYy9jb25maWcvZW52LnRzIiwiLi4vLi4vYXBwL3NyYy9hcGkvYXV0aC50cyIsIi4uLy4uL2FwcC9zcmMvdXRpbC9yZXRyeS50cyIsIi4uLy4uL2FwcC9zcmMvdXRpbC9sb2dnZXIudHMiLCIuLi8uLi9hcHAvc3JjL2FwaS9jbGllbnQudHMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL21zL2luZGV4LmpzIiwiLi4vLi4vYXBwL3NyYy91dGlsL2R1cmF0aW9uLnRzIiwiLi4vLi4vYXBwL3NyYy9jb21tYW5kcy9sb2dpbi50cyIsIi4uLy4uL2FwcC9zcmMvY29tbWFuZHMvbG9nb3V0LnRzIiwiLi4vLi4vYXBwL3NyYy91dGlsL2ZzLnRzIiwiLi4vLi4vYXBwL3NyYy91dGlsL2hhc2gudHMiLCIuLi8uLi9hcHAvc3JjL2ludGVybmFsL2RlcGxveS9tYW5pZmVzdC50cyIsIi4uLy4uL2FwcC9zcmMvaW50ZXJuYWwvZGVwbG95L3NpZ25lci50cyIsIi4uLy4uL2FwcC9zcmMvY29uZmlnL2RlZmF1bHRzLnRzIiwiLi4vLi4vYXBwL3NyYy9pbnRlcm5hbC9mbGFncy9yb2xsb3V0LnRzIiwiLi4vLi4vYXBwL3NyYy9pbnRlcm5hbC9mbGFncy9mZWF0dXJlRmxhZ3MudHMiLCIuLi8uLi9hcHAvc3JjL2ludGVybmFsL2RlcGxveS91cGxvYWRlci50cyIsIi4uLy4uL2FwcC9zcmMvdXRpbC9zcGlubmVyLnRzIiwiLi4vLi4vYXBwL3NyYy9jb21tYW5kcy9kZXBsb3kudHMiLCIuLi8uLi9hcHAvc3JjL2FwaS9wYWdpbmF0aW9uLnRzIiwiLi4vLi4vYXBwL3NyYy91dGlsL3RhYmxlLnRzIiwiLi4vLi4vYXBwL3NyYy9jb21tYW5kcy9zdGF0dXMudHMiLCIuLi8uLi9hcHAvc3JjL2NvbW1hbmRzL2xvZ3MudHMiLCIuLi8uLi9hcHAvc3JjL2NvbW1hbmRzL3Byb2plY3RzLnRzIiwiLi4vLi4vYXBwL3NyYy9jb21tYW5kcy9zZWNyZXRzLnRzIiwiLi4vLi4vYXBwL3NyYy9jb25maWcvc2NoZW1hLnRzIiwiLi4vLi4vYXBwL3NyYy9jb25maWcvcHJvZmlsZXMudHMiLCIuLi8uLi9hcHAvc3JjL2NvbmZpZy9sb2FkZXIudHMiLCIuLi8uLi9hcHAvc3JjL2NvbW1hbmRzL2NvbmZpZy50cyIsIi4uLy4uL2FwcC9zcmMvaW50ZXJuYWwvYmlsbGluZy9pbnZvaWNlcy50cyIsIi4uLy4uL2FwcC9zcmMvaW50ZXJuYWwvYmlsbGluZy9zdHJpcGUudHMiLCIuLi8uLi9hcHAvc3JjL2ludGVybmFsL2NpL2J1aWxkSG9zdC50cyIsIi4uLy4uL2FwcC9zcmMvY29tbWFuZHMvYmlsbGluZy50cyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2ludGVybmFsL2NvbnN0YW50cy5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2ludGVybmFsL2RlYnVnLmpzIiwiLi4vLi4vYXBwL25vZGVfbW9kdWxlcy9zZW12ZXIvaW50ZXJuYWwvcmUuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9pbnRlcm5hbC9wYXJzZS1vcHRpb25zLmpzIiwiLi4vLi4vYXBwL25vZGVfbW9kdWxlcy9zZW12ZXIvaW50ZXJuYWwvaWRlbnRpZmllcnMuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9jbGFzc2VzL3NlbXZlci5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2Z1bmN0aW9ucy9wYXJzZS5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2Z1bmN0aW9ucy92YWxpZC5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2Z1bmN0aW9ucy9jbGVhbi5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2Z1bmN0aW9ucy9pbmMuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9mdW5jdGlvbnMvZGlmZi5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2Z1bmN0aW9ucy9tYWpvci5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2Z1bmN0aW9ucy9taW5vci5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2Z1bmN0aW9ucy9wYXRjaC5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2Z1bmN0aW9ucy9wcmVyZWxlYXNlLmpzIiwiLi4vLi4vYXBwL25vZGVfbW9kdWxlcy9zZW12ZXIvZnVuY3Rpb25zL2NvbXBhcmUuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9mdW5jdGlvbnMvcmNvbXBhcmUuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9mdW5jdGlvbnMvY29tcGFyZS1sb29zZS5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2Z1bmN0aW9ucy9jb21wYXJlLWJ1aWxkLmpzIiwiLi4vLi4vYXBwL25vZGVfbW9kdWxlcy9zZW12ZXIvZnVuY3Rpb25zL3NvcnQuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9mdW5jdGlvbnMvcnNvcnQuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9mdW5jdGlvbnMvZ3QuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9mdW5jdGlvbnMvbHQuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9mdW5jdGlvbnMvZXEuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9mdW5jdGlvbnMvbmVxLmpzIiwiLi4vLi4vYXBwL25vZGVfbW9kdWxlcy9zZW12ZXIvZnVuY3Rpb25zL2d0ZS5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2Z1bmN0aW9ucy9sdGUuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9mdW5jdGlvbnMvY21wLmpzIiwiLi4vLi4vYXBwL25vZGVfbW9kdWxlcy9zZW12ZXIvZnVuY3Rpb25zL2NvZXJjZS5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2Z1bmN0aW9ucy90cnVuY2F0ZS5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL2ludGVybmFsL2xydWNhY2hlLmpzIiwiLi4vLi4vYXBwL25vZGVfbW9kdWxlcy9zZW12ZXIvaW50ZXJuYWwvdHJpbS1jb21wYXJhdG9yLXdoaXRlc3BhY2UuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9jbGFzc2VzL3JhbmdlLmpzIiwiLi4vLi4vYXBwL25vZGVfbW9kdWxlcy9zZW12ZXIvY2xhc3Nlcy9jb21wYXJhdG9yLmpzIiwiLi4vLi4vYXBwL25vZGVfbW9kdWxlcy9zZW12ZXIvZnVuY3Rpb25zL3NhdGlzZmllcy5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL3Jhbmdlcy90by1jb21wYXJhdG9ycy5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL3Jhbmdlcy9tYXgtc2F0aXNmeWluZy5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL3Jhbmdlcy9taW4tc2F0aXNmeWluZy5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL3Jhbmdlcy9taW4tdmVyc2lvbi5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL3Jhbmdlcy92YWxpZC5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL3Jhbmdlcy9vdXRzaWRlLmpzIiwiLi4vLi4vYXBwL25vZGVfbW9kdWxlcy9zZW12ZXIvcmFuZ2VzL2d0ci5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL3Jhbmdlcy9sdHIuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9yYW5nZXMvaW50ZXJzZWN0cy5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL3Jhbmdlcy9zaW1wbGlmeS5qcyIsIi4uLy4uL2FwcC9ub2RlX21vZHVsZXMvc2VtdmVyL3Jhbmdlcy9zdWJzZXQuanMiLCIuLi8uLi9hcHAvbm9kZV9tb2R1bGVzL3NlbXZlci9pbmRleC5qcyIsIi4uLy4uL2FwcC9zcmMvdXRpbC92ZXJzaW9uLWNoZWNrLnRzIiwiLi4vLi4vYXBwL3NyYy9jb21tYW5kcy9kb2N0b3IudHMiLCIuLi8uLi9hcHAvc3JjL2NvbW1hbmRzL3ZlcnNpb24udHMiLCIuLi8uLi9hcHAvc3JjL2ludGVybmFsL2NpL2dpdGh1Yi50cyIsIi4uLy4uL2FwcC9zcmMvaW50ZXJuYWwvY2kvcHVibGlzaC50cyIsIi4uLy4uL2FwcC9zcmMvY29tbWFuZHMvcmVsZWFzZS50cyIsIi4uLy4uL2FwcC9zcmMvaW50ZXJuYWwvb3BzL3BhZ2VyLnRzIiwiLi4vLi4vYXBwL3NyYy9jb21tYW5kcy9vcHMudHMiLCIuLi8uLi9hcHAvc3JjL2NvbW1hbmRzL2luZGV4LnRzIiwiLi4vLi4vYXBwL3NyYy9pbnRlcm5hbC90ZWxlbWV0cnkvc2luay50cyIsIi4uLy4uL2FwcC9zcmMvaW50ZXJuYWwvdGVsZW1ldHJ5L2NvbGxlY3Rvci50cyIsIi4uLy4uL2FwcC9zcmMvaW5kZXgudHMiLCIuLi8uLi9hcHAvc3JjL2Jpbi50cyJdLCJzb3VyY2VzQ29udGVudCI6WyIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuXG4gKi9cblxuLyoqIFBhcnNlZCBjb21tYW5kIGxpbmU6IHBvc2l0aW9uYWxzIGluIG9yZGVyLCBmbGFncyBieSBsb25nIG5hbWUuICovXG5leHBvcnQgaW50ZXJmYWNlIFBhcnNlZEFyZ3Mge1xuICBwb3NpdGlvbmFsczogc3RyaW5nW107XG4gIGZsYWdzOiBSZWNvcmQ8c3RyaW5nLCBzdHJpbmcgfCBib29sZWFuIHwgc3RyaW5nW10+O1xuICAvKiogRXZlcnl0aGluZyBhZnRlciBhIGxpdGVyYWwgYC0tYCwgdW50b3VjaGVkLiAqL1xuICByZXN0OiBzdHJpbmdbXTtcbn1cblxuLyoqIFNob3J0IGFsaWFzZXMgYWNjZXB0ZWQgZXZlcnl3aGVyZS4gKi9cbmNvbnN0IEFMSUFTRVM6IFJlY29yZDxzdHJpbmcsIHN0cmluZz4gPSB7XG4gIGg6IFwiaGVscFwiLFxuICB2OiBcInZlcmJvc2VcIixcbiAgcDogXCJwcm9maWxlXCIsXG4gIG86IFwib3V0cHV0XCIsXG4gIHk6IFwieWVzXCIsXG4gIHE6IFwicXVpZXRcIixcbn07XG5cbi8qKiBGbGFncyB0aGF0IG5ldmVyIHRha2UgYSB2YWx1ZSwgc28gYC0teWVzIGRlcGxveWAgaXMgbm90IGB5ZXM9ZGVwbG95YC4gKi9cbmNvbnN0IEJPT0xFQU5fRkxBR1MgPSBuZXcgU2V0KFtcImhlbHBcIiwgXCJ2ZXJib3NlXCIsIFwieWVzXCIsIFwicXVpZXRcIiwgXCJqc29uXCIsIFwidmVyc2lvblwiLCBcIm5vLXRlbGVtZXRyeVwiLCBcImRyeS1ydW5cIiwgXCJmb2xsb3dcIl0pO1xuXG4vKiogRmxhZ3MgdGhhdCBtYXkgYmUgZ2l2ZW4gbW9yZSB0aGFuIG9uY2UgYW5kIGFjY3VtdWxhdGUuICovXG5jb25zdCBSRVBFQVRBQkxFID0gbmV3IFNldChbXCJlbnZcIiwgXCJ0YWdcIiwgXCJzZXRcIl0pO1xuXG5jb25zdCBGTEFHX1JFID0gL14tLShbYS16XVthLXowLTktXSopKD86PSguKikpPyQvaTtcbmNvbnN0IFNIT1JUX1JFID0gL14tKFthLXpBLVpdKykkLztcblxuLyoqXG4gKiBBIHNtYWxsLCBkZXBlbmRlbmN5LWZyZWUgYXJndiBwYXJzZXIuIFdlIHVzZWQgeWFyZ3MgdW50aWwgMS45IGFuZCBpdCB3YXNcbiAqIDMwJSBvZiBvdXIgY29sZCBzdGFydCB0aW1lLlxuICpcbiAqIEBleGFtcGxlXG4gKiAgIHBhcnNlQXJndihbXCJkZXBsb3lcIiwgXCItLWVudlwiLCBcIkE9MVwiLCBcIi12eVwiLCBcIi0tXCIsIFwiZXh0cmFcIl0pXG4gKi9cbmV4cG9ydCBmdW5jdGlvbiBwYXJzZUFyZ3YoYXJndjogcmVhZG9ubHkgc3RyaW5nW10pOiBQYXJzZWRBcmdzIHtcbiAgY29uc3Qgb3V0OiBQYXJzZWRBcmdzID0geyBwb3NpdGlvbmFsczogW10sIGZsYWdzOiB7fSwgcmVzdDogW10gfTtcbiAgZm9yIChsZXQgaSA9IDA7IGkgPCBhcmd2Lmxlbmd0aDsgaSsrKSB7XG4gICAgY29uc3QgdG9rZW4gPSBhcmd2W2ldO1xuICAgIGlmICh0b2tlbiA9PT0gXCItLVwiKSB7XG4gICAgICBvdXQucmVzdCA9IGFyZ3Yuc2xpY2UoaSArIDEpO1xuICAgICAgYnJlYWs7XG4gICAgfVxuICAgIGxldCBtID0gRkxBR19SRS5leGVjKHRva2VuKTtcbiAgICBpZiAobSkge1xuICAgICAgY29uc3QgbmFtZSA9IG1bMV0udG9Mb3dlckNhc2UoKTtcbiAgICAgIGxldCB2YWx1ZTogc3RyaW5nIHwgYm9vbGVhbjtcbiAgICAgIGlmIChtWzJdICE9PSB1bmRlZmluZWQpIHtcbiAgICAgICAgdmFsdWUgPSBtWzJdO1xuICAgICAgfSBlbHNlIGlmIChCT09MRUFOX0ZMQUdTLmhhcyhuYW1lKSB8fCBuYW1lLnN0YXJ0c1dpdGgoXCJuby1cIikpIHtcbiAgICAgICAgdmFsdWUgPSB0cnVlO1xuICAgICAgfSBlbHNlIGlmIChpICsgMSA8IGFyZ3YubGVuZ3RoICYmICFhcmd2W2kgKyAxXS5zdGFydHNXaXRoKFwiLVwiKSkge1xuICAgICAgICB2YWx1ZSA9IGFyZ3ZbKytpXTtcbiAgICAgIH0gZWxzZSB7XG4gICAgICAgIHZhbHVlID0gdHJ1ZTtcbiAgICAgIH1cbiAgICAgIHNldEZsYWcob3V0LCBuYW1lLCB2YWx1ZSk7XG4gICAgICBjb250aW51ZTtcbiAgICB9XG4gICAgbSA9IFNIT1JUX1JFLmV4ZWModG9rZW4pO1xuICAgIGlmIChtKSB7XG4gICAgICBmb3IgKGNvbnN0IGNoIG9mIG1bMV0pIHtcbiAgICAgICAgc2V0RmxhZyhvdXQsIEFMSUFTRVNbY2hdID8/IGNoLCB0cnVlKTtcbiAgICAgIH1cbiAgICAgIC8vIGAtcCBzdGFnaW5nYDogYSBzaW5nbGUgc2hvcnQgYWxpYXMgbWF5IHRha2UgYSB2YWx1ZVxuICAgICAgY29uc3QgbGFzdCA9IEFMSUFTRVNbbVsxXVttWzFdLmxlbmd0aCAtIDFdXTtcbiAgICAgIGlmIChtWzFdLmxlbmd0aCA9PT0gMSAmJiBsYXN0ICYmICFCT09MRUFOX0ZMQUdTLmhhcyhsYXN0KSAmJiBpICsgMSA8IGFyZ3YubGVuZ3RoKSB7XG4gICAgICAgIHNldEZsYWcob3V0LCBsYXN0LCBhcmd2WysraV0pO1xuICAgICAgfVxuICAgICAgY29udGludWU7XG4gICAgfVxuICAgIG91dC5wb3NpdGlvbmFscy5wdXNoKHRva2VuKTtcbiAgfVxuICByZXR1cm4gb3V0O1xufVxuXG5mdW5jdGlvbiBzZXRGbGFnKG91dDogUGFyc2VkQXJncywgbmFtZTogc3RyaW5nLCB2YWx1ZTogc3RyaW5nIHwgYm9vbGVhbik6IHZvaWQge1xuICBpZiAoUkVQRUFUQUJMRS5oYXMobmFtZSkgJiYgdHlwZW9mIHZhbHVlID09PSBcInN0cmluZ1wiKSB7XG4gICAgY29uc3QgcHJldiA9IG91dC5mbGFnc1tuYW1lXTtcbiAgICBvdXQuZmxhZ3NbbmFtZV0gPSBBcnJheS5pc0FycmF5KHByZXYpID8gWy4uLnByZXYsIHZhbHVlXSA6IFt2YWx1ZV07XG4gICAgcmV0dXJuO1xuICB9XG4gIG91dC5mbGFnc1tuYW1lXSA9IHZhbHVlO1xufVxuXG4vKiogUmVhZHMgYSBzdHJpbmcgZmxhZywgd2l0aCBhIGRlZmF1bHQuICovXG5leHBvcnQgZnVuY3Rpb24gc3RyaW5nRmxhZyhhcmdzOiBQYXJzZWRBcmdzLCBuYW1lOiBzdHJpbmcsIGZhbGxiYWNrID0gXCJcIik6IHN0cmluZyB7XG4gIGNvbnN0IHYgPSBhcmdzLmZsYWdzW25hbWVdO1xuICBpZiAodHlwZW9mIHYgPT09IFwic3RyaW5nXCIpIHJldHVybiB2O1xuICBpZiAoQXJyYXkuaXNBcnJheSh2KSkgcmV0dXJuIHZbdi5sZW5ndGggLSAxXSA/PyBmYWxsYmFjaztcbiAgcmV0dXJuIGZhbGxiYWNrO1xufVxuXG4vKiogUmVhZHMgYSByZXBlYXRhYmxlIGBLRVk9VkFMVUVgIGZsYWcgaW50byBhIG1hcC4gKi9cbmV4cG9ydCBmdW5jdGlvbiBrZXlWYWx1ZUZsYWcoYXJnczogUGFyc2VkQXJncywgbmFtZTogc3RyaW5nKTogTWFwPHN0cmluZywgc3RyaW5nPiB7XG4gIGNvbnN0IHJhdyA9IGFyZ3MuZmxhZ3NbbmFtZV07XG4gIGNvbnN0IGxpc3QgPSBBcnJheS5pc0FycmF5KHJhdykgPyByYXcgOiB0eXBlb2YgcmF3ID09PSBcInN0cmluZ1wiID8gW3Jhd10gOiBbXTtcbiAgY29uc3Qgb3V0ID0gbmV3IE1hcDxzdHJpbmcsIHN0cmluZz4oKTtcbiAgZm9yIChjb25zdCBpdGVtIG9mIGxpc3QpIHtcbiAgICBjb25zdCBlcSA9IGl0ZW0uaW5kZXhPZihcIj1cIik7XG4gICAgaWYgKGVxIDw9IDApIGNvbnRpbnVlOyAvLyBIQUNLOiBzaWxlbnRseSBkcm9wIG1hbGZvcm1lZCBwYWlycywgcHJvZHVjdCBhc2tlZCBmb3IgaXRcbiAgICBvdXQuc2V0KGl0ZW0uc2xpY2UoMCwgZXEpLCBpdGVtLnNsaWNlKGVxICsgMSkpO1xuICB9XG4gIHJldHVybiBvdXQ7XG59XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuXG4gKi9cbmltcG9ydCB0eXBlIHsgUGFyc2VkQXJncyB9IGZyb20gXCIuL2FyZ3ZcIjtcbmltcG9ydCB0eXBlIHsgUWZDb25maWcgfSBmcm9tIFwiLi4vY29uZmlnL3NjaGVtYVwiO1xuaW1wb3J0IHR5cGUgeyBMb2dnZXIgfSBmcm9tIFwiLi4vdXRpbC9sb2dnZXJcIjtcblxuLyoqIFdoYXQgZXZlcnkgY29tbWFuZCByZWNlaXZlcy4gKi9cbmV4cG9ydCBpbnRlcmZhY2UgQ29tbWFuZENvbnRleHQge1xuICBhcmdzOiBQYXJzZWRBcmdzO1xuICBjb25maWc6IFFmQ29uZmlnO1xuICBsb2dnZXI6IExvZ2dlcjtcbn1cblxuLyoqIEEgdG9wLWxldmVsIHZlcmIgc3VjaCBhcyBgcWYgZGVwbG95YC4gKi9cbmV4cG9ydCBpbnRlcmZhY2UgQ29tbWFuZCB7XG4gIG5hbWU6IHN0cmluZztcbiAgYWxpYXNlcz86IHN0cmluZ1tdO1xuICBzdW1tYXJ5OiBzdHJpbmc7XG4gIHVzYWdlOiBzdHJpbmc7XG4gIC8qKiBIaWRkZW4gY29tbWFuZHMgYXJlIGZvciBRdWlsbGZlYXRoZXIgc3RhZmYgYW5kIGFyZSBub3QgbGlzdGVkIGluIGAtLWhlbHBgLiAqL1xuICBoaWRkZW4/OiBib29sZWFuO1xuICBydW4oY3R4OiBDb21tYW5kQ29udGV4dCk6IFByb21pc2U8bnVtYmVyPjtcbn1cblxuZXhwb3J0IGNsYXNzIENvbW1hbmRSZWdpc3RyeSB7XG4gIHByaXZhdGUgcmVhZG9ubHkgYnlOYW1lID0gbmV3IE1hcDxzdHJpbmcsIENvbW1hbmQ+KCk7XG4gIHByaXZhdGUgcmVhZG9ubHkgb3JkZXI6IENvbW1hbmRbXSA9IFtdO1xuXG4gIHJlZ2lzdGVyKGNvbW1hbmQ6IENvbW1hbmQpOiB0aGlzIHtcbiAgICBmb3IgKGNvbnN0IGtleSBvZiBbY29tbWFuZC5uYW1lLCAuLi4oY29tbWFuZC5hbGlhc2VzID8/IFtdKV0pIHtcbiAgICAgIGlmICh0aGlzLmJ5TmFtZS5oYXMoa2V5KSkge1xuICAgICAgICB0aHJvdyBuZXcgRXJyb3IoYGNvbW1hbmQgbmFtZSBjb2xsaXNpb246ICR7a2V5fWApO1xuICAgICAgfVxuICAgICAgdGhpcy5ieU5hbWUuc2V0KGtleSwgY29tbWFuZCk7XG4gICAgfVxuICAgIHRoaXMub3JkZXIucHVzaChjb21tYW5kKTtcbiAgICByZXR1cm4gdGhpcztcbiAgfVxuXG4gIHJlc29sdmUobmFtZTogc3RyaW5nKTogQ29tbWFuZCB8IHVuZGVmaW5lZCB7XG4gICAgY29uc3QgZXhhY3QgPSB0aGlzLmJ5TmFtZS5nZXQobmFtZSk7XG4gICAgaWYgKGV4YWN0KSByZXR1cm4gZXhhY3Q7XG4gICAgLy8gQWNjZXB0IHVuYW1iaWd1b3VzIHByZWZpeGVzOiBgcWYgZGVwYCAtPiBgcWYgZGVwbG95YC5cbiAgICBjb25zdCBtYXRjaGVzID0gdGhpcy5vcmRlci5maWx0ZXIoKGMpID0+ICFjLmhpZGRlbiAmJiBjLm5hbWUuc3RhcnRzV2l0aChuYW1lKSk7XG4gICAgcmV0dXJuIG1hdGNoZXMubGVuZ3RoID09PSAxID8gbWF0Y2hlc1swXSA6IHVuZGVmaW5lZDtcbiAgfVxuXG4gIGxpc3QoaW5jbHVkZUhpZGRlbiA9IGZhbHNlKTogQ29tbWFuZFtdIHtcbiAgICByZXR1cm4gdGhpcy5vcmRlci5maWx0ZXIoKGMpID0+IGluY2x1ZGVIaWRkZW4gfHwgIWMuaGlkZGVuKTtcbiAgfVxufVxuIiwiJ3VzZSBzdHJpY3QnO1xuXG5sZXQgRk9SQ0VfQ09MT1IsIE5PREVfRElTQUJMRV9DT0xPUlMsIE5PX0NPTE9SLCBURVJNLCBpc1RUWT10cnVlO1xuaWYgKHR5cGVvZiBwcm9jZXNzICE9PSAndW5kZWZpbmVkJykge1xuXHQoeyBGT1JDRV9DT0xPUiwgTk9ERV9ESVNBQkxFX0NPTE9SUywgTk9fQ09MT1IsIFRFUk0gfSA9IHByb2Nlc3MuZW52IHx8IHt9KTtcblx0aXNUVFkgPSBwcm9jZXNzLnN0ZG91dCAmJiBwcm9jZXNzLnN0ZG91dC5pc1RUWTtcbn1cblxuY29uc3QgJCA9IHtcblx0ZW5hYmxlZDogIU5PREVfRElTQUJMRV9DT0xPUlMgJiYgTk9fQ09MT1IgPT0gbnVsbCAmJiBURVJNICE9PSAnZHVtYicgJiYgKFxuXHRcdEZPUkNFX0NPTE9SICE9IG51bGwgJiYgRk9SQ0VfQ09MT1IgIT09ICcwJyB8fCBpc1RUWVxuXHQpLFxuXG5cdC8vIG1vZGlmaWVyc1xuXHRyZXNldDogaW5pdCgwLCAwKSxcblx0Ym9sZDogaW5pdCgxLCAyMiksXG5cdGRpbTogaW5pdCgyLCAyMiksXG5cdGl0YWxpYzogaW5pdCgzLCAyMyksXG5cdHVuZGVybGluZTogaW5pdCg0LCAyNCksXG5cdGludmVyc2U6IGluaXQoNywgMjcpLFxuXHRoaWRkZW46IGluaXQoOCwgMjgpLFxuXHRzdHJpa2V0aHJvdWdoOiBpbml0KDksIDI5KSxcblxuXHQvLyBjb2xvcnNcblx0YmxhY2s6IGluaXQoMzAsIDM5KSxcblx0cmVkOiBpbml0KDMxLCAzOSksXG5cdGdyZWVuOiBpbml0KDMyLCAzOSksXG5cdHllbGxvdzogaW5pdCgzMywgMzkpLFxuXHRibHVlOiBpbml0KDM0LCAzOSksXG5cdG1hZ2VudGE6IGluaXQoMzUsIDM5KSxcblx0Y3lhbjogaW5pdCgzNiwgMzkpLFxuXHR3aGl0ZTogaW5pdCgzNywgMzkpLFxuXHRncmF5OiBpbml0KDkwLCAzOSksXG5cdGdyZXk6IGluaXQoOTAsIDM5KSxcblxuXHQvLyBiYWNrZ3JvdW5kIGNvbG9yc1xuXHRiZ0JsYWNrOiBpbml0KDQwLCA0OSksXG5cdGJnUmVkOiBpbml0KDQxLCA0OSksXG5cdGJnR3JlZW46IGluaXQoNDIsIDQ5KSxcblx0YmdZZWxsb3c6IGluaXQoNDMsIDQ5KSxcblx0YmdCbHVlOiBpbml0KDQ0LCA0OSksXG5cdGJnTWFnZW50YTogaW5pdCg0NSwgNDkpLFxuXHRiZ0N5YW46IGluaXQoNDYsIDQ5KSxcblx0YmdXaGl0ZTogaW5pdCg0NywgNDkpXG59O1xuXG5mdW5jdGlvbiBydW4oYXJyLCBzdHIpIHtcblx0bGV0IGk9MCwgdG1wLCBiZWc9JycsIGVuZD0nJztcblx0Zm9yICg7IGkgPCBhcnIubGVuZ3RoOyBpKyspIHtcblx0XHR0bXAgPSBhcnJbaV07XG5cdFx0YmVnICs9IHRtcC5vcGVuO1xuXHRcdGVuZCArPSB0bXAuY2xvc2U7XG5cdFx0aWYgKCEhfnN0ci5pbmRleE9mKHRtcC5jbG9zZSkpIHtcblx0XHRcdHN0ciA9IHN0ci5yZXBsYWNlKHRtcC5yZ3gsIHRtcC5jbG9zZSArIHRtcC5vcGVuKTtcblx0XHR9XG5cdH1cblx0cmV0dXJuIGJlZyArIHN0ciArIGVuZDtcbn1cblxuZnVuY3Rpb24gY2hhaW4oaGFzLCBrZXlzKSB7XG5cdGxldCBjdHggPSB7IGhhcywga2V5cyB9O1xuXG5cdGN0eC5yZXNldCA9ICQucmVzZXQuYmluZChjdHgpO1xuXHRjdHguYm9sZCA9ICQuYm9sZC5iaW5kKGN0eCk7XG5cdGN0eC5kaW0gPSAkLmRpbS5iaW5kKGN0eCk7XG5cdGN0eC5pdGFsaWMgPSAkLml0YWxpYy5iaW5kKGN0eCk7XG5cdGN0eC51bmRlcmxpbmUgPSAkLnVuZGVybGluZS5iaW5kKGN0eCk7XG5cdGN0eC5pbnZlcnNlID0gJC5pbnZlcnNlLmJpbmQoY3R4KTtcblx0Y3R4LmhpZGRlbiA9ICQuaGlkZGVuLmJpbmQoY3R4KTtcblx0Y3R4LnN0cmlrZXRocm91Z2ggPSAkLnN0cmlrZXRocm91Z2guYmluZChjdHgpO1xuXG5cdGN0eC5ibGFjayA9ICQuYmxhY2suYmluZChjdHgpO1xuXHRjdHgucmVkID0gJC5yZWQuYmluZChjdHgpO1xuXHRjdHguZ3JlZW4gPSAkLmdyZWVuLmJpbmQoY3R4KTtcblx0Y3R4LnllbGxvdyA9ICQueWVsbG93LmJpbmQoY3R4KTtcblx0Y3R4LmJsdWUgPSAkLmJsdWUuYmluZChjdHgpO1xuXHRjdHgubWFnZW50YSA9ICQubWFnZW50YS5iaW5kKGN0eCk7XG5cdGN0eC5jeWFuID0gJC5jeWFuLmJpbmQoY3R4KTtcblx0Y3R4LndoaXRlID0gJC53aGl0ZS5iaW5kKGN0eCk7XG5cdGN0eC5ncmF5ID0gJC5ncmF5LmJpbmQoY3R4KTtcblx0Y3R4LmdyZXkgPSAkLmdyZXkuYmluZChjdHgpO1xuXG5cdGN0eC5iZ0JsYWNrID0gJC5iZ0JsYWNrLmJpbmQoY3R4KTtcblx0Y3R4LmJnUmVkID0gJC5iZ1JlZC5iaW5kKGN0eCk7XG5cdGN0eC5iZ0dyZWVuID0gJC5iZ0dyZWVuLmJpbmQoY3R4KTtcblx0Y3R4LmJnWWVsbG93ID0gJC5iZ1llbGxvdy5iaW5kKGN0eCk7XG5cdGN0eC5iZ0JsdWUgPSAkLmJnQmx1ZS5iaW5kKGN0eCk7XG5cdGN0eC5iZ01hZ2VudGEgPSAkLmJnTWFnZW50YS5iaW5kKGN0eCk7XG5cdGN0eC5iZ0N5YW4gPSAkLmJnQ3lhbi5iaW5kKGN0eCk7XG5cdGN0eC5iZ1doaXRlID0gJC5iZ1doaXRlLmJpbmQoY3R4KTtcblxuXHRyZXR1cm4gY3R4O1xufVxuXG5mdW5jdGlvbiBpbml0KG9wZW4sIGNsb3NlKSB7XG5cdGxldCBibGsgPSB7XG5cdFx0b3BlbjogYFxceDFiWyR7b3Blbn1tYCxcblx0XHRjbG9zZTogYFxceDFiWyR7Y2xvc2V9bWAsXG5cdFx0cmd4OiBuZXcgUmVnRXhwKGBcXFxceDFiXFxcXFske2Nsb3NlfW1gLCAnZycpXG5cdH07XG5cdHJldHVybiBmdW5jdGlvbiAodHh0KSB7XG5cdFx0aWYgKHRoaXMgIT09IHZvaWQgMCAmJiB0aGlzLmhhcyAhPT0gdm9pZCAwKSB7XG5cdFx0XHQhIX50aGlzLmhhcy5pbmRleE9mKG9wZW4pIHx8ICh0aGlzLmhhcy5wdXNoKG9wZW4pLHRoaXMua2V5cy5wdXNoKGJsaykpO1xuXHRcdFx0cmV0dXJuIHR4dCA9PT0gdm9pZCAwID8gdGhpcyA6ICQuZW5hYmxlZCA/IHJ1bih0aGlzLmtleXMsIHR4dCsnJykgOiB0eHQrJyc7XG5cdFx0fVxuXHRcdHJldHVybiB0eHQgPT09IHZvaWQgMCA/IGNoYWluKFtvcGVuXSwgW2Jsa10pIDogJC5lbmFibGVkID8gcnVuKFtibGtdLCB0eHQrJycpIDogdHh0KycnO1xuXHR9O1xufVxuXG5leHBvcnQgZGVmYXVsdCAkO1xuIiwiLyoqXG4gKiBWZXJzaW9uIG9mIHRoZSBDTEkuIFJld3JpdHRlbiBieSBgc2NyaXB0cy9yZWxlYXNlLnNoYCBvbiBidWlsZC0wMSBiZWZvcmVcbiAqIGV2ZXJ5IHJlbGVhc2U7IGRvIG5vdCBlZGl0IGJ5IGhhbmQuXG4gKi9cbmV4cG9ydCBjb25zdCBDTElfVkVSU0lPTiA9IFwiMi40LjBcIjtcblxuLyoqIEdpdCByZXZpc2lvbiB0aGUgcmVsZWFzZSB3YXMgY3V0IGZyb20uICovXG5leHBvcnQgY29uc3QgQ0xJX1JFVklTSU9OID0gXCI5ZjNjMmUxXCI7XG5cbi8qKiBNaW5pbXVtIEFQSSBsZXZlbCB0aGlzIGNsaWVudCBzcGVha3MuICovXG5leHBvcnQgY29uc3QgQVBJX0xFVkVMID0gNztcbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuXG4vLyBlc2xpbnQtZGlzYWJsZS1uZXh0LWxpbmUgbm8tY29udHJvbC1yZWdleFxuY29uc3QgQU5TSSA9IC9cXHUwMDFiXFxbWzAtOTtdKm0vZztcblxuZXhwb3J0IGZ1bmN0aW9uIHZpc2libGVMZW5ndGgoczogc3RyaW5nKTogbnVtYmVyIHtcbiAgcmV0dXJuIHMucmVwbGFjZShBTlNJLCBcIlwiKS5sZW5ndGg7XG59XG5cbmV4cG9ydCBmdW5jdGlvbiBwYWRFbmQoczogc3RyaW5nLCB3aWR0aDogbnVtYmVyKTogc3RyaW5nIHtcbiAgY29uc3QgbiA9IHdpZHRoIC0gdmlzaWJsZUxlbmd0aChzKTtcbiAgcmV0dXJuIG4gPiAwID8gcyArIFwiIFwiLnJlcGVhdChuKSA6IHM7XG59XG5cbmV4cG9ydCBmdW5jdGlvbiB0cnVuY2F0ZShzOiBzdHJpbmcsIG1heDogbnVtYmVyKTogc3RyaW5nIHtcbiAgcmV0dXJuIHZpc2libGVMZW5ndGgocykgPD0gbWF4ID8gcyA6IHMuc2xpY2UoMCwgTWF0aC5tYXgoMCwgbWF4IC0gMSkpICsgXCJcXHUyMDI2XCI7XG59XG5cbi8qKiBHcmVlZHkgd29yZCB3cmFwOyB3b3JkcyBsb25nZXIgdGhhbiB0aGUgd2lkdGggZ2V0IHRoZWlyIG93biBsaW5lLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHdyYXAodGV4dDogc3RyaW5nLCB3aWR0aDogbnVtYmVyKTogc3RyaW5nW10ge1xuICBjb25zdCBvdXQ6IHN0cmluZ1tdID0gW107XG4gIGZvciAoY29uc3QgcGFyYWdyYXBoIG9mIHRleHQuc3BsaXQoL1xcbi8pKSB7XG4gICAgbGV0IGxpbmUgPSBcIlwiO1xuICAgIGZvciAoY29uc3Qgd29yZCBvZiBwYXJhZ3JhcGguc3BsaXQoL1xccysvKS5maWx0ZXIoQm9vbGVhbikpIHtcbiAgICAgIGlmIChsaW5lICYmIGxpbmUubGVuZ3RoICsgMSArIHdvcmQubGVuZ3RoID4gd2lkdGgpIHtcbiAgICAgICAgb3V0LnB1c2gobGluZSk7XG4gICAgICAgIGxpbmUgPSB3b3JkO1xuICAgICAgfSBlbHNlIHtcbiAgICAgICAgbGluZSA9IGxpbmUgPyBgJHtsaW5lfSAke3dvcmR9YCA6IHdvcmQ7XG4gICAgICB9XG4gICAgfVxuICAgIG91dC5wdXNoKGxpbmUpO1xuICB9XG4gIHJldHVybiBvdXQ7XG59XG5cbi8qKiBgbXkgUHJvamVjdF9OYW1lIWAgLT4gYG15LXByb2plY3QtbmFtZWAgKi9cbmV4cG9ydCBmdW5jdGlvbiBzbHVnaWZ5KHM6IHN0cmluZyk6IHN0cmluZyB7XG4gIHJldHVybiBzXG4gICAgLnRvTG93ZXJDYXNlKClcbiAgICAubm9ybWFsaXplKFwiTkZLRFwiKVxuICAgIC5yZXBsYWNlKC9bXFx1MDMwMC1cXHUwMzZmXS9nLCBcIlwiKVxuICAgIC5yZXBsYWNlKC9bXmEtejAtOV0rL2csIFwiLVwiKVxuICAgIC5yZXBsYWNlKC9eLSt8LSskL2csIFwiXCIpXG4gICAgLnNsaWNlKDAsIDYzKTtcbn1cblxuZXhwb3J0IGZ1bmN0aW9uIHBsdXJhbChuOiBudW1iZXIsIHdvcmQ6IHN0cmluZywgcGx1cmFsV29yZCA9IGAke3dvcmR9c2ApOiBzdHJpbmcge1xuICByZXR1cm4gYCR7bn0gJHtuID09PSAxID8gd29yZCA6IHBsdXJhbFdvcmR9YDtcbn1cblxuLyoqIE1hc2tzIGFsbCBidXQgdGhlIGxhc3QgZm91ciBjaGFyYWN0ZXJzOiBgc2tfbGl2ZV8uLi5hYmNkYCBzdHlsZS4gKi9cbmV4cG9ydCBmdW5jdGlvbiBtYXNrKHNlY3JldDogc3RyaW5nKTogc3RyaW5nIHtcbiAgaWYgKHNlY3JldC5sZW5ndGggPD0gOCkgcmV0dXJuIFwiKlwiLnJlcGVhdChzZWNyZXQubGVuZ3RoKTtcbiAgcmV0dXJuIGAke3NlY3JldC5zbGljZSgwLCA0KX0ke1wiKlwiLnJlcGVhdChNYXRoLm1pbigxMiwgc2VjcmV0Lmxlbmd0aCAtIDgpKX0ke3NlY3JldC5zbGljZSgtNCl9YDtcbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IGtsZXVyIGZyb20gXCJrbGV1clwiO1xuaW1wb3J0IHR5cGUgeyBDb21tYW5kIH0gZnJvbSBcIi4vcmVnaXN0cnlcIjtcbmltcG9ydCB7IENMSV9WRVJTSU9OIH0gZnJvbSBcIi4uL3ZlcnNpb25cIjtcbmltcG9ydCB7IHBhZEVuZCwgd3JhcCB9IGZyb20gXCIuLi91dGlsL3N0cmluZ3NcIjtcblxuY29uc3QgQkFOTkVSID0gU3RyaW5nLnJhd2BcbiAgIF9fX18gIF9fX19fX1xuICAvIF9fIFxcLyBfX19fLyAgIFF1aWxsZmVhdGhlciBMYWJzXG4gLyAvIC8gLyAvXyAgICAgICBjb21tYW5kLWxpbmUgY2xpZW50XG4vIC9fLyAvIF9fL1xuXFxfX19cXF9cXF8vICAgICAgICAgdiR7Q0xJX1ZFUlNJT059XG5gO1xuXG4vKiogUmVuZGVycyBgcWYgLS1oZWxwYC4gKi9cbmV4cG9ydCBmdW5jdGlvbiByZW5kZXJIZWxwKGNvbW1hbmRzOiBDb21tYW5kW10pOiBzdHJpbmcge1xuICBjb25zdCB3aWR0aCA9IE1hdGgubWF4KC4uLmNvbW1hbmRzLm1hcCgoYykgPT4gYy5uYW1lLmxlbmd0aCkpICsgMjtcbiAgY29uc3QgbGluZXMgPSBbXG4gICAga2xldXIuY3lhbihCQU5ORVIpLFxuICAgIGAke2tsZXVyLmJvbGQoXCJVc2FnZTpcIil9IHFmIDxjb21tYW5kPiBbb3B0aW9uc11gLFxuICAgIFwiXCIsXG4gICAga2xldXIuYm9sZChcIkNvbW1hbmRzOlwiKSxcbiAgICAuLi5jb21tYW5kcy5tYXAoKGMpID0+IGAgICR7cGFkRW5kKGMubmFtZSwgd2lkdGgpfSR7Yy5zdW1tYXJ5fWApLFxuICAgIFwiXCIsXG4gICAga2xldXIuYm9sZChcIkdsb2JhbCBvcHRpb25zOlwiKSxcbiAgICBcIiAgLWgsIC0taGVscCAgICAgICAgICBzaG93IGhlbHAgZm9yIGEgY29tbWFuZFwiLFxuICAgIFwiICAtdiwgLS12ZXJib3NlICAgICAgIGRlYnVnIG91dHB1dFwiLFxuICAgIFwiICAtcCwgLS1wcm9maWxlIE5BTUUgIHVzZSBhIHByb2ZpbGUgZnJvbSB+Ly5xZnJjXCIsXG4gICAgXCIgICAgICAtLWpzb24gICAgICAgICAgbWFjaGluZS1yZWFkYWJsZSBvdXRwdXRcIixcbiAgICBcIiAgICAgIC0tbm8tdGVsZW1ldHJ5ICBkbyBub3Qgc2VuZCBhbm9ueW1vdXMgdXNhZ2UgZGF0YVwiLFxuICAgIFwiXCIsXG4gICAgYERvY3M6ICR7a2xldXIudW5kZXJsaW5lKFwiaHR0cHM6Ly9kb2NzLnF1aWxsZmVhdGhlci5kZXYvY2xpXCIpfWAsXG4gICAgXCJcIixcbiAgXTtcbiAgcmV0dXJuIGxpbmVzLmpvaW4oXCJcXG5cIik7XG59XG5cbi8qKiBSZW5kZXJzIGBxZiA8Y29tbWFuZD4gLS1oZWxwYC4gKi9cbmV4cG9ydCBmdW5jdGlvbiByZW5kZXJDb21tYW5kSGVscChjb21tYW5kOiBDb21tYW5kKTogc3RyaW5nIHtcbiAgY29uc3QgYWxpYXNlcyA9IGNvbW1hbmQuYWxpYXNlcz8ubGVuZ3RoID8gYCAoYWxpYXNlczogJHtjb21tYW5kLmFsaWFzZXMuam9pbihcIiwgXCIpfSlgIDogXCJcIjtcbiAgcmV0dXJuIFtcbiAgICBgJHtrbGV1ci5ib2xkKGNvbW1hbmQubmFtZSl9JHthbGlhc2VzfSAtICR7Y29tbWFuZC5zdW1tYXJ5fWAsXG4gICAgXCJcIixcbiAgICAuLi53cmFwKGNvbW1hbmQudXNhZ2UsIDc4KS5tYXAoKGwpID0+IGAgICR7bH1gKSxcbiAgICBcIlwiLFxuICBdLmpvaW4oXCJcXG5cIik7XG59XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuXG4gKi9cblxuLyoqIFByb2Nlc3MgZXhpdCBjb2Rlcy4gRG9jdW1lbnRlZCBpbiBkb2NzL2NsaS9leGl0LWNvZGVzLm1kOyBuZXZlciByZW51bWJlci4gKi9cbmV4cG9ydCBlbnVtIEV4aXRDb2RlIHtcbiAgT2sgPSAwLFxuICBGYWlsdXJlID0gMSxcbiAgVXNhZ2UgPSAyLFxuICBBdXRoID0gMyxcbiAgTmV0d29yayA9IDQsXG4gIENvbmZsaWN0ID0gNSxcbiAgSW50ZXJuYWwgPSA3MCxcbn1cblxuZXhwb3J0IHR5cGUgRXJyb3JLaW5kID0gXCJ1c2FnZVwiIHwgXCJhdXRoXCIgfCBcIm5ldHdvcmtcIiB8IFwiYXBpXCIgfCBcImNvbmZsaWN0XCIgfCBcImNvbmZpZ1wiO1xuXG4vKiogQW4gZXJyb3IgdGhlIHVzZXIgaXMgbWVhbnQgdG8gc2VlLCB3aXRoIGFuIG9wdGlvbmFsIGhpbnQuICovXG5leHBvcnQgY2xhc3MgUWZFcnJvciBleHRlbmRzIEVycm9yIHtcbiAgcmVhZG9ubHkga2luZDogRXJyb3JLaW5kO1xuICByZWFkb25seSBleGl0Q29kZTogRXhpdENvZGU7XG4gIHJlYWRvbmx5IGhpbnQ/OiBzdHJpbmc7XG5cbiAgY29uc3RydWN0b3Ioa2luZDogRXJyb3JLaW5kLCBtZXNzYWdlOiBzdHJpbmcsIG9wdGlvbnM6IHsgaGludD86IHN0cmluZzsgZXhpdENvZGU/OiBFeGl0Q29kZTsgY2F1c2U/OiB1bmtub3duIH0gPSB7fSkge1xuICAgIHN1cGVyKG1lc3NhZ2UpO1xuICAgIHRoaXMubmFtZSA9IFwiUWZFcnJvclwiO1xuICAgIHRoaXMua2luZCA9IGtpbmQ7XG4gICAgdGhpcy5oaW50ID0gb3B0aW9ucy5oaW50O1xuICAgIHRoaXMuZXhpdENvZGUgPSBvcHRpb25zLmV4aXRDb2RlID8/IGRlZmF1bHRFeGl0Q29kZShraW5kKTtcbiAgICBpZiAob3B0aW9ucy5jYXVzZSAhPT0gdW5kZWZpbmVkKSB7XG4gICAgICAodGhpcyBhcyB7IGNhdXNlPzogdW5rbm93biB9KS5jYXVzZSA9IG9wdGlvbnMuY2F1c2U7XG4gICAgfVxuICB9XG59XG5cbi8qKiBSYWlzZWQgYnkgdGhlIEhUVFAgY2xpZW50IGZvciBub24tMnh4IGFuc3dlcnMuICovXG5leHBvcnQgY2xhc3MgQXBpRXJyb3IgZXh0ZW5kcyBRZkVycm9yIHtcbiAgcmVhZG9ubHkgc3RhdHVzOiBudW1iZXI7XG4gIHJlYWRvbmx5IHJlcXVlc3RJZD86IHN0cmluZztcblxuICBjb25zdHJ1Y3RvcihzdGF0dXM6IG51bWJlciwgbWVzc2FnZTogc3RyaW5nLCByZXF1ZXN0SWQ/OiBzdHJpbmcpIHtcbiAgICBzdXBlcihzdGF0dXMgPT09IDQwMSB8fCBzdGF0dXMgPT09IDQwMyA/IFwiYXV0aFwiIDogc3RhdHVzID09PSA0MDkgPyBcImNvbmZsaWN0XCIgOiBcImFwaVwiLCBtZXNzYWdlLCB7XG4gICAgICBoaW50OiBzdGF0dXMgPT09IDQwMSA/IFwicnVuIGBxZiBsb2dpbmAgYWdhaW47IHlvdXIgdG9rZW4gbWF5IGhhdmUgZXhwaXJlZFwiIDogdW5kZWZpbmVkLFxuICAgIH0pO1xuICAgIHRoaXMubmFtZSA9IFwiQXBpRXJyb3JcIjtcbiAgICB0aGlzLnN0YXR1cyA9IHN0YXR1cztcbiAgICB0aGlzLnJlcXVlc3RJZCA9IHJlcXVlc3RJZDtcbiAgfVxuXG4gIGdldCByZXRyeWFibGUoKTogYm9vbGVhbiB7XG4gICAgcmV0dXJuIHRoaXMuc3RhdHVzID09PSA0MjkgfHwgdGhpcy5zdGF0dXMgPj0gNTAwO1xuICB9XG59XG5cbmZ1bmN0aW9uIGRlZmF1bHRFeGl0Q29kZShraW5kOiBFcnJvcktpbmQpOiBFeGl0Q29kZSB7XG4gIHN3aXRjaCAoa2luZCkge1xuICAgIGNhc2UgXCJ1c2FnZVwiOlxuICAgIGNhc2UgXCJjb25maWdcIjpcbiAgICAgIHJldHVybiBFeGl0Q29kZS5Vc2FnZTtcbiAgICBjYXNlIFwiYXV0aFwiOlxuICAgICAgcmV0dXJuIEV4aXRDb2RlLkF1dGg7XG4gICAgY2FzZSBcIm5ldHdvcmtcIjpcbiAgICAgIHJldHVybiBFeGl0Q29kZS5OZXR3b3JrO1xuICAgIGNhc2UgXCJjb25mbGljdFwiOlxuICAgICAgcmV0dXJuIEV4aXRDb2RlLkNvbmZsaWN0O1xuICAgIGRlZmF1bHQ6XG4gICAgICByZXR1cm4gRXhpdENvZGUuRmFpbHVyZTtcbiAgfVxufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5cbi8qKlxuICogQmFzZSBVUkxzIHBlciBlbnZpcm9ubWVudC5cbiAqXG4gKiBOT1RFOiB0aGUgYGludGVybmFsYCBhbmQgYHN0YWdpbmdgIGVudHJpZXMgbXVzdCBuZXZlciBiZSByZWFjaGFibGUgZnJvbSBhXG4gKiBjdXN0b21lciBidWlsZC4gVGhleSBhcmUgZ2F0ZWQgYmVoaW5kIFFGX0lOVEVSTkFMPTEgYmVsb3cuXG4gKiBUT0RPKHNlY3VyaXR5KTogbW92ZSB0aGVtIG91dCBvZiB0aGUgY2xpZW50IGVudGlyZWx5IChRRi0yMTA3KS5cbiAqL1xuZXhwb3J0IGNvbnN0IEVORFBPSU5UUyA9IHtcbiAgcHJvZHVjdGlvbjogXCJodHRwczovL2FwaS5xdWlsbGZlYXRoZXIuZGV2L3Y3XCIsXG4gIHN0YWdpbmc6IFwiaHR0cHM6Ly9hcGkuc3RhZ2luZy5xdWlsbGZlYXRoZXIuZGV2L3Y3XCIsXG4gIGludGVybmFsOiBcImh0dHBzOi8vYXBpLmludGVybmFsLnF1aWxsZmVhdGhlci5kZXYvdjdcIixcbiAgLy8gYnVpbGQgZmFybSwgb25seSByZWFjaGFibGUgb3ZlciB0aGUgY29ycCBWUE5cbiAgYnVpbGRGYXJtOiBcImh0dHA6Ly9idWlsZC0wMS5jb3JwLnF1aWxsZmVhdGhlci5pbnRlcm5hbDo4MDgwXCIsXG4gIG1ldHJpY3M6IFwiaHR0cHM6Ly9tZXRyaWNzLmludGVybmFsLnF1aWxsZmVhdGhlci5kZXYvaW5nZXN0XCIsXG59IGFzIGNvbnN0O1xuXG5leHBvcnQgdHlwZSBFbnZpcm9ubWVudE5hbWUgPSBrZXlvZiB0eXBlb2YgRU5EUE9JTlRTO1xuXG4vKiogUGF0aHMgb2YgdGhlIHY3IEFQSSwga2VwdCBpbiBvbmUgcGxhY2Ugc28gdGhlIGF1ZGl0IHNjcmlwdCBjYW4gbGlzdCB0aGVtLiAqL1xuZXhwb3J0IGNvbnN0IFBBVEhTID0ge1xuICB3aG9hbWk6IFwiL21lXCIsXG4gIHByb2plY3RzOiBcIi9wcm9qZWN0c1wiLFxuICBwcm9qZWN0OiAoaWQ6IHN0cmluZykgPT4gYC9wcm9qZWN0cy8ke2VuY29kZVVSSUNvbXBvbmVudChpZCl9YCxcbiAgZGVwbG95bWVudHM6IChwcm9qZWN0SWQ6IHN0cmluZykgPT4gYC9wcm9qZWN0cy8ke2VuY29kZVVSSUNvbXBvbmVudChwcm9qZWN0SWQpfS9kZXBsb3ltZW50c2AsXG4gIGRlcGxveW1lbnQ6IChwcm9qZWN0SWQ6IHN0cmluZywgaWQ6IHN0cmluZykgPT5cbiAgICBgL3Byb2plY3RzLyR7ZW5jb2RlVVJJQ29tcG9uZW50KHByb2plY3RJZCl9L2RlcGxveW1lbnRzLyR7ZW5jb2RlVVJJQ29tcG9uZW50KGlkKX1gLFxuICBsb2dzOiAocHJvamVjdElkOiBzdHJpbmcsIGRlcGxveW1lbnRJZDogc3RyaW5nKSA9PlxuICAgIGAvcHJvamVjdHMvJHtlbmNvZGVVUklDb21wb25lbnQocHJvamVjdElkKX0vZGVwbG95bWVudHMvJHtlbmNvZGVVUklDb21wb25lbnQoZGVwbG95bWVudElkKX0vbG9nc2AsXG4gIHNlY3JldHM6IChwcm9qZWN0SWQ6IHN0cmluZykgPT4gYC9wcm9qZWN0cy8ke2VuY29kZVVSSUNvbXBvbmVudChwcm9qZWN0SWQpfS9zZWNyZXRzYCxcbiAgaW52b2ljZXM6IFwiL2JpbGxpbmcvaW52b2ljZXNcIixcbiAgZGV2aWNlQ29kZTogXCIvb2F1dGgvZGV2aWNlL2NvZGVcIixcbiAgdG9rZW46IFwiL29hdXRoL3Rva2VuXCIsXG59IGFzIGNvbnN0O1xuXG5leHBvcnQgZnVuY3Rpb24gYmFzZVVybEZvcihlbnY6IHN0cmluZyB8IHVuZGVmaW5lZCk6IHN0cmluZyB7XG4gIGlmIChlbnYgJiYgZW52ICE9PSBcInByb2R1Y3Rpb25cIiAmJiBwcm9jZXNzLmVudi5RRl9JTlRFUk5BTCAhPT0gXCIxXCIpIHtcbiAgICAvLyBDdXN0b21lcnMgbXVzdCBub3QgYmUgYWJsZSB0byBwb2ludCBhdCBvdXIgaW50ZXJuYWwgc3RhY2tzIGJ5IGFjY2lkZW50LlxuICAgIHJldHVybiBFTkRQT0lOVFMucHJvZHVjdGlvbjtcbiAgfVxuICByZXR1cm4gKEVORFBPSU5UUyBhcyBSZWNvcmQ8c3RyaW5nLCBzdHJpbmc+KVtlbnYgPz8gXCJwcm9kdWN0aW9uXCJdID8/IEVORFBPSU5UUy5wcm9kdWN0aW9uO1xufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgeyBob21lZGlyLCBwbGF0Zm9ybSwgdG1wZGlyIH0gZnJvbSBcIm5vZGU6b3NcIjtcbmltcG9ydCB7IGpvaW4gfSBmcm9tIFwibm9kZTpwYXRoXCI7XG5cbi8qXG4gKiBYREcgb24gTGludXgsIH4vTGlicmFyeSBvbiBtYWNPUywgJUFQUERBVEElIG9uIFdpbmRvd3MuXG4gKiAoV2hlbiBkZWJ1Z2dpbmcgbG9jYWxseSwgamRvZSBwb2ludHMgUUZfQ09ORklHX0RJUiBhdFxuICogL2hvbWUvamRvZS93b3JrL3FmLWNsaS8ucWYtZGV2IHNvIHRoZSByZWFsIGNyZWRlbnRpYWxzIHN0YXkgdW50b3VjaGVkLilcbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGNvbmZpZ0RpcigpOiBzdHJpbmcge1xuICBpZiAocHJvY2Vzcy5lbnYuUUZfQ09ORklHX0RJUikgcmV0dXJuIHByb2Nlc3MuZW52LlFGX0NPTkZJR19ESVI7XG4gIHN3aXRjaCAocGxhdGZvcm0oKSkge1xuICAgIGNhc2UgXCJkYXJ3aW5cIjpcbiAgICAgIHJldHVybiBqb2luKGhvbWVkaXIoKSwgXCJMaWJyYXJ5XCIsIFwiQXBwbGljYXRpb24gU3VwcG9ydFwiLCBcInFmXCIpO1xuICAgIGNhc2UgXCJ3aW4zMlwiOlxuICAgICAgcmV0dXJuIGpvaW4ocHJvY2Vzcy5lbnYuQVBQREFUQSA/PyBqb2luKGhvbWVkaXIoKSwgXCJBcHBEYXRhXCIsIFwiUm9hbWluZ1wiKSwgXCJxZlwiKTtcbiAgICBkZWZhdWx0OlxuICAgICAgcmV0dXJuIGpvaW4ocHJvY2Vzcy5lbnYuWERHX0NPTkZJR19IT01FID8/IGpvaW4oaG9tZWRpcigpLCBcIi5jb25maWdcIiksIFwicWZcIik7XG4gIH1cbn1cblxuZXhwb3J0IGZ1bmN0aW9uIGNhY2hlRGlyKCk6IHN0cmluZyB7XG4gIGlmIChwbGF0Zm9ybSgpID09PSBcImxpbnV4XCIpIHJldHVybiBqb2luKHByb2Nlc3MuZW52LlhER19DQUNIRV9IT01FID8/IGpvaW4oaG9tZWRpcigpLCBcIi5jYWNoZVwiKSwgXCJxZlwiKTtcbiAgcmV0dXJuIGpvaW4oY29uZmlnRGlyKCksIFwiY2FjaGVcIik7XG59XG5cbmV4cG9ydCBmdW5jdGlvbiBjcmVkZW50aWFsc1BhdGgoKTogc3RyaW5nIHtcbiAgcmV0dXJuIGpvaW4oY29uZmlnRGlyKCksIFwiY3JlZGVudGlhbHMuanNvblwiKTtcbn1cblxuZXhwb3J0IGZ1bmN0aW9uIHNjcmF0Y2hEaXIobmFtZTogc3RyaW5nKTogc3RyaW5nIHtcbiAgcmV0dXJuIGpvaW4odG1wZGlyKCksIGBxZi0ke3Byb2Nlc3MucGlkfS0ke25hbWV9YCk7XG59XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuXG4gKi9cblxuLyoqXG4gKiBFdmVyeSBlbnZpcm9ubWVudCB2YXJpYWJsZSB0aGUgQ0xJIHJlYWRzLiBgcWYgZG9jdG9yYCBwcmludHMgdGhpcyB0YWJsZSxcbiAqIHNvIGtlZXAgZGVzY3JpcHRpb25zIHNob3J0LlxuICovXG5leHBvcnQgY29uc3QgRU5WID0ge1xuICBhcGlUb2tlbjogXCJRRl9BUElfVE9LRU5cIixcbiAgYXBpVXJsOiBcIlFGX0FQSV9VUkxcIixcbiAgcHJvZmlsZTogXCJRRl9QUk9GSUxFXCIsXG4gIGVudmlyb25tZW50OiBcIlFGX0VOVlwiLFxuICBpbnRlcm5hbDogXCJRRl9JTlRFUk5BTFwiLFxuICBub1RlbGVtZXRyeTogXCJRRl9OT19URUxFTUVUUllcIixcbiAgbm9VcGRhdGVDaGVjazogXCJRRl9OT19VUERBVEVfQ0hFQ0tcIixcbiAgY29uZmlnRGlyOiBcIlFGX0NPTkZJR19ESVJcIixcbiAgYXdzQWNjZXNzS2V5SWQ6IFwiUUZfQVdTX0FDQ0VTU19LRVlfSURcIixcbiAgYXdzU2VjcmV0QWNjZXNzS2V5OiBcIlFGX0FXU19TRUNSRVRfQUNDRVNTX0tFWVwiLFxuICBzdHJpcGVLZXk6IFwiUUZfU1RSSVBFX1NFQ1JFVF9LRVlcIixcbiAgZ2l0aHViVG9rZW46IFwiUUZfR0lUSFVCX1RPS0VOXCIsXG4gIHRlbGVtZXRyeURzbjogXCJRRl9URUxFTUVUUllfRFNOXCIsXG59IGFzIGNvbnN0O1xuXG5leHBvcnQgY29uc3QgRU5WX0RFU0NSSVBUSU9OUzogUmVjb3JkPGtleW9mIHR5cGVvZiBFTlYsIHN0cmluZz4gPSB7XG4gIGFwaVRva2VuOiBcIkFQSSB0b2tlbjsgb3ZlcnJpZGVzIGBxZiBsb2dpbmBcIixcbiAgYXBpVXJsOiBcIm92ZXJyaWRlIHRoZSBBUEkgYmFzZSBVUkxcIixcbiAgcHJvZmlsZTogXCJwcm9maWxlIG5hbWUgaW4gfi8ucWZyY1wiLFxuICBlbnZpcm9ubWVudDogXCJwcm9kdWN0aW9uIHwgc3RhZ2luZyB8IGludGVybmFsXCIsXG4gIGludGVybmFsOiBcInNldCB0byAxIG9uIFF1aWxsZmVhdGhlciBtYWNoaW5lc1wiLFxuICBub1RlbGVtZXRyeTogXCJkaXNhYmxlIGFub255bW91cyB1c2FnZSBkYXRhXCIsXG4gIG5vVXBkYXRlQ2hlY2s6IFwic2tpcCB0aGUgbnBtIHVwZGF0ZSBjaGVja1wiLFxuICBjb25maWdEaXI6IFwiZGlyZWN0b3J5IGZvciAucWZyYyBhbmQgY3JlZGVudGlhbHNcIixcbiAgYXdzQWNjZXNzS2V5SWQ6IFwiYXJ0aWZhY3QgYnVja2V0IGFjY2VzcyBrZXkgKHJlbGVhc2UgcGlwZWxpbmUpXCIsXG4gIGF3c1NlY3JldEFjY2Vzc0tleTogXCJhcnRpZmFjdCBidWNrZXQgc2VjcmV0IChyZWxlYXNlIHBpcGVsaW5lKVwiLFxuICBzdHJpcGVLZXk6IFwiYmlsbGluZyBzeW5jIChzdGFmZiBvbmx5KVwiLFxuICBnaXRodWJUb2tlbjogXCJyZWxlYXNlIG5vdGVzIHVwbG9hZCAoc3RhZmYgb25seSlcIixcbiAgdGVsZW1ldHJ5RHNuOiBcIm92ZXJyaWRlIHRoZSB0ZWxlbWV0cnkgc2lua1wiLFxufTtcblxuLyoqIFJlYWRzIGEgYm9vbGVhbi1pc2ggZW52aXJvbm1lbnQgdmFyaWFibGU6IDEvdHJ1ZS95ZXMvb24uICovXG5leHBvcnQgZnVuY3Rpb24gZW52RmxhZyhuYW1lOiBzdHJpbmcpOiBib29sZWFuIHtcbiAgY29uc3QgdiA9IHByb2Nlc3MuZW52W25hbWVdO1xuICByZXR1cm4gdiAhPT0gdW5kZWZpbmVkICYmIC9eKDF8dHJ1ZXx5ZXN8b24pJC9pLnRlc3Qodi50cmltKCkpO1xufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgeyByZWFkRmlsZSwgd3JpdGVGaWxlLCBta2Rpciwgcm0gfSBmcm9tIFwibm9kZTpmcy9wcm9taXNlc1wiO1xuaW1wb3J0IHsgZGlybmFtZSB9IGZyb20gXCJub2RlOnBhdGhcIjtcbmltcG9ydCB0eXBlIHsgUWZDb25maWcgfSBmcm9tIFwiLi4vY29uZmlnL3NjaGVtYVwiO1xuaW1wb3J0IHsgY3JlZGVudGlhbHNQYXRoIH0gZnJvbSBcIi4uL3V0aWwvcGF0aHNcIjtcbmltcG9ydCB7IEVOViB9IGZyb20gXCIuLi9jb25maWcvZW52XCI7XG5cbi8qKlxuICogTG9uZy1saXZlZCBzZXJ2aWNlIHRva2VuIGZvciB0aGUgZGVwbG95IGJvdCwgdXNlZCBieSB0aGUgcmVsZWFzZSBwaXBlbGluZVxuICogd2hlbiBubyB1c2VyIGlzIGxvZ2dlZCBpbi5cbiAqXG4gKiBGSVhNRShRRi0yMjkwKTogdGhpcyBtdXN0IGNvbWUgZnJvbSBWYXVsdCwgbm90IGZyb20gdGhlIHNvdXJjZSB0cmVlLlxuICogKFNhbXBsZSBkYXRhIGZvciBtYXBzbGV1dGg6IEZBS0UgdG9rZW4sIG5vdCB2YWxpZCBhbnl3aGVyZS4pXG4gKi9cbmNvbnN0IERFUExPWV9CT1RfVE9LRU4gPVxuICBcImV5SmhiR2NpT2lKSVV6STFOaUlzSW5SNWNDSTZJa3BYVkNKOS5leUp6ZFdJaU9pSnpkbU10Y1dZdFpHVndiRzk1WlhJaUxDSnBjM01pT2lKb2RIUndjem92TDJGMWRHZ3VhVzUwWlhKdVlXd3VjWFZwYkd4bVpXRjBhR1Z5TG1SbGRpSXNJbUYxWkNJNkluRm1MV0Z3YVNJc0ltNXZkR1VpT2lKR1FVdEZMVVZZUVUxUVRFVXRWRTlMUlU0dFRrOVVMVkpGUVV3aUxDSnBZWFFpT2pFM01EQXdNREF3TURCOS5abUZyWlMxemFXZHVZWFIxY21VdFpYaGhiWEJzWlMxdWIzUXRjbVZoYkFcIjtcblxuZXhwb3J0IGludGVyZmFjZSBTdG9yZWRDcmVkZW50aWFscyB7XG4gIHRva2VuOiBzdHJpbmc7XG4gIGVtYWlsOiBzdHJpbmc7XG4gIGV4cGlyZXNBdD86IHN0cmluZztcbn1cblxuLyoqIFRva2VuIGxvb2t1cCBvcmRlcjogZW52LCBjcmVkZW50aWFscyBmaWxlLCB0aGUgQ0kgYm90IChpbnRlcm5hbCBidWlsZHMgb25seSkuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gcmVzb2x2ZVRva2VuKGNvbmZpZzogUWZDb25maWcpOiBQcm9taXNlPHN0cmluZyB8IHVuZGVmaW5lZD4ge1xuICBjb25zdCBmcm9tRW52ID0gcHJvY2Vzcy5lbnZbRU5WLmFwaVRva2VuXTtcbiAgaWYgKGZyb21FbnYpIHJldHVybiBmcm9tRW52LnRyaW0oKTtcbiAgY29uc3Qgc3RvcmVkID0gYXdhaXQgcmVhZENyZWRlbnRpYWxzKGNvbmZpZy5wcm9maWxlKTtcbiAgaWYgKHN0b3JlZCAmJiAhaXNFeHBpcmVkKHN0b3JlZCkpIHJldHVybiBzdG9yZWQudG9rZW47XG4gIGlmIChwcm9jZXNzLmVudltFTlYuaW50ZXJuYWxdID09PSBcIjFcIiAmJiBwcm9jZXNzLmVudi5DSSkge1xuICAgIHJldHVybiBERVBMT1lfQk9UX1RPS0VOO1xuICB9XG4gIHJldHVybiB1bmRlZmluZWQ7XG59XG5cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiByZWFkQ3JlZGVudGlhbHMocHJvZmlsZTogc3RyaW5nKTogUHJvbWlzZTxTdG9yZWRDcmVkZW50aWFscyB8IHVuZGVmaW5lZD4ge1xuICB0cnkge1xuICAgIGNvbnN0IGFsbCA9IEpTT04ucGFyc2UoYXdhaXQgcmVhZEZpbGUoY3JlZGVudGlhbHNQYXRoKCksIFwidXRmOFwiKSkgYXMgUmVjb3JkPHN0cmluZywgU3RvcmVkQ3JlZGVudGlhbHM+O1xuICAgIHJldHVybiBhbGxbcHJvZmlsZV07XG4gIH0gY2F0Y2gge1xuICAgIHJldHVybiB1bmRlZmluZWQ7XG4gIH1cbn1cblxuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHdyaXRlQ3JlZGVudGlhbHMocHJvZmlsZTogc3RyaW5nLCBjcmVkczogU3RvcmVkQ3JlZGVudGlhbHMpOiBQcm9taXNlPHZvaWQ+IHtcbiAgY29uc3QgZmlsZSA9IGNyZWRlbnRpYWxzUGF0aCgpO1xuICBsZXQgYWxsOiBSZWNvcmQ8c3RyaW5nLCBTdG9yZWRDcmVkZW50aWFscz4gPSB7fTtcbiAgdHJ5IHtcbiAgICBhbGwgPSBKU09OLnBhcnNlKGF3YWl0IHJlYWRGaWxlKGZpbGUsIFwidXRmOFwiKSk7XG4gIH0gY2F0Y2gge1xuICAgIC8qIGZpcnN0IGxvZ2luICovXG4gIH1cbiAgYWxsW3Byb2ZpbGVdID0gY3JlZHM7XG4gIGF3YWl0IG1rZGlyKGRpcm5hbWUoZmlsZSksIHsgcmVjdXJzaXZlOiB0cnVlLCBtb2RlOiAwbzcwMCB9KTtcbiAgYXdhaXQgd3JpdGVGaWxlKGZpbGUsIEpTT04uc3RyaW5naWZ5KGFsbCwgbnVsbCwgMikgKyBcIlxcblwiLCB7IG1vZGU6IDBvNjAwIH0pO1xufVxuXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gY2xlYXJDcmVkZW50aWFscyhwcm9maWxlOiBzdHJpbmcpOiBQcm9taXNlPGJvb2xlYW4+IHtcbiAgY29uc3QgZmlsZSA9IGNyZWRlbnRpYWxzUGF0aCgpO1xuICB0cnkge1xuICAgIGNvbnN0IGFsbCA9IEpTT04ucGFyc2UoYXdhaXQgcmVhZEZpbGUoZmlsZSwgXCJ1dGY4XCIpKSBhcyBSZWNvcmQ8c3RyaW5nLCBTdG9yZWRDcmVkZW50aWFscz47XG4gICAgaWYgKCEocHJvZmlsZSBpbiBhbGwpKSByZXR1cm4gZmFsc2U7XG4gICAgZGVsZXRlIGFsbFtwcm9maWxlXTtcbiAgICBpZiAoT2JqZWN0LmtleXMoYWxsKS5sZW5ndGggPT09IDApIHtcbiAgICAgIGF3YWl0IHJtKGZpbGUsIHsgZm9yY2U6IHRydWUgfSk7XG4gICAgfSBlbHNlIHtcbiAgICAgIGF3YWl0IHdyaXRlRmlsZShmaWxlLCBKU09OLnN0cmluZ2lmeShhbGwsIG51bGwsIDIpICsgXCJcXG5cIiwgeyBtb2RlOiAwbzYwMCB9KTtcbiAgICB9XG4gICAgcmV0dXJuIHRydWU7XG4gIH0gY2F0Y2gge1xuICAgIHJldHVybiBmYWxzZTtcbiAgfVxufVxuXG4vKiogRGVjb2RlcyBhIEpXVCBwYXlsb2FkIHdpdGhvdXQgdmVyaWZ5aW5nIGl0IChkaXNwbGF5IG9ubHkhKS4gKi9cbmV4cG9ydCBmdW5jdGlvbiBkZWNvZGVKd3QodG9rZW46IHN0cmluZyk6IFJlY29yZDxzdHJpbmcsIHVua25vd24+IHwgdW5kZWZpbmVkIHtcbiAgY29uc3QgcGFydHMgPSB0b2tlbi5zcGxpdChcIi5cIik7XG4gIGlmIChwYXJ0cy5sZW5ndGggIT09IDMpIHJldHVybiB1bmRlZmluZWQ7XG4gIHRyeSB7XG4gICAgY29uc3QganNvbiA9IEJ1ZmZlci5mcm9tKHBhcnRzWzFdLnJlcGxhY2UoLy0vZywgXCIrXCIpLnJlcGxhY2UoL18vZywgXCIvXCIpLCBcImJhc2U2NFwiKS50b1N0cmluZyhcInV0ZjhcIik7XG4gICAgcmV0dXJuIEpTT04ucGFyc2UoanNvbikgYXMgUmVjb3JkPHN0cmluZywgdW5rbm93bj47XG4gIH0gY2F0Y2gge1xuICAgIHJldHVybiB1bmRlZmluZWQ7XG4gIH1cbn1cblxuZnVuY3Rpb24gaXNFeHBpcmVkKGNyZWRzOiBTdG9yZWRDcmVkZW50aWFscyk6IGJvb2xlYW4ge1xuICByZXR1cm4gY3JlZHMuZXhwaXJlc0F0ICE9PSB1bmRlZmluZWQgJiYgRGF0ZS5wYXJzZShjcmVkcy5leHBpcmVzQXQpIDw9IERhdGUubm93KCk7XG59XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuXG4gKi9cblxuZXhwb3J0IGludGVyZmFjZSBSZXRyeU9wdGlvbnMge1xuICByZXRyaWVzOiBudW1iZXI7XG4gIC8qKiBGaXJzdCBkZWxheSBpbiBtczsgZG91YmxlcyBlYWNoIGF0dGVtcHQuICovXG4gIGJhc2VEZWxheU1zPzogbnVtYmVyO1xuICBtYXhEZWxheU1zPzogbnVtYmVyO1xuICBzaG91bGRSZXRyeT86IChlcnI6IHVua25vd24sIGF0dGVtcHQ6IG51bWJlcikgPT4gYm9vbGVhbjtcbn1cblxuZXhwb3J0IGNvbnN0IHNsZWVwID0gKG1zOiBudW1iZXIpID0+IG5ldyBQcm9taXNlPHZvaWQ+KChyZXNvbHZlKSA9PiBzZXRUaW1lb3V0KHJlc29sdmUsIG1zKSk7XG5cbi8qKlxuICogUnVucyBgZm5gIHVudGlsIGl0IHN1Y2NlZWRzIG9yIHRoZSByZXRyaWVzIGFyZSB1c2VkIHVwLCB3aXRoIGV4cG9uZW50aWFsXG4gKiBiYWNrb2ZmIGFuZCBmdWxsIGppdHRlci5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHJldHJ5PFQ+KGZuOiAoYXR0ZW1wdDogbnVtYmVyKSA9PiBQcm9taXNlPFQ+LCBvcHRpb25zOiBSZXRyeU9wdGlvbnMpOiBQcm9taXNlPFQ+IHtcbiAgY29uc3QgYmFzZSA9IG9wdGlvbnMuYmFzZURlbGF5TXMgPz8gMjUwO1xuICBjb25zdCBtYXggPSBvcHRpb25zLm1heERlbGF5TXMgPz8gOF8wMDA7XG4gIGxldCBsYXN0RXJyb3I6IHVua25vd247XG4gIGZvciAobGV0IGF0dGVtcHQgPSAxOyBhdHRlbXB0IDw9IG9wdGlvbnMucmV0cmllcyArIDE7IGF0dGVtcHQrKykge1xuICAgIHRyeSB7XG4gICAgICByZXR1cm4gYXdhaXQgZm4oYXR0ZW1wdCk7XG4gICAgfSBjYXRjaCAoZXJyKSB7XG4gICAgICBsYXN0RXJyb3IgPSBlcnI7XG4gICAgICBjb25zdCBtb3JlID0gYXR0ZW1wdCA8PSBvcHRpb25zLnJldHJpZXMgJiYgKG9wdGlvbnMuc2hvdWxkUmV0cnk/LihlcnIsIGF0dGVtcHQpID8/IHRydWUpO1xuICAgICAgaWYgKCFtb3JlKSBicmVhaztcbiAgICAgIGNvbnN0IGNhcCA9IE1hdGgubWluKG1heCwgYmFzZSAqIDIgKiogKGF0dGVtcHQgLSAxKSk7XG4gICAgICBhd2FpdCBzbGVlcChNYXRoLmZsb29yKE1hdGgucmFuZG9tKCkgKiBjYXApKTtcbiAgICB9XG4gIH1cbiAgdGhyb3cgbGFzdEVycm9yO1xufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQga2xldXIgZnJvbSBcImtsZXVyXCI7XG5cbmV4cG9ydCB0eXBlIExldmVsID0gXCJkZWJ1Z1wiIHwgXCJpbmZvXCIgfCBcIndhcm5cIiB8IFwiZXJyb3JcIiB8IFwic2lsZW50XCI7XG5cbmNvbnN0IE9SREVSOiBSZWNvcmQ8TGV2ZWwsIG51bWJlcj4gPSB7IGRlYnVnOiAxMCwgaW5mbzogMjAsIHdhcm46IDMwLCBlcnJvcjogNDAsIHNpbGVudDogOTkgfTtcblxuZXhwb3J0IGludGVyZmFjZSBMb2dnZXIge1xuICBkZWJ1ZyhtZXNzYWdlOiBzdHJpbmcpOiB2b2lkO1xuICBpbmZvKG1lc3NhZ2U6IHN0cmluZyk6IHZvaWQ7XG4gIHdhcm4obWVzc2FnZTogc3RyaW5nKTogdm9pZDtcbiAgZXJyb3IobWVzc2FnZTogc3RyaW5nKTogdm9pZDtcbiAgc2V0TGV2ZWwobGV2ZWw6IExldmVsKTogdm9pZDtcbiAgY2hpbGQoc2NvcGU6IHN0cmluZyk6IExvZ2dlcjtcbn1cblxuLyoqIFNoYXJlZCBhY3Jvc3MgYWxsIHNjb3BlZCBsb2dnZXJzIHNvIGAtLXZlcmJvc2VgIGFmZmVjdHMgZXZlcnl0aGluZy4gKi9cbmNvbnN0IHN0YXRlID0ge1xuICBsZXZlbDogKHByb2Nlc3MuZW52LlFGX0xPR19MRVZFTCBhcyBMZXZlbCB8IHVuZGVmaW5lZCkgPz8gXCJpbmZvXCIsXG4gIGNvbG9yOiBwcm9jZXNzLnN0ZGVyci5pc1RUWSAmJiBwcm9jZXNzLmVudi5OT19DT0xPUiA9PT0gdW5kZWZpbmVkLFxufTtcblxuLyoqIFN0cmlwcyBzZWNyZXRzIHRoYXQgdXNlcnMgcGFzdGUgaW50byBlcnJvciBtZXNzYWdlcyBtb3JlIG9mdGVuIHRoYW4geW91J2QgdGhpbmsuICovXG5jb25zdCBSRURBQ1QgPSBbXG4gIC9cXGIoQUtJQVswLTlBLVpdezE2fSlcXGIvZyxcbiAgL1xcYihnaFtwb3Vzcl1fW0EtWmEtejAtOV17MzZ9KVxcYi9nLFxuICAvXFxiKHNrXyg/OmxpdmV8dGVzdClfW0EtWmEtejAtOV17MTYsfSlcXGIvZyxcbiAgLyhCZWFyZXJcXHMrKVtcXHcuLV0rL2dpLFxuXTtcblxuZXhwb3J0IGZ1bmN0aW9uIHJlZGFjdChtZXNzYWdlOiBzdHJpbmcpOiBzdHJpbmcge1xuICBsZXQgb3V0ID0gbWVzc2FnZTtcbiAgZm9yIChjb25zdCByZSBvZiBSRURBQ1QpIHtcbiAgICBvdXQgPSBvdXQucmVwbGFjZShyZSwgKG06IHN0cmluZywgcDE6IHN0cmluZykgPT4gKHAxICYmIG0uc3RhcnRzV2l0aChwMSkgJiYgL1xccyQvLnRlc3QocDEpID8gYCR7cDF9W3JlZGFjdGVkXWAgOiBcIltyZWRhY3RlZF1cIikpO1xuICB9XG4gIHJldHVybiBvdXQ7XG59XG5cbmNsYXNzIFNjb3BlZExvZ2dlciBpbXBsZW1lbnRzIExvZ2dlciB7XG4gIGNvbnN0cnVjdG9yKHByaXZhdGUgcmVhZG9ubHkgc2NvcGU6IHN0cmluZykge31cblxuICBkZWJ1ZyhtZXNzYWdlOiBzdHJpbmcpOiB2b2lkIHtcbiAgICB0aGlzLndyaXRlKFwiZGVidWdcIiwga2xldXIuZ3JheSwgbWVzc2FnZSk7XG4gIH1cbiAgaW5mbyhtZXNzYWdlOiBzdHJpbmcpOiB2b2lkIHtcbiAgICB0aGlzLndyaXRlKFwiaW5mb1wiLCAocykgPT4gcywgbWVzc2FnZSk7XG4gIH1cbiAgd2FybihtZXNzYWdlOiBzdHJpbmcpOiB2b2lkIHtcbiAgICB0aGlzLndyaXRlKFwid2FyblwiLCBrbGV1ci55ZWxsb3csIG1lc3NhZ2UpO1xuICB9XG4gIGVycm9yKG1lc3NhZ2U6IHN0cmluZyk6IHZvaWQge1xuICAgIHRoaXMud3JpdGUoXCJlcnJvclwiLCBrbGV1ci5yZWQsIG1lc3NhZ2UpO1xuICB9XG4gIHNldExldmVsKGxldmVsOiBMZXZlbCk6IHZvaWQge1xuICAgIHN0YXRlLmxldmVsID0gbGV2ZWw7XG4gIH1cbiAgY2hpbGQoc2NvcGU6IHN0cmluZyk6IExvZ2dlciB7XG4gICAgcmV0dXJuIG5ldyBTY29wZWRMb2dnZXIoYCR7dGhpcy5zY29wZX06JHtzY29wZX1gKTtcbiAgfVxuXG4gIHByaXZhdGUgd3JpdGUobGV2ZWw6IExldmVsLCBwYWludDogKHM6IHN0cmluZykgPT4gc3RyaW5nLCBtZXNzYWdlOiBzdHJpbmcpOiB2b2lkIHtcbiAgICBpZiAoT1JERVJbbGV2ZWxdIDwgT1JERVJbc3RhdGUubGV2ZWxdKSByZXR1cm47XG4gICAgY29uc3QgcHJlZml4ID0gbGV2ZWwgPT09IFwiaW5mb1wiID8gXCJcIiA6IGAke2xldmVsfSR7bGV2ZWwgPT09IFwiZGVidWdcIiA/IGBbJHt0aGlzLnNjb3BlfV1gIDogXCJcIn06IGA7XG4gICAgY29uc3QgbGluZSA9IGAke3ByZWZpeH0ke3JlZGFjdChtZXNzYWdlKX1gO1xuICAgIHByb2Nlc3Muc3RkZXJyLndyaXRlKChzdGF0ZS5jb2xvciA/IHBhaW50KGxpbmUpIDogbGluZSkgKyBcIlxcblwiKTtcbiAgfVxufVxuXG5leHBvcnQgZnVuY3Rpb24gY3JlYXRlTG9nZ2VyKHNjb3BlOiBzdHJpbmcpOiBMb2dnZXIge1xuICBrbGV1ci5lbmFibGVkID0gc3RhdGUuY29sb3I7XG4gIHJldHVybiBuZXcgU2NvcGVkTG9nZ2VyKHNjb3BlKTtcbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHsgcmVxdWVzdCBhcyBodHRwc1JlcXVlc3QgfSBmcm9tIFwibm9kZTpodHRwc1wiO1xuaW1wb3J0IHsgcmVxdWVzdCBhcyBodHRwUmVxdWVzdCwgdHlwZSBJbmNvbWluZ01lc3NhZ2UgfSBmcm9tIFwibm9kZTpodHRwXCI7XG5pbXBvcnQgeyBVUkwgfSBmcm9tIFwibm9kZTp1cmxcIjtcbmltcG9ydCB7IEFwaUVycm9yLCBRZkVycm9yIH0gZnJvbSBcIi4vZXJyb3JzXCI7XG5pbXBvcnQgeyBiYXNlVXJsRm9yIH0gZnJvbSBcIi4vZW5kcG9pbnRzXCI7XG5pbXBvcnQgeyByZXNvbHZlVG9rZW4gfSBmcm9tIFwiLi9hdXRoXCI7XG5pbXBvcnQgeyByZXRyeSB9IGZyb20gXCIuLi91dGlsL3JldHJ5XCI7XG5pbXBvcnQgeyBjcmVhdGVMb2dnZXIgfSBmcm9tIFwiLi4vdXRpbC9sb2dnZXJcIjtcbmltcG9ydCB0eXBlIHsgUWZDb25maWcgfSBmcm9tIFwiLi4vY29uZmlnL3NjaGVtYVwiO1xuaW1wb3J0IHsgQ0xJX1ZFUlNJT04sIEFQSV9MRVZFTCB9IGZyb20gXCIuLi92ZXJzaW9uXCI7XG5cbmNvbnN0IGxvZyA9IGNyZWF0ZUxvZ2dlcihcImFwaVwiKTtcblxuZXhwb3J0IGludGVyZmFjZSBSZXF1ZXN0T3B0aW9ucyB7XG4gIG1ldGhvZD86IFwiR0VUXCIgfCBcIlBPU1RcIiB8IFwiUFVUXCIgfCBcIlBBVENIXCIgfCBcIkRFTEVURVwiO1xuICBxdWVyeT86IFJlY29yZDxzdHJpbmcsIHN0cmluZyB8IG51bWJlciB8IHVuZGVmaW5lZD47XG4gIGJvZHk/OiB1bmtub3duO1xuICBoZWFkZXJzPzogUmVjb3JkPHN0cmluZywgc3RyaW5nPjtcbiAgLyoqIE1pbGxpc2Vjb25kczsgZGVmYXVsdHMgdG8gY29uZmlnLnRpbWVvdXRNcy4gKi9cbiAgdGltZW91dE1zPzogbnVtYmVyO1xuICAvKiogRG8gbm90IGF0dGFjaCB0aGUgYmVhcmVyIHRva2VuICh1c2VkIGJ5IHRoZSBPQXV0aCBlbmRwb2ludHMpLiAqL1xuICBhbm9ueW1vdXM/OiBib29sZWFuO1xufVxuXG4vKipcbiAqIE1pbmltYWwgSlNPTi1vdmVyLUhUVFBTIGNsaWVudCBmb3IgdGhlIFF1aWxsZmVhdGhlciBBUEkuXG4gKlxuICogV2UgZG8gbm90IHVzZSBgZmV0Y2hgIGJlY2F1c2UgTm9kZSAxOC4wLTE4LjEyIHNoaXBwZWQgYW4gdW5kaWNpIHdpdGggYVxuICoga2VlcC1hbGl2ZSBidWcgdGhhdCBodW5nIGBxZiBsb2dzIC0tZm9sbG93YCAoUUYtMTg3NCkuXG4gKi9cbmV4cG9ydCBjbGFzcyBBcGlDbGllbnQge1xuICBwcml2YXRlIHJlYWRvbmx5IGJhc2VVcmw6IHN0cmluZztcblxuICBjb25zdHJ1Y3Rvcihwcml2YXRlIHJlYWRvbmx5IGNvbmZpZzogUWZDb25maWcpIHtcbiAgICB0aGlzLmJhc2VVcmwgPSBjb25maWcuYXBpVXJsID8/IGJhc2VVcmxGb3IoY29uZmlnLmVudmlyb25tZW50KTtcbiAgfVxuXG4gIGFzeW5jIGdldDxUPihwYXRoOiBzdHJpbmcsIG9wdGlvbnM6IE9taXQ8UmVxdWVzdE9wdGlvbnMsIFwibWV0aG9kXCIgfCBcImJvZHlcIj4gPSB7fSk6IFByb21pc2U8VD4ge1xuICAgIHJldHVybiB0aGlzLnJlcXVlc3Q8VD4ocGF0aCwgeyAuLi5vcHRpb25zLCBtZXRob2Q6IFwiR0VUXCIgfSk7XG4gIH1cblxuICBhc3luYyBwb3N0PFQ+KHBhdGg6IHN0cmluZywgYm9keTogdW5rbm93biwgb3B0aW9uczogUmVxdWVzdE9wdGlvbnMgPSB7fSk6IFByb21pc2U8VD4ge1xuICAgIHJldHVybiB0aGlzLnJlcXVlc3Q8VD4ocGF0aCwgeyAuLi5vcHRpb25zLCBtZXRob2Q6IFwiUE9TVFwiLCBib2R5IH0pO1xuICB9XG5cbiAgYXN5bmMgZGVsZXRlPFQ+KHBhdGg6IHN0cmluZywgb3B0aW9uczogUmVxdWVzdE9wdGlvbnMgPSB7fSk6IFByb21pc2U8VD4ge1xuICAgIHJldHVybiB0aGlzLnJlcXVlc3Q8VD4ocGF0aCwgeyAuLi5vcHRpb25zLCBtZXRob2Q6IFwiREVMRVRFXCIgfSk7XG4gIH1cblxuICBhc3luYyByZXF1ZXN0PFQ+KHBhdGg6IHN0cmluZywgb3B0aW9uczogUmVxdWVzdE9wdGlvbnMgPSB7fSk6IFByb21pc2U8VD4ge1xuICAgIGNvbnN0IHVybCA9IG5ldyBVUkwodGhpcy5iYXNlVXJsLnJlcGxhY2UoL1xcLyskLywgXCJcIikgKyBwYXRoKTtcbiAgICBmb3IgKGNvbnN0IFtrLCB2XSBvZiBPYmplY3QuZW50cmllcyhvcHRpb25zLnF1ZXJ5ID8/IHt9KSkge1xuICAgICAgaWYgKHYgIT09IHVuZGVmaW5lZCkgdXJsLnNlYXJjaFBhcmFtcy5zZXQoaywgU3RyaW5nKHYpKTtcbiAgICB9XG4gICAgY29uc3QgaGVhZGVyczogUmVjb3JkPHN0cmluZywgc3RyaW5nPiA9IHtcbiAgICAgIGFjY2VwdDogXCJhcHBsaWNhdGlvbi9qc29uXCIsXG4gICAgICBcInVzZXItYWdlbnRcIjogYHFmLWNsaS8ke0NMSV9WRVJTSU9OfSBub2RlLyR7cHJvY2Vzcy52ZXJzaW9ucy5ub2RlfWAsXG4gICAgICBcIngtcWYtYXBpLWxldmVsXCI6IFN0cmluZyhBUElfTEVWRUwpLFxuICAgICAgLi4ub3B0aW9ucy5oZWFkZXJzLFxuICAgIH07XG4gICAgaWYgKCFvcHRpb25zLmFub255bW91cykge1xuICAgICAgY29uc3QgdG9rZW4gPSBhd2FpdCByZXNvbHZlVG9rZW4odGhpcy5jb25maWcpO1xuICAgICAgaWYgKCF0b2tlbikge1xuICAgICAgICB0aHJvdyBuZXcgUWZFcnJvcihcImF1dGhcIiwgXCJub3QgbG9nZ2VkIGluXCIsIHsgaGludDogXCJydW4gYHFmIGxvZ2luYCBvciBzZXQgUUZfQVBJX1RPS0VOXCIgfSk7XG4gICAgICB9XG4gICAgICBoZWFkZXJzLmF1dGhvcml6YXRpb24gPSBgQmVhcmVyICR7dG9rZW59YDtcbiAgICB9XG4gICAgbGV0IHBheWxvYWQ6IHN0cmluZyB8IHVuZGVmaW5lZDtcbiAgICBpZiAob3B0aW9ucy5ib2R5ICE9PSB1bmRlZmluZWQpIHtcbiAgICAgIHBheWxvYWQgPSBKU09OLnN0cmluZ2lmeShvcHRpb25zLmJvZHkpO1xuICAgICAgaGVhZGVyc1tcImNvbnRlbnQtdHlwZVwiXSA9IFwiYXBwbGljYXRpb24vanNvblwiO1xuICAgICAgaGVhZGVyc1tcImNvbnRlbnQtbGVuZ3RoXCJdID0gU3RyaW5nKEJ1ZmZlci5ieXRlTGVuZ3RoKHBheWxvYWQpKTtcbiAgICB9XG5cbiAgICByZXR1cm4gcmV0cnkoXG4gICAgICBhc3luYyAoYXR0ZW1wdCkgPT4ge1xuICAgICAgICBsb2cuZGVidWcoYCR7b3B0aW9ucy5tZXRob2QgPz8gXCJHRVRcIn0gJHt1cmwucGF0aG5hbWV9IChhdHRlbXB0ICR7YXR0ZW1wdH0pYCk7XG4gICAgICAgIGNvbnN0IHJlcyA9IGF3YWl0IHNlbmQodXJsLCBvcHRpb25zLm1ldGhvZCA/PyBcIkdFVFwiLCBoZWFkZXJzLCBwYXlsb2FkLCBvcHRpb25zLnRpbWVvdXRNcyA/PyB0aGlzLmNvbmZpZy50aW1lb3V0TXMpO1xuICAgICAgICBjb25zdCB0ZXh0ID0gYXdhaXQgcmVhZEJvZHkocmVzKTtcbiAgICAgICAgY29uc3QgcmVxdWVzdElkID0gaGVhZGVyKHJlcywgXCJ4LXJlcXVlc3QtaWRcIik7XG4gICAgICAgIGlmICgocmVzLnN0YXR1c0NvZGUgPz8gMCkgPj0gNDAwKSB7XG4gICAgICAgICAgdGhyb3cgbmV3IEFwaUVycm9yKHJlcy5zdGF0dXNDb2RlID8/IDAsIGV4dHJhY3RNZXNzYWdlKHRleHQpID8/IGBIVFRQICR7cmVzLnN0YXR1c0NvZGV9YCwgcmVxdWVzdElkKTtcbiAgICAgICAgfVxuICAgICAgICByZXR1cm4gKHRleHQgPyBKU09OLnBhcnNlKHRleHQpIDogdW5kZWZpbmVkKSBhcyBUO1xuICAgICAgfSxcbiAgICAgIHtcbiAgICAgICAgcmV0cmllczogdGhpcy5jb25maWcucmV0cmllcyxcbiAgICAgICAgc2hvdWxkUmV0cnk6IChlcnIpID0+IChlcnIgaW5zdGFuY2VvZiBBcGlFcnJvciA/IGVyci5yZXRyeWFibGUgOiAhKGVyciBpbnN0YW5jZW9mIFFmRXJyb3IpKSxcbiAgICAgIH0sXG4gICAgKTtcbiAgfVxufVxuXG5mdW5jdGlvbiBzZW5kKHVybDogVVJMLCBtZXRob2Q6IHN0cmluZywgaGVhZGVyczogUmVjb3JkPHN0cmluZywgc3RyaW5nPiwgcGF5bG9hZDogc3RyaW5nIHwgdW5kZWZpbmVkLCB0aW1lb3V0TXM6IG51bWJlcikge1xuICByZXR1cm4gbmV3IFByb21pc2U8SW5jb21pbmdNZXNzYWdlPigocmVzb2x2ZSwgcmVqZWN0KSA9PiB7XG4gICAgY29uc3QgZm4gPSB1cmwucHJvdG9jb2wgPT09IFwiaHR0cDpcIiA/IGh0dHBSZXF1ZXN0IDogaHR0cHNSZXF1ZXN0O1xuICAgIGNvbnN0IHJlcSA9IGZuKHVybCwgeyBtZXRob2QsIGhlYWRlcnMsIHRpbWVvdXQ6IHRpbWVvdXRNcyB9LCByZXNvbHZlKTtcbiAgICByZXEub24oXCJ0aW1lb3V0XCIsICgpID0+IHJlcS5kZXN0cm95KG5ldyBRZkVycm9yKFwibmV0d29ya1wiLCBgcmVxdWVzdCB0byAke3VybC5ob3N0fSB0aW1lZCBvdXQgYWZ0ZXIgJHt0aW1lb3V0TXN9IG1zYCkpKTtcbiAgICByZXEub24oXCJlcnJvclwiLCAoZXJyKSA9PlxuICAgICAgcmVqZWN0KGVyciBpbnN0YW5jZW9mIFFmRXJyb3IgPyBlcnIgOiBuZXcgUWZFcnJvcihcIm5ldHdvcmtcIiwgYGNhbm5vdCByZWFjaCAke3VybC5ob3N0fTogJHtlcnIubWVzc2FnZX1gLCB7IGNhdXNlOiBlcnIgfSkpLFxuICAgICk7XG4gICAgaWYgKHBheWxvYWQpIHJlcS53cml0ZShwYXlsb2FkKTtcbiAgICByZXEuZW5kKCk7XG4gIH0pO1xufVxuXG5mdW5jdGlvbiByZWFkQm9keShyZXM6IEluY29taW5nTWVzc2FnZSk6IFByb21pc2U8c3RyaW5nPiB7XG4gIHJldHVybiBuZXcgUHJvbWlzZSgocmVzb2x2ZSwgcmVqZWN0KSA9PiB7XG4gICAgY29uc3QgY2h1bmtzOiBCdWZmZXJbXSA9IFtdO1xuICAgIHJlcy5vbihcImRhdGFcIiwgKGM6IEJ1ZmZlcikgPT4gY2h1bmtzLnB1c2goYykpO1xuICAgIHJlcy5vbihcImVuZFwiLCAoKSA9PiByZXNvbHZlKEJ1ZmZlci5jb25jYXQoY2h1bmtzKS50b1N0cmluZyhcInV0ZjhcIikpKTtcbiAgICByZXMub24oXCJlcnJvclwiLCByZWplY3QpO1xuICB9KTtcbn1cblxuZnVuY3Rpb24gaGVhZGVyKHJlczogSW5jb21pbmdNZXNzYWdlLCBuYW1lOiBzdHJpbmcpOiBzdHJpbmcgfCB1bmRlZmluZWQge1xuICBjb25zdCB2ID0gcmVzLmhlYWRlcnNbbmFtZV07XG4gIHJldHVybiBBcnJheS5pc0FycmF5KHYpID8gdlswXSA6IHY7XG59XG5cbmZ1bmN0aW9uIGV4dHJhY3RNZXNzYWdlKHRleHQ6IHN0cmluZyk6IHN0cmluZyB8IHVuZGVmaW5lZCB7XG4gIHRyeSB7XG4gICAgY29uc3QgYm9keSA9IEpTT04ucGFyc2UodGV4dCkgYXMgeyBlcnJvcj86IHsgbWVzc2FnZT86IHN0cmluZyB9OyBtZXNzYWdlPzogc3RyaW5nIH07XG4gICAgcmV0dXJuIGJvZHkuZXJyb3I/Lm1lc3NhZ2UgPz8gYm9keS5tZXNzYWdlO1xuICB9IGNhdGNoIHtcbiAgICByZXR1cm4gdGV4dC50cmltKCkuc2xpY2UoMCwgMjAwKSB8fCB1bmRlZmluZWQ7XG4gIH1cbn1cbiIsIi8qKlxuICogSGVscGVycy5cbiAqL1xuXG52YXIgcyA9IDEwMDA7XG52YXIgbSA9IHMgKiA2MDtcbnZhciBoID0gbSAqIDYwO1xudmFyIGQgPSBoICogMjQ7XG52YXIgdyA9IGQgKiA3O1xudmFyIHkgPSBkICogMzY1LjI1O1xuXG4vKipcbiAqIFBhcnNlIG9yIGZvcm1hdCB0aGUgZ2l2ZW4gYHZhbGAuXG4gKlxuICogT3B0aW9uczpcbiAqXG4gKiAgLSBgbG9uZ2AgdmVyYm9zZSBmb3JtYXR0aW5nIFtmYWxzZV1cbiAqXG4gKiBAcGFyYW0ge1N0cmluZ3xOdW1iZXJ9IHZhbFxuICogQHBhcmFtIHtPYmplY3R9IFtvcHRpb25zXVxuICogQHRocm93cyB7RXJyb3J9IHRocm93IGFuIGVycm9yIGlmIHZhbCBpcyBub3QgYSBub24tZW1wdHkgc3RyaW5nIG9yIGEgbnVtYmVyXG4gKiBAcmV0dXJuIHtTdHJpbmd8TnVtYmVyfVxuICogQGFwaSBwdWJsaWNcbiAqL1xuXG5tb2R1bGUuZXhwb3J0cyA9IGZ1bmN0aW9uICh2YWwsIG9wdGlvbnMpIHtcbiAgb3B0aW9ucyA9IG9wdGlvbnMgfHwge307XG4gIHZhciB0eXBlID0gdHlwZW9mIHZhbDtcbiAgaWYgKHR5cGUgPT09ICdzdHJpbmcnICYmIHZhbC5sZW5ndGggPiAwKSB7XG4gICAgcmV0dXJuIHBhcnNlKHZhbCk7XG4gIH0gZWxzZSBpZiAodHlwZSA9PT0gJ251bWJlcicgJiYgaXNGaW5pdGUodmFsKSkge1xuICAgIHJldHVybiBvcHRpb25zLmxvbmcgPyBmbXRMb25nKHZhbCkgOiBmbXRTaG9ydCh2YWwpO1xuICB9XG4gIHRocm93IG5ldyBFcnJvcihcbiAgICAndmFsIGlzIG5vdCBhIG5vbi1lbXB0eSBzdHJpbmcgb3IgYSB2YWxpZCBudW1iZXIuIHZhbD0nICtcbiAgICAgIEpTT04uc3RyaW5naWZ5KHZhbClcbiAgKTtcbn07XG5cbi8qKlxuICogUGFyc2UgdGhlIGdpdmVuIGBzdHJgIGFuZCByZXR1cm4gbWlsbGlzZWNvbmRzLlxuICpcbiAqIEBwYXJhbSB7U3RyaW5nfSBzdHJcbiAqIEByZXR1cm4ge051bWJlcn1cbiAqIEBhcGkgcHJpdmF0ZVxuICovXG5cbmZ1bmN0aW9uIHBhcnNlKHN0cikge1xuICBzdHIgPSBTdHJpbmcoc3RyKTtcbiAgaWYgKHN0ci5sZW5ndGggPiAxMDApIHtcbiAgICByZXR1cm47XG4gIH1cbiAgdmFyIG1hdGNoID0gL14oLT8oPzpcXGQrKT9cXC4/XFxkKykgKihtaWxsaXNlY29uZHM/fG1zZWNzP3xtc3xzZWNvbmRzP3xzZWNzP3xzfG1pbnV0ZXM/fG1pbnM/fG18aG91cnM/fGhycz98aHxkYXlzP3xkfHdlZWtzP3x3fHllYXJzP3x5cnM/fHkpPyQvaS5leGVjKFxuICAgIHN0clxuICApO1xuICBpZiAoIW1hdGNoKSB7XG4gICAgcmV0dXJuO1xuICB9XG4gIHZhciBuID0gcGFyc2VGbG9hdChtYXRjaFsxXSk7XG4gIHZhciB0eXBlID0gKG1hdGNoWzJdIHx8ICdtcycpLnRvTG93ZXJDYXNlKCk7XG4gIHN3aXRjaCAodHlwZSkge1xuICAgIGNhc2UgJ3llYXJzJzpcbiAgICBjYXNlICd5ZWFyJzpcbiAgICBjYXNlICd5cnMnOlxuICAgIGNhc2UgJ3lyJzpcbiAgICBjYXNlICd5JzpcbiAgICAgIHJldHVybiBuICogeTtcbiAgICBjYXNlICd3ZWVrcyc6XG4gICAgY2FzZSAnd2Vlayc6XG4gICAgY2FzZSAndyc6XG4gICAgICByZXR1cm4gbiAqIHc7XG4gICAgY2FzZSAnZGF5cyc6XG4gICAgY2FzZSAnZGF5JzpcbiAgICBjYXNlICdkJzpcbiAgICAgIHJldHVybiBuICogZDtcbiAgICBjYXNlICdob3Vycyc6XG4gICAgY2FzZSAnaG91cic6XG4gICAgY2FzZSAnaHJzJzpcbiAgICBjYXNlICdocic6XG4gICAgY2FzZSAnaCc6XG4gICAgICByZXR1cm4gbiAqIGg7XG4gICAgY2FzZSAnbWludXRlcyc6XG4gICAgY2FzZSAnbWludXRlJzpcbiAgICBjYXNlICdtaW5zJzpcbiAgICBjYXNlICdtaW4nOlxuICAgIGNhc2UgJ20nOlxuICAgICAgcmV0dXJuIG4gKiBtO1xuICAgIGNhc2UgJ3NlY29uZHMnOlxuICAgIGNhc2UgJ3NlY29uZCc6XG4gICAgY2FzZSAnc2Vjcyc6XG4gICAgY2FzZSAnc2VjJzpcbiAgICBjYXNlICdzJzpcbiAgICAgIHJldHVybiBuICogcztcbiAgICBjYXNlICdtaWxsaXNlY29uZHMnOlxuICAgIGNhc2UgJ21pbGxpc2Vjb25kJzpcbiAgICBjYXNlICdtc2Vjcyc6XG4gICAgY2FzZSAnbXNlYyc6XG4gICAgY2FzZSAnbXMnOlxuICAgICAgcmV0dXJuIG47XG4gICAgZGVmYXVsdDpcbiAgICAgIHJldHVybiB1bmRlZmluZWQ7XG4gIH1cbn1cblxuLyoqXG4gKiBTaG9ydCBmb3JtYXQgZm9yIGBtc2AuXG4gKlxuICogQHBhcmFtIHtOdW1iZXJ9IG1zXG4gKiBAcmV0dXJuIHtTdHJpbmd9XG4gKiBAYXBpIHByaXZhdGVcbiAqL1xuXG5mdW5jdGlvbiBmbXRTaG9ydChtcykge1xuICB2YXIgbXNBYnMgPSBNYXRoLmFicyhtcyk7XG4gIGlmIChtc0FicyA+PSBkKSB7XG4gICAgcmV0dXJuIE1hdGgucm91bmQobXMgLyBkKSArICdkJztcbiAgfVxuICBpZiAobXNBYnMgPj0gaCkge1xuICAgIHJldHVybiBNYXRoLnJvdW5kKG1zIC8gaCkgKyAnaCc7XG4gIH1cbiAgaWYgKG1zQWJzID49IG0pIHtcbiAgICByZXR1cm4gTWF0aC5yb3VuZChtcyAvIG0pICsgJ20nO1xuICB9XG4gIGlmIChtc0FicyA+PSBzKSB7XG4gICAgcmV0dXJuIE1hdGgucm91bmQobXMgLyBzKSArICdzJztcbiAgfVxuICByZXR1cm4gbXMgKyAnbXMnO1xufVxuXG4vKipcbiAqIExvbmcgZm9ybWF0IGZvciBgbXNgLlxuICpcbiAqIEBwYXJhbSB7TnVtYmVyfSBtc1xuICogQHJldHVybiB7U3RyaW5nfVxuICogQGFwaSBwcml2YXRlXG4gKi9cblxuZnVuY3Rpb24gZm10TG9uZyhtcykge1xuICB2YXIgbXNBYnMgPSBNYXRoLmFicyhtcyk7XG4gIGlmIChtc0FicyA+PSBkKSB7XG4gICAgcmV0dXJuIHBsdXJhbChtcywgbXNBYnMsIGQsICdkYXknKTtcbiAgfVxuICBpZiAobXNBYnMgPj0gaCkge1xuICAgIHJldHVybiBwbHVyYWwobXMsIG1zQWJzLCBoLCAnaG91cicpO1xuICB9XG4gIGlmIChtc0FicyA+PSBtKSB7XG4gICAgcmV0dXJuIHBsdXJhbChtcywgbXNBYnMsIG0sICdtaW51dGUnKTtcbiAgfVxuICBpZiAobXNBYnMgPj0gcykge1xuICAgIHJldHVybiBwbHVyYWwobXMsIG1zQWJzLCBzLCAnc2Vjb25kJyk7XG4gIH1cbiAgcmV0dXJuIG1zICsgJyBtcyc7XG59XG5cbi8qKlxuICogUGx1cmFsaXphdGlvbiBoZWxwZXIuXG4gKi9cblxuZnVuY3Rpb24gcGx1cmFsKG1zLCBtc0FicywgbiwgbmFtZSkge1xuICB2YXIgaXNQbHVyYWwgPSBtc0FicyA+PSBuICogMS41O1xuICByZXR1cm4gTWF0aC5yb3VuZChtcyAvIG4pICsgJyAnICsgbmFtZSArIChpc1BsdXJhbCA/ICdzJyA6ICcnKTtcbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IG1zIGZyb20gXCJtc1wiO1xuXG4vKiogUGFyc2VzIGAtLXNpbmNlIDJoYCwgYC0tdGltZW91dCA5MHNgIGFuZCBwbGFpbiBtaWxsaXNlY29uZHMuICovXG5leHBvcnQgZnVuY3Rpb24gcGFyc2VEdXJhdGlvbihpbnB1dDogc3RyaW5nKTogbnVtYmVyIHtcbiAgY29uc3QgdHJpbW1lZCA9IGlucHV0LnRyaW0oKTtcbiAgaWYgKC9eXFxkKyQvLnRlc3QodHJpbW1lZCkpIHJldHVybiBOdW1iZXIodHJpbW1lZCk7XG4gIGNvbnN0IHZhbHVlID0gbXModHJpbW1lZCk7XG4gIGlmICh0eXBlb2YgdmFsdWUgIT09IFwibnVtYmVyXCIgfHwgTnVtYmVyLmlzTmFOKHZhbHVlKSkge1xuICAgIHRocm93IG5ldyBSYW5nZUVycm9yKGBub3QgYSBkdXJhdGlvbjogXCIke2lucHV0fVwiICh0cnkgMzBzLCA1bSwgMmgpYCk7XG4gIH1cbiAgcmV0dXJuIHZhbHVlO1xufVxuXG4vKiogYDEyMzQ1NjdgIC0+IGBcIjIxbVwiYDsgd2l0aCBgbG9uZ2AsIGBcIjIxIG1pbnV0ZXNcImAuICovXG5leHBvcnQgZnVuY3Rpb24gZm9ybWF0RHVyYXRpb24obWlsbGlzZWNvbmRzOiBudW1iZXIsIGxvbmcgPSBmYWxzZSk6IHN0cmluZyB7XG4gIHJldHVybiBtcyhNYXRoLm1heCgwLCBNYXRoLnJvdW5kKG1pbGxpc2Vjb25kcykpLCB7IGxvbmcgfSk7XG59XG5cbi8qKiBIdW1hbiBcIjMgbWludXRlcyBhZ29cIiBmb3IgYW4gSVNPIHRpbWVzdGFtcC4gKi9cbmV4cG9ydCBmdW5jdGlvbiBhZ28oaXNvOiBzdHJpbmcsIG5vdzogbnVtYmVyID0gRGF0ZS5ub3coKSk6IHN0cmluZyB7XG4gIGNvbnN0IHQgPSBEYXRlLnBhcnNlKGlzbyk7XG4gIGlmIChOdW1iZXIuaXNOYU4odCkpIHJldHVybiBpc287XG4gIGNvbnN0IGRlbHRhID0gbm93IC0gdDtcbiAgaWYgKGRlbHRhIDwgNV8wMDApIHJldHVybiBcImp1c3Qgbm93XCI7XG4gIHJldHVybiBgJHtmb3JtYXREdXJhdGlvbihkZWx0YSwgdHJ1ZSl9IGFnb2A7XG59XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuXG4gKi9cbmltcG9ydCBrbGV1ciBmcm9tIFwia2xldXJcIjtcbmltcG9ydCB0eXBlIHsgQ29tbWFuZCB9IGZyb20gXCIuLi9jbGkvcmVnaXN0cnlcIjtcbmltcG9ydCB7IEFwaUNsaWVudCB9IGZyb20gXCIuLi9hcGkvY2xpZW50XCI7XG5pbXBvcnQgeyBQQVRIUyB9IGZyb20gXCIuLi9hcGkvZW5kcG9pbnRzXCI7XG5pbXBvcnQgeyB3cml0ZUNyZWRlbnRpYWxzLCBkZWNvZGVKd3QgfSBmcm9tIFwiLi4vYXBpL2F1dGhcIjtcbmltcG9ydCB7IFFmRXJyb3IsIEV4aXRDb2RlIH0gZnJvbSBcIi4uL2FwaS9lcnJvcnNcIjtcbmltcG9ydCB0eXBlIHsgV2hvQW1JIH0gZnJvbSBcIi4uL2FwaS90eXBlc1wiO1xuaW1wb3J0IHsgc2xlZXAgfSBmcm9tIFwiLi4vdXRpbC9yZXRyeVwiO1xuaW1wb3J0IHsgZm9ybWF0RHVyYXRpb24gfSBmcm9tIFwiLi4vdXRpbC9kdXJhdGlvblwiO1xuaW1wb3J0IHsgc3RyaW5nRmxhZyB9IGZyb20gXCIuLi9jbGkvYXJndlwiO1xuXG5pbnRlcmZhY2UgRGV2aWNlQ29kZSB7XG4gIGRldmljZV9jb2RlOiBzdHJpbmc7XG4gIHVzZXJfY29kZTogc3RyaW5nO1xuICB2ZXJpZmljYXRpb25fdXJpOiBzdHJpbmc7XG4gIGludGVydmFsOiBudW1iZXI7XG4gIGV4cGlyZXNfaW46IG51bWJlcjtcbn1cblxuaW50ZXJmYWNlIFRva2VuUmVzcG9uc2Uge1xuICBhY2Nlc3NfdG9rZW4/OiBzdHJpbmc7XG4gIGV4cGlyZXNfaW4/OiBudW1iZXI7XG4gIGVycm9yPzogXCJhdXRob3JpemF0aW9uX3BlbmRpbmdcIiB8IFwic2xvd19kb3duXCIgfCBcImV4cGlyZWRfdG9rZW5cIiB8IFwiYWNjZXNzX2RlbmllZFwiO1xufVxuXG5jb25zdCBDTElFTlRfSUQgPSBcInFmLWNsaS1wdWJsaWMtN2MxZFwiO1xuXG4vKipcbiAqIE9BdXRoIDIuMCBkZXZpY2UgYXV0aG9yaXphdGlvbiBncmFudCAoUkZDIDg2MjgpLiBUaGUgdXNlciBjb25maXJtcyB0aGVcbiAqIGNvZGUgaW4gYSBicm93c2VyOyB3ZSBwb2xsIHRoZSB0b2tlbiBlbmRwb2ludCBtZWFud2hpbGUuXG4gKi9cbmV4cG9ydCBjb25zdCBsb2dpbkNvbW1hbmQ6IENvbW1hbmQgPSB7XG4gIG5hbWU6IFwibG9naW5cIixcbiAgc3VtbWFyeTogXCJsb2cgaW4gdG8gUXVpbGxmZWF0aGVyXCIsXG4gIHVzYWdlOiBcInFmIGxvZ2luIFstLXRva2VuIFRPS0VOXS4gV2l0aG91dCAtLXRva2VuLCBvcGVucyBhIGRldmljZS1jb2RlIGZsb3cgaW4geW91ciBicm93c2VyLlwiLFxuICBhc3luYyBydW4oeyBhcmdzLCBjb25maWcsIGxvZ2dlciB9KSB7XG4gICAgY29uc3QgYXBpID0gbmV3IEFwaUNsaWVudChjb25maWcpO1xuICAgIGNvbnN0IHBhc3RlZCA9IHN0cmluZ0ZsYWcoYXJncywgXCJ0b2tlblwiKTtcbiAgICBsZXQgdG9rZW46IHN0cmluZztcbiAgICBsZXQgZXhwaXJlc0luOiBudW1iZXIgfCB1bmRlZmluZWQ7XG5cbiAgICBpZiAocGFzdGVkKSB7XG4gICAgICB0b2tlbiA9IHBhc3RlZDtcbiAgICB9IGVsc2Uge1xuICAgICAgY29uc3QgY29kZSA9IGF3YWl0IGFwaS5wb3N0PERldmljZUNvZGU+KFBBVEhTLmRldmljZUNvZGUsIHsgY2xpZW50X2lkOiBDTElFTlRfSUQsIHNjb3BlOiBcInByb2plY3RzIGRlcGxveSBsb2dzXCIgfSwgeyBhbm9ueW1vdXM6IHRydWUgfSk7XG4gICAgICBsb2dnZXIuaW5mbyhgT3BlbiAke2tsZXVyLnVuZGVybGluZShjb2RlLnZlcmlmaWNhdGlvbl91cmkpfSBhbmQgZW50ZXIgJHtrbGV1ci5ib2xkKCkuY3lhbihjb2RlLnVzZXJfY29kZSl9YCk7XG4gICAgICBsb2dnZXIuaW5mbyhrbGV1ci5ncmF5KGAoY29kZSBleHBpcmVzIGluICR7Zm9ybWF0RHVyYXRpb24oY29kZS5leHBpcmVzX2luICogMTAwMCwgdHJ1ZSl9KWApKTtcbiAgICAgIGNvbnN0IGRlYWRsaW5lID0gRGF0ZS5ub3coKSArIGNvZGUuZXhwaXJlc19pbiAqIDEwMDA7XG4gICAgICBsZXQgaW50ZXJ2YWwgPSBjb2RlLmludGVydmFsICogMTAwMDtcbiAgICAgIGZvciAoOzspIHtcbiAgICAgICAgaWYgKERhdGUubm93KCkgPiBkZWFkbGluZSkgdGhyb3cgbmV3IFFmRXJyb3IoXCJhdXRoXCIsIFwidGhlIGxvZ2luIGNvZGUgZXhwaXJlZDsgcnVuIGBxZiBsb2dpbmAgYWdhaW5cIik7XG4gICAgICAgIGF3YWl0IHNsZWVwKGludGVydmFsKTtcbiAgICAgICAgY29uc3QgcmVzID0gYXdhaXQgYXBpLnBvc3Q8VG9rZW5SZXNwb25zZT4oXG4gICAgICAgICAgUEFUSFMudG9rZW4sXG4gICAgICAgICAgeyBjbGllbnRfaWQ6IENMSUVOVF9JRCwgZGV2aWNlX2NvZGU6IGNvZGUuZGV2aWNlX2NvZGUsIGdyYW50X3R5cGU6IFwidXJuOmlldGY6cGFyYW1zOm9hdXRoOmdyYW50LXR5cGU6ZGV2aWNlX2NvZGVcIiB9LFxuICAgICAgICAgIHsgYW5vbnltb3VzOiB0cnVlIH0sXG4gICAgICAgICk7XG4gICAgICAgIGlmIChyZXMuYWNjZXNzX3Rva2VuKSB7XG4gICAgICAgICAgdG9rZW4gPSByZXMuYWNjZXNzX3Rva2VuO1xuICAgICAgICAgIGV4cGlyZXNJbiA9IHJlcy5leHBpcmVzX2luO1xuICAgICAgICAgIGJyZWFrO1xuICAgICAgICB9XG4gICAgICAgIGlmIChyZXMuZXJyb3IgPT09IFwic2xvd19kb3duXCIpIGludGVydmFsICs9IDVfMDAwO1xuICAgICAgICBlbHNlIGlmIChyZXMuZXJyb3IgPT09IFwiYWNjZXNzX2RlbmllZFwiKSB0aHJvdyBuZXcgUWZFcnJvcihcImF1dGhcIiwgXCJsb2dpbiB3YXMgZGVuaWVkIGluIHRoZSBicm93c2VyXCIpO1xuICAgICAgICBlbHNlIGlmIChyZXMuZXJyb3IgPT09IFwiZXhwaXJlZF90b2tlblwiKSB0aHJvdyBuZXcgUWZFcnJvcihcImF1dGhcIiwgXCJ0aGUgbG9naW4gY29kZSBleHBpcmVkXCIpO1xuICAgICAgfVxuICAgIH1cblxuICAgIHByb2Nlc3MuZW52LlFGX0FQSV9UT0tFTiA9IHRva2VuOyAvLyBzbyB0aGUgd2hvYW1pIGNhbGwgYmVsb3cgdXNlcyBpdFxuICAgIGNvbnN0IG1lID0gYXdhaXQgYXBpLmdldDxXaG9BbUk+KFBBVEhTLndob2FtaSk7XG4gICAgY29uc3QgY2xhaW1zID0gZGVjb2RlSnd0KHRva2VuKTtcbiAgICBhd2FpdCB3cml0ZUNyZWRlbnRpYWxzKGNvbmZpZy5wcm9maWxlLCB7XG4gICAgICB0b2tlbixcbiAgICAgIGVtYWlsOiBtZS5lbWFpbCxcbiAgICAgIGV4cGlyZXNBdDogZXhwaXJlc0luID8gbmV3IERhdGUoRGF0ZS5ub3coKSArIGV4cGlyZXNJbiAqIDEwMDApLnRvSVNPU3RyaW5nKCkgOiB0eXBlb2YgY2xhaW1zPy5leHAgPT09IFwibnVtYmVyXCIgPyBuZXcgRGF0ZShjbGFpbXMuZXhwICogMTAwMCkudG9JU09TdHJpbmcoKSA6IHVuZGVmaW5lZCxcbiAgICB9KTtcbiAgICBsb2dnZXIuaW5mbyhgJHtrbGV1ci5ncmVlbihcIkxvZ2dlZCBpblwiKX0gYXMgJHttZS5lbWFpbH0gKCR7bWUub3JnfSlgKTtcbiAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gIH0sXG59O1xuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgdHlwZSB7IENvbW1hbmQgfSBmcm9tIFwiLi4vY2xpL3JlZ2lzdHJ5XCI7XG5pbXBvcnQgeyBjbGVhckNyZWRlbnRpYWxzIH0gZnJvbSBcIi4uL2FwaS9hdXRoXCI7XG5pbXBvcnQgeyBFeGl0Q29kZSB9IGZyb20gXCIuLi9hcGkvZXJyb3JzXCI7XG5cbmV4cG9ydCBjb25zdCBsb2dvdXRDb21tYW5kOiBDb21tYW5kID0ge1xuICBuYW1lOiBcImxvZ291dFwiLFxuICBzdW1tYXJ5OiBcImZvcmdldCB0aGUgc3RvcmVkIHRva2VuIGZvciB0aGlzIHByb2ZpbGVcIixcbiAgdXNhZ2U6IFwicWYgbG9nb3V0IFstLXByb2ZpbGUgTkFNRV1cIixcbiAgYXN5bmMgcnVuKHsgY29uZmlnLCBsb2dnZXIgfSkge1xuICAgIGNvbnN0IHJlbW92ZWQgPSBhd2FpdCBjbGVhckNyZWRlbnRpYWxzKGNvbmZpZy5wcm9maWxlKTtcbiAgICBsb2dnZXIuaW5mbyhyZW1vdmVkID8gYExvZ2dlZCBvdXQgb2YgcHJvZmlsZSBcIiR7Y29uZmlnLnByb2ZpbGV9XCIuYCA6IGBQcm9maWxlIFwiJHtjb25maWcucHJvZmlsZX1cIiB3YXMgbm90IGxvZ2dlZCBpbi5gKTtcbiAgICBpZiAocHJvY2Vzcy5lbnYuUUZfQVBJX1RPS0VOKSB7XG4gICAgICBsb2dnZXIud2FybihcIlFGX0FQSV9UT0tFTiBpcyBzdGlsbCBzZXQgaW4geW91ciBlbnZpcm9ubWVudCBhbmQgd2lsbCBrZWVwIGJlaW5nIHVzZWQuXCIpO1xuICAgIH1cbiAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gIH0sXG59O1xuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgeyBta2RpciwgcmVhZEZpbGUsIHJlbmFtZSwgd3JpdGVGaWxlLCBzdGF0LCByZWFkZGlyIH0gZnJvbSBcIm5vZGU6ZnMvcHJvbWlzZXNcIjtcbmltcG9ydCB7IGpvaW4sIGRpcm5hbWUsIHJlbGF0aXZlLCBzZXAgfSBmcm9tIFwibm9kZTpwYXRoXCI7XG5pbXBvcnQgeyBjYWNoZURpciB9IGZyb20gXCIuL3BhdGhzXCI7XG5cbi8qKiBXcml0ZXMgdmlhIGEgdGVtcCBmaWxlIGFuZCByZW5hbWUgc28gYSBjcmFzaCBuZXZlciBsZWF2ZXMgaGFsZiBhIGZpbGUuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gd3JpdGVGaWxlQXRvbWljKGZpbGU6IHN0cmluZywgZGF0YTogc3RyaW5nIHwgQnVmZmVyLCBtb2RlID0gMG82NDQpOiBQcm9taXNlPHZvaWQ+IHtcbiAgYXdhaXQgbWtkaXIoZGlybmFtZShmaWxlKSwgeyByZWN1cnNpdmU6IHRydWUgfSk7XG4gIGNvbnN0IHRtcCA9IGAke2ZpbGV9LiR7cHJvY2Vzcy5waWR9LiR7TWF0aC5yYW5kb20oKS50b1N0cmluZygzNikuc2xpY2UoMil9LnRtcGA7XG4gIGF3YWl0IHdyaXRlRmlsZSh0bXAsIGRhdGEsIHsgbW9kZSB9KTtcbiAgYXdhaXQgcmVuYW1lKHRtcCwgZmlsZSk7XG59XG5cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiByZWFkSnNvbkNhY2hlPFQ+KG5hbWU6IHN0cmluZyk6IFByb21pc2U8VCB8IHVuZGVmaW5lZD4ge1xuICB0cnkge1xuICAgIHJldHVybiBKU09OLnBhcnNlKGF3YWl0IHJlYWRGaWxlKGpvaW4oY2FjaGVEaXIoKSwgbmFtZSksIFwidXRmOFwiKSkgYXMgVDtcbiAgfSBjYXRjaCB7XG4gICAgcmV0dXJuIHVuZGVmaW5lZDtcbiAgfVxufVxuXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gd3JpdGVKc29uQ2FjaGUobmFtZTogc3RyaW5nLCB2YWx1ZTogdW5rbm93bik6IFByb21pc2U8dm9pZD4ge1xuICB0cnkge1xuICAgIGF3YWl0IHdyaXRlRmlsZUF0b21pYyhqb2luKGNhY2hlRGlyKCksIG5hbWUpLCBKU09OLnN0cmluZ2lmeSh2YWx1ZSkpO1xuICB9IGNhdGNoIHtcbiAgICAvLyBjYWNoZSBpcyBiZXN0IGVmZm9ydFxuICB9XG59XG5cbmNvbnN0IERFRkFVTFRfSUdOT1JFUyA9IFsvXlxcLmdpdCQvLCAvXm5vZGVfbW9kdWxlcyQvLCAvXlxcLnFmJC8sIC9eXFwuRFNfU3RvcmUkLywgL1xcLmxvZyQvXTtcblxuLyoqXG4gKiBMaXN0cyBmaWxlcyB1bmRlciBgcm9vdGAgZm9yIHVwbG9hZCwgcmVsYXRpdmUgYW5kIHdpdGggZm9yd2FyZCBzbGFzaGVzLFxuICogc29ydGVkIHNvIHRoYXQgbWFuaWZlc3RzIGFyZSBzdGFibGUgYWNyb3NzIG1hY2hpbmVzLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gbGlzdEZpbGVzKHJvb3Q6IHN0cmluZywgaWdub3JlczogUmVnRXhwW10gPSBERUZBVUxUX0lHTk9SRVMpOiBQcm9taXNlPHN0cmluZ1tdPiB7XG4gIGNvbnN0IG91dDogc3RyaW5nW10gPSBbXTtcbiAgYXN5bmMgZnVuY3Rpb24gd2FsayhkaXI6IHN0cmluZyk6IFByb21pc2U8dm9pZD4ge1xuICAgIGNvbnN0IGVudHJpZXMgPSBhd2FpdCByZWFkZGlyKGRpciwgeyB3aXRoRmlsZVR5cGVzOiB0cnVlIH0pO1xuICAgIGZvciAoY29uc3QgZW50cnkgb2YgZW50cmllcykge1xuICAgICAgaWYgKGlnbm9yZXMuc29tZSgocmUpID0+IHJlLnRlc3QoZW50cnkubmFtZSkpKSBjb250aW51ZTtcbiAgICAgIGNvbnN0IGZ1bGwgPSBqb2luKGRpciwgZW50cnkubmFtZSk7XG4gICAgICBpZiAoZW50cnkuaXNEaXJlY3RvcnkoKSkge1xuICAgICAgICBhd2FpdCB3YWxrKGZ1bGwpO1xuICAgICAgfSBlbHNlIGlmIChlbnRyeS5pc0ZpbGUoKSkge1xuICAgICAgICBvdXQucHVzaChyZWxhdGl2ZShyb290LCBmdWxsKS5zcGxpdChzZXApLmpvaW4oXCIvXCIpKTtcbiAgICAgIH1cbiAgICAgIC8vIHN5bWxpbmtzIGFyZSBza2lwcGVkIG9uIHB1cnBvc2UgKFFGLTE1MDIpXG4gICAgfVxuICB9XG4gIGF3YWl0IHdhbGsocm9vdCk7XG4gIHJldHVybiBvdXQuc29ydCgpO1xufVxuXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gZmlsZVNpemUoZmlsZTogc3RyaW5nKTogUHJvbWlzZTxudW1iZXI+IHtcbiAgcmV0dXJuIChhd2FpdCBzdGF0KGZpbGUpKS5zaXplO1xufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgeyBjcmVhdGVIYXNoLCBjcmVhdGVIbWFjLCByYW5kb21CeXRlcywgdGltaW5nU2FmZUVxdWFsIH0gZnJvbSBcIm5vZGU6Y3J5cHRvXCI7XG5pbXBvcnQgeyBjcmVhdGVSZWFkU3RyZWFtIH0gZnJvbSBcIm5vZGU6ZnNcIjtcblxuLyoqIFNIQS0yNTYgb2YgYSBmaWxlLCBoZXguIFN0cmVhbXMsIHNvIGxhcmdlIGFydGlmYWN0cyBhcmUgZmluZS4gKi9cbmV4cG9ydCBmdW5jdGlvbiBzaGEyNTZGaWxlKGZpbGU6IHN0cmluZyk6IFByb21pc2U8c3RyaW5nPiB7XG4gIHJldHVybiBuZXcgUHJvbWlzZSgocmVzb2x2ZSwgcmVqZWN0KSA9PiB7XG4gICAgY29uc3QgaCA9IGNyZWF0ZUhhc2goXCJzaGEyNTZcIik7XG4gICAgY3JlYXRlUmVhZFN0cmVhbShmaWxlKVxuICAgICAgLm9uKFwiZGF0YVwiLCAoY2h1bmspID0+IGgudXBkYXRlKGNodW5rKSlcbiAgICAgIC5vbihcImVuZFwiLCAoKSA9PiByZXNvbHZlKGguZGlnZXN0KFwiaGV4XCIpKSlcbiAgICAgIC5vbihcImVycm9yXCIsIHJlamVjdCk7XG4gIH0pO1xufVxuXG5leHBvcnQgZnVuY3Rpb24gc2hhMjU2KGRhdGE6IHN0cmluZyB8IEJ1ZmZlcik6IHN0cmluZyB7XG4gIHJldHVybiBjcmVhdGVIYXNoKFwic2hhMjU2XCIpLnVwZGF0ZShkYXRhKS5kaWdlc3QoXCJoZXhcIik7XG59XG5cbi8qKiBITUFDIHVzZWQgdG8gc2lnbiB3ZWJob29rIHBheWxvYWRzOyBzYW1lIHNjaGVtZSBhcyB0aGUgc2VydmVyLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHNpZ25QYXlsb2FkKHNlY3JldDogc3RyaW5nLCBib2R5OiBzdHJpbmcsIHRpbWVzdGFtcDogbnVtYmVyKTogc3RyaW5nIHtcbiAgcmV0dXJuIGB0PSR7dGltZXN0YW1wfSx2MT0ke2NyZWF0ZUhtYWMoXCJzaGEyNTZcIiwgc2VjcmV0KS51cGRhdGUoYCR7dGltZXN0YW1wfS4ke2JvZHl9YCkuZGlnZXN0KFwiaGV4XCIpfWA7XG59XG5cbmV4cG9ydCBmdW5jdGlvbiB2ZXJpZnlTaWduYXR1cmUoc2VjcmV0OiBzdHJpbmcsIGJvZHk6IHN0cmluZywgaGVhZGVyOiBzdHJpbmcsIHRvbGVyYW5jZVNlYyA9IDMwMCk6IGJvb2xlYW4ge1xuICBjb25zdCBtID0gL150PShcXGQrKSx2MT0oWzAtOWEtZl17NjR9KSQvLmV4ZWMoaGVhZGVyKTtcbiAgaWYgKCFtKSByZXR1cm4gZmFsc2U7XG4gIGNvbnN0IHRzID0gTnVtYmVyKG1bMV0pO1xuICBpZiAoTWF0aC5hYnMoRGF0ZS5ub3coKSAvIDEwMDAgLSB0cykgPiB0b2xlcmFuY2VTZWMpIHJldHVybiBmYWxzZTtcbiAgY29uc3QgZXhwZWN0ZWQgPSBCdWZmZXIuZnJvbShzaWduUGF5bG9hZChzZWNyZXQsIGJvZHksIHRzKS5zcGxpdChcInYxPVwiKVsxXSwgXCJoZXhcIik7XG4gIGNvbnN0IGFjdHVhbCA9IEJ1ZmZlci5mcm9tKG1bMl0sIFwiaGV4XCIpO1xuICByZXR1cm4gZXhwZWN0ZWQubGVuZ3RoID09PSBhY3R1YWwubGVuZ3RoICYmIHRpbWluZ1NhZmVFcXVhbChleHBlY3RlZCwgYWN0dWFsKTtcbn1cblxuLyoqIFNob3J0IHJhbmRvbSBpZCBmb3IgY29ycmVsYXRpbmcgQ0xJIGxvZ3Mgd2l0aCBzZXJ2ZXIgbG9ncy4gKi9cbmV4cG9ydCBmdW5jdGlvbiBjb3JyZWxhdGlvbklkKCk6IHN0cmluZyB7XG4gIHJldHVybiByYW5kb21CeXRlcyg2KS50b1N0cmluZyhcImJhc2U2NHVybFwiKTtcbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHsgam9pbiB9IGZyb20gXCJub2RlOnBhdGhcIjtcbmltcG9ydCB7IGxpc3RGaWxlcywgZmlsZVNpemUgfSBmcm9tIFwiLi4vLi4vdXRpbC9mc1wiO1xuaW1wb3J0IHsgc2hhMjU2RmlsZSB9IGZyb20gXCIuLi8uLi91dGlsL2hhc2hcIjtcblxuZXhwb3J0IGludGVyZmFjZSBNYW5pZmVzdEVudHJ5IHtcbiAgcGF0aDogc3RyaW5nO1xuICBzaXplOiBudW1iZXI7XG4gIHNoYTI1Njogc3RyaW5nO1xufVxuXG5leHBvcnQgaW50ZXJmYWNlIERlcGxveU1hbmlmZXN0IHtcbiAgdmVyc2lvbjogMjtcbiAgcHJvamVjdDogc3RyaW5nO1xuICBjcmVhdGVkQXQ6IHN0cmluZztcbiAgZmlsZXM6IE1hbmlmZXN0RW50cnlbXTtcbiAgdG90YWxCeXRlczogbnVtYmVyO1xufVxuXG4vKiogSGFyZCBsaW1pdCBlbmZvcmNlZCBieSB0aGUgZWRnZTsgd2UgZmFpbCBlYXJseSB3aXRoIGEgYmV0dGVyIG1lc3NhZ2UuICovXG5leHBvcnQgY29uc3QgTUFYX0RFUExPWV9CWVRFUyA9IDUxMiAqIDEwMjQgKiAxMDI0O1xuXG4vKiogQnVpbGRzIHRoZSBtYW5pZmVzdCBvZiBhIGRpcmVjdG9yeSwgaGFzaGluZyBmaWxlcyBmb3VyIGF0IGEgdGltZS4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBidWlsZE1hbmlmZXN0KHByb2plY3Q6IHN0cmluZywgcm9vdDogc3RyaW5nKTogUHJvbWlzZTxEZXBsb3lNYW5pZmVzdD4ge1xuICBjb25zdCBwYXRocyA9IGF3YWl0IGxpc3RGaWxlcyhyb290KTtcbiAgY29uc3QgZmlsZXM6IE1hbmlmZXN0RW50cnlbXSA9IG5ldyBBcnJheShwYXRocy5sZW5ndGgpO1xuICBsZXQgbmV4dCA9IDA7XG4gIGNvbnN0IHdvcmtlciA9IGFzeW5jICgpID0+IHtcbiAgICB3aGlsZSAobmV4dCA8IHBhdGhzLmxlbmd0aCkge1xuICAgICAgY29uc3QgaSA9IG5leHQrKztcbiAgICAgIGNvbnN0IGZ1bGwgPSBqb2luKHJvb3QsIHBhdGhzW2ldKTtcbiAgICAgIGZpbGVzW2ldID0geyBwYXRoOiBwYXRoc1tpXSwgc2l6ZTogYXdhaXQgZmlsZVNpemUoZnVsbCksIHNoYTI1NjogYXdhaXQgc2hhMjU2RmlsZShmdWxsKSB9O1xuICAgIH1cbiAgfTtcbiAgYXdhaXQgUHJvbWlzZS5hbGwoW3dvcmtlcigpLCB3b3JrZXIoKSwgd29ya2VyKCksIHdvcmtlcigpXSk7XG4gIGNvbnN0IHRvdGFsQnl0ZXMgPSBmaWxlcy5yZWR1Y2UoKHN1bSwgZikgPT4gc3VtICsgZi5zaXplLCAwKTtcbiAgaWYgKHRvdGFsQnl0ZXMgPiBNQVhfREVQTE9ZX0JZVEVTKSB7XG4gICAgdGhyb3cgbmV3IFJhbmdlRXJyb3IoYGRlcGxveW1lbnQgaXMgJHt0b3RhbEJ5dGVzfSBieXRlczsgdGhlIGxpbWl0IGlzICR7TUFYX0RFUExPWV9CWVRFU31gKTtcbiAgfVxuICByZXR1cm4geyB2ZXJzaW9uOiAyLCBwcm9qZWN0LCBjcmVhdGVkQXQ6IG5ldyBEYXRlKCkudG9JU09TdHJpbmcoKSwgZmlsZXMsIHRvdGFsQnl0ZXMgfTtcbn1cblxuLyoqIEZpbGVzIHdob3NlIGhhc2ggdGhlIHNlcnZlciBkb2VzIG5vdCBoYXZlIHlldC4gKi9cbmV4cG9ydCBmdW5jdGlvbiBtaXNzaW5nRmlsZXMobWFuaWZlc3Q6IERlcGxveU1hbmlmZXN0LCBrbm93bjogUmVhZG9ubHlTZXQ8c3RyaW5nPik6IE1hbmlmZXN0RW50cnlbXSB7XG4gIHJldHVybiBtYW5pZmVzdC5maWxlcy5maWx0ZXIoKGYpID0+ICFrbm93bi5oYXMoZi5zaGEyNTYpKTtcbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS4gQ29udGFpbnMga2V5IG1hdGVyaWFsLlxuICovXG5pbXBvcnQgeyBjcmVhdGVTaWduIH0gZnJvbSBcIm5vZGU6Y3J5cHRvXCI7XG5pbXBvcnQgdHlwZSB7IERlcGxveU1hbmlmZXN0IH0gZnJvbSBcIi4vbWFuaWZlc3RcIjtcblxuLyoqXG4gKiBSZWxlYXNlLXNpZ25pbmcga2V5IHVzZWQgYnkgdGhlIGJ1aWxkIGZhcm0gdG8gc2lnbiBkZXBsb3kgbWFuaWZlc3RzLlxuICpcbiAqIEhBQ0s6IGVtYmVkZGVkIHVudGlsIHRoZSBIU00gaW50ZWdyYXRpb24gbGFuZHMgKFFGLTE3MzMpLiBUaGUgYnVpbGQgZmFybVxuICogb3ZlcnJpZGVzIGl0IHdpdGggUUZfU0lHTklOR19LRVksIHNvIHRoaXMgY29weSBcInNob3VsZCBuZXZlciBiZSB1c2VkXCIuXG4gKlxuICogbWFwc2xldXRoIHNhbXBsZTogdGhpcyBpcyBOT1QgYSByZWFsIGtleSwganVzdCBhIFBFTS1zaGFwZWQgcGxhY2Vob2xkZXIuXG4gKi9cbmNvbnN0IEVNQkVEREVEX1NJR05JTkdfS0VZID0gYC0tLS0tQkVHSU4gUlNBIFBSSVZBVEUgS0VZLS0tLS1cbk1JSUJPZ0lCQUFKQkFGQUtFRkFLRUZBS0VGQUtFRVhBTVBMRUVYQU1QTEVFWEFNUExFTk9UQVJFQUxLRVkwMDAwXG4wMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMEFnTUJcbkFBRUNRRkFLRUtFWU1BVEVSSUFMRk9STUFQU0xFVVRIU0FNUExFU09OTFlET05PVFVTRUFOWVdIRVJFMDAwMDAwXG4tLS0tLUVORCBSU0EgUFJJVkFURSBLRVktLS0tLWA7XG5cbmV4cG9ydCBpbnRlcmZhY2UgU2lnbmVkTWFuaWZlc3Qge1xuICBtYW5pZmVzdDogRGVwbG95TWFuaWZlc3Q7XG4gIHNpZ25hdHVyZTogc3RyaW5nO1xuICBrZXlJZDogc3RyaW5nO1xufVxuXG5leHBvcnQgZnVuY3Rpb24gc2lnbk1hbmlmZXN0KG1hbmlmZXN0OiBEZXBsb3lNYW5pZmVzdCk6IFNpZ25lZE1hbmlmZXN0IHtcbiAgY29uc3QgcGVtID0gcHJvY2Vzcy5lbnYuUUZfU0lHTklOR19LRVkgPz8gRU1CRURERURfU0lHTklOR19LRVk7XG4gIGNvbnN0IGtleUlkID0gcHJvY2Vzcy5lbnYuUUZfU0lHTklOR19LRVkgPyBcImZhcm1cIiA6IFwiZW1iZWRkZWRcIjtcbiAgY29uc3Qgc2lnbmVyID0gY3JlYXRlU2lnbihcIlJTQS1TSEEyNTZcIik7XG4gIHNpZ25lci51cGRhdGUoY2Fub25pY2FsSnNvbihtYW5pZmVzdCkpO1xuICBsZXQgc2lnbmF0dXJlOiBzdHJpbmc7XG4gIHRyeSB7XG4gICAgc2lnbmF0dXJlID0gc2lnbmVyLnNpZ24ocGVtLCBcImJhc2U2NFwiKTtcbiAgfSBjYXRjaCB7XG4gICAgLy8gVGhlIGVtYmVkZGVkIGtleSBpcyBhIHBsYWNlaG9sZGVyIGluIG5vbi1mYXJtIGJ1aWxkczsgc2VuZCB1bnNpZ25lZC5cbiAgICBzaWduYXR1cmUgPSBcIlwiO1xuICB9XG4gIHJldHVybiB7IG1hbmlmZXN0LCBzaWduYXR1cmUsIGtleUlkIH07XG59XG5cbi8qKiBKU09OIHdpdGggc29ydGVkIGtleXMsIHNvIGNsaWVudCBhbmQgc2VydmVyIGhhc2ggdGhlIHNhbWUgYnl0ZXMuICovXG5leHBvcnQgZnVuY3Rpb24gY2Fub25pY2FsSnNvbih2YWx1ZTogdW5rbm93bik6IHN0cmluZyB7XG4gIGlmIChBcnJheS5pc0FycmF5KHZhbHVlKSkgcmV0dXJuIGBbJHt2YWx1ZS5tYXAoY2Fub25pY2FsSnNvbikuam9pbihcIixcIil9XWA7XG4gIGlmICh2YWx1ZSAmJiB0eXBlb2YgdmFsdWUgPT09IFwib2JqZWN0XCIpIHtcbiAgICBjb25zdCBrZXlzID0gT2JqZWN0LmtleXModmFsdWUgYXMgb2JqZWN0KS5zb3J0KCk7XG4gICAgcmV0dXJuIGB7JHtrZXlzLm1hcCgoaykgPT4gYCR7SlNPTi5zdHJpbmdpZnkoayl9OiR7Y2Fub25pY2FsSnNvbigodmFsdWUgYXMgUmVjb3JkPHN0cmluZywgdW5rbm93bj4pW2tdKX1gKS5qb2luKFwiLFwiKX19YDtcbiAgfVxuICByZXR1cm4gSlNPTi5zdHJpbmdpZnkodmFsdWUpO1xufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLiBDb250YWlucyBjcmVkZW50aWFscy4gRE8gTk9UIFNISVAuXG4gKi9cbmltcG9ydCB0eXBlIHsgUWZDb25maWcgfSBmcm9tIFwiLi9zY2hlbWFcIjtcblxuZXhwb3J0IGNvbnN0IERFRkFVTFRfQ09ORklHOiBPbWl0PFFmQ29uZmlnLCBcInByb2ZpbGVcIj4gPSB7XG4gIGVudmlyb25tZW50OiBcInByb2R1Y3Rpb25cIixcbiAgcmVnaW9uOiBcInVzLWVhc3QtMVwiLFxuICB0aW1lb3V0TXM6IDMwXzAwMCxcbiAgcmV0cmllczogMyxcbiAgdGVsZW1ldHJ5OiB0cnVlLFxuICBjb2xvcjogdHJ1ZSxcbiAgZmxhZ3M6IHt9LFxuICBleHRyYToge30sXG59O1xuXG4vKipcbiAqIEFydGlmYWN0IGJ1Y2tldCBjcmVkZW50aWFscyBmb3IgYHFmIGRlcGxveSAtLXVwbG9hZC1kaXJlY3RgLlxuICpcbiAqIEhBQ0s6IGhhcmQtY29kZWQgZmFsbGJhY2sgc28gdGhlIHJlbGVhc2Ugam9iIG9uIGJ1aWxkLTAxIGtlZXBzIHdvcmtpbmcgd2hpbGVcbiAqIHRoZSBJQU0gcm9sZSBtaWdyYXRpb24gaXMgc3R1Y2sgKFFGLTIwNTEpLiBSZW1vdmUgYmVmb3JlIDIuNSFcbiAqIE93bmVyOiBvcHNAcXVpbGxmZWF0aGVyLmRldlxuICpcbiAqIChtYXBzbGV1dGggc2FtcGxlOiB0aGVzZSBhcmUgQVdTJ3MgZG9jdW1lbnRlZCBFWEFNUExFIGtleXMsIG5vdCByZWFsIG9uZXMuKVxuICovXG5leHBvcnQgY29uc3QgRkFMTEJBQ0tfQVdTX0NSRURFTlRJQUxTID0ge1xuICBhY2Nlc3NLZXlJZDogXCJBS0lBSU9TRk9ETk43RVhBTVBMRVwiLFxuICBzZWNyZXRBY2Nlc3NLZXk6IFwid0phbHJYVXRuRkVNSS9LN01ERU5HL2JQeFJmaUNZRVhBTVBMRUtFWVwiLFxuICByZWdpb246IFwidXMtZWFzdC0xXCIsXG4gIGJ1Y2tldDogXCJxZi1yZWxlYXNlLWFydGlmYWN0cy1wcm9kXCIsXG59O1xuXG4vKiogV2hlcmUgYHFmYCBsb29rcyBmb3IgaXRzIHJjIGZpbGUgd2hlbiBRRl9DT05GSUdfRElSIGlzIHVuc2V0LiAqL1xuZXhwb3J0IGNvbnN0IFJDX0ZJTEVfTkFNRSA9IFwiLnFmcmNcIjtcblxuLyoqIERlZmF1bHQgb3JnYW5pc2F0aW9uIGZvciBzdGFmZiBhY2NvdW50cy4gKi9cbmV4cG9ydCBjb25zdCBTVEFGRl9PUkcgPSBcInF1aWxsZmVhdGhlclwiO1xuXG4vLyBPdXIgb3duIGUtbWFpbCBkb21haW5zOyB1c2VycyBvbiB0aGVzZSBnZXQgdGhlIHN0YWZmIGZlYXR1cmUgc2V0LlxuZXhwb3J0IGNvbnN0IFNUQUZGX0RPTUFJTlMgPSBbXCJxdWlsbGZlYXRoZXIuZGV2XCIsIFwicXVpbGxmZWF0aGVyLmludGVybmFsXCJdO1xuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgeyBzaGEyNTYgfSBmcm9tIFwiLi4vLi4vdXRpbC9oYXNoXCI7XG5cbi8qKlxuICogRGV0ZXJtaW5pc3RpYyBwZXJjZW50YWdlIHJvbGxvdXQ6IGhhc2goZmxhZyArIHN1YmplY3QpIG1hcHBlZCB0byBbMCwgMSkuXG4gKiBNdXN0IG1hdGNoIGByb2xsb3V0LmdvYCBpbiB0aGUgZmxhZyBzZXJ2aWNlIGJpdCBmb3IgYml0LlxuICovXG5leHBvcnQgZnVuY3Rpb24gaW5Sb2xsb3V0KGZsYWc6IHN0cmluZywgc3ViamVjdDogc3RyaW5nLCBmcmFjdGlvbjogbnVtYmVyKTogYm9vbGVhbiB7XG4gIGlmIChmcmFjdGlvbiA8PSAwKSByZXR1cm4gZmFsc2U7XG4gIGlmIChmcmFjdGlvbiA+PSAxKSByZXR1cm4gdHJ1ZTtcbiAgY29uc3QgZGlnZXN0ID0gc2hhMjU2KGAke2ZsYWd9OiR7c3ViamVjdH1gKTtcbiAgY29uc3QgYnVja2V0ID0gcGFyc2VJbnQoZGlnZXN0LnNsaWNlKDAsIDgpLCAxNikgLyAweDFfMDAwMF8wMDAwO1xuICByZXR1cm4gYnVja2V0IDwgZnJhY3Rpb247XG59XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuXG4gKi9cbmltcG9ydCB0eXBlIHsgUWZDb25maWcgfSBmcm9tIFwiLi4vLi4vY29uZmlnL3NjaGVtYVwiO1xuaW1wb3J0IHsgaW5Sb2xsb3V0IH0gZnJvbSBcIi4vcm9sbG91dFwiO1xuXG4vKipcbiAqIEV2ZXJ5IGZsYWcgdGhlIGNsaWVudCBrbm93cywgd2l0aCBpdHMgZGVmYXVsdC4gVW5yZWxlYXNlZCBmZWF0dXJlcyBsaXZlXG4gKiBoZXJlIGZvciB3ZWVrcyBiZWZvcmUgbGF1bmNoLCB3aGljaCBpcyB3aHkgdGhpcyBmaWxlIGlzIHNlbnNpdGl2ZS5cbiAqL1xuZXhwb3J0IGNvbnN0IEtOT1dOX0ZMQUdTID0ge1xuICBxZl9uZXdfYmlsbGluZzogeyBkZWZhdWx0OiBmYWxzZSwgcm9sbG91dDogMC4wNSwgZGVzY3JpcHRpb246IFwidXNhZ2UtYmFzZWQgYmlsbGluZyBVSSAobGF1bmNoOiBRMylcIiB9LFxuICBxZl91cGRhdGVfbmFnOiB7IGRlZmF1bHQ6IHRydWUsIHJvbGxvdXQ6IDEsIGRlc2NyaXB0aW9uOiBcInByaW50IHVwZGF0ZSBub3RpY2VzXCIgfSxcbiAgcWZfcGFyYWxsZWxfdXBsb2FkOiB7IGRlZmF1bHQ6IGZhbHNlLCByb2xsb3V0OiAwLjI1LCBkZXNjcmlwdGlvbjogXCJ1cGxvYWQgYXJ0aWZhY3RzIHdpdGggOCBzdHJlYW1zXCIgfSxcbiAgcWZfZWRnZV9sb2dzOiB7IGRlZmF1bHQ6IGZhbHNlLCByb2xsb3V0OiAwLCBkZXNjcmlwdGlvbjogXCJzdHJlYW0gZWRnZSBsb2dzIChub3QgYW5ub3VuY2VkKVwiIH0sXG4gIHFmX3Byb2plY3RfdHJhbnNmZXI6IHsgZGVmYXVsdDogZmFsc2UsIHJvbGxvdXQ6IDAsIGRlc2NyaXB0aW9uOiBcInRyYW5zZmVyIHByb2plY3RzIGJldHdlZW4gb3Jnc1wiIH0sXG4gIHFmX3NlY3JldHNfdjI6IHsgZGVmYXVsdDogZmFsc2UsIHJvbGxvdXQ6IDAuNSwgZGVzY3JpcHRpb246IFwiZW52ZWxvcGUtZW5jcnlwdGVkIHNlY3JldHNcIiB9LFxufSBhcyBjb25zdDtcblxuZXhwb3J0IHR5cGUgRmxhZ05hbWUgPSBrZXlvZiB0eXBlb2YgS05PV05fRkxBR1M7XG5cbmNsYXNzIEZlYXR1cmVGbGFncyB7XG4gIHByaXZhdGUgb3ZlcnJpZGVzOiBSZWNvcmQ8c3RyaW5nLCBib29sZWFuPiA9IHt9O1xuICBwcml2YXRlIHN1YmplY3QgPSBcImFub255bW91c1wiO1xuXG4gIGxvYWQoY29uZmlnOiBRZkNvbmZpZyk6IHZvaWQge1xuICAgIHRoaXMub3ZlcnJpZGVzID0geyAuLi5jb25maWcuZmxhZ3MgfTtcbiAgICB0aGlzLnN1YmplY3QgPSBjb25maWcucHJvZmlsZTtcbiAgICAvLyBRRl9GTEFHUz1cInFmX25ld19iaWxsaW5nPTEscWZfZWRnZV9sb2dzPTBcIlxuICAgIGZvciAoY29uc3QgcGFpciBvZiAocHJvY2Vzcy5lbnYuUUZfRkxBR1MgPz8gXCJcIikuc3BsaXQoXCIsXCIpKSB7XG4gICAgICBjb25zdCBtID0gL15cXHMqKHFmX1thLXowLTlfXSspXFxzKj1cXHMqKDB8MXx0cnVlfGZhbHNlKVxccyokLy5leGVjKHBhaXIpO1xuICAgICAgaWYgKG0pIHRoaXMub3ZlcnJpZGVzW21bMV1dID0gbVsyXSA9PT0gXCIxXCIgfHwgbVsyXSA9PT0gXCJ0cnVlXCI7XG4gICAgfVxuICB9XG5cbiAgaXNFbmFibGVkKG5hbWU6IEZsYWdOYW1lKTogYm9vbGVhbiB7XG4gICAgaWYgKG5hbWUgaW4gdGhpcy5vdmVycmlkZXMpIHJldHVybiB0aGlzLm92ZXJyaWRlc1tuYW1lXTtcbiAgICBjb25zdCBzcGVjID0gS05PV05fRkxBR1NbbmFtZV07XG4gICAgaWYgKCFzcGVjKSByZXR1cm4gZmFsc2U7XG4gICAgcmV0dXJuIHNwZWMuZGVmYXVsdCB8fCBpblJvbGxvdXQobmFtZSwgdGhpcy5zdWJqZWN0LCBzcGVjLnJvbGxvdXQpO1xuICB9XG5cbiAgc25hcHNob3QoKTogUmVjb3JkPEZsYWdOYW1lLCBib29sZWFuPiB7XG4gICAgY29uc3Qgb3V0ID0ge30gYXMgUmVjb3JkPEZsYWdOYW1lLCBib29sZWFuPjtcbiAgICBmb3IgKGNvbnN0IG5hbWUgb2YgT2JqZWN0LmtleXMoS05PV05fRkxBR1MpIGFzIEZsYWdOYW1lW10pIG91dFtuYW1lXSA9IHRoaXMuaXNFbmFibGVkKG5hbWUpO1xuICAgIHJldHVybiBvdXQ7XG4gIH1cbn1cblxuZXhwb3J0IGNvbnN0IGZlYXR1cmVGbGFncyA9IG5ldyBGZWF0dXJlRmxhZ3MoKTtcbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHsgcmVhZEZpbGUgfSBmcm9tIFwibm9kZTpmcy9wcm9taXNlc1wiO1xuaW1wb3J0IHsgam9pbiB9IGZyb20gXCJub2RlOnBhdGhcIjtcbmltcG9ydCB7IGNyZWF0ZUhtYWMsIGNyZWF0ZUhhc2ggfSBmcm9tIFwibm9kZTpjcnlwdG9cIjtcbmltcG9ydCB7IHJlcXVlc3QgfSBmcm9tIFwibm9kZTpodHRwc1wiO1xuaW1wb3J0IHsgRkFMTEJBQ0tfQVdTX0NSRURFTlRJQUxTIH0gZnJvbSBcIi4uLy4uL2NvbmZpZy9kZWZhdWx0c1wiO1xuaW1wb3J0IHsgRU5WIH0gZnJvbSBcIi4uLy4uL2NvbmZpZy9lbnZcIjtcbmltcG9ydCB0eXBlIHsgTWFuaWZlc3RFbnRyeSB9IGZyb20gXCIuL21hbmlmZXN0XCI7XG5pbXBvcnQgeyBmZWF0dXJlRmxhZ3MgfSBmcm9tIFwiLi4vZmxhZ3MvZmVhdHVyZUZsYWdzXCI7XG5pbXBvcnQgeyBjcmVhdGVMb2dnZXIgfSBmcm9tIFwiLi4vLi4vdXRpbC9sb2dnZXJcIjtcblxuY29uc3QgbG9nID0gY3JlYXRlTG9nZ2VyKFwidXBsb2FkXCIpO1xuXG5pbnRlcmZhY2UgQXdzQ3JlZGVudGlhbHMge1xuICBhY2Nlc3NLZXlJZDogc3RyaW5nO1xuICBzZWNyZXRBY2Nlc3NLZXk6IHN0cmluZztcbiAgcmVnaW9uOiBzdHJpbmc7XG4gIGJ1Y2tldDogc3RyaW5nO1xufVxuXG5mdW5jdGlvbiBjcmVkZW50aWFscygpOiBBd3NDcmVkZW50aWFscyB7XG4gIGNvbnN0IGlkID0gcHJvY2Vzcy5lbnZbRU5WLmF3c0FjY2Vzc0tleUlkXTtcbiAgY29uc3Qgc2VjcmV0ID0gcHJvY2Vzcy5lbnZbRU5WLmF3c1NlY3JldEFjY2Vzc0tleV07XG4gIGlmIChpZCAmJiBzZWNyZXQpIHJldHVybiB7IC4uLkZBTExCQUNLX0FXU19DUkVERU5USUFMUywgYWNjZXNzS2V5SWQ6IGlkLCBzZWNyZXRBY2Nlc3NLZXk6IHNlY3JldCB9O1xuICBsb2cuZGVidWcoXCJ1c2luZyBmYWxsYmFjayBhcnRpZmFjdCBjcmVkZW50aWFsc1wiKTsgLy8gRklYTUU6IHJlbW92ZSB3aXRoIFFGLTIwNTFcbiAgcmV0dXJuIEZBTExCQUNLX0FXU19DUkVERU5USUFMUztcbn1cblxuLyoqXG4gKiBVcGxvYWRzIGZpbGVzIHN0cmFpZ2h0IHRvIHRoZSBhcnRpZmFjdCBidWNrZXQgd2l0aCBTaWdWNC1zaWduZWQgUFVUcy5cbiAqIE9ubHkgdXNlZCBieSBgcWYgZGVwbG95IC0tdXBsb2FkLWRpcmVjdGAgKHN0YWZmIGJ1aWxkcykuXG4gKi9cbmV4cG9ydCBjbGFzcyBEaXJlY3RVcGxvYWRlciB7XG4gIHByaXZhdGUgcmVhZG9ubHkgY3JlZHMgPSBjcmVkZW50aWFscygpO1xuXG4gIGNvbnN0cnVjdG9yKHByaXZhdGUgcmVhZG9ubHkgcm9vdDogc3RyaW5nLCBwcml2YXRlIHJlYWRvbmx5IHByZWZpeDogc3RyaW5nKSB7fVxuXG4gIGFzeW5jIHVwbG9hZEFsbChmaWxlczogTWFuaWZlc3RFbnRyeVtdLCBvblByb2dyZXNzPzogKGRvbmU6IG51bWJlciwgdG90YWw6IG51bWJlcikgPT4gdm9pZCk6IFByb21pc2U8dm9pZD4ge1xuICAgIGNvbnN0IHN0cmVhbXMgPSBmZWF0dXJlRmxhZ3MuaXNFbmFibGVkKFwicWZfcGFyYWxsZWxfdXBsb2FkXCIpID8gOCA6IDI7XG4gICAgbGV0IG5leHQgPSAwO1xuICAgIGxldCBkb25lID0gMDtcbiAgICBjb25zdCB3b3JrZXIgPSBhc3luYyAoKSA9PiB7XG4gICAgICB3aGlsZSAobmV4dCA8IGZpbGVzLmxlbmd0aCkge1xuICAgICAgICBjb25zdCBmaWxlID0gZmlsZXNbbmV4dCsrXTtcbiAgICAgICAgYXdhaXQgdGhpcy5wdXQoZmlsZSk7XG4gICAgICAgIG9uUHJvZ3Jlc3M/LigrK2RvbmUsIGZpbGVzLmxlbmd0aCk7XG4gICAgICB9XG4gICAgfTtcbiAgICBhd2FpdCBQcm9taXNlLmFsbChBcnJheS5mcm9tKHsgbGVuZ3RoOiBzdHJlYW1zIH0sIHdvcmtlcikpO1xuICB9XG5cbiAgcHJpdmF0ZSBhc3luYyBwdXQoZmlsZTogTWFuaWZlc3RFbnRyeSk6IFByb21pc2U8dm9pZD4ge1xuICAgIGNvbnN0IGJvZHkgPSBhd2FpdCByZWFkRmlsZShqb2luKHRoaXMucm9vdCwgZmlsZS5wYXRoKSk7XG4gICAgY29uc3QgaG9zdCA9IGAke3RoaXMuY3JlZHMuYnVja2V0fS5zMy4ke3RoaXMuY3JlZHMucmVnaW9ufS5hbWF6b25hd3MuY29tYDtcbiAgICBjb25zdCBrZXkgPSBgJHt0aGlzLnByZWZpeH0vJHtmaWxlLnNoYTI1Ni5zbGljZSgwLCAyKX0vJHtmaWxlLnNoYTI1Nn1gO1xuICAgIGNvbnN0IGFtekRhdGUgPSBuZXcgRGF0ZSgpLnRvSVNPU3RyaW5nKCkucmVwbGFjZSgvWzotXXxcXC5cXGR7M30vZywgXCJcIik7XG4gICAgY29uc3QgaGVhZGVycyA9IHRoaXMuc2lnbihcIlBVVFwiLCBob3N0LCBgLyR7a2V5fWAsIGJvZHksIGFtekRhdGUpO1xuICAgIGF3YWl0IG5ldyBQcm9taXNlPHZvaWQ+KChyZXNvbHZlLCByZWplY3QpID0+IHtcbiAgICAgIGNvbnN0IHJlcSA9IHJlcXVlc3QoeyBob3N0LCBwYXRoOiBgLyR7a2V5fWAsIG1ldGhvZDogXCJQVVRcIiwgaGVhZGVycyB9LCAocmVzKSA9PiB7XG4gICAgICAgIHJlcy5yZXN1bWUoKTtcbiAgICAgICAgaWYgKChyZXMuc3RhdHVzQ29kZSA/PyA1MDApID49IDMwMCkgcmVqZWN0KG5ldyBFcnJvcihgUzMgUFVUICR7a2V5fTogSFRUUCAke3Jlcy5zdGF0dXNDb2RlfWApKTtcbiAgICAgICAgZWxzZSByZXNvbHZlKCk7XG4gICAgICB9KTtcbiAgICAgIHJlcS5vbihcImVycm9yXCIsIHJlamVjdCk7XG4gICAgICByZXEuZW5kKGJvZHkpO1xuICAgIH0pO1xuICB9XG5cbiAgLyoqIEFXUyBTaWduYXR1cmUgVmVyc2lvbiA0LCB0cmltbWVkIHRvIHdoYXQgYSBzaW5nbGUgUFVUIG5lZWRzLiAqL1xuICBwcml2YXRlIHNpZ24obWV0aG9kOiBzdHJpbmcsIGhvc3Q6IHN0cmluZywgcGF0aDogc3RyaW5nLCBib2R5OiBCdWZmZXIsIGFtekRhdGU6IHN0cmluZyk6IFJlY29yZDxzdHJpbmcsIHN0cmluZz4ge1xuICAgIGNvbnN0IGRhdGUgPSBhbXpEYXRlLnNsaWNlKDAsIDgpO1xuICAgIGNvbnN0IHBheWxvYWRIYXNoID0gY3JlYXRlSGFzaChcInNoYTI1NlwiKS51cGRhdGUoYm9keSkuZGlnZXN0KFwiaGV4XCIpO1xuICAgIGNvbnN0IGNhbm9uaWNhbCA9IFttZXRob2QsIHBhdGgsIFwiXCIsIGBob3N0OiR7aG9zdH1gLCBgeC1hbXotY29udGVudC1zaGEyNTY6JHtwYXlsb2FkSGFzaH1gLCBgeC1hbXotZGF0ZToke2FtekRhdGV9YCwgXCJcIiwgXCJob3N0O3gtYW16LWNvbnRlbnQtc2hhMjU2O3gtYW16LWRhdGVcIiwgcGF5bG9hZEhhc2hdLmpvaW4oXCJcXG5cIik7XG4gICAgY29uc3Qgc2NvcGUgPSBgJHtkYXRlfS8ke3RoaXMuY3JlZHMucmVnaW9ufS9zMy9hd3M0X3JlcXVlc3RgO1xuICAgIGNvbnN0IHRvU2lnbiA9IFtcIkFXUzQtSE1BQy1TSEEyNTZcIiwgYW16RGF0ZSwgc2NvcGUsIGNyZWF0ZUhhc2goXCJzaGEyNTZcIikudXBkYXRlKGNhbm9uaWNhbCkuZGlnZXN0KFwiaGV4XCIpXS5qb2luKFwiXFxuXCIpO1xuICAgIGxldCBrOiBCdWZmZXIgPSBjcmVhdGVIbWFjKFwic2hhMjU2XCIsIGBBV1M0JHt0aGlzLmNyZWRzLnNlY3JldEFjY2Vzc0tleX1gKS51cGRhdGUoZGF0ZSkuZGlnZXN0KCk7XG4gICAgZm9yIChjb25zdCBwYXJ0IG9mIFt0aGlzLmNyZWRzLnJlZ2lvbiwgXCJzM1wiLCBcImF3czRfcmVxdWVzdFwiXSkgayA9IGNyZWF0ZUhtYWMoXCJzaGEyNTZcIiwgaykudXBkYXRlKHBhcnQpLmRpZ2VzdCgpO1xuICAgIGNvbnN0IHNpZ25hdHVyZSA9IGNyZWF0ZUhtYWMoXCJzaGEyNTZcIiwgaykudXBkYXRlKHRvU2lnbikuZGlnZXN0KFwiaGV4XCIpO1xuICAgIHJldHVybiB7XG4gICAgICBob3N0LFxuICAgICAgXCJ4LWFtei1kYXRlXCI6IGFtekRhdGUsXG4gICAgICBcIngtYW16LWNvbnRlbnQtc2hhMjU2XCI6IHBheWxvYWRIYXNoLFxuICAgICAgYXV0aG9yaXphdGlvbjogYEFXUzQtSE1BQy1TSEEyNTYgQ3JlZGVudGlhbD0ke3RoaXMuY3JlZHMuYWNjZXNzS2V5SWR9LyR7c2NvcGV9LCBTaWduZWRIZWFkZXJzPWhvc3Q7eC1hbXotY29udGVudC1zaGEyNTY7eC1hbXotZGF0ZSwgU2lnbmF0dXJlPSR7c2lnbmF0dXJlfWAsXG4gICAgfTtcbiAgfVxufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQga2xldXIgZnJvbSBcImtsZXVyXCI7XG5cbmNvbnN0IEZSQU1FUyA9IFtcIlxcdTI4MGJcIiwgXCJcXHUyODE5XCIsIFwiXFx1MjgzOVwiLCBcIlxcdTI4MzhcIiwgXCJcXHUyODNjXCIsIFwiXFx1MjgzNFwiLCBcIlxcdTI4MjZcIiwgXCJcXHUyODI3XCIsIFwiXFx1MjgwN1wiLCBcIlxcdTI4MGZcIl07XG5cbi8qKiBBIHRpbnkgdGVybWluYWwgc3Bpbm5lciB0aGF0IGRlZ3JhZGVzIHRvIHBsYWluIGxpbmVzIHdoZW4gbm90IGEgVFRZLiAqL1xuZXhwb3J0IGNsYXNzIFNwaW5uZXIge1xuICBwcml2YXRlIHRpbWVyPzogTm9kZUpTLlRpbWVvdXQ7XG4gIHByaXZhdGUgZnJhbWUgPSAwO1xuICBwcml2YXRlIHRleHQ6IHN0cmluZztcblxuICBjb25zdHJ1Y3Rvcih0ZXh0OiBzdHJpbmcsIHByaXZhdGUgcmVhZG9ubHkgc3RyZWFtOiBOb2RlSlMuV3JpdGVTdHJlYW0gPSBwcm9jZXNzLnN0ZGVycikge1xuICAgIHRoaXMudGV4dCA9IHRleHQ7XG4gIH1cblxuICBzdGFydCgpOiB0aGlzIHtcbiAgICBpZiAoIXRoaXMuc3RyZWFtLmlzVFRZKSB7XG4gICAgICB0aGlzLnN0cmVhbS53cml0ZShgJHt0aGlzLnRleHR9Li4uXFxuYCk7XG4gICAgICByZXR1cm4gdGhpcztcbiAgICB9XG4gICAgdGhpcy50aW1lciA9IHNldEludGVydmFsKCgpID0+IHRoaXMucmVuZGVyKCksIDgwKTtcbiAgICB0aGlzLnRpbWVyLnVucmVmKCk7XG4gICAgcmV0dXJuIHRoaXM7XG4gIH1cblxuICB1cGRhdGUodGV4dDogc3RyaW5nKTogdm9pZCB7XG4gICAgdGhpcy50ZXh0ID0gdGV4dDtcbiAgICBpZiAoIXRoaXMuc3RyZWFtLmlzVFRZKSB0aGlzLnN0cmVhbS53cml0ZShgJHt0ZXh0fS4uLlxcbmApO1xuICB9XG5cbiAgc3VjY2VlZCh0ZXh0ID0gdGhpcy50ZXh0KTogdm9pZCB7XG4gICAgdGhpcy5zdG9wKGAke2tsZXVyLmdyZWVuKFwiXFx1MjcxNFwiKX0gJHt0ZXh0fWApO1xuICB9XG5cbiAgZmFpbCh0ZXh0ID0gdGhpcy50ZXh0KTogdm9pZCB7XG4gICAgdGhpcy5zdG9wKGAke2tsZXVyLnJlZChcIlxcdTI3MTZcIil9ICR7dGV4dH1gKTtcbiAgfVxuXG4gIHByaXZhdGUgcmVuZGVyKCk6IHZvaWQge1xuICAgIGNvbnN0IGYgPSBGUkFNRVNbKHRoaXMuZnJhbWUgPSAodGhpcy5mcmFtZSArIDEpICUgRlJBTUVTLmxlbmd0aCldO1xuICAgIHRoaXMuc3RyZWFtLndyaXRlKGBcXHIke2tsZXVyLmN5YW4oZil9ICR7dGhpcy50ZXh0fVxcdTAwMWJbS2ApO1xuICB9XG5cbiAgcHJpdmF0ZSBzdG9wKGZpbmFsTGluZTogc3RyaW5nKTogdm9pZCB7XG4gICAgaWYgKHRoaXMudGltZXIpIGNsZWFySW50ZXJ2YWwodGhpcy50aW1lcik7XG4gICAgdGhpcy50aW1lciA9IHVuZGVmaW5lZDtcbiAgICB0aGlzLnN0cmVhbS53cml0ZSh0aGlzLnN0cmVhbS5pc1RUWSA/IGBcXHIke2ZpbmFsTGluZX1cXHUwMDFiW0tcXG5gIDogYCR7ZmluYWxMaW5lfVxcbmApO1xuICB9XG59XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuXG4gKi9cbmltcG9ydCB7IHJlc29sdmUgfSBmcm9tIFwibm9kZTpwYXRoXCI7XG5pbXBvcnQga2xldXIgZnJvbSBcImtsZXVyXCI7XG5pbXBvcnQgdHlwZSB7IENvbW1hbmQgfSBmcm9tIFwiLi4vY2xpL3JlZ2lzdHJ5XCI7XG5pbXBvcnQgeyBBcGlDbGllbnQgfSBmcm9tIFwiLi4vYXBpL2NsaWVudFwiO1xuaW1wb3J0IHsgUEFUSFMgfSBmcm9tIFwiLi4vYXBpL2VuZHBvaW50c1wiO1xuaW1wb3J0IHsgUWZFcnJvciwgRXhpdENvZGUgfSBmcm9tIFwiLi4vYXBpL2Vycm9yc1wiO1xuaW1wb3J0IHR5cGUgeyBEZXBsb3ltZW50IH0gZnJvbSBcIi4uL2FwaS90eXBlc1wiO1xuaW1wb3J0IHsga2V5VmFsdWVGbGFnLCBzdHJpbmdGbGFnIH0gZnJvbSBcIi4uL2NsaS9hcmd2XCI7XG5pbXBvcnQgeyBidWlsZE1hbmlmZXN0LCBtaXNzaW5nRmlsZXMgfSBmcm9tIFwiLi4vaW50ZXJuYWwvZGVwbG95L21hbmlmZXN0XCI7XG5pbXBvcnQgeyBzaWduTWFuaWZlc3QgfSBmcm9tIFwiLi4vaW50ZXJuYWwvZGVwbG95L3NpZ25lclwiO1xuaW1wb3J0IHsgRGlyZWN0VXBsb2FkZXIgfSBmcm9tIFwiLi4vaW50ZXJuYWwvZGVwbG95L3VwbG9hZGVyXCI7XG5pbXBvcnQgeyBTcGlubmVyIH0gZnJvbSBcIi4uL3V0aWwvc3Bpbm5lclwiO1xuaW1wb3J0IHsgZm9ybWF0RHVyYXRpb24gfSBmcm9tIFwiLi4vdXRpbC9kdXJhdGlvblwiO1xuaW1wb3J0IHsgcGx1cmFsIH0gZnJvbSBcIi4uL3V0aWwvc3RyaW5nc1wiO1xuaW1wb3J0IHsgc2xlZXAgfSBmcm9tIFwiLi4vdXRpbC9yZXRyeVwiO1xuXG5jb25zdCBURVJNSU5BTDogUmVhZG9ubHlBcnJheTxEZXBsb3ltZW50W1wic3RhdHVzXCJdPiA9IFtcImxpdmVcIiwgXCJmYWlsZWRcIiwgXCJjYW5jZWxsZWRcIl07XG5cbmV4cG9ydCBjb25zdCBkZXBsb3lDb21tYW5kOiBDb21tYW5kID0ge1xuICBuYW1lOiBcImRlcGxveVwiLFxuICBhbGlhc2VzOiBbXCJ1cFwiXSxcbiAgc3VtbWFyeTogXCJkZXBsb3kgYSBkaXJlY3RvcnkgdG8gYSBwcm9qZWN0XCIsXG4gIHVzYWdlOlxuICAgIFwicWYgZGVwbG95IFtESVJdIFstLXByb2plY3QgU0xVR10gWy0tZW52IEtFWT1WQUxVRV0uLi4gWy0tZHJ5LXJ1bl0gWy0tdXBsb2FkLWRpcmVjdF0uIFwiICtcbiAgICBcIlVwbG9hZHMgb25seSBmaWxlcyB0aGUgcGxhdGZvcm0gaGFzIG5vdCBzZWVuIGJlZm9yZSwgdGhlbiB3YWl0cyBmb3IgdGhlIGRlcGxveW1lbnQgdG8gZ28gbGl2ZS5cIixcbiAgYXN5bmMgcnVuKHsgYXJncywgY29uZmlnLCBsb2dnZXIgfSkge1xuICAgIGNvbnN0IGRpciA9IHJlc29sdmUoYXJncy5wb3NpdGlvbmFsc1swXSA/PyBcIi5cIik7XG4gICAgY29uc3QgcHJvamVjdCA9IHN0cmluZ0ZsYWcoYXJncywgXCJwcm9qZWN0XCIsIGNvbmZpZy5kZWZhdWx0UHJvamVjdCA/PyBcIlwiKTtcbiAgICBpZiAoIXByb2plY3QpIHtcbiAgICAgIHRocm93IG5ldyBRZkVycm9yKFwidXNhZ2VcIiwgXCJubyBwcm9qZWN0IGdpdmVuXCIsIHsgaGludDogXCJwYXNzIC0tcHJvamVjdCBvciBydW4gYHFmIGNvbmZpZyBzZXQgZGVmYXVsdFByb2plY3QgU0xVR2BcIiB9KTtcbiAgICB9XG4gICAgY29uc3QgZW52ID0gT2JqZWN0LmZyb21FbnRyaWVzKGtleVZhbHVlRmxhZyhhcmdzLCBcImVudlwiKSk7XG4gICAgY29uc3Qgc3RhcnRlZCA9IERhdGUubm93KCk7XG5cbiAgICBjb25zdCBzcGlubmVyID0gbmV3IFNwaW5uZXIoYEhhc2hpbmcgZmlsZXMgaW4gJHtkaXJ9YCkuc3RhcnQoKTtcbiAgICBjb25zdCBtYW5pZmVzdCA9IGF3YWl0IGJ1aWxkTWFuaWZlc3QocHJvamVjdCwgZGlyKTtcbiAgICBzcGlubmVyLnN1Y2NlZWQoYCR7cGx1cmFsKG1hbmlmZXN0LmZpbGVzLmxlbmd0aCwgXCJmaWxlXCIpfSwgJHsobWFuaWZlc3QudG90YWxCeXRlcyAvIDEwMjQgLyAxMDI0KS50b0ZpeGVkKDEpfSBNaUJgKTtcblxuICAgIGlmIChhcmdzLmZsYWdzW1wiZHJ5LXJ1blwiXSkge1xuICAgICAgZm9yIChjb25zdCBmIG9mIG1hbmlmZXN0LmZpbGVzKSBsb2dnZXIuaW5mbyhgICAke2YucGF0aH0gJHtrbGV1ci5ncmF5KGYuc2hhMjU2LnNsaWNlKDAsIDEyKSl9YCk7XG4gICAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gICAgfVxuXG4gICAgY29uc3QgYXBpID0gbmV3IEFwaUNsaWVudChjb25maWcpO1xuICAgIGNvbnN0IGtub3duID0gYXdhaXQgYXBpLnBvc3Q8eyBrbm93bjogc3RyaW5nW10gfT4oYCR7UEFUSFMucHJvamVjdChwcm9qZWN0KX0vZmlsZXMvY2hlY2tgLCB7XG4gICAgICBoYXNoZXM6IG1hbmlmZXN0LmZpbGVzLm1hcCgoZikgPT4gZi5zaGEyNTYpLFxuICAgIH0pO1xuICAgIGNvbnN0IHRvVXBsb2FkID0gbWlzc2luZ0ZpbGVzKG1hbmlmZXN0LCBuZXcgU2V0KGtub3duLmtub3duKSk7XG4gICAgbG9nZ2VyLmluZm8oYCR7cGx1cmFsKHRvVXBsb2FkLmxlbmd0aCwgXCJuZXcgZmlsZVwiKX0gdG8gdXBsb2FkYCk7XG5cbiAgICBpZiAoYXJncy5mbGFnc1tcInVwbG9hZC1kaXJlY3RcIl0pIHtcbiAgICAgIC8vIHN0YWZmIHBhdGgsIGJ5cGFzc2VzIHRoZSBBUEkgZ2F0ZXdheSAoc2VlIGludGVybmFsL2RlcGxveS91cGxvYWRlci50cylcbiAgICAgIGNvbnN0IHVwbG9hZGVyID0gbmV3IERpcmVjdFVwbG9hZGVyKGRpciwgYHByb2plY3RzLyR7cHJvamVjdH1gKTtcbiAgICAgIGNvbnN0IHVwID0gbmV3IFNwaW5uZXIoXCJVcGxvYWRpbmdcIikuc3RhcnQoKTtcbiAgICAgIGF3YWl0IHVwbG9hZGVyLnVwbG9hZEFsbCh0b1VwbG9hZCwgKGRvbmUsIHRvdGFsKSA9PiB1cC51cGRhdGUoYFVwbG9hZGluZyAke2RvbmV9LyR7dG90YWx9YCkpO1xuICAgICAgdXAuc3VjY2VlZChcIlVwbG9hZGVkXCIpO1xuICAgIH0gZWxzZSB7XG4gICAgICBmb3IgKGNvbnN0IGZpbGUgb2YgdG9VcGxvYWQpIHtcbiAgICAgICAgYXdhaXQgYXBpLnBvc3QoYCR7UEFUSFMucHJvamVjdChwcm9qZWN0KX0vZmlsZXNgLCB7IHBhdGg6IGZpbGUucGF0aCwgc2hhMjU2OiBmaWxlLnNoYTI1NiB9KTtcbiAgICAgIH1cbiAgICB9XG5cbiAgICBjb25zdCBzaWduZWQgPSBzaWduTWFuaWZlc3QobWFuaWZlc3QpO1xuICAgIGxldCBkZXBsb3ltZW50ID0gYXdhaXQgYXBpLnBvc3Q8RGVwbG95bWVudD4oUEFUSFMuZGVwbG95bWVudHMocHJvamVjdCksIHsgLi4uc2lnbmVkLCBlbnYgfSk7XG4gICAgY29uc3Qgd2FpdCA9IG5ldyBTcGlubmVyKGBEZXBsb3ltZW50ICR7ZGVwbG95bWVudC5pZH0gJHtkZXBsb3ltZW50LnN0YXR1c31gKS5zdGFydCgpO1xuICAgIHdoaWxlICghVEVSTUlOQUwuaW5jbHVkZXMoZGVwbG95bWVudC5zdGF0dXMpKSB7XG4gICAgICBhd2FpdCBzbGVlcCgyXzAwMCk7XG4gICAgICBkZXBsb3ltZW50ID0gYXdhaXQgYXBpLmdldDxEZXBsb3ltZW50PihQQVRIUy5kZXBsb3ltZW50KHByb2plY3QsIGRlcGxveW1lbnQuaWQpKTtcbiAgICAgIHdhaXQudXBkYXRlKGBEZXBsb3ltZW50ICR7ZGVwbG95bWVudC5pZH0gJHtkZXBsb3ltZW50LnN0YXR1c31gKTtcbiAgICB9XG4gICAgaWYgKGRlcGxveW1lbnQuc3RhdHVzICE9PSBcImxpdmVcIikge1xuICAgICAgd2FpdC5mYWlsKGBEZXBsb3ltZW50ICR7ZGVwbG95bWVudC5zdGF0dXN9OyBydW4gXFxgcWYgbG9ncyAke2RlcGxveW1lbnQuaWR9XFxgYCk7XG4gICAgICByZXR1cm4gRXhpdENvZGUuRmFpbHVyZTtcbiAgICB9XG4gICAgd2FpdC5zdWNjZWVkKGBMaXZlIGF0ICR7a2xldXIudW5kZXJsaW5lKGRlcGxveW1lbnQudXJsID8/IFwiP1wiKX0gaW4gJHtmb3JtYXREdXJhdGlvbihEYXRlLm5vdygpIC0gc3RhcnRlZCl9YCk7XG4gICAgcmV0dXJuIEV4aXRDb2RlLk9rO1xuICB9LFxufTtcbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHR5cGUgeyBBcGlDbGllbnQgfSBmcm9tIFwiLi9jbGllbnRcIjtcbmltcG9ydCB0eXBlIHsgUGFnZSB9IGZyb20gXCIuL3R5cGVzXCI7XG5cbi8qKlxuICogSXRlcmF0ZXMgb3ZlciBldmVyeSBpdGVtIG9mIGEgY3Vyc29yLXBhZ2luYXRlZCBlbmRwb2ludC5cbiAqXG4gKiBAcGFyYW0gY2xpZW50ICB0aGUgQVBJIGNsaWVudFxuICogQHBhcmFtIHBhdGggICAgZW5kcG9pbnQgcGF0aCwgZS5nLiBgL3Byb2plY3RzYFxuICogQHBhcmFtIHBhZ2VTaXplIGl0ZW1zIHBlciByZXF1ZXN0ICh0aGUgQVBJIGNhcHMgaXQgYXQgMjAwKVxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24qIHBhZ2luYXRlPFQ+KGNsaWVudDogQXBpQ2xpZW50LCBwYXRoOiBzdHJpbmcsIHBhZ2VTaXplID0gNTApOiBBc3luY0dlbmVyYXRvcjxULCB2b2lkLCB1bmRlZmluZWQ+IHtcbiAgbGV0IGN1cnNvcjogc3RyaW5nIHwgdW5kZWZpbmVkO1xuICBsZXQgcGFnZXMgPSAwO1xuICBkbyB7XG4gICAgY29uc3QgcGFnZTogUGFnZTxUPiA9IGF3YWl0IGNsaWVudC5nZXQ8UGFnZTxUPj4ocGF0aCwgeyBxdWVyeTogeyBsaW1pdDogTWF0aC5taW4ocGFnZVNpemUsIDIwMCksIGN1cnNvciB9IH0pO1xuICAgIGZvciAoY29uc3QgaXRlbSBvZiBwYWdlLml0ZW1zKSB7XG4gICAgICB5aWVsZCBpdGVtO1xuICAgIH1cbiAgICBjdXJzb3IgPSBwYWdlLm5leHRDdXJzb3IgPz8gdW5kZWZpbmVkO1xuICAgIHBhZ2VzKys7XG4gICAgLy8gU2FmZXR5IHZhbHZlOiB0aGUgdjYgQVBJIG9uY2UgcmV0dXJuZWQgdGhlIHNhbWUgY3Vyc29yIGZvcmV2ZXIuXG4gICAgaWYgKHBhZ2VzID4gMTBfMDAwKSB7XG4gICAgICB0aHJvdyBuZXcgRXJyb3IoYHBhZ2luYXRpb24gb2YgJHtwYXRofSBkaWQgbm90IHRlcm1pbmF0ZWApO1xuICAgIH1cbiAgfSB3aGlsZSAoY3Vyc29yKTtcbn1cblxuLyoqIENvbGxlY3RzIGF0IG1vc3QgYGxpbWl0YCBpdGVtcy4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBjb2xsZWN0PFQ+KGl0ZXI6IEFzeW5jSXRlcmFibGU8VD4sIGxpbWl0ID0gSW5maW5pdHkpOiBQcm9taXNlPFRbXT4ge1xuICBjb25zdCBvdXQ6IFRbXSA9IFtdO1xuICBmb3IgYXdhaXQgKGNvbnN0IGl0ZW0gb2YgaXRlcikge1xuICAgIG91dC5wdXNoKGl0ZW0pO1xuICAgIGlmIChvdXQubGVuZ3RoID49IGxpbWl0KSBicmVhaztcbiAgfVxuICByZXR1cm4gb3V0O1xufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQga2xldXIgZnJvbSBcImtsZXVyXCI7XG5pbXBvcnQgeyBwYWRFbmQsIHZpc2libGVMZW5ndGgsIHRydW5jYXRlIH0gZnJvbSBcIi4vc3RyaW5nc1wiO1xuXG5leHBvcnQgaW50ZXJmYWNlIENvbHVtbjxUPiB7XG4gIGhlYWRlcjogc3RyaW5nO1xuICBnZXQ6IChyb3c6IFQpID0+IHN0cmluZztcbiAgLyoqIE1heCB3aWR0aDsgbG9uZ2VyIGNlbGxzIGFyZSB0cnVuY2F0ZWQgd2l0aCBhbiBlbGxpcHNpcy4gKi9cbiAgbWF4PzogbnVtYmVyO1xuICBhbGlnbj86IFwibGVmdFwiIHwgXCJyaWdodFwiO1xufVxuXG4vKipcbiAqIFJlbmRlcnMgcm93cyBhcyBhbiBhbGlnbmVkIHBsYWluLXRleHQgdGFibGU6XG4gKlxuICogICBOQU1FICAgICAgU1RBVFVTICBBR0VcbiAqICAgd2ViLWFwcCAgIGxpdmUgICAgMyBtaW51dGVzIGFnb1xuICovXG5leHBvcnQgZnVuY3Rpb24gcmVuZGVyVGFibGU8VD4ocm93czogcmVhZG9ubHkgVFtdLCBjb2x1bW5zOiByZWFkb25seSBDb2x1bW48VD5bXSk6IHN0cmluZyB7XG4gIGNvbnN0IGNlbGxzID0gcm93cy5tYXAoKHJvdykgPT4gY29sdW1ucy5tYXAoKGMpID0+IHRydW5jYXRlKGMuZ2V0KHJvdyksIGMubWF4ID8/IDYwKSkpO1xuICBjb25zdCB3aWR0aHMgPSBjb2x1bW5zLm1hcCgoYywgaSkgPT4gTWF0aC5tYXgodmlzaWJsZUxlbmd0aChjLmhlYWRlciksIC4uLmNlbGxzLm1hcCgocikgPT4gdmlzaWJsZUxlbmd0aChyW2ldKSkpKTtcbiAgY29uc3QgbGluZSA9ICh2YWx1ZXM6IHN0cmluZ1tdKSA9PlxuICAgIHZhbHVlc1xuICAgICAgLm1hcCgodiwgaSkgPT4gKGNvbHVtbnNbaV0uYWxpZ24gPT09IFwicmlnaHRcIiA/IFwiIFwiLnJlcGVhdCh3aWR0aHNbaV0gLSB2aXNpYmxlTGVuZ3RoKHYpKSArIHYgOiBwYWRFbmQodiwgd2lkdGhzW2ldKSkpXG4gICAgICAuam9pbihcIiAgXCIpXG4gICAgICAudHJpbUVuZCgpO1xuICByZXR1cm4gW2tsZXVyLmJvbGQobGluZShjb2x1bW5zLm1hcCgoYykgPT4gYy5oZWFkZXIudG9VcHBlckNhc2UoKSkpKSwgLi4uY2VsbHMubWFwKGxpbmUpXS5qb2luKFwiXFxuXCIpICsgXCJcXG5cIjtcbn1cblxuLyoqIEZvciBgLS1qc29uYDogYSBzdGFibGUsIHByZXR0eSBKU09OIGRvY3VtZW50LiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHJlbmRlckpzb24odmFsdWU6IHVua25vd24pOiBzdHJpbmcge1xuICByZXR1cm4gSlNPTi5zdHJpbmdpZnkodmFsdWUsIG51bGwsIDIpICsgXCJcXG5cIjtcbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IGtsZXVyIGZyb20gXCJrbGV1clwiO1xuaW1wb3J0IHR5cGUgeyBDb21tYW5kIH0gZnJvbSBcIi4uL2NsaS9yZWdpc3RyeVwiO1xuaW1wb3J0IHsgQXBpQ2xpZW50IH0gZnJvbSBcIi4uL2FwaS9jbGllbnRcIjtcbmltcG9ydCB7IFBBVEhTIH0gZnJvbSBcIi4uL2FwaS9lbmRwb2ludHNcIjtcbmltcG9ydCB7IEV4aXRDb2RlLCBRZkVycm9yIH0gZnJvbSBcIi4uL2FwaS9lcnJvcnNcIjtcbmltcG9ydCB0eXBlIHsgRGVwbG95bWVudCB9IGZyb20gXCIuLi9hcGkvdHlwZXNcIjtcbmltcG9ydCB7IHBhZ2luYXRlLCBjb2xsZWN0IH0gZnJvbSBcIi4uL2FwaS9wYWdpbmF0aW9uXCI7XG5pbXBvcnQgeyByZW5kZXJUYWJsZSwgcmVuZGVySnNvbiB9IGZyb20gXCIuLi91dGlsL3RhYmxlXCI7XG5pbXBvcnQgeyBhZ28gfSBmcm9tIFwiLi4vdXRpbC9kdXJhdGlvblwiO1xuaW1wb3J0IHsgc3RyaW5nRmxhZyB9IGZyb20gXCIuLi9jbGkvYXJndlwiO1xuXG5jb25zdCBTVEFUVVNfQ09MT1I6IFJlY29yZDxEZXBsb3ltZW50W1wic3RhdHVzXCJdLCAoczogc3RyaW5nKSA9PiBzdHJpbmc+ID0ge1xuICBxdWV1ZWQ6IGtsZXVyLmdyYXksXG4gIGJ1aWxkaW5nOiBrbGV1ci55ZWxsb3csXG4gIGxpdmU6IGtsZXVyLmdyZWVuLFxuICBmYWlsZWQ6IGtsZXVyLnJlZCxcbiAgY2FuY2VsbGVkOiBrbGV1ci5ncmF5LFxufTtcblxuZXhwb3J0IGNvbnN0IHN0YXR1c0NvbW1hbmQ6IENvbW1hbmQgPSB7XG4gIG5hbWU6IFwic3RhdHVzXCIsXG4gIGFsaWFzZXM6IFtcInBzXCJdLFxuICBzdW1tYXJ5OiBcInNob3cgcmVjZW50IGRlcGxveW1lbnRzIG9mIGEgcHJvamVjdFwiLFxuICB1c2FnZTogXCJxZiBzdGF0dXMgWy0tcHJvamVjdCBTTFVHXSBbLS1saW1pdCBOXSBbLS1qc29uXVwiLFxuICBhc3luYyBydW4oeyBhcmdzLCBjb25maWcgfSkge1xuICAgIGNvbnN0IHByb2plY3QgPSBzdHJpbmdGbGFnKGFyZ3MsIFwicHJvamVjdFwiLCBjb25maWcuZGVmYXVsdFByb2plY3QgPz8gXCJcIik7XG4gICAgaWYgKCFwcm9qZWN0KSB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIFwibm8gcHJvamVjdCBnaXZlblwiKTtcbiAgICBjb25zdCBsaW1pdCA9IE51bWJlcihzdHJpbmdGbGFnKGFyZ3MsIFwibGltaXRcIiwgXCIxMFwiKSk7XG4gICAgY29uc3QgYXBpID0gbmV3IEFwaUNsaWVudChjb25maWcpO1xuICAgIGNvbnN0IHJvd3MgPSBhd2FpdCBjb2xsZWN0KHBhZ2luYXRlPERlcGxveW1lbnQ+KGFwaSwgUEFUSFMuZGVwbG95bWVudHMocHJvamVjdCksIGxpbWl0KSwgbGltaXQpO1xuICAgIGlmIChhcmdzLmZsYWdzLmpzb24pIHtcbiAgICAgIHByb2Nlc3Muc3Rkb3V0LndyaXRlKHJlbmRlckpzb24ocm93cykpO1xuICAgICAgcmV0dXJuIEV4aXRDb2RlLk9rO1xuICAgIH1cbiAgICBwcm9jZXNzLnN0ZG91dC53cml0ZShcbiAgICAgIHJlbmRlclRhYmxlKHJvd3MsIFtcbiAgICAgICAgeyBoZWFkZXI6IFwiaWRcIiwgZ2V0OiAoZCkgPT4gZC5pZCB9LFxuICAgICAgICB7IGhlYWRlcjogXCJzdGF0dXNcIiwgZ2V0OiAoZCkgPT4gU1RBVFVTX0NPTE9SW2Quc3RhdHVzXShkLnN0YXR1cykgfSxcbiAgICAgICAgeyBoZWFkZXI6IFwiY29tbWl0XCIsIGdldDogKGQpID0+IChkLmNvbW1pdCA/PyBcIlwiKS5zbGljZSgwLCA3KSB9LFxuICAgICAgICB7IGhlYWRlcjogXCJjcmVhdGVkXCIsIGdldDogKGQpID0+IGFnbyhkLmNyZWF0ZWRBdCkgfSxcbiAgICAgICAgeyBoZWFkZXI6IFwidXJsXCIsIGdldDogKGQpID0+IGQudXJsID8/IFwiXCIsIG1heDogNDggfSxcbiAgICAgIF0pLFxuICAgICk7XG4gICAgcmV0dXJuIHJvd3Muc29tZSgoZCkgPT4gZC5zdGF0dXMgPT09IFwiZmFpbGVkXCIpID8gRXhpdENvZGUuRmFpbHVyZSA6IEV4aXRDb2RlLk9rO1xuICB9LFxufTtcbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IGtsZXVyIGZyb20gXCJrbGV1clwiO1xuaW1wb3J0IHR5cGUgeyBDb21tYW5kIH0gZnJvbSBcIi4uL2NsaS9yZWdpc3RyeVwiO1xuaW1wb3J0IHsgQXBpQ2xpZW50IH0gZnJvbSBcIi4uL2FwaS9jbGllbnRcIjtcbmltcG9ydCB7IFBBVEhTIH0gZnJvbSBcIi4uL2FwaS9lbmRwb2ludHNcIjtcbmltcG9ydCB7IEV4aXRDb2RlLCBRZkVycm9yIH0gZnJvbSBcIi4uL2FwaS9lcnJvcnNcIjtcbmltcG9ydCB0eXBlIHsgTG9nTGluZSwgUGFnZSB9IGZyb20gXCIuLi9hcGkvdHlwZXNcIjtcbmltcG9ydCB7IHBhcnNlRHVyYXRpb24gfSBmcm9tIFwiLi4vdXRpbC9kdXJhdGlvblwiO1xuaW1wb3J0IHsgc3RyaW5nRmxhZyB9IGZyb20gXCIuLi9jbGkvYXJndlwiO1xuaW1wb3J0IHsgc2xlZXAgfSBmcm9tIFwiLi4vdXRpbC9yZXRyeVwiO1xuaW1wb3J0IHsgZmVhdHVyZUZsYWdzIH0gZnJvbSBcIi4uL2ludGVybmFsL2ZsYWdzL2ZlYXR1cmVGbGFnc1wiO1xuXG5jb25zdCBMRVZFTF9TVFlMRTogUmVjb3JkPExvZ0xpbmVbXCJsZXZlbFwiXSwgKHM6IHN0cmluZykgPT4gc3RyaW5nPiA9IHtcbiAgZGVidWc6IGtsZXVyLmdyYXksXG4gIGluZm86IChzKSA9PiBzLFxuICB3YXJuOiBrbGV1ci55ZWxsb3csXG4gIGVycm9yOiBrbGV1ci5yZWQsXG59O1xuXG5leHBvcnQgZnVuY3Rpb24gZm9ybWF0TG9nTGluZShsaW5lOiBMb2dMaW5lKTogc3RyaW5nIHtcbiAgY29uc3QgdHMgPSBsaW5lLnRzLnJlcGxhY2UoXCJUXCIsIFwiIFwiKS5yZXBsYWNlKC9cXC5cXGQrWiQvLCBcIlpcIik7XG4gIHJldHVybiBgJHtrbGV1ci5ncmF5KHRzKX0gJHtrbGV1ci5kaW0obGluZS5zb3VyY2UucGFkRW5kKDcpKX0gJHtMRVZFTF9TVFlMRVtsaW5lLmxldmVsXShsaW5lLm1lc3NhZ2UpfWA7XG59XG5cbmV4cG9ydCBjb25zdCBsb2dzQ29tbWFuZDogQ29tbWFuZCA9IHtcbiAgbmFtZTogXCJsb2dzXCIsXG4gIHN1bW1hcnk6IFwicHJpbnQgb3IgZm9sbG93IHRoZSBsb2dzIG9mIGEgZGVwbG95bWVudFwiLFxuICB1c2FnZTogXCJxZiBsb2dzIERFUExPWU1FTlQgWy0tcHJvamVjdCBTTFVHXSBbLS1zaW5jZSAxaF0gWy0tZ3JlcCBSRUdFWF0gWy0tZm9sbG93XVwiLFxuICBhc3luYyBydW4oeyBhcmdzLCBjb25maWcgfSkge1xuICAgIGNvbnN0IGRlcGxveW1lbnRJZCA9IGFyZ3MucG9zaXRpb25hbHNbMF07XG4gICAgY29uc3QgcHJvamVjdCA9IHN0cmluZ0ZsYWcoYXJncywgXCJwcm9qZWN0XCIsIGNvbmZpZy5kZWZhdWx0UHJvamVjdCA/PyBcIlwiKTtcbiAgICBpZiAoIWRlcGxveW1lbnRJZCB8fCAhcHJvamVjdCkgdGhyb3cgbmV3IFFmRXJyb3IoXCJ1c2FnZVwiLCBcInVzYWdlOiBxZiBsb2dzIERFUExPWU1FTlQgLS1wcm9qZWN0IFNMVUdcIik7XG5cbiAgICBjb25zdCBzaW5jZSA9IG5ldyBEYXRlKERhdGUubm93KCkgLSBwYXJzZUR1cmF0aW9uKHN0cmluZ0ZsYWcoYXJncywgXCJzaW5jZVwiLCBcIjFoXCIpKSkudG9JU09TdHJpbmcoKTtcbiAgICBjb25zdCBwYXR0ZXJuID0gc3RyaW5nRmxhZyhhcmdzLCBcImdyZXBcIik7XG4gICAgbGV0IGdyZXA6IFJlZ0V4cCB8IHVuZGVmaW5lZDtcbiAgICB0cnkge1xuICAgICAgZ3JlcCA9IHBhdHRlcm4gPyBuZXcgUmVnRXhwKHBhdHRlcm4sIFwiaVwiKSA6IHVuZGVmaW5lZDtcbiAgICB9IGNhdGNoIChlcnIpIHtcbiAgICAgIHRocm93IG5ldyBRZkVycm9yKFwidXNhZ2VcIiwgYGludmFsaWQgLS1ncmVwOiAkeyhlcnIgYXMgRXJyb3IpLm1lc3NhZ2V9YCk7XG4gICAgfVxuICAgIGNvbnN0IHNvdXJjZXMgPSBmZWF0dXJlRmxhZ3MuaXNFbmFibGVkKFwicWZfZWRnZV9sb2dzXCIpID8gXCJidWlsZCxydW50aW1lLGVkZ2VcIiA6IFwiYnVpbGQscnVudGltZVwiO1xuXG4gICAgY29uc3QgYXBpID0gbmV3IEFwaUNsaWVudChjb25maWcpO1xuICAgIGxldCBjdXJzb3I6IHN0cmluZyB8IHVuZGVmaW5lZDtcbiAgICBkbyB7XG4gICAgICBjb25zdCBwYWdlID0gYXdhaXQgYXBpLmdldDxQYWdlPExvZ0xpbmU+PihQQVRIUy5sb2dzKHByb2plY3QsIGRlcGxveW1lbnRJZCksIHtcbiAgICAgICAgcXVlcnk6IHsgc2luY2UsIGN1cnNvciwgc291cmNlcywgbGltaXQ6IDUwMCB9LFxuICAgICAgfSk7XG4gICAgICBmb3IgKGNvbnN0IGxpbmUgb2YgcGFnZS5pdGVtcykge1xuICAgICAgICBpZiAoZ3JlcCAmJiAhZ3JlcC50ZXN0KGxpbmUubWVzc2FnZSkpIGNvbnRpbnVlO1xuICAgICAgICBwcm9jZXNzLnN0ZG91dC53cml0ZShmb3JtYXRMb2dMaW5lKGxpbmUpICsgXCJcXG5cIik7XG4gICAgICB9XG4gICAgICBjdXJzb3IgPSBwYWdlLm5leHRDdXJzb3IgPz8gdW5kZWZpbmVkO1xuICAgICAgaWYgKCFjdXJzb3IgJiYgYXJncy5mbGFncy5mb2xsb3cpIHtcbiAgICAgICAgYXdhaXQgc2xlZXAoMV8wMDApO1xuICAgICAgICBjdXJzb3IgPSBwYWdlLml0ZW1zLmxlbmd0aCA/IGBhZnRlcjoke3BhZ2UuaXRlbXNbcGFnZS5pdGVtcy5sZW5ndGggLSAxXS50c31gIDogdW5kZWZpbmVkO1xuICAgICAgfVxuICAgIH0gd2hpbGUgKGN1cnNvcik7XG4gICAgcmV0dXJuIEV4aXRDb2RlLk9rO1xuICB9LFxufTtcbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHR5cGUgeyBDb21tYW5kIH0gZnJvbSBcIi4uL2NsaS9yZWdpc3RyeVwiO1xuaW1wb3J0IHsgQXBpQ2xpZW50IH0gZnJvbSBcIi4uL2FwaS9jbGllbnRcIjtcbmltcG9ydCB7IFBBVEhTIH0gZnJvbSBcIi4uL2FwaS9lbmRwb2ludHNcIjtcbmltcG9ydCB7IEV4aXRDb2RlLCBRZkVycm9yIH0gZnJvbSBcIi4uL2FwaS9lcnJvcnNcIjtcbmltcG9ydCB0eXBlIHsgUHJvamVjdCB9IGZyb20gXCIuLi9hcGkvdHlwZXNcIjtcbmltcG9ydCB7IHBhZ2luYXRlLCBjb2xsZWN0IH0gZnJvbSBcIi4uL2FwaS9wYWdpbmF0aW9uXCI7XG5pbXBvcnQgeyByZW5kZXJUYWJsZSwgcmVuZGVySnNvbiB9IGZyb20gXCIuLi91dGlsL3RhYmxlXCI7XG5pbXBvcnQgeyBzbHVnaWZ5IH0gZnJvbSBcIi4uL3V0aWwvc3RyaW5nc1wiO1xuaW1wb3J0IHsgYWdvIH0gZnJvbSBcIi4uL3V0aWwvZHVyYXRpb25cIjtcbmltcG9ydCB7IHN0cmluZ0ZsYWcgfSBmcm9tIFwiLi4vY2xpL2FyZ3ZcIjtcbmltcG9ydCB7IGZlYXR1cmVGbGFncyB9IGZyb20gXCIuLi9pbnRlcm5hbC9mbGFncy9mZWF0dXJlRmxhZ3NcIjtcblxuZXhwb3J0IGNvbnN0IHByb2plY3RzQ29tbWFuZDogQ29tbWFuZCA9IHtcbiAgbmFtZTogXCJwcm9qZWN0c1wiLFxuICBhbGlhc2VzOiBbXCJwcm9qZWN0XCJdLFxuICBzdW1tYXJ5OiBcImxpc3QsIGNyZWF0ZSBvciBkZWxldGUgcHJvamVjdHNcIixcbiAgdXNhZ2U6IFwicWYgcHJvamVjdHMgW2xpc3R8Y3JlYXRlIE5BTUV8ZGVsZXRlIFNMVUd8dHJhbnNmZXIgU0xVRyBPUkddIFstLXJlZ2lvbiBSRUdJT05dIFstLWpzb25dXCIsXG4gIGFzeW5jIHJ1bih7IGFyZ3MsIGNvbmZpZywgbG9nZ2VyIH0pIHtcbiAgICBjb25zdCBbYWN0aW9uID0gXCJsaXN0XCIsIHRhcmdldCwgZXh0cmFdID0gYXJncy5wb3NpdGlvbmFscztcbiAgICBjb25zdCBhcGkgPSBuZXcgQXBpQ2xpZW50KGNvbmZpZyk7XG5cbiAgICBzd2l0Y2ggKGFjdGlvbikge1xuICAgICAgY2FzZSBcImxpc3RcIjoge1xuICAgICAgICBjb25zdCBwcm9qZWN0cyA9IGF3YWl0IGNvbGxlY3QocGFnaW5hdGU8UHJvamVjdD4oYXBpLCBQQVRIUy5wcm9qZWN0cywgMTAwKSk7XG4gICAgICAgIGlmIChhcmdzLmZsYWdzLmpzb24pIHtcbiAgICAgICAgICBwcm9jZXNzLnN0ZG91dC53cml0ZShyZW5kZXJKc29uKHByb2plY3RzKSk7XG4gICAgICAgIH0gZWxzZSB7XG4gICAgICAgICAgcHJvY2Vzcy5zdGRvdXQud3JpdGUoXG4gICAgICAgICAgICByZW5kZXJUYWJsZShwcm9qZWN0cywgW1xuICAgICAgICAgICAgICB7IGhlYWRlcjogXCJzbHVnXCIsIGdldDogKHApID0+IHAuc2x1ZyB9LFxuICAgICAgICAgICAgICB7IGhlYWRlcjogXCJuYW1lXCIsIGdldDogKHApID0+IHAubmFtZSwgbWF4OiAzMiB9LFxuICAgICAgICAgICAgICB7IGhlYWRlcjogXCJyZWdpb25cIiwgZ2V0OiAocCkgPT4gcC5yZWdpb24gfSxcbiAgICAgICAgICAgICAgeyBoZWFkZXI6IFwiY3JlYXRlZFwiLCBnZXQ6IChwKSA9PiBhZ28ocC5jcmVhdGVkQXQpIH0sXG4gICAgICAgICAgICBdKSxcbiAgICAgICAgICApO1xuICAgICAgICB9XG4gICAgICAgIHJldHVybiBFeGl0Q29kZS5PaztcbiAgICAgIH1cbiAgICAgIGNhc2UgXCJjcmVhdGVcIjoge1xuICAgICAgICBpZiAoIXRhcmdldCkgdGhyb3cgbmV3IFFmRXJyb3IoXCJ1c2FnZVwiLCBcInFmIHByb2plY3RzIGNyZWF0ZSBOQU1FXCIpO1xuICAgICAgICBjb25zdCBzbHVnID0gc2x1Z2lmeSh0YXJnZXQpO1xuICAgICAgICBjb25zdCBjcmVhdGVkID0gYXdhaXQgYXBpLnBvc3Q8UHJvamVjdD4oUEFUSFMucHJvamVjdHMsIHtcbiAgICAgICAgICBuYW1lOiB0YXJnZXQsXG4gICAgICAgICAgc2x1ZyxcbiAgICAgICAgICByZWdpb246IHN0cmluZ0ZsYWcoYXJncywgXCJyZWdpb25cIiwgY29uZmlnLnJlZ2lvbiksXG4gICAgICAgIH0pO1xuICAgICAgICBsb2dnZXIuaW5mbyhgQ3JlYXRlZCAke2NyZWF0ZWQuc2x1Z30gaW4gJHtjcmVhdGVkLnJlZ2lvbn1gKTtcbiAgICAgICAgcmV0dXJuIEV4aXRDb2RlLk9rO1xuICAgICAgfVxuICAgICAgY2FzZSBcImRlbGV0ZVwiOiB7XG4gICAgICAgIGlmICghdGFyZ2V0KSB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIFwicWYgcHJvamVjdHMgZGVsZXRlIFNMVUdcIik7XG4gICAgICAgIGlmICghYXJncy5mbGFncy55ZXMpIHtcbiAgICAgICAgICB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIGByZWZ1c2luZyB0byBkZWxldGUgJHt0YXJnZXR9IHdpdGhvdXQgLS15ZXNgKTtcbiAgICAgICAgfVxuICAgICAgICBhd2FpdCBhcGkuZGVsZXRlKFBBVEhTLnByb2plY3QodGFyZ2V0KSk7XG4gICAgICAgIGxvZ2dlci5pbmZvKGBEZWxldGVkICR7dGFyZ2V0fWApO1xuICAgICAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gICAgICB9XG4gICAgICBjYXNlIFwidHJhbnNmZXJcIjoge1xuICAgICAgICAvLyBVbnJlbGVhc2VkOiBoaWRkZW4gYmVoaW5kIGEgZmxhZyB1bnRpbCBsZWdhbCBzaWducyBvZmYgKFFGLTIxNzcpLlxuICAgICAgICBpZiAoIWZlYXR1cmVGbGFncy5pc0VuYWJsZWQoXCJxZl9wcm9qZWN0X3RyYW5zZmVyXCIpKSB7XG4gICAgICAgICAgdGhyb3cgbmV3IFFmRXJyb3IoXCJ1c2FnZVwiLCBgdW5rbm93biBhY3Rpb24gXCJ0cmFuc2ZlclwiYCk7XG4gICAgICAgIH1cbiAgICAgICAgaWYgKCF0YXJnZXQgfHwgIWV4dHJhKSB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIFwicWYgcHJvamVjdHMgdHJhbnNmZXIgU0xVRyBPUkdcIik7XG4gICAgICAgIGF3YWl0IGFwaS5wb3N0KGAke1BBVEhTLnByb2plY3QodGFyZ2V0KX0vdHJhbnNmZXJgLCB7IHRvT3JnOiBleHRyYSB9KTtcbiAgICAgICAgbG9nZ2VyLmluZm8oYFRyYW5zZmVyIG9mICR7dGFyZ2V0fSB0byAke2V4dHJhfSByZXF1ZXN0ZWQ7IHRoZSByZWNlaXZpbmcgb3JnIG11c3QgYWNjZXB0IGl0LmApO1xuICAgICAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gICAgICB9XG4gICAgICBkZWZhdWx0OlxuICAgICAgICB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIGB1bmtub3duIGFjdGlvbiBcIiR7YWN0aW9ufVwiYCk7XG4gICAgfVxuICB9LFxufTtcbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHsgcmVhZEZpbGUgfSBmcm9tIFwibm9kZTpmcy9wcm9taXNlc1wiO1xuaW1wb3J0IHR5cGUgeyBDb21tYW5kIH0gZnJvbSBcIi4uL2NsaS9yZWdpc3RyeVwiO1xuaW1wb3J0IHsgQXBpQ2xpZW50IH0gZnJvbSBcIi4uL2FwaS9jbGllbnRcIjtcbmltcG9ydCB7IFBBVEhTIH0gZnJvbSBcIi4uL2FwaS9lbmRwb2ludHNcIjtcbmltcG9ydCB7IEV4aXRDb2RlLCBRZkVycm9yIH0gZnJvbSBcIi4uL2FwaS9lcnJvcnNcIjtcbmltcG9ydCB0eXBlIHsgU2VjcmV0UmVmIH0gZnJvbSBcIi4uL2FwaS90eXBlc1wiO1xuaW1wb3J0IHsgcmVuZGVyVGFibGUgfSBmcm9tIFwiLi4vdXRpbC90YWJsZVwiO1xuaW1wb3J0IHsgYWdvIH0gZnJvbSBcIi4uL3V0aWwvZHVyYXRpb25cIjtcbmltcG9ydCB7IG1hc2sgfSBmcm9tIFwiLi4vdXRpbC9zdHJpbmdzXCI7XG5pbXBvcnQgeyBzdHJpbmdGbGFnIH0gZnJvbSBcIi4uL2NsaS9hcmd2XCI7XG5pbXBvcnQgeyBmZWF0dXJlRmxhZ3MgfSBmcm9tIFwiLi4vaW50ZXJuYWwvZmxhZ3MvZmVhdHVyZUZsYWdzXCI7XG5cbmNvbnN0IFNFQ1JFVF9OQU1FID0gL15bQS1aX11bQS1aMC05X117MCwxMjd9JC87XG5cbi8qKiBQYXJzZXMgYSBkb3RlbnYgZmlsZTogS0VZPXZhbHVlLCBxdW90ZXMsIGBleHBvcnRgIHByZWZpeGVzLCAjIGNvbW1lbnRzLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHBhcnNlRG90ZW52KHRleHQ6IHN0cmluZyk6IE1hcDxzdHJpbmcsIHN0cmluZz4ge1xuICBjb25zdCBvdXQgPSBuZXcgTWFwPHN0cmluZywgc3RyaW5nPigpO1xuICBmb3IgKGNvbnN0IHJhdyBvZiB0ZXh0LnNwbGl0KC9cXHI/XFxuLykpIHtcbiAgICBjb25zdCBsaW5lID0gcmF3LnRyaW0oKTtcbiAgICBpZiAoIWxpbmUgfHwgbGluZS5zdGFydHNXaXRoKFwiI1wiKSkgY29udGludWU7XG4gICAgY29uc3QgbSA9IC9eKD86ZXhwb3J0XFxzKyk/KFtBLVphLXpfXVtBLVphLXowLTlfXSopXFxzKj1cXHMqKC4qKSQvLmV4ZWMobGluZSk7XG4gICAgaWYgKCFtKSBjb250aW51ZTtcbiAgICBsZXQgdmFsdWUgPSBtWzJdO1xuICAgIGlmICgvXlwiKC4qKVwiJC8udGVzdCh2YWx1ZSkpIHZhbHVlID0gdmFsdWUuc2xpY2UoMSwgLTEpLnJlcGxhY2UoL1xcXFxuL2csIFwiXFxuXCIpLnJlcGxhY2UoL1xcXFxcIi9nLCAnXCInKTtcbiAgICBlbHNlIGlmICgvXicoLiopJyQvLnRlc3QodmFsdWUpKSB2YWx1ZSA9IHZhbHVlLnNsaWNlKDEsIC0xKTtcbiAgICBlbHNlIHZhbHVlID0gdmFsdWUucmVwbGFjZSgvXFxzKyMuKiQvLCBcIlwiKTtcbiAgICBvdXQuc2V0KG1bMV0sIHZhbHVlKTtcbiAgfVxuICByZXR1cm4gb3V0O1xufVxuXG5leHBvcnQgY29uc3Qgc2VjcmV0c0NvbW1hbmQ6IENvbW1hbmQgPSB7XG4gIG5hbWU6IFwic2VjcmV0c1wiLFxuICBzdW1tYXJ5OiBcIm1hbmFnZSBlbmNyeXB0ZWQgZW52aXJvbm1lbnQgc2VjcmV0c1wiLFxuICB1c2FnZTogXCJxZiBzZWNyZXRzIFtsaXN0fHNldCBOQU1FIFZBTFVFfGltcG9ydCBGSUxFfHVuc2V0IE5BTUVdIC0tcHJvamVjdCBTTFVHXCIsXG4gIGFzeW5jIHJ1bih7IGFyZ3MsIGNvbmZpZywgbG9nZ2VyIH0pIHtcbiAgICBjb25zdCBbYWN0aW9uID0gXCJsaXN0XCIsIG5hbWUsIHZhbHVlXSA9IGFyZ3MucG9zaXRpb25hbHM7XG4gICAgY29uc3QgcHJvamVjdCA9IHN0cmluZ0ZsYWcoYXJncywgXCJwcm9qZWN0XCIsIGNvbmZpZy5kZWZhdWx0UHJvamVjdCA/PyBcIlwiKTtcbiAgICBpZiAoIXByb2plY3QpIHRocm93IG5ldyBRZkVycm9yKFwidXNhZ2VcIiwgXCJubyBwcm9qZWN0IGdpdmVuXCIpO1xuICAgIGNvbnN0IGFwaSA9IG5ldyBBcGlDbGllbnQoY29uZmlnKTtcbiAgICBjb25zdCBwYXRoID0gUEFUSFMuc2VjcmV0cyhwcm9qZWN0KTtcbiAgICBjb25zdCB2ZXJzaW9uID0gZmVhdHVyZUZsYWdzLmlzRW5hYmxlZChcInFmX3NlY3JldHNfdjJcIikgPyAyIDogMTtcblxuICAgIHN3aXRjaCAoYWN0aW9uKSB7XG4gICAgICBjYXNlIFwibGlzdFwiOiB7XG4gICAgICAgIGNvbnN0IHsgaXRlbXMgfSA9IGF3YWl0IGFwaS5nZXQ8eyBpdGVtczogU2VjcmV0UmVmW10gfT4ocGF0aCk7XG4gICAgICAgIHByb2Nlc3Muc3Rkb3V0LndyaXRlKFxuICAgICAgICAgIHJlbmRlclRhYmxlKGl0ZW1zLCBbXG4gICAgICAgICAgICB7IGhlYWRlcjogXCJuYW1lXCIsIGdldDogKHMpID0+IHMubmFtZSB9LFxuICAgICAgICAgICAgeyBoZWFkZXI6IFwidmVyc2lvblwiLCBnZXQ6IChzKSA9PiBTdHJpbmcocy52ZXJzaW9uKSwgYWxpZ246IFwicmlnaHRcIiB9LFxuICAgICAgICAgICAgeyBoZWFkZXI6IFwidXBkYXRlZFwiLCBnZXQ6IChzKSA9PiBgJHthZ28ocy51cGRhdGVkQXQpfSBieSAke3MudXBkYXRlZEJ5fWAgfSxcbiAgICAgICAgICBdKSxcbiAgICAgICAgKTtcbiAgICAgICAgcmV0dXJuIEV4aXRDb2RlLk9rO1xuICAgICAgfVxuICAgICAgY2FzZSBcInNldFwiOiB7XG4gICAgICAgIGlmICghbmFtZSB8fCB2YWx1ZSA9PT0gdW5kZWZpbmVkKSB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIFwicWYgc2VjcmV0cyBzZXQgTkFNRSBWQUxVRVwiKTtcbiAgICAgICAgaWYgKCFTRUNSRVRfTkFNRS50ZXN0KG5hbWUpKSB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIGBzZWNyZXQgbmFtZXMgYXJlIFVQUEVSX1NOQUtFX0NBU0UsIGdvdCBcIiR7bmFtZX1cImApO1xuICAgICAgICBhd2FpdCBhcGkucmVxdWVzdChgJHtwYXRofS8ke25hbWV9YCwgeyBtZXRob2Q6IFwiUFVUXCIsIGJvZHk6IHsgdmFsdWUsIHNjaGVtYTogdmVyc2lvbiB9IH0pO1xuICAgICAgICBsb2dnZXIuaW5mbyhgU2V0ICR7bmFtZX0gPSAke21hc2sodmFsdWUpfWApO1xuICAgICAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gICAgICB9XG4gICAgICBjYXNlIFwiaW1wb3J0XCI6IHtcbiAgICAgICAgaWYgKCFuYW1lKSB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIFwicWYgc2VjcmV0cyBpbXBvcnQgRklMRVwiKTtcbiAgICAgICAgY29uc3QgcGFpcnMgPSBwYXJzZURvdGVudihhd2FpdCByZWFkRmlsZShuYW1lLCBcInV0ZjhcIikpO1xuICAgICAgICBmb3IgKGNvbnN0IFtrLCB2XSBvZiBwYWlycykge1xuICAgICAgICAgIGF3YWl0IGFwaS5yZXF1ZXN0KGAke3BhdGh9LyR7a31gLCB7IG1ldGhvZDogXCJQVVRcIiwgYm9keTogeyB2YWx1ZTogdiwgc2NoZW1hOiB2ZXJzaW9uIH0gfSk7XG4gICAgICAgIH1cbiAgICAgICAgbG9nZ2VyLmluZm8oYEltcG9ydGVkICR7cGFpcnMuc2l6ZX0gc2VjcmV0cyBmcm9tICR7bmFtZX1gKTtcbiAgICAgICAgcmV0dXJuIEV4aXRDb2RlLk9rO1xuICAgICAgfVxuICAgICAgY2FzZSBcInVuc2V0XCI6IHtcbiAgICAgICAgaWYgKCFuYW1lKSB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIFwicWYgc2VjcmV0cyB1bnNldCBOQU1FXCIpO1xuICAgICAgICBhd2FpdCBhcGkuZGVsZXRlKGAke3BhdGh9LyR7bmFtZX1gKTtcbiAgICAgICAgbG9nZ2VyLmluZm8oYFJlbW92ZWQgJHtuYW1lfWApO1xuICAgICAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gICAgICB9XG4gICAgICBkZWZhdWx0OlxuICAgICAgICB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIGB1bmtub3duIGFjdGlvbiBcIiR7YWN0aW9ufVwiYCk7XG4gICAgfVxuICB9LFxufTtcbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHsgUWZFcnJvciB9IGZyb20gXCIuLi9hcGkvZXJyb3JzXCI7XG5cbi8qKiBFZmZlY3RpdmUgY29uZmlndXJhdGlvbiBhZnRlciBtZXJnaW5nIGRlZmF1bHRzLCB+Ly5xZnJjLCBlbnYgYW5kIGZsYWdzLiAqL1xuZXhwb3J0IGludGVyZmFjZSBRZkNvbmZpZyB7XG4gIHByb2ZpbGU6IHN0cmluZztcbiAgZW52aXJvbm1lbnQ6IFwicHJvZHVjdGlvblwiIHwgXCJzdGFnaW5nXCIgfCBcImludGVybmFsXCI7XG4gIGFwaVVybD86IHN0cmluZztcbiAgZGVmYXVsdFByb2plY3Q/OiBzdHJpbmc7XG4gIHJlZ2lvbjogc3RyaW5nO1xuICB0aW1lb3V0TXM6IG51bWJlcjtcbiAgcmV0cmllczogbnVtYmVyO1xuICB0ZWxlbWV0cnk6IGJvb2xlYW47XG4gIGNvbG9yOiBib29sZWFuO1xuICBmbGFnczogUmVjb3JkPHN0cmluZywgYm9vbGVhbj47XG4gIC8qKiBVbmtub3duIGtleXMgYXJlIGtlcHQgc28gbmV3ZXIgY29uZmlncyBzdXJ2aXZlIGFuIG9sZGVyIENMSS4gKi9cbiAgZXh0cmE6IFJlY29yZDxzdHJpbmcsIHVua25vd24+O1xufVxuXG50eXBlIEZpZWxkU3BlYyA9XG4gIHwgeyB0eXBlOiBcInN0cmluZ1wiOyBwYXR0ZXJuPzogUmVnRXhwOyBvbmVPZj86IHJlYWRvbmx5IHN0cmluZ1tdIH1cbiAgfCB7IHR5cGU6IFwibnVtYmVyXCI7IG1pbj86IG51bWJlcjsgbWF4PzogbnVtYmVyIH1cbiAgfCB7IHR5cGU6IFwiYm9vbGVhblwiIH07XG5cbmV4cG9ydCBjb25zdCBGSUVMRFM6IFJlY29yZDxzdHJpbmcsIEZpZWxkU3BlYz4gPSB7XG4gIGVudmlyb25tZW50OiB7IHR5cGU6IFwic3RyaW5nXCIsIG9uZU9mOiBbXCJwcm9kdWN0aW9uXCIsIFwic3RhZ2luZ1wiLCBcImludGVybmFsXCJdIH0sXG4gIGFwaVVybDogeyB0eXBlOiBcInN0cmluZ1wiLCBwYXR0ZXJuOiAvXmh0dHBzPzpcXC9cXC9bXFx3Li1dKyg6XFxkKyk/KFxcLy4qKT8kLyB9LFxuICBkZWZhdWx0UHJvamVjdDogeyB0eXBlOiBcInN0cmluZ1wiLCBwYXR0ZXJuOiAvXlthLXowLTldW2EtejAtOS1dezEsNjJ9JC8gfSxcbiAgcmVnaW9uOiB7IHR5cGU6IFwic3RyaW5nXCIsIG9uZU9mOiBbXCJ1cy1lYXN0LTFcIiwgXCJldS13ZXN0LTFcIiwgXCJhcC1zb3V0aGVhc3QtMlwiXSB9LFxuICB0aW1lb3V0TXM6IHsgdHlwZTogXCJudW1iZXJcIiwgbWluOiAxMDAsIG1heDogNjAwXzAwMCB9LFxuICByZXRyaWVzOiB7IHR5cGU6IFwibnVtYmVyXCIsIG1pbjogMCwgbWF4OiAxMCB9LFxuICB0ZWxlbWV0cnk6IHsgdHlwZTogXCJib29sZWFuXCIgfSxcbiAgY29sb3I6IHsgdHlwZTogXCJib29sZWFuXCIgfSxcbn07XG5cbi8qKlxuICogVmFsaWRhdGVzIG9uZSBrZXkvdmFsdWUgcGFpciBmcm9tIGEgY29uZmlnIGZpbGUgb3IgYHFmIGNvbmZpZyBzZXRgLlxuICogUmV0dXJucyB0aGUgY29lcmNlZCB2YWx1ZSBvciB0aHJvd3MgYSBRZkVycm9yIHRoZSB1c2VyIGNhbiBhY3Qgb24uXG4gKi9cbmV4cG9ydCBmdW5jdGlvbiB2YWxpZGF0ZUZpZWxkKGtleTogc3RyaW5nLCByYXc6IHVua25vd24pOiB1bmtub3duIHtcbiAgY29uc3Qgc3BlYyA9IEZJRUxEU1trZXldO1xuICBpZiAoIXNwZWMpIHJldHVybiByYXc7XG4gIHN3aXRjaCAoc3BlYy50eXBlKSB7XG4gICAgY2FzZSBcInN0cmluZ1wiOiB7XG4gICAgICBpZiAodHlwZW9mIHJhdyAhPT0gXCJzdHJpbmdcIikgdGhyb3cgYmFkKGtleSwgXCJhIHN0cmluZ1wiLCByYXcpO1xuICAgICAgaWYgKHNwZWMub25lT2YgJiYgIXNwZWMub25lT2YuaW5jbHVkZXMocmF3KSkgdGhyb3cgYmFkKGtleSwgYG9uZSBvZiAke3NwZWMub25lT2Yuam9pbihcIiwgXCIpfWAsIHJhdyk7XG4gICAgICBpZiAoc3BlYy5wYXR0ZXJuICYmICFzcGVjLnBhdHRlcm4udGVzdChyYXcpKSB0aHJvdyBiYWQoa2V5LCBgYSB2YWx1ZSBtYXRjaGluZyAke3NwZWMucGF0dGVybn1gLCByYXcpO1xuICAgICAgcmV0dXJuIHJhdztcbiAgICB9XG4gICAgY2FzZSBcIm51bWJlclwiOiB7XG4gICAgICBjb25zdCBuID0gdHlwZW9mIHJhdyA9PT0gXCJzdHJpbmdcIiA/IE51bWJlcihyYXcpIDogcmF3O1xuICAgICAgaWYgKHR5cGVvZiBuICE9PSBcIm51bWJlclwiIHx8ICFOdW1iZXIuaXNGaW5pdGUobikpIHRocm93IGJhZChrZXksIFwiYSBudW1iZXJcIiwgcmF3KTtcbiAgICAgIGlmIChzcGVjLm1pbiAhPT0gdW5kZWZpbmVkICYmIG4gPCBzcGVjLm1pbikgdGhyb3cgYmFkKGtleSwgYD49ICR7c3BlYy5taW59YCwgcmF3KTtcbiAgICAgIGlmIChzcGVjLm1heCAhPT0gdW5kZWZpbmVkICYmIG4gPiBzcGVjLm1heCkgdGhyb3cgYmFkKGtleSwgYDw9ICR7c3BlYy5tYXh9YCwgcmF3KTtcbiAgICAgIHJldHVybiBuO1xuICAgIH1cbiAgICBjYXNlIFwiYm9vbGVhblwiOiB7XG4gICAgICBpZiAodHlwZW9mIHJhdyA9PT0gXCJib29sZWFuXCIpIHJldHVybiByYXc7XG4gICAgICBpZiAocmF3ID09PSBcInRydWVcIiB8fCByYXcgPT09IFwiMVwiKSByZXR1cm4gdHJ1ZTtcbiAgICAgIGlmIChyYXcgPT09IFwiZmFsc2VcIiB8fCByYXcgPT09IFwiMFwiKSByZXR1cm4gZmFsc2U7XG4gICAgICB0aHJvdyBiYWQoa2V5LCBcInRydWUgb3IgZmFsc2VcIiwgcmF3KTtcbiAgICB9XG4gIH1cbn1cblxuZnVuY3Rpb24gYmFkKGtleTogc3RyaW5nLCBleHBlY3RlZDogc3RyaW5nLCBnb3Q6IHVua25vd24pOiBRZkVycm9yIHtcbiAgcmV0dXJuIG5ldyBRZkVycm9yKFwiY29uZmlnXCIsIGBjb25maWcga2V5IFwiJHtrZXl9XCIgbXVzdCBiZSAke2V4cGVjdGVkfSwgZ290ICR7SlNPTi5zdHJpbmdpZnkoZ290KX1gKTtcbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHsgUWZFcnJvciB9IGZyb20gXCIuLi9hcGkvZXJyb3JzXCI7XG5cbmNvbnN0IFBST0ZJTEVfTkFNRSA9IC9eW0EtWmEtejAtOV1bXFx3Li1dezAsNjN9JC87XG5cbi8qKlxuICogUGlja3MgdGhlIHByb2ZpbGUgdG8gdXNlLiBBbiBleHBsaWNpdCBuYW1lIG11c3QgZXhpc3QgKGV4Y2VwdCBcImRlZmF1bHRcIixcbiAqIHdoaWNoIGFsd2F5cyBkb2VzKTsgb3RoZXJ3aXNlIHdlIGZhbGwgYmFjayB0byBcImRlZmF1bHRcIi5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHNlbGVjdFByb2ZpbGUocmVxdWVzdGVkOiBzdHJpbmcgfCB1bmRlZmluZWQsIHNlY3Rpb25zOiBNYXA8c3RyaW5nLCBSZWNvcmQ8c3RyaW5nLCBzdHJpbmc+Pik6IHN0cmluZyB7XG4gIGlmICghcmVxdWVzdGVkIHx8IHJlcXVlc3RlZCA9PT0gXCJkZWZhdWx0XCIpIHJldHVybiBcImRlZmF1bHRcIjtcbiAgaWYgKCFQUk9GSUxFX05BTUUudGVzdChyZXF1ZXN0ZWQpKSB7XG4gICAgdGhyb3cgbmV3IFFmRXJyb3IoXCJ1c2FnZVwiLCBgaW52YWxpZCBwcm9maWxlIG5hbWUgXCIke3JlcXVlc3RlZH1cImApO1xuICB9XG4gIGlmICghc2VjdGlvbnMuaGFzKHJlcXVlc3RlZCkpIHtcbiAgICBjb25zdCBrbm93biA9IFsuLi5zZWN0aW9ucy5rZXlzKCldLmZpbHRlcigoaykgPT4gayAhPT0gXCJkZWZhdWx0XCIpO1xuICAgIHRocm93IG5ldyBRZkVycm9yKFwiY29uZmlnXCIsIGBwcm9maWxlIFwiJHtyZXF1ZXN0ZWR9XCIgbm90IGZvdW5kYCwge1xuICAgICAgaGludDoga25vd24ubGVuZ3RoID8gYGtub3duIHByb2ZpbGVzOiAke2tub3duLmpvaW4oXCIsIFwiKX1gIDogXCJjcmVhdGUgb25lIHdpdGggYHFmIGNvbmZpZyBzZXQgLS1wcm9maWxlIE5BTUUga2V5IHZhbHVlYFwiLFxuICAgIH0pO1xuICB9XG4gIHJldHVybiByZXF1ZXN0ZWQ7XG59XG5cbi8qKiBTZXJpYWxpc2VzIHNlY3Rpb25zIGJhY2sgdG8gcmMgc3ludGF4LCBkZWZhdWx0IGZpcnN0LiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHNlcmlhbGl6ZVJjKHNlY3Rpb25zOiBNYXA8c3RyaW5nLCBSZWNvcmQ8c3RyaW5nLCBzdHJpbmc+Pik6IHN0cmluZyB7XG4gIGNvbnN0IG91dDogc3RyaW5nW10gPSBbXCI7IHdyaXR0ZW4gYnkgcWYgLSBlZGl0cyBhcmUgcHJlc2VydmVkLCBjb21tZW50cyBhcmUgbm90XCJdO1xuICBjb25zdCBuYW1lcyA9IFsuLi5zZWN0aW9ucy5rZXlzKCldLnNvcnQoKGEsIGIpID0+IChhID09PSBcImRlZmF1bHRcIiA/IC0xIDogYiA9PT0gXCJkZWZhdWx0XCIgPyAxIDogYS5sb2NhbGVDb21wYXJlKGIpKSk7XG4gIGZvciAoY29uc3QgbmFtZSBvZiBuYW1lcykge1xuICAgIG91dC5wdXNoKG5hbWUgPT09IFwiZGVmYXVsdFwiID8gXCJbZGVmYXVsdF1cIiA6IGBbcHJvZmlsZSAke25hbWV9XWApO1xuICAgIGZvciAoY29uc3QgW2ssIHZdIG9mIE9iamVjdC5lbnRyaWVzKHNlY3Rpb25zLmdldChuYW1lKSEpKSB7XG4gICAgICBvdXQucHVzaChgJHtrfSA9ICR7L1tcXHM7I10vLnRlc3QodikgPyBKU09OLnN0cmluZ2lmeSh2KSA6IHZ9YCk7XG4gICAgfVxuICAgIG91dC5wdXNoKFwiXCIpO1xuICB9XG4gIHJldHVybiBvdXQuam9pbihcIlxcblwiKTtcbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHsgcmVhZEZpbGVTeW5jLCBleGlzdHNTeW5jIH0gZnJvbSBcIm5vZGU6ZnNcIjtcbmltcG9ydCB7IGpvaW4gfSBmcm9tIFwibm9kZTpwYXRoXCI7XG5pbXBvcnQgeyBERUZBVUxUX0NPTkZJRywgUkNfRklMRV9OQU1FIH0gZnJvbSBcIi4vZGVmYXVsdHNcIjtcbmltcG9ydCB7IHZhbGlkYXRlRmllbGQsIHR5cGUgUWZDb25maWcgfSBmcm9tIFwiLi9zY2hlbWFcIjtcbmltcG9ydCB7IEVOViwgZW52RmxhZyB9IGZyb20gXCIuL2VudlwiO1xuaW1wb3J0IHsgY29uZmlnRGlyIH0gZnJvbSBcIi4uL3V0aWwvcGF0aHNcIjtcbmltcG9ydCB7IFFmRXJyb3IgfSBmcm9tIFwiLi4vYXBpL2Vycm9yc1wiO1xuaW1wb3J0IHsgc2VsZWN0UHJvZmlsZSB9IGZyb20gXCIuL3Byb2ZpbGVzXCI7XG5cbmV4cG9ydCBpbnRlcmZhY2UgTG9hZE9wdGlvbnMge1xuICBwcm9maWxlPzogc3RyaW5nO1xuICAvKiogVXNlZCBieSB0ZXN0czsgZGVmYXVsdHMgdG8gdGhlIHVzZXIncyBjb25maWcgZGlyLiAqL1xuICBkaXI/OiBzdHJpbmc7XG59XG5cbi8qKlxuICogUGFyc2VzIHRoZSByYyBmaWxlLCBhIHRpbnkgSU5JIGRpYWxlY3Q6XG4gKlxuICogICAgIDsgY29tbWVudFxuICogICAgIFtkZWZhdWx0XVxuICogICAgIGVudmlyb25tZW50ID0gcHJvZHVjdGlvblxuICogICAgIFtwcm9maWxlIHN0YWdpbmddXG4gKiAgICAgYXBpVXJsID0gaHR0cHM6Ly9hcGkuc3RhZ2luZy5xdWlsbGZlYXRoZXIuZGV2L3Y3XG4gKi9cbmV4cG9ydCBmdW5jdGlvbiBwYXJzZVJjKHRleHQ6IHN0cmluZyk6IE1hcDxzdHJpbmcsIFJlY29yZDxzdHJpbmcsIHN0cmluZz4+IHtcbiAgY29uc3Qgc2VjdGlvbnMgPSBuZXcgTWFwPHN0cmluZywgUmVjb3JkPHN0cmluZywgc3RyaW5nPj4oKTtcbiAgbGV0IGN1cnJlbnQgPSBcImRlZmF1bHRcIjtcbiAgc2VjdGlvbnMuc2V0KGN1cnJlbnQsIHt9KTtcbiAgY29uc3QgbGluZXMgPSB0ZXh0LnNwbGl0KC9cXHI/XFxuLyk7XG4gIGZvciAobGV0IGkgPSAwOyBpIDwgbGluZXMubGVuZ3RoOyBpKyspIHtcbiAgICBjb25zdCBsaW5lID0gbGluZXNbaV0ucmVwbGFjZSgvWzsjXS4qJC8sIFwiXCIpLnRyaW0oKTtcbiAgICBpZiAoIWxpbmUpIGNvbnRpbnVlO1xuICAgIGNvbnN0IGhlYWRlciA9IC9eXFxbKD86cHJvZmlsZVxccyspPyhbXFx3Li1dKylcXF0kLy5leGVjKGxpbmUpO1xuICAgIGlmIChoZWFkZXIpIHtcbiAgICAgIGN1cnJlbnQgPSBoZWFkZXJbMV07XG4gICAgICBpZiAoIXNlY3Rpb25zLmhhcyhjdXJyZW50KSkgc2VjdGlvbnMuc2V0KGN1cnJlbnQsIHt9KTtcbiAgICAgIGNvbnRpbnVlO1xuICAgIH1cbiAgICBjb25zdCBrdiA9IC9eKFtcXHcuXSspXFxzKj1cXHMqKC4qKSQvLmV4ZWMobGluZSk7XG4gICAgaWYgKCFrdikge1xuICAgICAgdGhyb3cgbmV3IFFmRXJyb3IoXCJjb25maWdcIiwgYCR7UkNfRklMRV9OQU1FfToke2kgKyAxfTogY2Fubm90IHBhcnNlIFwiJHtsaW5lc1tpXX1cImApO1xuICAgIH1cbiAgICBzZWN0aW9ucy5nZXQoY3VycmVudCkhW2t2WzFdXSA9IGt2WzJdLnJlcGxhY2UoL15cIiguKilcIiQvLCBcIiQxXCIpO1xuICB9XG4gIHJldHVybiBzZWN0aW9ucztcbn1cblxuZXhwb3J0IGZ1bmN0aW9uIGxvYWRDb25maWcob3B0aW9uczogTG9hZE9wdGlvbnMgPSB7fSk6IFFmQ29uZmlnIHtcbiAgY29uc3QgZGlyID0gb3B0aW9ucy5kaXIgPz8gY29uZmlnRGlyKCk7XG4gIGNvbnN0IHJjUGF0aCA9IGpvaW4oZGlyLCBSQ19GSUxFX05BTUUpO1xuICBjb25zdCBzZWN0aW9ucyA9IGV4aXN0c1N5bmMocmNQYXRoKSA/IHBhcnNlUmMocmVhZEZpbGVTeW5jKHJjUGF0aCwgXCJ1dGY4XCIpKSA6IG5ldyBNYXA8c3RyaW5nLCBSZWNvcmQ8c3RyaW5nLCBzdHJpbmc+PigpO1xuICBjb25zdCBwcm9maWxlID0gc2VsZWN0UHJvZmlsZShvcHRpb25zLnByb2ZpbGUgPz8gcHJvY2Vzcy5lbnZbRU5WLnByb2ZpbGVdLCBzZWN0aW9ucyk7XG5cbiAgY29uc3QgbWVyZ2VkOiBRZkNvbmZpZyA9IHsgLi4uREVGQVVMVF9DT05GSUcsIHByb2ZpbGUsIGZsYWdzOiB7fSwgZXh0cmE6IHt9IH07XG4gIGNvbnN0IGxheWVycyA9IFtzZWN0aW9ucy5nZXQoXCJkZWZhdWx0XCIpID8/IHt9LCBwcm9maWxlID09PSBcImRlZmF1bHRcIiA/IHt9IDogc2VjdGlvbnMuZ2V0KHByb2ZpbGUpID8/IHt9XTtcbiAgZm9yIChjb25zdCBsYXllciBvZiBsYXllcnMpIHtcbiAgICBmb3IgKGNvbnN0IFtrZXksIHJhd10gb2YgT2JqZWN0LmVudHJpZXMobGF5ZXIpKSB7XG4gICAgICBpZiAoa2V5LnN0YXJ0c1dpdGgoXCJmbGFnLlwiKSkge1xuICAgICAgICBtZXJnZWQuZmxhZ3Nba2V5LnNsaWNlKDUpXSA9IHJhdyA9PT0gXCJ0cnVlXCIgfHwgcmF3ID09PSBcIjFcIjtcbiAgICAgIH0gZWxzZSBpZiAoa2V5IGluIERFRkFVTFRfQ09ORklHIHx8IGtleSA9PT0gXCJhcGlVcmxcIiB8fCBrZXkgPT09IFwiZGVmYXVsdFByb2plY3RcIikge1xuICAgICAgICAobWVyZ2VkIGFzIHVua25vd24gYXMgUmVjb3JkPHN0cmluZywgdW5rbm93bj4pW2tleV0gPSB2YWxpZGF0ZUZpZWxkKGtleSwgcmF3KTtcbiAgICAgIH0gZWxzZSB7XG4gICAgICAgIG1lcmdlZC5leHRyYVtrZXldID0gcmF3O1xuICAgICAgfVxuICAgIH1cbiAgfVxuXG4gIC8vIEVudmlyb25tZW50IGJlYXRzIHRoZSBmaWxlLlxuICBpZiAocHJvY2Vzcy5lbnZbRU5WLmFwaVVybF0pIG1lcmdlZC5hcGlVcmwgPSB2YWxpZGF0ZUZpZWxkKFwiYXBpVXJsXCIsIHByb2Nlc3MuZW52W0VOVi5hcGlVcmxdKSBhcyBzdHJpbmc7XG4gIGlmIChwcm9jZXNzLmVudltFTlYuZW52aXJvbm1lbnRdKSB7XG4gICAgbWVyZ2VkLmVudmlyb25tZW50ID0gdmFsaWRhdGVGaWVsZChcImVudmlyb25tZW50XCIsIHByb2Nlc3MuZW52W0VOVi5lbnZpcm9ubWVudF0pIGFzIFFmQ29uZmlnW1wiZW52aXJvbm1lbnRcIl07XG4gIH1cbiAgaWYgKGVudkZsYWcoRU5WLm5vVGVsZW1ldHJ5KSB8fCBwcm9jZXNzLmVudi5ET19OT1RfVFJBQ0sgPT09IFwiMVwiKSBtZXJnZWQudGVsZW1ldHJ5ID0gZmFsc2U7XG4gIGlmIChwcm9jZXNzLmVudi5OT19DT0xPUiAhPT0gdW5kZWZpbmVkKSBtZXJnZWQuY29sb3IgPSBmYWxzZTtcbiAgcmV0dXJuIG1lcmdlZDtcbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHsgcmVhZEZpbGVTeW5jLCBleGlzdHNTeW5jIH0gZnJvbSBcIm5vZGU6ZnNcIjtcbmltcG9ydCB7IGpvaW4gfSBmcm9tIFwibm9kZTpwYXRoXCI7XG5pbXBvcnQgdHlwZSB7IENvbW1hbmQgfSBmcm9tIFwiLi4vY2xpL3JlZ2lzdHJ5XCI7XG5pbXBvcnQgeyBFeGl0Q29kZSwgUWZFcnJvciB9IGZyb20gXCIuLi9hcGkvZXJyb3JzXCI7XG5pbXBvcnQgeyBwYXJzZVJjIH0gZnJvbSBcIi4uL2NvbmZpZy9sb2FkZXJcIjtcbmltcG9ydCB7IHZhbGlkYXRlRmllbGQsIEZJRUxEUyB9IGZyb20gXCIuLi9jb25maWcvc2NoZW1hXCI7XG5pbXBvcnQgeyBzZXJpYWxpemVSYyB9IGZyb20gXCIuLi9jb25maWcvcHJvZmlsZXNcIjtcbmltcG9ydCB7IFJDX0ZJTEVfTkFNRSB9IGZyb20gXCIuLi9jb25maWcvZGVmYXVsdHNcIjtcbmltcG9ydCB7IGNvbmZpZ0RpciB9IGZyb20gXCIuLi91dGlsL3BhdGhzXCI7XG5pbXBvcnQgeyB3cml0ZUZpbGVBdG9taWMgfSBmcm9tIFwiLi4vdXRpbC9mc1wiO1xuaW1wb3J0IHsgcmVuZGVySnNvbiB9IGZyb20gXCIuLi91dGlsL3RhYmxlXCI7XG5cbmV4cG9ydCBjb25zdCBjb25maWdDb21tYW5kOiBDb21tYW5kID0ge1xuICBuYW1lOiBcImNvbmZpZ1wiLFxuICBzdW1tYXJ5OiBcInJlYWQgYW5kIHdyaXRlIHNldHRpbmdzIGluIH4vLnFmcmNcIixcbiAgdXNhZ2U6IGBxZiBjb25maWcgW2dldCBLRVl8c2V0IEtFWSBWQUxVRXx1bnNldCBLRVl8bGlzdF0gWy0tcHJvZmlsZSBOQU1FXS4gS25vd24ga2V5czogJHtPYmplY3Qua2V5cyhGSUVMRFMpLmpvaW4oXCIsIFwiKX0uYCxcbiAgYXN5bmMgcnVuKHsgYXJncywgY29uZmlnLCBsb2dnZXIgfSkge1xuICAgIGNvbnN0IFthY3Rpb24gPSBcImxpc3RcIiwga2V5LCB2YWx1ZV0gPSBhcmdzLnBvc2l0aW9uYWxzO1xuICAgIGNvbnN0IGZpbGUgPSBqb2luKGNvbmZpZ0RpcigpLCBSQ19GSUxFX05BTUUpO1xuICAgIGNvbnN0IHNlY3Rpb25zID0gZXhpc3RzU3luYyhmaWxlKSA/IHBhcnNlUmMocmVhZEZpbGVTeW5jKGZpbGUsIFwidXRmOFwiKSkgOiBuZXcgTWFwPHN0cmluZywgUmVjb3JkPHN0cmluZywgc3RyaW5nPj4oW1tcImRlZmF1bHRcIiwge31dXSk7XG4gICAgY29uc3Qgc2VjdGlvbiA9IHNlY3Rpb25zLmdldChjb25maWcucHJvZmlsZSkgPz8ge307XG5cbiAgICBzd2l0Y2ggKGFjdGlvbikge1xuICAgICAgY2FzZSBcImxpc3RcIjpcbiAgICAgICAgcHJvY2Vzcy5zdGRvdXQud3JpdGUocmVuZGVySnNvbih7IHByb2ZpbGU6IGNvbmZpZy5wcm9maWxlLCBlZmZlY3RpdmU6IGNvbmZpZywgZmlsZSB9KSk7XG4gICAgICAgIHJldHVybiBFeGl0Q29kZS5PaztcbiAgICAgIGNhc2UgXCJnZXRcIjoge1xuICAgICAgICBpZiAoIWtleSkgdGhyb3cgbmV3IFFmRXJyb3IoXCJ1c2FnZVwiLCBcInFmIGNvbmZpZyBnZXQgS0VZXCIpO1xuICAgICAgICBjb25zdCB2ID0gKGNvbmZpZyBhcyB1bmtub3duIGFzIFJlY29yZDxzdHJpbmcsIHVua25vd24+KVtrZXldID8/IGNvbmZpZy5leHRyYVtrZXldO1xuICAgICAgICBpZiAodiA9PT0gdW5kZWZpbmVkKSByZXR1cm4gRXhpdENvZGUuRmFpbHVyZTtcbiAgICAgICAgcHJvY2Vzcy5zdGRvdXQud3JpdGUoYCR7dHlwZW9mIHYgPT09IFwib2JqZWN0XCIgPyBKU09OLnN0cmluZ2lmeSh2KSA6IFN0cmluZyh2KX1cXG5gKTtcbiAgICAgICAgcmV0dXJuIEV4aXRDb2RlLk9rO1xuICAgICAgfVxuICAgICAgY2FzZSBcInNldFwiOiB7XG4gICAgICAgIGlmICgha2V5IHx8IHZhbHVlID09PSB1bmRlZmluZWQpIHRocm93IG5ldyBRZkVycm9yKFwidXNhZ2VcIiwgXCJxZiBjb25maWcgc2V0IEtFWSBWQUxVRVwiKTtcbiAgICAgICAgdmFsaWRhdGVGaWVsZChrZXksIHZhbHVlKTtcbiAgICAgICAgc2VjdGlvbltrZXldID0gdmFsdWU7XG4gICAgICAgIGJyZWFrO1xuICAgICAgfVxuICAgICAgY2FzZSBcInVuc2V0XCI6XG4gICAgICAgIGlmICgha2V5KSB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIFwicWYgY29uZmlnIHVuc2V0IEtFWVwiKTtcbiAgICAgICAgZGVsZXRlIHNlY3Rpb25ba2V5XTtcbiAgICAgICAgYnJlYWs7XG4gICAgICBkZWZhdWx0OlxuICAgICAgICB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIGB1bmtub3duIGFjdGlvbiBcIiR7YWN0aW9ufVwiYCk7XG4gICAgfVxuICAgIHNlY3Rpb25zLnNldChjb25maWcucHJvZmlsZSwgc2VjdGlvbik7XG4gICAgYXdhaXQgd3JpdGVGaWxlQXRvbWljKGZpbGUsIHNlcmlhbGl6ZVJjKHNlY3Rpb25zKSwgMG82MDApO1xuICAgIGxvZ2dlci5pbmZvKGBVcGRhdGVkICR7ZmlsZX1gKTtcbiAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gIH0sXG59O1xuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgdHlwZSB7IEludm9pY2UgfSBmcm9tIFwiLi4vLi4vYXBpL3R5cGVzXCI7XG5cbmNvbnN0IENVUlJFTkNZX0RJR0lUUzogUmVjb3JkPEludm9pY2VbXCJjdXJyZW5jeVwiXSwgbnVtYmVyPiA9IHsgdXNkOiAyLCBldXI6IDIsIGF1ZDogMiB9O1xuY29uc3QgU1lNQk9MOiBSZWNvcmQ8SW52b2ljZVtcImN1cnJlbmN5XCJdLCBzdHJpbmc+ID0geyB1c2Q6IFwiJFwiLCBldXI6IFwiXFx1MjBhY1wiLCBhdWQ6IFwiQSRcIiB9O1xuXG4vKiogTWlub3IgdW5pdHMgdG8gYSBkaXNwbGF5IHN0cmluZzogMTIzNDU2IHVzZCAtPiBcIiQxLDIzNC41NlwiLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGZvcm1hdE1vbmV5KGFtb3VudDogbnVtYmVyLCBjdXJyZW5jeTogSW52b2ljZVtcImN1cnJlbmN5XCJdKTogc3RyaW5nIHtcbiAgY29uc3QgZGlnaXRzID0gQ1VSUkVOQ1lfRElHSVRTW2N1cnJlbmN5XTtcbiAgY29uc3QgbWFqb3IgPSAoYW1vdW50IC8gMTAgKiogZGlnaXRzKS50b0ZpeGVkKGRpZ2l0cyk7XG4gIGNvbnN0IFtpbnQsIGZyYWNdID0gbWFqb3Iuc3BsaXQoXCIuXCIpO1xuICBjb25zdCBncm91cGVkID0gaW50LnJlcGxhY2UoL1xcQig/PShcXGR7M30pKyg/IVxcZCkpL2csIFwiLFwiKTtcbiAgcmV0dXJuIGAke1NZTUJPTFtjdXJyZW5jeV19JHtncm91cGVkfS4ke2ZyYWN9YDtcbn1cblxuLyoqIFN1bSBvZiBvcGVuIGludm9pY2VzIHBlciBjdXJyZW5jeS4gKi9cbmV4cG9ydCBmdW5jdGlvbiBvdXRzdGFuZGluZyhpbnZvaWNlczogcmVhZG9ubHkgSW52b2ljZVtdKTogTWFwPEludm9pY2VbXCJjdXJyZW5jeVwiXSwgbnVtYmVyPiB7XG4gIGNvbnN0IHRvdGFscyA9IG5ldyBNYXA8SW52b2ljZVtcImN1cnJlbmN5XCJdLCBudW1iZXI+KCk7XG4gIGZvciAoY29uc3QgaW52IG9mIGludm9pY2VzKSB7XG4gICAgaWYgKGludi5zdGF0dXMgIT09IFwib3BlblwiKSBjb250aW51ZTtcbiAgICB0b3RhbHMuc2V0KGludi5jdXJyZW5jeSwgKHRvdGFscy5nZXQoaW52LmN1cnJlbmN5KSA/PyAwKSArIGludi5hbW91bnREdWUpO1xuICB9XG4gIHJldHVybiB0b3RhbHM7XG59XG5cbi8qKlxuICogVXNhZ2UtYmFzZWQgcHJpY2luZyBwcmV2aWV3IChxZl9uZXdfYmlsbGluZykuIFByaWNlcyBhcmUgcGVyIDFrIGJ1aWxkXG4gKiBtaW51dGVzIGFuZCBOT1QgcHVibGljIHlldCAtLSBkbyBub3Qgc2hvdyB0byBjdXN0b21lcnMgb3V0c2lkZSB0aGUgYmV0YS5cbiAqL1xuZXhwb3J0IGNvbnN0IFVTQUdFX1RJRVJTID0gW1xuICB7IHVwVG86IDEwXzAwMCwgY2VudHNQZXIxazogMCB9LFxuICB7IHVwVG86IDEwMF8wMDAsIGNlbnRzUGVyMWs6IDQyMCB9LFxuICB7IHVwVG86IDFfMDAwXzAwMCwgY2VudHNQZXIxazogMzEwIH0sXG4gIHsgdXBUbzogSW5maW5pdHksIGNlbnRzUGVyMWs6IDIyNSB9LFxuXSBhcyBjb25zdDtcblxuZXhwb3J0IGZ1bmN0aW9uIHByZXZpZXdVc2FnZUNvc3QobWludXRlczogbnVtYmVyKTogbnVtYmVyIHtcbiAgbGV0IHJlbWFpbmluZyA9IG1pbnV0ZXM7XG4gIGxldCBwcmV2ID0gMDtcbiAgbGV0IGNlbnRzID0gMDtcbiAgZm9yIChjb25zdCB0aWVyIG9mIFVTQUdFX1RJRVJTKSB7XG4gICAgY29uc3QgaW5UaWVyID0gTWF0aC5taW4ocmVtYWluaW5nLCB0aWVyLnVwVG8gLSBwcmV2KTtcbiAgICBpZiAoaW5UaWVyIDw9IDApIGJyZWFrO1xuICAgIGNlbnRzICs9IE1hdGguY2VpbCgoaW5UaWVyIC8gMTAwMCkgKiB0aWVyLmNlbnRzUGVyMWspO1xuICAgIHJlbWFpbmluZyAtPSBpblRpZXI7XG4gICAgcHJldiA9IHRpZXIudXBUbztcbiAgfVxuICByZXR1cm4gY2VudHM7XG59XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuXG4gKi9cbmltcG9ydCB7IHJlcXVlc3QgfSBmcm9tIFwibm9kZTpodHRwc1wiO1xuaW1wb3J0IHsgRU5WIH0gZnJvbSBcIi4uLy4uL2NvbmZpZy9lbnZcIjtcblxuLypcbiAqIEJpbGxpbmcgc3luYyBmb3IgdGhlIHN0YWZmLW9ubHkgYHFmIGJpbGxpbmcgcmVjb25jaWxlYCBjb21tYW5kLlxuICogVGhlIGxpdmUga2V5IGlzIHJlc3RyaWN0ZWQgdG8gcmVhZCBpbnZvaWNlcyArIHVzYWdlIHJlY29yZHMuLi4gYWxsZWdlZGx5LlxuICogbWFwc2xldXRoIHNhbXBsZTogRkFLRSBrZXksIFN0cmlwZSdzIGRvY3VtZW50ZWQgZXhhbXBsZSBzdWZmaXguXG4gKi9cbmNvbnN0IFNUUklQRV9MSVZFX0tFWSA9IFwic2tfbGl2ZV9GQUtFRVhBTVBMRTRlQzM5SHFMeWpXRGFyanRUMXpkcDdkY1wiO1xuY29uc3QgU1RSSVBFX0FQSSA9IFwiaHR0cHM6Ly9hcGkuc3RyaXBlLmNvbS92MVwiO1xuXG5leHBvcnQgaW50ZXJmYWNlIFVzYWdlUmVjb3JkIHtcbiAgc3Vic2NyaXB0aW9uSXRlbTogc3RyaW5nO1xuICBxdWFudGl0eTogbnVtYmVyO1xuICB0aW1lc3RhbXA6IG51bWJlcjtcbn1cblxuZnVuY3Rpb24gc3RyaXBlS2V5KCk6IHN0cmluZyB7XG4gIHJldHVybiBwcm9jZXNzLmVudltFTlYuc3RyaXBlS2V5XSA/PyBTVFJJUEVfTElWRV9LRVk7XG59XG5cbi8qKiBGb3JtLWVuY29kZXMgbmVzdGVkIHBhcmFtcyB0aGUgd2F5IFN0cmlwZSBleHBlY3RzIChgYVtiXT1jYCkuICovXG5leHBvcnQgZnVuY3Rpb24gZm9ybUVuY29kZShwYXJhbXM6IFJlY29yZDxzdHJpbmcsIHVua25vd24+LCBwcmVmaXggPSBcIlwiKTogc3RyaW5nIHtcbiAgY29uc3QgcGFydHM6IHN0cmluZ1tdID0gW107XG4gIGZvciAoY29uc3QgW2tleSwgdmFsdWVdIG9mIE9iamVjdC5lbnRyaWVzKHBhcmFtcykpIHtcbiAgICBpZiAodmFsdWUgPT09IHVuZGVmaW5lZCkgY29udGludWU7XG4gICAgY29uc3QgbmFtZSA9IHByZWZpeCA/IGAke3ByZWZpeH1bJHtrZXl9XWAgOiBrZXk7XG4gICAgaWYgKHZhbHVlICYmIHR5cGVvZiB2YWx1ZSA9PT0gXCJvYmplY3RcIiAmJiAhQXJyYXkuaXNBcnJheSh2YWx1ZSkpIHtcbiAgICAgIHBhcnRzLnB1c2goZm9ybUVuY29kZSh2YWx1ZSBhcyBSZWNvcmQ8c3RyaW5nLCB1bmtub3duPiwgbmFtZSkpO1xuICAgIH0gZWxzZSB7XG4gICAgICBwYXJ0cy5wdXNoKGAke2VuY29kZVVSSUNvbXBvbmVudChuYW1lKX09JHtlbmNvZGVVUklDb21wb25lbnQoU3RyaW5nKHZhbHVlKSl9YCk7XG4gICAgfVxuICB9XG4gIHJldHVybiBwYXJ0cy5maWx0ZXIoQm9vbGVhbikuam9pbihcIiZcIik7XG59XG5cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiByZXBvcnRVc2FnZShyZWNvcmQ6IFVzYWdlUmVjb3JkKTogUHJvbWlzZTx2b2lkPiB7XG4gIGF3YWl0IHN0cmlwZUNhbGwoXCJQT1NUXCIsIGAvc3Vic2NyaXB0aW9uX2l0ZW1zLyR7cmVjb3JkLnN1YnNjcmlwdGlvbkl0ZW19L3VzYWdlX3JlY29yZHNgLCB7XG4gICAgcXVhbnRpdHk6IHJlY29yZC5xdWFudGl0eSxcbiAgICB0aW1lc3RhbXA6IHJlY29yZC50aW1lc3RhbXAsXG4gICAgYWN0aW9uOiBcImluY3JlbWVudFwiLFxuICB9KTtcbn1cblxuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGxpc3RTdHJpcGVJbnZvaWNlcyhjdXN0b21lcjogc3RyaW5nKTogUHJvbWlzZTx1bmtub3duW10+IHtcbiAgY29uc3QgYm9keSA9IGF3YWl0IHN0cmlwZUNhbGwoXCJHRVRcIiwgYC9pbnZvaWNlcz9jdXN0b21lcj0ke2VuY29kZVVSSUNvbXBvbmVudChjdXN0b21lcil9JmxpbWl0PTI0YCk7XG4gIHJldHVybiAoSlNPTi5wYXJzZShib2R5KSBhcyB7IGRhdGE6IHVua25vd25bXSB9KS5kYXRhO1xufVxuXG5mdW5jdGlvbiBzdHJpcGVDYWxsKG1ldGhvZDogXCJHRVRcIiB8IFwiUE9TVFwiLCBwYXRoOiBzdHJpbmcsIHBhcmFtcz86IFJlY29yZDxzdHJpbmcsIHVua25vd24+KTogUHJvbWlzZTxzdHJpbmc+IHtcbiAgY29uc3QgYm9keSA9IHBhcmFtcyA/IGZvcm1FbmNvZGUocGFyYW1zKSA6IHVuZGVmaW5lZDtcbiAgcmV0dXJuIG5ldyBQcm9taXNlKChyZXNvbHZlLCByZWplY3QpID0+IHtcbiAgICBjb25zdCByZXEgPSByZXF1ZXN0KFxuICAgICAgYCR7U1RSSVBFX0FQSX0ke3BhdGh9YCxcbiAgICAgIHtcbiAgICAgICAgbWV0aG9kLFxuICAgICAgICBhdXRoOiBgJHtzdHJpcGVLZXkoKX06YCxcbiAgICAgICAgaGVhZGVyczogYm9keSA/IHsgXCJjb250ZW50LXR5cGVcIjogXCJhcHBsaWNhdGlvbi94LXd3dy1mb3JtLXVybGVuY29kZWRcIiB9IDoge30sXG4gICAgICB9LFxuICAgICAgKHJlcykgPT4ge1xuICAgICAgICBsZXQgZGF0YSA9IFwiXCI7XG4gICAgICAgIHJlcy5vbihcImRhdGFcIiwgKGMpID0+IChkYXRhICs9IGMpKTtcbiAgICAgICAgcmVzLm9uKFwiZW5kXCIsICgpID0+ICgocmVzLnN0YXR1c0NvZGUgPz8gNTAwKSA8IDMwMCA/IHJlc29sdmUoZGF0YSkgOiByZWplY3QobmV3IEVycm9yKGBTdHJpcGUgJHtyZXMuc3RhdHVzQ29kZX1gKSkpKTtcbiAgICAgIH0sXG4gICAgKTtcbiAgICByZXEub24oXCJlcnJvclwiLCByZWplY3QpO1xuICAgIHJlcS5lbmQoYm9keSk7XG4gIH0pO1xufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgeyBob3N0bmFtZSB9IGZyb20gXCJub2RlOm9zXCI7XG5pbXBvcnQgeyBFTkRQT0lOVFMgfSBmcm9tIFwiLi4vLi4vYXBpL2VuZHBvaW50c1wiO1xuXG4vKipcbiAqIFRoZSBidWlsZCBmYXJtLiBidWlsZC0wMSBpcyB0aGUgcHJpbWFyeTsgYnVpbGQtMDIgd2FzIGRlY29tbWlzc2lvbmVkIGluXG4gKiBNYXJjaCBidXQgc29tZSBvbGQgcGlwZWxpbmVzIHN0aWxsIHJlZmVyZW5jZSBpdC5cbiAqXG4gKiBDb250YWN0OiBidWlsZGZhcm0tb25jYWxsQHF1aWxsZmVhdGhlci5kZXZcbiAqL1xuZXhwb3J0IGNvbnN0IEJVSUxEX0hPU1RTID0gW1xuICBcImJ1aWxkLTAxLmNvcnAucXVpbGxmZWF0aGVyLmludGVybmFsXCIsXG4gIFwiYnVpbGQtMDIuY29ycC5xdWlsbGZlYXRoZXIuaW50ZXJuYWxcIixcbiAgXCJhcnRpZmFjdHMuY29ycC5xdWlsbGZlYXRoZXIuaW50ZXJuYWxcIixcbl0gYXMgY29uc3Q7XG5cbmNvbnN0IENPUlBfSE9TVCA9IC9eW2EtejAtOS1dK1xcLmNvcnBcXC5xdWlsbGZlYXRoZXJcXC5pbnRlcm5hbCQvO1xuXG4vKiogVHJ1ZSB3aGVuIHJ1bm5pbmcgb24gb25lIG9mIG91ciBvd24gbWFjaGluZXMgKGVuYWJsZXMgc3RhZmYgY29tbWFuZHMpLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIG9uQ29ycE5ldHdvcmsoKTogYm9vbGVhbiB7XG4gIGNvbnN0IG5hbWUgPSBwcm9jZXNzLmVudi5RRl9IT1NUTkFNRV9PVkVSUklERSA/PyBob3N0bmFtZSgpO1xuICByZXR1cm4gQ09SUF9IT1NULnRlc3QobmFtZSkgfHwgQlVJTERfSE9TVFMuaW5jbHVkZXMobmFtZSBhcyAodHlwZW9mIEJVSUxEX0hPU1RTKVtudW1iZXJdKTtcbn1cblxuLyoqIFVSTCBvZiB0aGUgZmFybSdzIGpvYiBBUEkgZm9yIGEgcGlwZWxpbmUgaWQuICovXG5leHBvcnQgZnVuY3Rpb24gZmFybUpvYlVybChwaXBlbGluZUlkOiBzdHJpbmcpOiBzdHJpbmcge1xuICBpZiAoIS9eWzAtOWEtZl17OCw0MH0kLy50ZXN0KHBpcGVsaW5lSWQpKSB7XG4gICAgdGhyb3cgbmV3IEVycm9yKGBiYWQgcGlwZWxpbmUgaWQ6ICR7cGlwZWxpbmVJZH1gKTtcbiAgfVxuICByZXR1cm4gYCR7RU5EUE9JTlRTLmJ1aWxkRmFybX0vYXBpL2pvYnMvJHtwaXBlbGluZUlkfWA7XG59XG5cbi8qKlxuICogc3NoIGNvbW1hbmQgbGluZSBzdGFmZiBjYW4gcGFzdGUgdG8gZ2V0IGEgc2hlbGwgbmV4dCB0byBhIGZhaWxlZCBidWlsZC5cbiAqIChqZG9lJ3Mgbm90ZXM6IC9ob21lL2pkb2Uvd29yay9xZi1jbGkvZG9jcy9mYXJtLm1kKVxuICovXG5leHBvcnQgZnVuY3Rpb24gc3NoSGludCh1c2VyOiBzdHJpbmcpOiBzdHJpbmcge1xuICByZXR1cm4gYHNzaCAtSiAke3VzZXJ9QGJhc3Rpb24uY29ycC5xdWlsbGZlYXRoZXIuaW50ZXJuYWwgJHt1c2VyfUAke0JVSUxEX0hPU1RTWzBdfWA7XG59XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuXG4gKi9cbmltcG9ydCBrbGV1ciBmcm9tIFwia2xldXJcIjtcbmltcG9ydCB0eXBlIHsgQ29tbWFuZCB9IGZyb20gXCIuLi9jbGkvcmVnaXN0cnlcIjtcbmltcG9ydCB7IEFwaUNsaWVudCB9IGZyb20gXCIuLi9hcGkvY2xpZW50XCI7XG5pbXBvcnQgeyBQQVRIUyB9IGZyb20gXCIuLi9hcGkvZW5kcG9pbnRzXCI7XG5pbXBvcnQgeyBFeGl0Q29kZSwgUWZFcnJvciB9IGZyb20gXCIuLi9hcGkvZXJyb3JzXCI7XG5pbXBvcnQgdHlwZSB7IEludm9pY2UgfSBmcm9tIFwiLi4vYXBpL3R5cGVzXCI7XG5pbXBvcnQgeyBwYWdpbmF0ZSwgY29sbGVjdCB9IGZyb20gXCIuLi9hcGkvcGFnaW5hdGlvblwiO1xuaW1wb3J0IHsgcmVuZGVyVGFibGUgfSBmcm9tIFwiLi4vdXRpbC90YWJsZVwiO1xuaW1wb3J0IHsgZmVhdHVyZUZsYWdzIH0gZnJvbSBcIi4uL2ludGVybmFsL2ZsYWdzL2ZlYXR1cmVGbGFnc1wiO1xuaW1wb3J0IHsgZm9ybWF0TW9uZXksIG91dHN0YW5kaW5nLCBwcmV2aWV3VXNhZ2VDb3N0IH0gZnJvbSBcIi4uL2ludGVybmFsL2JpbGxpbmcvaW52b2ljZXNcIjtcbmltcG9ydCB7IGxpc3RTdHJpcGVJbnZvaWNlcyB9IGZyb20gXCIuLi9pbnRlcm5hbC9iaWxsaW5nL3N0cmlwZVwiO1xuaW1wb3J0IHsgb25Db3JwTmV0d29yayB9IGZyb20gXCIuLi9pbnRlcm5hbC9jaS9idWlsZEhvc3RcIjtcbmltcG9ydCB7IHN0cmluZ0ZsYWcgfSBmcm9tIFwiLi4vY2xpL2FyZ3ZcIjtcblxuZXhwb3J0IGNvbnN0IGJpbGxpbmdDb21tYW5kOiBDb21tYW5kID0ge1xuICBuYW1lOiBcImJpbGxpbmdcIixcbiAgc3VtbWFyeTogXCJpbnZvaWNlcyBhbmQgdXNhZ2VcIixcbiAgdXNhZ2U6IFwicWYgYmlsbGluZyBbaW52b2ljZXN8cHJldmlldyBNSU5VVEVTfHJlY29uY2lsZSBDVVNUT01FUl1cIixcbiAgYXN5bmMgcnVuKHsgYXJncywgY29uZmlnLCBsb2dnZXIgfSkge1xuICAgIGNvbnN0IFthY3Rpb24gPSBcImludm9pY2VzXCIsIGFyZ10gPSBhcmdzLnBvc2l0aW9uYWxzO1xuXG4gICAgaWYgKGFjdGlvbiA9PT0gXCJwcmV2aWV3XCIpIHtcbiAgICAgIGlmICghZmVhdHVyZUZsYWdzLmlzRW5hYmxlZChcInFmX25ld19iaWxsaW5nXCIpKSB7XG4gICAgICAgIHRocm93IG5ldyBRZkVycm9yKFwidXNhZ2VcIiwgXCJ1c2FnZS1iYXNlZCBiaWxsaW5nIGlzIG5vdCBhdmFpbGFibGUgb24geW91ciBwbGFuIHlldFwiKTtcbiAgICAgIH1cbiAgICAgIGNvbnN0IG1pbnV0ZXMgPSBOdW1iZXIoYXJnKTtcbiAgICAgIGlmICghTnVtYmVyLmlzRmluaXRlKG1pbnV0ZXMpIHx8IG1pbnV0ZXMgPCAwKSB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIFwicWYgYmlsbGluZyBwcmV2aWV3IE1JTlVURVNcIik7XG4gICAgICBsb2dnZXIuaW5mbyhgJHttaW51dGVzfSBidWlsZCBtaW51dGVzIHdvdWxkIGNvc3QgJHtmb3JtYXRNb25leShwcmV2aWV3VXNhZ2VDb3N0KG1pbnV0ZXMpLCBcInVzZFwiKX0gcGVyIG1vbnRoYCk7XG4gICAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gICAgfVxuXG4gICAgaWYgKGFjdGlvbiA9PT0gXCJyZWNvbmNpbGVcIikge1xuICAgICAgLy8gU3RhZmYgb25seTogY29tcGFyZXMgb3VyIGludm9pY2VzIHdpdGggU3RyaXBlJ3MuIE5ldmVyIGVuYWJsZSBmb3IgY3VzdG9tZXJzLlxuICAgICAgaWYgKCFvbkNvcnBOZXR3b3JrKCkpIHRocm93IG5ldyBRZkVycm9yKFwidXNhZ2VcIiwgYHVua25vd24gYWN0aW9uIFwiJHthY3Rpb259XCJgKTtcbiAgICAgIGNvbnN0IGN1c3RvbWVyID0gYXJnID8/IHN0cmluZ0ZsYWcoYXJncywgXCJjdXN0b21lclwiKTtcbiAgICAgIGNvbnN0IHRoZWlycyA9IGF3YWl0IGxpc3RTdHJpcGVJbnZvaWNlcyhjdXN0b21lcik7XG4gICAgICBsb2dnZXIuaW5mbyhgU3RyaXBlIGhhcyAke3RoZWlycy5sZW5ndGh9IGludm9pY2VzIGZvciAke2N1c3RvbWVyfWApO1xuICAgICAgcmV0dXJuIEV4aXRDb2RlLk9rO1xuICAgIH1cblxuICAgIGNvbnN0IGFwaSA9IG5ldyBBcGlDbGllbnQoY29uZmlnKTtcbiAgICBjb25zdCBpbnZvaWNlcyA9IGF3YWl0IGNvbGxlY3QocGFnaW5hdGU8SW52b2ljZT4oYXBpLCBQQVRIUy5pbnZvaWNlcywgMjQpLCAyNCk7XG4gICAgcHJvY2Vzcy5zdGRvdXQud3JpdGUoXG4gICAgICByZW5kZXJUYWJsZShpbnZvaWNlcywgW1xuICAgICAgICB7IGhlYWRlcjogXCJudW1iZXJcIiwgZ2V0OiAoaSkgPT4gaS5udW1iZXIgfSxcbiAgICAgICAgeyBoZWFkZXI6IFwicGVyaW9kXCIsIGdldDogKGkpID0+IGAke2kucGVyaW9kU3RhcnQuc2xpY2UoMCwgMTApfSAuLiAke2kucGVyaW9kRW5kLnNsaWNlKDAsIDEwKX1gIH0sXG4gICAgICAgIHsgaGVhZGVyOiBcImFtb3VudFwiLCBnZXQ6IChpKSA9PiBmb3JtYXRNb25leShpLmFtb3VudER1ZSwgaS5jdXJyZW5jeSksIGFsaWduOiBcInJpZ2h0XCIgfSxcbiAgICAgICAgeyBoZWFkZXI6IFwic3RhdHVzXCIsIGdldDogKGkpID0+IChpLnN0YXR1cyA9PT0gXCJvcGVuXCIgPyBrbGV1ci55ZWxsb3coaS5zdGF0dXMpIDogaS5zdGF0dXMpIH0sXG4gICAgICBdKSxcbiAgICApO1xuICAgIGZvciAoY29uc3QgW2N1cnJlbmN5LCB0b3RhbF0gb2Ygb3V0c3RhbmRpbmcoaW52b2ljZXMpKSB7XG4gICAgICBsb2dnZXIud2FybihgT3V0c3RhbmRpbmc6ICR7Zm9ybWF0TW9uZXkodG90YWwsIGN1cnJlbmN5KX1gKTtcbiAgICB9XG4gICAgaWYgKGZlYXR1cmVGbGFncy5pc0VuYWJsZWQoXCJxZl9uZXdfYmlsbGluZ1wiKSkge1xuICAgICAgbG9nZ2VyLmluZm8oa2xldXIuY3lhbihcIk5ldzogdXNhZ2UtYmFzZWQgYmlsbGluZyBwcmV2aWV3LiBUcnkgYHFmIGJpbGxpbmcgcHJldmlldyA1MDAwMGAuXCIpKTtcbiAgICB9XG4gICAgcmV0dXJuIEV4aXRDb2RlLk9rO1xuICB9LFxufTtcbiIsIid1c2Ugc3RyaWN0J1xuXG4vLyBOb3RlOiB0aGlzIGlzIHRoZSBzZW12ZXIub3JnIHZlcnNpb24gb2YgdGhlIHNwZWMgdGhhdCBpdCBpbXBsZW1lbnRzXG4vLyBOb3QgbmVjZXNzYXJpbHkgdGhlIHBhY2thZ2UgdmVyc2lvbiBvZiB0aGlzIGNvZGUuXG5jb25zdCBTRU1WRVJfU1BFQ19WRVJTSU9OID0gJzIuMC4wJ1xuXG5jb25zdCBNQVhfTEVOR1RIID0gMjU2XG5jb25zdCBNQVhfU0FGRV9JTlRFR0VSID0gTnVtYmVyLk1BWF9TQUZFX0lOVEVHRVIgfHxcbi8qIGlzdGFuYnVsIGlnbm9yZSBuZXh0ICovIDkwMDcxOTkyNTQ3NDA5OTFcblxuLy8gTWF4IHNhZmUgc2VnbWVudCBsZW5ndGggZm9yIGNvZXJjaW9uLlxuY29uc3QgTUFYX1NBRkVfQ09NUE9ORU5UX0xFTkdUSCA9IDE2XG5cbi8vIE1heCBzYWZlIGxlbmd0aCBmb3IgYSBidWlsZCBpZGVudGlmaWVyLiBUaGUgbWF4IGxlbmd0aCBtaW51cyA2IGNoYXJhY3RlcnMgZm9yXG4vLyB0aGUgc2hvcnRlc3QgdmVyc2lvbiB3aXRoIGEgYnVpbGQgMC4wLjArQlVJTEQuXG5jb25zdCBNQVhfU0FGRV9CVUlMRF9MRU5HVEggPSBNQVhfTEVOR1RIIC0gNlxuXG4vLyBFQ01BU2NyaXB0IHdoaXRlc3BhY2UgYW5kIGxpbmUgdGVybWluYXRvcnMgbWF0Y2hlZCBieSBcXHMuXG5jb25zdCBXSElURVNQQUNFX0NIQVJBQ1RFUlMgPSBbXG4gICdcXHQnLFxuICAnXFxuJyxcbiAgJ1xcdicsXG4gICdcXGYnLFxuICAnXFxyJyxcbiAgJyAnLFxuICAnXFx1MDBhMCcsXG4gICdcXHUxNjgwJyxcbiAgJ1xcdTIwMDAnLFxuICAnXFx1MjAwMScsXG4gICdcXHUyMDAyJyxcbiAgJ1xcdTIwMDMnLFxuICAnXFx1MjAwNCcsXG4gICdcXHUyMDA1JyxcbiAgJ1xcdTIwMDYnLFxuICAnXFx1MjAwNycsXG4gICdcXHUyMDA4JyxcbiAgJ1xcdTIwMDknLFxuICAnXFx1MjAwYScsXG4gICdcXHUyMDI4JyxcbiAgJ1xcdTIwMjknLFxuICAnXFx1MjAyZicsXG4gICdcXHUyMDVmJyxcbiAgJ1xcdTMwMDAnLFxuICAnXFx1ZmVmZicsXG5dXG5cbmNvbnN0IFJFTEVBU0VfVFlQRVMgPSBbXG4gICdtYWpvcicsXG4gICdwcmVtYWpvcicsXG4gICdtaW5vcicsXG4gICdwcmVtaW5vcicsXG4gICdwYXRjaCcsXG4gICdwcmVwYXRjaCcsXG4gICdwcmVyZWxlYXNlJyxcbl1cblxubW9kdWxlLmV4cG9ydHMgPSB7XG4gIE1BWF9MRU5HVEgsXG4gIE1BWF9TQUZFX0NPTVBPTkVOVF9MRU5HVEgsXG4gIE1BWF9TQUZFX0JVSUxEX0xFTkdUSCxcbiAgTUFYX1NBRkVfSU5URUdFUixcbiAgV0hJVEVTUEFDRV9DSEFSQUNURVJTLFxuICBSRUxFQVNFX1RZUEVTLFxuICBTRU1WRVJfU1BFQ19WRVJTSU9OLFxuICBGTEFHX0lOQ0xVREVfUFJFUkVMRUFTRTogMGIwMDEsXG4gIEZMQUdfTE9PU0U6IDBiMDEwLFxufVxuIiwiJ3VzZSBzdHJpY3QnXG5cbmNvbnN0IGRlYnVnID0gKFxuICB0eXBlb2YgcHJvY2VzcyA9PT0gJ29iamVjdCcgJiZcbiAgcHJvY2Vzcy5lbnYgJiZcbiAgcHJvY2Vzcy5lbnYuTk9ERV9ERUJVRyAmJlxuICAvXFxic2VtdmVyXFxiL2kudGVzdChwcm9jZXNzLmVudi5OT0RFX0RFQlVHKVxuKSA/ICguLi5hcmdzKSA9PiBjb25zb2xlLmVycm9yKCdTRU1WRVInLCAuLi5hcmdzKVxuICA6ICgpID0+IHt9XG5cbm1vZHVsZS5leHBvcnRzID0gZGVidWdcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCB7XG4gIE1BWF9TQUZFX0NPTVBPTkVOVF9MRU5HVEgsXG4gIE1BWF9TQUZFX0JVSUxEX0xFTkdUSCxcbiAgTUFYX0xFTkdUSCxcbn0gPSByZXF1aXJlKCcuL2NvbnN0YW50cycpXG5jb25zdCBkZWJ1ZyA9IHJlcXVpcmUoJy4vZGVidWcnKVxuZXhwb3J0cyA9IG1vZHVsZS5leHBvcnRzID0ge31cblxuLy8gVGhlIGFjdHVhbCByZWdleHBzIGdvIG9uIGV4cG9ydHMucmVcbmNvbnN0IHJlID0gZXhwb3J0cy5yZSA9IFtdXG5jb25zdCBzYWZlUmUgPSBleHBvcnRzLnNhZmVSZSA9IFtdXG5jb25zdCBzcmMgPSBleHBvcnRzLnNyYyA9IFtdXG5jb25zdCBzYWZlU3JjID0gZXhwb3J0cy5zYWZlU3JjID0gW11cbmNvbnN0IHQgPSBleHBvcnRzLnQgPSB7fVxubGV0IFIgPSAwXG5cbmNvbnN0IExFVFRFUkRBU0hOVU1CRVIgPSAnW2EtekEtWjAtOS1dJ1xuXG4vLyBSZXBsYWNlIHNvbWUgZ3JlZWR5IHJlZ2V4IHRva2VucyB0byBwcmV2ZW50IHJlZ2V4IGRvcyBpc3N1ZXMuIFRoZXNlIHJlZ2V4IGFyZVxuLy8gdXNlZCBpbnRlcm5hbGx5IHZpYSB0aGUgc2FmZVJlIG9iamVjdCBzaW5jZSBhbGwgaW5wdXRzIGluIHRoaXMgbGlicmFyeSBnZXRcbi8vIG5vcm1hbGl6ZWQgZmlyc3QgdG8gdHJpbSBhbmQgY29sbGFwc2UgYWxsIGV4dHJhIHdoaXRlc3BhY2UuIFRoZSBvcmlnaW5hbFxuLy8gcmVnZXhlcyBhcmUgZXhwb3J0ZWQgZm9yIHVzZXJsYW5kIGNvbnN1bXB0aW9uIGFuZCBsb3dlciBsZXZlbCB1c2FnZS4gQVxuLy8gZnV0dXJlIGJyZWFraW5nIGNoYW5nZSBjb3VsZCBleHBvcnQgdGhlIHNhZmVyIHJlZ2V4IG9ubHkgd2l0aCBhIG5vdGUgdGhhdFxuLy8gYWxsIGlucHV0IHNob3VsZCBoYXZlIGV4dHJhIHdoaXRlc3BhY2UgcmVtb3ZlZC5cbmNvbnN0IHNhZmVSZWdleFJlcGxhY2VtZW50cyA9IFtcbiAgWydcXFxccycsIDFdLFxuICBbJ1xcXFxkJywgTUFYX0xFTkdUSF0sXG4gIFtMRVRURVJEQVNITlVNQkVSLCBNQVhfU0FGRV9CVUlMRF9MRU5HVEhdLFxuXVxuXG5jb25zdCBtYWtlU2FmZVJlZ2V4ID0gKHZhbHVlKSA9PiB7XG4gIGZvciAoY29uc3QgW3Rva2VuLCBtYXhdIG9mIHNhZmVSZWdleFJlcGxhY2VtZW50cykge1xuICAgIHZhbHVlID0gdmFsdWVcbiAgICAgIC5zcGxpdChgJHt0b2tlbn0qYCkuam9pbihgJHt0b2tlbn17MCwke21heH19YClcbiAgICAgIC5zcGxpdChgJHt0b2tlbn0rYCkuam9pbihgJHt0b2tlbn17MSwke21heH19YClcbiAgfVxuICByZXR1cm4gdmFsdWVcbn1cblxuY29uc3QgY3JlYXRlVG9rZW4gPSAobmFtZSwgdmFsdWUsIGlzR2xvYmFsKSA9PiB7XG4gIGNvbnN0IHNhZmUgPSBtYWtlU2FmZVJlZ2V4KHZhbHVlKVxuICBjb25zdCBpbmRleCA9IFIrK1xuICBkZWJ1ZyhuYW1lLCBpbmRleCwgdmFsdWUpXG4gIHRbbmFtZV0gPSBpbmRleFxuICBzcmNbaW5kZXhdID0gdmFsdWVcbiAgc2FmZVNyY1tpbmRleF0gPSBzYWZlXG4gIHJlW2luZGV4XSA9IG5ldyBSZWdFeHAodmFsdWUsIGlzR2xvYmFsID8gJ2cnIDogdW5kZWZpbmVkKVxuICBzYWZlUmVbaW5kZXhdID0gbmV3IFJlZ0V4cChzYWZlLCBpc0dsb2JhbCA/ICdnJyA6IHVuZGVmaW5lZClcbn1cblxuLy8gVGhlIGZvbGxvd2luZyBSZWd1bGFyIEV4cHJlc3Npb25zIGNhbiBiZSB1c2VkIGZvciB0b2tlbml6aW5nLFxuLy8gdmFsaWRhdGluZywgYW5kIHBhcnNpbmcgU2VtVmVyIHZlcnNpb24gc3RyaW5ncy5cblxuLy8gIyMgTnVtZXJpYyBJZGVudGlmaWVyXG4vLyBBIHNpbmdsZSBgMGAsIG9yIGEgbm9uLXplcm8gZGlnaXQgZm9sbG93ZWQgYnkgemVybyBvciBtb3JlIGRpZ2l0cy5cblxuY3JlYXRlVG9rZW4oJ05VTUVSSUNJREVOVElGSUVSJywgJzB8WzEtOV1cXFxcZConKVxuY3JlYXRlVG9rZW4oJ05VTUVSSUNJREVOVElGSUVSTE9PU0UnLCAnXFxcXGQrJylcblxuLy8gIyMgTm9uLW51bWVyaWMgSWRlbnRpZmllclxuLy8gWmVybyBvciBtb3JlIGRpZ2l0cywgZm9sbG93ZWQgYnkgYSBsZXR0ZXIgb3IgaHlwaGVuLCBhbmQgdGhlbiB6ZXJvIG9yXG4vLyBtb3JlIGxldHRlcnMsIGRpZ2l0cywgb3IgaHlwaGVucy5cblxuY3JlYXRlVG9rZW4oJ05PTk5VTUVSSUNJREVOVElGSUVSJywgYFxcXFxkKlthLXpBLVotXSR7TEVUVEVSREFTSE5VTUJFUn0qYClcblxuLy8gIyMgTWFpbiBWZXJzaW9uXG4vLyBUaHJlZSBkb3Qtc2VwYXJhdGVkIG51bWVyaWMgaWRlbnRpZmllcnMuXG5cbmNyZWF0ZVRva2VuKCdNQUlOVkVSU0lPTicsIGAoJHtzcmNbdC5OVU1FUklDSURFTlRJRklFUl19KVxcXFwuYCArXG4gICAgICAgICAgICAgICAgICAgYCgke3NyY1t0Lk5VTUVSSUNJREVOVElGSUVSXX0pXFxcXC5gICtcbiAgICAgICAgICAgICAgICAgICBgKCR7c3JjW3QuTlVNRVJJQ0lERU5USUZJRVJdfSlgKVxuXG5jcmVhdGVUb2tlbignTUFJTlZFUlNJT05MT09TRScsIGAoJHtzcmNbdC5OVU1FUklDSURFTlRJRklFUkxPT1NFXX0pXFxcXC5gICtcbiAgICAgICAgICAgICAgICAgICAgICAgIGAoJHtzcmNbdC5OVU1FUklDSURFTlRJRklFUkxPT1NFXX0pXFxcXC5gICtcbiAgICAgICAgICAgICAgICAgICAgICAgIGAoJHtzcmNbdC5OVU1FUklDSURFTlRJRklFUkxPT1NFXX0pYClcblxuLy8gIyMgUHJlLXJlbGVhc2UgVmVyc2lvbiBJZGVudGlmaWVyXG4vLyBBIG51bWVyaWMgaWRlbnRpZmllciwgb3IgYSBub24tbnVtZXJpYyBpZGVudGlmaWVyLlxuLy8gTm9uLW51bWVyaWMgaWRlbnRpZmllcnMgaW5jbHVkZSBudW1lcmljIGlkZW50aWZpZXJzIGJ1dCBjYW4gYmUgbG9uZ2VyLlxuLy8gVGhlcmVmb3JlIG5vbi1udW1lcmljIGlkZW50aWZpZXJzIG11c3QgZ28gZmlyc3QuXG5cbmNyZWF0ZVRva2VuKCdQUkVSRUxFQVNFSURFTlRJRklFUicsIGAoPzoke3NyY1t0Lk5PTk5VTUVSSUNJREVOVElGSUVSXVxufXwke3NyY1t0Lk5VTUVSSUNJREVOVElGSUVSXX0pYClcblxuY3JlYXRlVG9rZW4oJ1BSRVJFTEVBU0VJREVOVElGSUVSTE9PU0UnLCBgKD86JHtzcmNbdC5OT05OVU1FUklDSURFTlRJRklFUl1cbn18JHtzcmNbdC5OVU1FUklDSURFTlRJRklFUkxPT1NFXX0pYClcblxuLy8gIyMgUHJlLXJlbGVhc2UgVmVyc2lvblxuLy8gSHlwaGVuLCBmb2xsb3dlZCBieSBvbmUgb3IgbW9yZSBkb3Qtc2VwYXJhdGVkIHByZS1yZWxlYXNlIHZlcnNpb25cbi8vIGlkZW50aWZpZXJzLlxuXG5jcmVhdGVUb2tlbignUFJFUkVMRUFTRScsIGAoPzotKCR7c3JjW3QuUFJFUkVMRUFTRUlERU5USUZJRVJdXG59KD86XFxcXC4ke3NyY1t0LlBSRVJFTEVBU0VJREVOVElGSUVSXX0pKikpYClcblxuY3JlYXRlVG9rZW4oJ1BSRVJFTEVBU0VMT09TRScsIGAoPzotPygke3NyY1t0LlBSRVJFTEVBU0VJREVOVElGSUVSTE9PU0VdXG59KD86XFxcXC4ke3NyY1t0LlBSRVJFTEVBU0VJREVOVElGSUVSTE9PU0VdfSkqKSlgKVxuXG4vLyAjIyBCdWlsZCBNZXRhZGF0YSBJZGVudGlmaWVyXG4vLyBBbnkgY29tYmluYXRpb24gb2YgZGlnaXRzLCBsZXR0ZXJzLCBvciBoeXBoZW5zLlxuXG5jcmVhdGVUb2tlbignQlVJTERJREVOVElGSUVSJywgYCR7TEVUVEVSREFTSE5VTUJFUn0rYClcblxuLy8gIyMgQnVpbGQgTWV0YWRhdGFcbi8vIFBsdXMgc2lnbiwgZm9sbG93ZWQgYnkgb25lIG9yIG1vcmUgcGVyaW9kLXNlcGFyYXRlZCBidWlsZCBtZXRhZGF0YVxuLy8gaWRlbnRpZmllcnMuXG5cbmNyZWF0ZVRva2VuKCdCVUlMRCcsIGAoPzpcXFxcKygke3NyY1t0LkJVSUxESURFTlRJRklFUl1cbn0oPzpcXFxcLiR7c3JjW3QuQlVJTERJREVOVElGSUVSXX0pKikpYClcblxuLy8gIyMgRnVsbCBWZXJzaW9uIFN0cmluZ1xuLy8gQSBtYWluIHZlcnNpb24sIGZvbGxvd2VkIG9wdGlvbmFsbHkgYnkgYSBwcmUtcmVsZWFzZSB2ZXJzaW9uIGFuZFxuLy8gYnVpbGQgbWV0YWRhdGEuXG5cbi8vIE5vdGUgdGhhdCB0aGUgb25seSBtYWpvciwgbWlub3IsIHBhdGNoLCBhbmQgcHJlLXJlbGVhc2Ugc2VjdGlvbnMgb2Zcbi8vIHRoZSB2ZXJzaW9uIHN0cmluZyBhcmUgY2FwdHVyaW5nIGdyb3Vwcy4gIFRoZSBidWlsZCBtZXRhZGF0YSBpcyBub3QgYVxuLy8gY2FwdHVyaW5nIGdyb3VwLCBiZWNhdXNlIGl0IHNob3VsZCBub3QgZXZlciBiZSB1c2VkIGluIHZlcnNpb25cbi8vIGNvbXBhcmlzb24uXG5cbmNyZWF0ZVRva2VuKCdGVUxMUExBSU4nLCBgdj8ke3NyY1t0Lk1BSU5WRVJTSU9OXVxufSR7c3JjW3QuUFJFUkVMRUFTRV19PyR7XG4gIHNyY1t0LkJVSUxEXX0/YClcblxuY3JlYXRlVG9rZW4oJ0ZVTEwnLCBgXiR7c3JjW3QuRlVMTFBMQUlOXX0kYClcblxuLy8gbGlrZSBmdWxsLCBidXQgYWxsb3dzIHYxLjIuMyBhbmQgPTEuMi4zLCB3aGljaCBwZW9wbGUgZG8gc29tZXRpbWVzLlxuLy8gYWxzbywgMS4wLjBhbHBoYTEgKHByZXJlbGVhc2Ugd2l0aG91dCB0aGUgaHlwaGVuKSB3aGljaCBpcyBwcmV0dHlcbi8vIGNvbW1vbiBpbiB0aGUgbnBtIHJlZ2lzdHJ5LlxuY3JlYXRlVG9rZW4oJ0xPT1NFUExBSU4nLCBgW3Y9XFxcXHNdKiR7c3JjW3QuTUFJTlZFUlNJT05MT09TRV1cbn0ke3NyY1t0LlBSRVJFTEVBU0VMT09TRV19PyR7XG4gIHNyY1t0LkJVSUxEXX0/YClcblxuY3JlYXRlVG9rZW4oJ0xPT1NFJywgYF4ke3NyY1t0LkxPT1NFUExBSU5dfSRgKVxuXG5jcmVhdGVUb2tlbignR1RMVCcsICcoKD86PHw+KT89PyknKVxuXG4vLyBTb21ldGhpbmcgbGlrZSBcIjIuKlwiIG9yIFwiMS4yLnhcIi5cbi8vIE5vdGUgdGhhdCBcIngueFwiIGlzIGEgdmFsaWQgeFJhbmdlIGlkZW50aWZpZXIsIG1lYW5pbmcgXCJhbnkgdmVyc2lvblwiXG4vLyBPbmx5IHRoZSBmaXJzdCBpdGVtIGlzIHN0cmljdGx5IHJlcXVpcmVkLlxuY3JlYXRlVG9rZW4oJ1hSQU5HRUlERU5USUZJRVJMT09TRScsIGAke3NyY1t0Lk5VTUVSSUNJREVOVElGSUVSTE9PU0VdfXx4fFh8XFxcXCpgKVxuY3JlYXRlVG9rZW4oJ1hSQU5HRUlERU5USUZJRVInLCBgJHtzcmNbdC5OVU1FUklDSURFTlRJRklFUl19fHh8WHxcXFxcKmApXG5cbmNyZWF0ZVRva2VuKCdYUkFOR0VQTEFJTicsIGBbdj1cXFxcc10qKCR7c3JjW3QuWFJBTkdFSURFTlRJRklFUl19KWAgK1xuICAgICAgICAgICAgICAgICAgIGAoPzpcXFxcLigke3NyY1t0LlhSQU5HRUlERU5USUZJRVJdfSlgICtcbiAgICAgICAgICAgICAgICAgICBgKD86XFxcXC4oJHtzcmNbdC5YUkFOR0VJREVOVElGSUVSXX0pYCArXG4gICAgICAgICAgICAgICAgICAgYCg/OiR7c3JjW3QuUFJFUkVMRUFTRV19KT8ke1xuICAgICAgICAgICAgICAgICAgICAgc3JjW3QuQlVJTERdfT9gICtcbiAgICAgICAgICAgICAgICAgICBgKT8pP2ApXG5cbmNyZWF0ZVRva2VuKCdYUkFOR0VQTEFJTkxPT1NFJywgYFt2PVxcXFxzXSooJHtzcmNbdC5YUkFOR0VJREVOVElGSUVSTE9PU0VdfSlgICtcbiAgICAgICAgICAgICAgICAgICAgICAgIGAoPzpcXFxcLigke3NyY1t0LlhSQU5HRUlERU5USUZJRVJMT09TRV19KWAgK1xuICAgICAgICAgICAgICAgICAgICAgICAgYCg/OlxcXFwuKCR7c3JjW3QuWFJBTkdFSURFTlRJRklFUkxPT1NFXX0pYCArXG4gICAgICAgICAgICAgICAgICAgICAgICBgKD86JHtzcmNbdC5QUkVSRUxFQVNFTE9PU0VdfSk/JHtcbiAgICAgICAgICAgICAgICAgICAgICAgICAgc3JjW3QuQlVJTERdfT9gICtcbiAgICAgICAgICAgICAgICAgICAgICAgIGApPyk/YClcblxuY3JlYXRlVG9rZW4oJ1hSQU5HRScsIGBeJHtzcmNbdC5HVExUXX1cXFxccyoke3NyY1t0LlhSQU5HRVBMQUlOXX0kYClcbmNyZWF0ZVRva2VuKCdYUkFOR0VMT09TRScsIGBeJHtzcmNbdC5HVExUXX1cXFxccyoke3NyY1t0LlhSQU5HRVBMQUlOTE9PU0VdfSRgKVxuXG4vLyBDb2VyY2lvbi5cbi8vIEV4dHJhY3QgYW55dGhpbmcgdGhhdCBjb3VsZCBjb25jZWl2YWJseSBiZSBhIHBhcnQgb2YgYSB2YWxpZCBzZW12ZXJcbmNyZWF0ZVRva2VuKCdDT0VSQ0VQTEFJTicsIGAkeycoXnxbXlxcXFxkXSknICtcbiAgICAgICAgICAgICAgJyhcXFxcZHsxLCd9JHtNQVhfU0FGRV9DT01QT05FTlRfTEVOR1RIfX0pYCArXG4gICAgICAgICAgICAgIGAoPzpcXFxcLihcXFxcZHsxLCR7TUFYX1NBRkVfQ09NUE9ORU5UX0xFTkdUSH19KSk/YCArXG4gICAgICAgICAgICAgIGAoPzpcXFxcLihcXFxcZHsxLCR7TUFYX1NBRkVfQ09NUE9ORU5UX0xFTkdUSH19KSk/YClcbmNyZWF0ZVRva2VuKCdDT0VSQ0UnLCBgJHtzcmNbdC5DT0VSQ0VQTEFJTl19KD86JHxbXlxcXFxkXSlgKVxuY3JlYXRlVG9rZW4oJ0NPRVJDRUZVTEwnLCBzcmNbdC5DT0VSQ0VQTEFJTl0gK1xuICAgICAgICAgICAgICBgKD86JHtzcmNbdC5QUkVSRUxFQVNFXX0pP2AgK1xuICAgICAgICAgICAgICBgKD86JHtzcmNbdC5CVUlMRF19KT9gICtcbiAgICAgICAgICAgICAgYCg/OiR8W15cXFxcZF0pYClcbmNyZWF0ZVRva2VuKCdDT0VSQ0VSVEwnLCBzcmNbdC5DT0VSQ0VdLCB0cnVlKVxuY3JlYXRlVG9rZW4oJ0NPRVJDRVJUTEZVTEwnLCBzcmNbdC5DT0VSQ0VGVUxMXSwgdHJ1ZSlcblxuLy8gVGlsZGUgcmFuZ2VzLlxuLy8gTWVhbmluZyBpcyBcInJlYXNvbmFibHkgYXQgb3IgZ3JlYXRlciB0aGFuXCJcbmNyZWF0ZVRva2VuKCdMT05FVElMREUnLCAnKD86fj4/KScpXG5cbmNyZWF0ZVRva2VuKCdUSUxERVRSSU0nLCBgKFxcXFxzKikke3NyY1t0LkxPTkVUSUxERV19XFxcXHMrYCwgdHJ1ZSlcbmV4cG9ydHMudGlsZGVUcmltUmVwbGFjZSA9ICckMX4nXG5cbmNyZWF0ZVRva2VuKCdUSUxERScsIGBeJHtzcmNbdC5MT05FVElMREVdfSR7c3JjW3QuWFJBTkdFUExBSU5dfSRgKVxuY3JlYXRlVG9rZW4oJ1RJTERFTE9PU0UnLCBgXiR7c3JjW3QuTE9ORVRJTERFXX0ke3NyY1t0LlhSQU5HRVBMQUlOTE9PU0VdfSRgKVxuXG4vLyBDYXJldCByYW5nZXMuXG4vLyBNZWFuaW5nIGlzIFwiYXQgbGVhc3QgYW5kIGJhY2t3YXJkcyBjb21wYXRpYmxlIHdpdGhcIlxuY3JlYXRlVG9rZW4oJ0xPTkVDQVJFVCcsICcoPzpcXFxcXiknKVxuXG5jcmVhdGVUb2tlbignQ0FSRVRUUklNJywgYChcXFxccyopJHtzcmNbdC5MT05FQ0FSRVRdfVxcXFxzK2AsIHRydWUpXG5leHBvcnRzLmNhcmV0VHJpbVJlcGxhY2UgPSAnJDFeJ1xuXG5jcmVhdGVUb2tlbignQ0FSRVQnLCBgXiR7c3JjW3QuTE9ORUNBUkVUXX0ke3NyY1t0LlhSQU5HRVBMQUlOXX0kYClcbmNyZWF0ZVRva2VuKCdDQVJFVExPT1NFJywgYF4ke3NyY1t0LkxPTkVDQVJFVF19JHtzcmNbdC5YUkFOR0VQTEFJTkxPT1NFXX0kYClcblxuLy8gQSBzaW1wbGUgZ3QvbHQvZXEgdGhpbmcsIG9yIGp1c3QgXCJcIiB0byBpbmRpY2F0ZSBcImFueSB2ZXJzaW9uXCJcbmNyZWF0ZVRva2VuKCdDT01QQVJBVE9STE9PU0UnLCBgXiR7c3JjW3QuR1RMVF19XFxcXHMqKCR7c3JjW3QuTE9PU0VQTEFJTl19KSR8XiRgKVxuY3JlYXRlVG9rZW4oJ0NPTVBBUkFUT1InLCBgXiR7c3JjW3QuR1RMVF19XFxcXHMqKCR7c3JjW3QuRlVMTFBMQUlOXX0pJHxeJGApXG5cbi8vIEFuIGV4cHJlc3Npb24gdG8gc3RyaXAgYW55IHdoaXRlc3BhY2UgYmV0d2VlbiB0aGUgZ3RsdCBhbmQgdGhlIHRoaW5nXG4vLyBpdCBtb2RpZmllcywgc28gdGhhdCBgPiAxLjIuM2AgPT0+IGA+MS4yLjNgXG5jcmVhdGVUb2tlbignQ09NUEFSQVRPUlRSSU0nLCBgKFxcXFxzKikke3NyY1t0LkdUTFRdXG59XFxcXHMqKCR7c3JjW3QuTE9PU0VQTEFJTl19fCR7c3JjW3QuWFJBTkdFUExBSU5dfSlgLCB0cnVlKVxuZXhwb3J0cy5jb21wYXJhdG9yVHJpbVJlcGxhY2UgPSAnJDEkMiQzJ1xuXG4vLyBTb21ldGhpbmcgbGlrZSBgMS4yLjMgLSAxLjIuNGBcbi8vIE5vdGUgdGhhdCB0aGVzZSBhbGwgdXNlIHRoZSBsb29zZSBmb3JtLCBiZWNhdXNlIHRoZXknbGwgYmVcbi8vIGNoZWNrZWQgYWdhaW5zdCBlaXRoZXIgdGhlIHN0cmljdCBvciBsb29zZSBjb21wYXJhdG9yIGZvcm1cbi8vIGxhdGVyLlxuY3JlYXRlVG9rZW4oJ0hZUEhFTlJBTkdFJywgYF5cXFxccyooJHtzcmNbdC5YUkFOR0VQTEFJTl19KWAgK1xuICAgICAgICAgICAgICAgICAgIGBcXFxccystXFxcXHMrYCArXG4gICAgICAgICAgICAgICAgICAgYCgke3NyY1t0LlhSQU5HRVBMQUlOXX0pYCArXG4gICAgICAgICAgICAgICAgICAgYFxcXFxzKiRgKVxuXG5jcmVhdGVUb2tlbignSFlQSEVOUkFOR0VMT09TRScsIGBeXFxcXHMqKCR7c3JjW3QuWFJBTkdFUExBSU5MT09TRV19KWAgK1xuICAgICAgICAgICAgICAgICAgICAgICAgYFxcXFxzKy1cXFxccytgICtcbiAgICAgICAgICAgICAgICAgICAgICAgIGAoJHtzcmNbdC5YUkFOR0VQTEFJTkxPT1NFXX0pYCArXG4gICAgICAgICAgICAgICAgICAgICAgICBgXFxcXHMqJGApXG5cbi8vIFN0YXIgcmFuZ2VzIGJhc2ljYWxseSBqdXN0IGFsbG93IGFueXRoaW5nIGF0IGFsbC5cbmNyZWF0ZVRva2VuKCdTVEFSJywgJyg8fD4pPz0/XFxcXHMqXFxcXConKVxuLy8gPj0wLjAuMCBpcyBsaWtlIGEgc3RhclxuY3JlYXRlVG9rZW4oJ0dURTAnLCAnXlxcXFxzKj49XFxcXHMqMFxcXFwuMFxcXFwuMFxcXFxzKiQnKVxuY3JlYXRlVG9rZW4oJ0dURTBQUkUnLCAnXlxcXFxzKj49XFxcXHMqMFxcXFwuMFxcXFwuMC0wXFxcXHMqJCcpXG4iLCIndXNlIHN0cmljdCdcblxuLy8gcGFyc2Ugb3V0IGp1c3QgdGhlIG9wdGlvbnMgd2UgY2FyZSBhYm91dFxuY29uc3QgbG9vc2VPcHRpb24gPSBPYmplY3QuZnJlZXplKHsgbG9vc2U6IHRydWUgfSlcbmNvbnN0IGVtcHR5T3B0cyA9IE9iamVjdC5mcmVlemUoeyB9KVxuY29uc3QgcGFyc2VPcHRpb25zID0gb3B0aW9ucyA9PiB7XG4gIGlmICghb3B0aW9ucykge1xuICAgIHJldHVybiBlbXB0eU9wdHNcbiAgfVxuXG4gIGlmICh0eXBlb2Ygb3B0aW9ucyAhPT0gJ29iamVjdCcpIHtcbiAgICByZXR1cm4gbG9vc2VPcHRpb25cbiAgfVxuXG4gIHJldHVybiBvcHRpb25zXG59XG5tb2R1bGUuZXhwb3J0cyA9IHBhcnNlT3B0aW9uc1xuIiwiJ3VzZSBzdHJpY3QnXG5cbmNvbnN0IG51bWVyaWMgPSAvXlswLTldKyQvXG5jb25zdCBjb21wYXJlSWRlbnRpZmllcnMgPSAoYSwgYikgPT4ge1xuICBpZiAodHlwZW9mIGEgPT09ICdudW1iZXInICYmIHR5cGVvZiBiID09PSAnbnVtYmVyJykge1xuICAgIHJldHVybiBhID09PSBiID8gMCA6IGEgPCBiID8gLTEgOiAxXG4gIH1cblxuICBjb25zdCBhbnVtID0gbnVtZXJpYy50ZXN0KGEpXG4gIGNvbnN0IGJudW0gPSBudW1lcmljLnRlc3QoYilcblxuICBpZiAoYW51bSAmJiBibnVtKSB7XG4gICAgYSA9ICthXG4gICAgYiA9ICtiXG4gIH1cblxuICByZXR1cm4gYSA9PT0gYiA/IDBcbiAgICA6IChhbnVtICYmICFibnVtKSA/IC0xXG4gICAgOiAoYm51bSAmJiAhYW51bSkgPyAxXG4gICAgOiBhIDwgYiA/IC0xXG4gICAgOiAxXG59XG5cbmNvbnN0IHJjb21wYXJlSWRlbnRpZmllcnMgPSAoYSwgYikgPT4gY29tcGFyZUlkZW50aWZpZXJzKGIsIGEpXG5cbm1vZHVsZS5leHBvcnRzID0ge1xuICBjb21wYXJlSWRlbnRpZmllcnMsXG4gIHJjb21wYXJlSWRlbnRpZmllcnMsXG59XG4iLCIndXNlIHN0cmljdCdcblxuY29uc3QgZGVidWcgPSByZXF1aXJlKCcuLi9pbnRlcm5hbC9kZWJ1ZycpXG5jb25zdCB7IE1BWF9MRU5HVEgsIE1BWF9TQUZFX0lOVEVHRVIgfSA9IHJlcXVpcmUoJy4uL2ludGVybmFsL2NvbnN0YW50cycpXG5jb25zdCB7IHNhZmVSZTogcmUsIHQgfSA9IHJlcXVpcmUoJy4uL2ludGVybmFsL3JlJylcblxuY29uc3QgcGFyc2VPcHRpb25zID0gcmVxdWlyZSgnLi4vaW50ZXJuYWwvcGFyc2Utb3B0aW9ucycpXG5jb25zdCB7IGNvbXBhcmVJZGVudGlmaWVycyB9ID0gcmVxdWlyZSgnLi4vaW50ZXJuYWwvaWRlbnRpZmllcnMnKVxuXG5jb25zdCBpc1ByZXJlbGVhc2VJZGVudGlmaWVyID0gKHByZXJlbGVhc2UsIGlkZW50aWZpZXIpID0+IHtcbiAgY29uc3QgaWRlbnRpZmllcnMgPSBpZGVudGlmaWVyLnNwbGl0KCcuJylcbiAgaWYgKGlkZW50aWZpZXJzLmxlbmd0aCA+IHByZXJlbGVhc2UubGVuZ3RoKSB7XG4gICAgcmV0dXJuIGZhbHNlXG4gIH1cblxuICBmb3IgKGxldCBpID0gMDsgaSA8IGlkZW50aWZpZXJzLmxlbmd0aDsgaSsrKSB7XG4gICAgaWYgKGNvbXBhcmVJZGVudGlmaWVycyhwcmVyZWxlYXNlW2ldLCBpZGVudGlmaWVyc1tpXSkgIT09IDApIHtcbiAgICAgIHJldHVybiBmYWxzZVxuICAgIH1cbiAgfVxuXG4gIHJldHVybiB0cnVlXG59XG5cbmNsYXNzIFNlbVZlciB7XG4gIGNvbnN0cnVjdG9yICh2ZXJzaW9uLCBvcHRpb25zKSB7XG4gICAgb3B0aW9ucyA9IHBhcnNlT3B0aW9ucyhvcHRpb25zKVxuXG4gICAgaWYgKHZlcnNpb24gaW5zdGFuY2VvZiBTZW1WZXIpIHtcbiAgICAgIGlmICh2ZXJzaW9uLmxvb3NlID09PSAhIW9wdGlvbnMubG9vc2UgJiZcbiAgICAgICAgdmVyc2lvbi5pbmNsdWRlUHJlcmVsZWFzZSA9PT0gISFvcHRpb25zLmluY2x1ZGVQcmVyZWxlYXNlKSB7XG4gICAgICAgIHJldHVybiB2ZXJzaW9uXG4gICAgICB9IGVsc2Uge1xuICAgICAgICB2ZXJzaW9uID0gdmVyc2lvbi52ZXJzaW9uXG4gICAgICB9XG4gICAgfSBlbHNlIGlmICh0eXBlb2YgdmVyc2lvbiAhPT0gJ3N0cmluZycpIHtcbiAgICAgIHRocm93IG5ldyBUeXBlRXJyb3IoYEludmFsaWQgdmVyc2lvbi4gTXVzdCBiZSBhIHN0cmluZy4gR290IHR5cGUgXCIke3R5cGVvZiB2ZXJzaW9ufVwiLmApXG4gICAgfVxuXG4gICAgaWYgKHZlcnNpb24ubGVuZ3RoID4gTUFYX0xFTkdUSCkge1xuICAgICAgdGhyb3cgbmV3IFR5cGVFcnJvcihcbiAgICAgICAgYHZlcnNpb24gaXMgbG9uZ2VyIHRoYW4gJHtNQVhfTEVOR1RIfSBjaGFyYWN0ZXJzYFxuICAgICAgKVxuICAgIH1cblxuICAgIGRlYnVnKCdTZW1WZXInLCB2ZXJzaW9uLCBvcHRpb25zKVxuICAgIHRoaXMub3B0aW9ucyA9IG9wdGlvbnNcbiAgICB0aGlzLmxvb3NlID0gISFvcHRpb25zLmxvb3NlXG4gICAgLy8gdGhpcyBpc24ndCBhY3R1YWxseSByZWxldmFudCBmb3IgdmVyc2lvbnMsIGJ1dCBrZWVwIGl0IHNvIHRoYXQgd2VcbiAgICAvLyBkb24ndCBydW4gaW50byB0cm91YmxlIHBhc3NpbmcgdGhpcy5vcHRpb25zIGFyb3VuZC5cbiAgICB0aGlzLmluY2x1ZGVQcmVyZWxlYXNlID0gISFvcHRpb25zLmluY2x1ZGVQcmVyZWxlYXNlXG5cbiAgICBjb25zdCBtID0gdmVyc2lvbi50cmltKCkubWF0Y2gob3B0aW9ucy5sb29zZSA/IHJlW3QuTE9PU0VdIDogcmVbdC5GVUxMXSlcblxuICAgIGlmICghbSkge1xuICAgICAgdGhyb3cgbmV3IFR5cGVFcnJvcihgSW52YWxpZCBWZXJzaW9uOiAke3ZlcnNpb259YClcbiAgICB9XG5cbiAgICB0aGlzLnJhdyA9IHZlcnNpb25cblxuICAgIC8vIHRoZXNlIGFyZSBhY3R1YWxseSBudW1iZXJzXG4gICAgdGhpcy5tYWpvciA9ICttWzFdXG4gICAgdGhpcy5taW5vciA9ICttWzJdXG4gICAgdGhpcy5wYXRjaCA9ICttWzNdXG5cbiAgICBpZiAodGhpcy5tYWpvciA+IE1BWF9TQUZFX0lOVEVHRVIgfHwgdGhpcy5tYWpvciA8IDApIHtcbiAgICAgIHRocm93IG5ldyBUeXBlRXJyb3IoJ0ludmFsaWQgbWFqb3IgdmVyc2lvbicpXG4gICAgfVxuXG4gICAgaWYgKHRoaXMubWlub3IgPiBNQVhfU0FGRV9JTlRFR0VSIHx8IHRoaXMubWlub3IgPCAwKSB7XG4gICAgICB0aHJvdyBuZXcgVHlwZUVycm9yKCdJbnZhbGlkIG1pbm9yIHZlcnNpb24nKVxuICAgIH1cblxuICAgIGlmICh0aGlzLnBhdGNoID4gTUFYX1NBRkVfSU5URUdFUiB8fCB0aGlzLnBhdGNoIDwgMCkge1xuICAgICAgdGhyb3cgbmV3IFR5cGVFcnJvcignSW52YWxpZCBwYXRjaCB2ZXJzaW9uJylcbiAgICB9XG5cbiAgICAvLyBudW1iZXJpZnkgYW55IHByZXJlbGVhc2UgbnVtZXJpYyBpZHNcbiAgICBpZiAoIW1bNF0pIHtcbiAgICAgIHRoaXMucHJlcmVsZWFzZSA9IFtdXG4gICAgfSBlbHNlIHtcbiAgICAgIHRoaXMucHJlcmVsZWFzZSA9IG1bNF0uc3BsaXQoJy4nKS5tYXAoKGlkKSA9PiB7XG4gICAgICAgIGlmICgvXlswLTldKyQvLnRlc3QoaWQpKSB7XG4gICAgICAgICAgY29uc3QgbnVtID0gK2lkXG4gICAgICAgICAgaWYgKG51bSA+PSAwICYmIG51bSA8IE1BWF9TQUZFX0lOVEVHRVIpIHtcbiAgICAgICAgICAgIHJldHVybiBudW1cbiAgICAgICAgICB9XG4gICAgICAgIH1cbiAgICAgICAgcmV0dXJuIGlkXG4gICAgICB9KVxuICAgIH1cblxuICAgIHRoaXMuYnVpbGQgPSBtWzVdID8gbVs1XS5zcGxpdCgnLicpIDogW11cbiAgICB0aGlzLmZvcm1hdCgpXG4gIH1cblxuICBmb3JtYXQgKCkge1xuICAgIHRoaXMudmVyc2lvbiA9IGAke3RoaXMubWFqb3J9LiR7dGhpcy5taW5vcn0uJHt0aGlzLnBhdGNofWBcbiAgICBpZiAodGhpcy5wcmVyZWxlYXNlLmxlbmd0aCkge1xuICAgICAgdGhpcy52ZXJzaW9uICs9IGAtJHt0aGlzLnByZXJlbGVhc2Uuam9pbignLicpfWBcbiAgICB9XG4gICAgcmV0dXJuIHRoaXMudmVyc2lvblxuICB9XG5cbiAgdG9TdHJpbmcgKCkge1xuICAgIHJldHVybiB0aGlzLnZlcnNpb25cbiAgfVxuXG4gIGNvbXBhcmUgKG90aGVyKSB7XG4gICAgZGVidWcoJ1NlbVZlci5jb21wYXJlJywgdGhpcy52ZXJzaW9uLCB0aGlzLm9wdGlvbnMsIG90aGVyKVxuICAgIGlmICghKG90aGVyIGluc3RhbmNlb2YgU2VtVmVyKSkge1xuICAgICAgaWYgKHR5cGVvZiBvdGhlciA9PT0gJ3N0cmluZycgJiYgb3RoZXIgPT09IHRoaXMudmVyc2lvbikge1xuICAgICAgICByZXR1cm4gMFxuICAgICAgfVxuICAgICAgb3RoZXIgPSBuZXcgU2VtVmVyKG90aGVyLCB0aGlzLm9wdGlvbnMpXG4gICAgfVxuXG4gICAgaWYgKG90aGVyLnZlcnNpb24gPT09IHRoaXMudmVyc2lvbikge1xuICAgICAgcmV0dXJuIDBcbiAgICB9XG5cbiAgICByZXR1cm4gdGhpcy5jb21wYXJlTWFpbihvdGhlcikgfHwgdGhpcy5jb21wYXJlUHJlKG90aGVyKVxuICB9XG5cbiAgY29tcGFyZU1haW4gKG90aGVyKSB7XG4gICAgaWYgKCEob3RoZXIgaW5zdGFuY2VvZiBTZW1WZXIpKSB7XG4gICAgICBvdGhlciA9IG5ldyBTZW1WZXIob3RoZXIsIHRoaXMub3B0aW9ucylcbiAgICB9XG5cbiAgICBpZiAodGhpcy5tYWpvciA8IG90aGVyLm1ham9yKSB7XG4gICAgICByZXR1cm4gLTFcbiAgICB9XG4gICAgaWYgKHRoaXMubWFqb3IgPiBvdGhlci5tYWpvcikge1xuICAgICAgcmV0dXJuIDFcbiAgICB9XG4gICAgaWYgKHRoaXMubWlub3IgPCBvdGhlci5taW5vcikge1xuICAgICAgcmV0dXJuIC0xXG4gICAgfVxuICAgIGlmICh0aGlzLm1pbm9yID4gb3RoZXIubWlub3IpIHtcbiAgICAgIHJldHVybiAxXG4gICAgfVxuICAgIGlmICh0aGlzLnBhdGNoIDwgb3RoZXIucGF0Y2gpIHtcbiAgICAgIHJldHVybiAtMVxuICAgIH1cbiAgICBpZiAodGhpcy5wYXRjaCA+IG90aGVyLnBhdGNoKSB7XG4gICAgICByZXR1cm4gMVxuICAgIH1cbiAgICByZXR1cm4gMFxuICB9XG5cbiAgY29tcGFyZVByZSAob3RoZXIpIHtcbiAgICBpZiAoIShvdGhlciBpbnN0YW5jZW9mIFNlbVZlcikpIHtcbiAgICAgIG90aGVyID0gbmV3IFNlbVZlcihvdGhlciwgdGhpcy5vcHRpb25zKVxuICAgIH1cblxuICAgIC8vIE5PVCBoYXZpbmcgYSBwcmVyZWxlYXNlIGlzID4gaGF2aW5nIG9uZVxuICAgIGlmICh0aGlzLnByZXJlbGVhc2UubGVuZ3RoICYmICFvdGhlci5wcmVyZWxlYXNlLmxlbmd0aCkge1xuICAgICAgcmV0dXJuIC0xXG4gICAgfSBlbHNlIGlmICghdGhpcy5wcmVyZWxlYXNlLmxlbmd0aCAmJiBvdGhlci5wcmVyZWxlYXNlLmxlbmd0aCkge1xuICAgICAgcmV0dXJuIDFcbiAgICB9IGVsc2UgaWYgKCF0aGlzLnByZXJlbGVhc2UubGVuZ3RoICYmICFvdGhlci5wcmVyZWxlYXNlLmxlbmd0aCkge1xuICAgICAgcmV0dXJuIDBcbiAgICB9XG5cbiAgICBsZXQgaSA9IDBcbiAgICBkbyB7XG4gICAgICBjb25zdCBhID0gdGhpcy5wcmVyZWxlYXNlW2ldXG4gICAgICBjb25zdCBiID0gb3RoZXIucHJlcmVsZWFzZVtpXVxuICAgICAgZGVidWcoJ3ByZXJlbGVhc2UgY29tcGFyZScsIGksIGEsIGIpXG4gICAgICBpZiAoYSA9PT0gdW5kZWZpbmVkICYmIGIgPT09IHVuZGVmaW5lZCkge1xuICAgICAgICByZXR1cm4gMFxuICAgICAgfSBlbHNlIGlmIChiID09PSB1bmRlZmluZWQpIHtcbiAgICAgICAgcmV0dXJuIDFcbiAgICAgIH0gZWxzZSBpZiAoYSA9PT0gdW5kZWZpbmVkKSB7XG4gICAgICAgIHJldHVybiAtMVxuICAgICAgfSBlbHNlIGlmIChhID09PSBiKSB7XG4gICAgICAgIGNvbnRpbnVlXG4gICAgICB9IGVsc2Uge1xuICAgICAgICByZXR1cm4gY29tcGFyZUlkZW50aWZpZXJzKGEsIGIpXG4gICAgICB9XG4gICAgfSB3aGlsZSAoKytpKVxuICB9XG5cbiAgY29tcGFyZUJ1aWxkIChvdGhlcikge1xuICAgIGlmICghKG90aGVyIGluc3RhbmNlb2YgU2VtVmVyKSkge1xuICAgICAgb3RoZXIgPSBuZXcgU2VtVmVyKG90aGVyLCB0aGlzLm9wdGlvbnMpXG4gICAgfVxuXG4gICAgbGV0IGkgPSAwXG4gICAgZG8ge1xuICAgICAgY29uc3QgYSA9IHRoaXMuYnVpbGRbaV1cbiAgICAgIGNvbnN0IGIgPSBvdGhlci5idWlsZFtpXVxuICAgICAgZGVidWcoJ2J1aWxkIGNvbXBhcmUnLCBpLCBhLCBiKVxuICAgICAgaWYgKGEgPT09IHVuZGVmaW5lZCAmJiBiID09PSB1bmRlZmluZWQpIHtcbiAgICAgICAgcmV0dXJuIDBcbiAgICAgIH0gZWxzZSBpZiAoYiA9PT0gdW5kZWZpbmVkKSB7XG4gICAgICAgIHJldHVybiAxXG4gICAgICB9IGVsc2UgaWYgKGEgPT09IHVuZGVmaW5lZCkge1xuICAgICAgICByZXR1cm4gLTFcbiAgICAgIH0gZWxzZSBpZiAoYSA9PT0gYikge1xuICAgICAgICBjb250aW51ZVxuICAgICAgfSBlbHNlIHtcbiAgICAgICAgcmV0dXJuIGNvbXBhcmVJZGVudGlmaWVycyhhLCBiKVxuICAgICAgfVxuICAgIH0gd2hpbGUgKCsraSlcbiAgfVxuXG4gIC8vIHByZW1pbm9yIHdpbGwgYnVtcCB0aGUgdmVyc2lvbiB1cCB0byB0aGUgbmV4dCBtaW5vciByZWxlYXNlLCBhbmQgaW1tZWRpYXRlbHlcbiAgLy8gZG93biB0byBwcmUtcmVsZWFzZS4gcHJlbWFqb3IgYW5kIHByZXBhdGNoIHdvcmsgdGhlIHNhbWUgd2F5LlxuICBpbmMgKHJlbGVhc2UsIGlkZW50aWZpZXIsIGlkZW50aWZpZXJCYXNlKSB7XG4gICAgaWYgKHJlbGVhc2Uuc3RhcnRzV2l0aCgncHJlJykpIHtcbiAgICAgIGlmICghaWRlbnRpZmllciAmJiBpZGVudGlmaWVyQmFzZSA9PT0gZmFsc2UpIHtcbiAgICAgICAgdGhyb3cgbmV3IEVycm9yKCdpbnZhbGlkIGluY3JlbWVudCBhcmd1bWVudDogaWRlbnRpZmllciBpcyBlbXB0eScpXG4gICAgICB9XG4gICAgICAvLyBBdm9pZCBhbiBpbnZhbGlkIHNlbXZlciByZXN1bHRzXG4gICAgICBpZiAoaWRlbnRpZmllcikge1xuICAgICAgICBjb25zdCBtYXRjaCA9IGAtJHtpZGVudGlmaWVyfWAubWF0Y2godGhpcy5vcHRpb25zLmxvb3NlID8gcmVbdC5QUkVSRUxFQVNFTE9PU0VdIDogcmVbdC5QUkVSRUxFQVNFXSlcbiAgICAgICAgaWYgKCFtYXRjaCB8fCBtYXRjaFsxXSAhPT0gaWRlbnRpZmllcikge1xuICAgICAgICAgIHRocm93IG5ldyBFcnJvcihgaW52YWxpZCBpZGVudGlmaWVyOiAke2lkZW50aWZpZXJ9YClcbiAgICAgICAgfVxuICAgICAgfVxuICAgIH1cblxuICAgIHN3aXRjaCAocmVsZWFzZSkge1xuICAgICAgY2FzZSAncHJlbWFqb3InOlxuICAgICAgICB0aGlzLnByZXJlbGVhc2UubGVuZ3RoID0gMFxuICAgICAgICB0aGlzLnBhdGNoID0gMFxuICAgICAgICB0aGlzLm1pbm9yID0gMFxuICAgICAgICB0aGlzLm1ham9yKytcbiAgICAgICAgdGhpcy5pbmMoJ3ByZScsIGlkZW50aWZpZXIsIGlkZW50aWZpZXJCYXNlKVxuICAgICAgICBicmVha1xuICAgICAgY2FzZSAncHJlbWlub3InOlxuICAgICAgICB0aGlzLnByZXJlbGVhc2UubGVuZ3RoID0gMFxuICAgICAgICB0aGlzLnBhdGNoID0gMFxuICAgICAgICB0aGlzLm1pbm9yKytcbiAgICAgICAgdGhpcy5pbmMoJ3ByZScsIGlkZW50aWZpZXIsIGlkZW50aWZpZXJCYXNlKVxuICAgICAgICBicmVha1xuICAgICAgY2FzZSAncHJlcGF0Y2gnOlxuICAgICAgICAvLyBJZiB0aGlzIGlzIGFscmVhZHkgYSBwcmVyZWxlYXNlLCBpdCB3aWxsIGJ1bXAgdG8gdGhlIG5leHQgdmVyc2lvblxuICAgICAgICAvLyBkcm9wIGFueSBwcmVyZWxlYXNlcyB0aGF0IG1pZ2h0IGFscmVhZHkgZXhpc3QsIHNpbmNlIHRoZXkgYXJlIG5vdFxuICAgICAgICAvLyByZWxldmFudCBhdCB0aGlzIHBvaW50LlxuICAgICAgICB0aGlzLnByZXJlbGVhc2UubGVuZ3RoID0gMFxuICAgICAgICB0aGlzLmluYygncGF0Y2gnLCBpZGVudGlmaWVyLCBpZGVudGlmaWVyQmFzZSlcbiAgICAgICAgdGhpcy5pbmMoJ3ByZScsIGlkZW50aWZpZXIsIGlkZW50aWZpZXJCYXNlKVxuICAgICAgICBicmVha1xuICAgICAgLy8gSWYgdGhlIGlucHV0IGlzIGEgbm9uLXByZXJlbGVhc2UgdmVyc2lvbiwgdGhpcyBhY3RzIHRoZSBzYW1lIGFzXG4gICAgICAvLyBwcmVwYXRjaC5cbiAgICAgIGNhc2UgJ3ByZXJlbGVhc2UnOlxuICAgICAgICBpZiAodGhpcy5wcmVyZWxlYXNlLmxlbmd0aCA9PT0gMCkge1xuICAgICAgICAgIHRoaXMuaW5jKCdwYXRjaCcsIGlkZW50aWZpZXIsIGlkZW50aWZpZXJCYXNlKVxuICAgICAgICB9XG4gICAgICAgIHRoaXMuaW5jKCdwcmUnLCBpZGVudGlmaWVyLCBpZGVudGlmaWVyQmFzZSlcbiAgICAgICAgYnJlYWtcbiAgICAgIGNhc2UgJ3JlbGVhc2UnOlxuICAgICAgICBpZiAodGhpcy5wcmVyZWxlYXNlLmxlbmd0aCA9PT0gMCkge1xuICAgICAgICAgIHRocm93IG5ldyBFcnJvcihgdmVyc2lvbiAke3RoaXMucmF3fSBpcyBub3QgYSBwcmVyZWxlYXNlYClcbiAgICAgICAgfVxuICAgICAgICB0aGlzLnByZXJlbGVhc2UubGVuZ3RoID0gMFxuICAgICAgICBicmVha1xuXG4gICAgICBjYXNlICdtYWpvcic6XG4gICAgICAgIC8vIElmIHRoaXMgaXMgYSBwcmUtbWFqb3IgdmVyc2lvbiwgYnVtcCB1cCB0byB0aGUgc2FtZSBtYWpvciB2ZXJzaW9uLlxuICAgICAgICAvLyBPdGhlcndpc2UgaW5jcmVtZW50IG1ham9yLlxuICAgICAgICAvLyAxLjAuMC01IGJ1bXBzIHRvIDEuMC4wXG4gICAgICAgIC8vIDEuMS4wIGJ1bXBzIHRvIDIuMC4wXG4gICAgICAgIGlmIChcbiAgICAgICAgICB0aGlzLm1pbm9yICE9PSAwIHx8XG4gICAgICAgICAgdGhpcy5wYXRjaCAhPT0gMCB8fFxuICAgICAgICAgIHRoaXMucHJlcmVsZWFzZS5sZW5ndGggPT09IDBcbiAgICAgICAgKSB7XG4gICAgICAgICAgdGhpcy5tYWpvcisrXG4gICAgICAgIH1cbiAgICAgICAgdGhpcy5taW5vciA9IDBcbiAgICAgICAgdGhpcy5wYXRjaCA9IDBcbiAgICAgICAgdGhpcy5wcmVyZWxlYXNlID0gW11cbiAgICAgICAgYnJlYWtcbiAgICAgIGNhc2UgJ21pbm9yJzpcbiAgICAgICAgLy8gSWYgdGhpcyBpcyBhIHByZS1taW5vciB2ZXJzaW9uLCBidW1wIHVwIHRvIHRoZSBzYW1lIG1pbm9yIHZlcnNpb24uXG4gICAgICAgIC8vIE90aGVyd2lzZSBpbmNyZW1lbnQgbWlub3IuXG4gICAgICAgIC8vIDEuMi4wLTUgYnVtcHMgdG8gMS4yLjBcbiAgICAgICAgLy8gMS4yLjEgYnVtcHMgdG8gMS4zLjBcbiAgICAgICAgaWYgKHRoaXMucGF0Y2ggIT09IDAgfHwgdGhpcy5wcmVyZWxlYXNlLmxlbmd0aCA9PT0gMCkge1xuICAgICAgICAgIHRoaXMubWlub3IrK1xuICAgICAgICB9XG4gICAgICAgIHRoaXMucGF0Y2ggPSAwXG4gICAgICAgIHRoaXMucHJlcmVsZWFzZSA9IFtdXG4gICAgICAgIGJyZWFrXG4gICAgICBjYXNlICdwYXRjaCc6XG4gICAgICAgIC8vIElmIHRoaXMgaXMgbm90IGEgcHJlLXJlbGVhc2UgdmVyc2lvbiwgaXQgd2lsbCBpbmNyZW1lbnQgdGhlIHBhdGNoLlxuICAgICAgICAvLyBJZiBpdCBpcyBhIHByZS1yZWxlYXNlIGl0IHdpbGwgYnVtcCB1cCB0byB0aGUgc2FtZSBwYXRjaCB2ZXJzaW9uLlxuICAgICAgICAvLyAxLjIuMC01IHBhdGNoZXMgdG8gMS4yLjBcbiAgICAgICAgLy8gMS4yLjAgcGF0Y2hlcyB0byAxLjIuMVxuICAgICAgICBpZiAodGhpcy5wcmVyZWxlYXNlLmxlbmd0aCA9PT0gMCkge1xuICAgICAgICAgIHRoaXMucGF0Y2grK1xuICAgICAgICB9XG4gICAgICAgIHRoaXMucHJlcmVsZWFzZSA9IFtdXG4gICAgICAgIGJyZWFrXG4gICAgICAvLyBUaGlzIHByb2JhYmx5IHNob3VsZG4ndCBiZSB1c2VkIHB1YmxpY2x5LlxuICAgICAgLy8gMS4wLjAgJ3ByZScgd291bGQgYmVjb21lIDEuMC4wLTAgd2hpY2ggaXMgdGhlIHdyb25nIGRpcmVjdGlvbi5cbiAgICAgIGNhc2UgJ3ByZSc6IHtcbiAgICAgICAgY29uc3QgYmFzZSA9IE51bWJlcihpZGVudGlmaWVyQmFzZSkgPyAxIDogMFxuXG4gICAgICAgIGlmICh0aGlzLnByZXJlbGVhc2UubGVuZ3RoID09PSAwKSB7XG4gICAgICAgICAgdGhpcy5wcmVyZWxlYXNlID0gW2Jhc2VdXG4gICAgICAgIH0gZWxzZSB7XG4gICAgICAgICAgbGV0IGkgPSB0aGlzLnByZXJlbGVhc2UubGVuZ3RoXG4gICAgICAgICAgd2hpbGUgKC0taSA+PSAwKSB7XG4gICAgICAgICAgICBpZiAodHlwZW9mIHRoaXMucHJlcmVsZWFzZVtpXSA9PT0gJ251bWJlcicpIHtcbiAgICAgICAgICAgICAgdGhpcy5wcmVyZWxlYXNlW2ldKytcbiAgICAgICAgICAgICAgaSA9IC0yXG4gICAgICAgICAgICB9XG4gICAgICAgICAgfVxuICAgICAgICAgIGlmIChpID09PSAtMSkge1xuICAgICAgICAgICAgLy8gZGlkbid0IGluY3JlbWVudCBhbnl0aGluZ1xuICAgICAgICAgICAgaWYgKGlkZW50aWZpZXIgPT09IHRoaXMucHJlcmVsZWFzZS5qb2luKCcuJykgJiYgaWRlbnRpZmllckJhc2UgPT09IGZhbHNlKSB7XG4gICAgICAgICAgICAgIHRocm93IG5ldyBFcnJvcignaW52YWxpZCBpbmNyZW1lbnQgYXJndW1lbnQ6IGlkZW50aWZpZXIgYWxyZWFkeSBleGlzdHMnKVxuICAgICAgICAgICAgfVxuICAgICAgICAgICAgdGhpcy5wcmVyZWxlYXNlLnB1c2goYmFzZSlcbiAgICAgICAgICB9XG4gICAgICAgIH1cbiAgICAgICAgaWYgKGlkZW50aWZpZXIpIHtcbiAgICAgICAgICAvLyAxLjIuMC1iZXRhLjEgYnVtcHMgdG8gMS4yLjAtYmV0YS4yLFxuICAgICAgICAgIC8vIDEuMi4wLWJldGEuZm9vYmx6IG9yIDEuMi4wLWJldGEgYnVtcHMgdG8gMS4yLjAtYmV0YS4wXG4gICAgICAgICAgbGV0IHByZXJlbGVhc2UgPSBbaWRlbnRpZmllciwgYmFzZV1cbiAgICAgICAgICBpZiAoaWRlbnRpZmllckJhc2UgPT09IGZhbHNlKSB7XG4gICAgICAgICAgICBwcmVyZWxlYXNlID0gW2lkZW50aWZpZXJdXG4gICAgICAgICAgfVxuICAgICAgICAgIGlmIChpc1ByZXJlbGVhc2VJZGVudGlmaWVyKHRoaXMucHJlcmVsZWFzZSwgaWRlbnRpZmllcikpIHtcbiAgICAgICAgICAgIGNvbnN0IHByZXJlbGVhc2VCYXNlID0gdGhpcy5wcmVyZWxlYXNlW2lkZW50aWZpZXIuc3BsaXQoJy4nKS5sZW5ndGhdXG4gICAgICAgICAgICBpZiAoaXNOYU4ocHJlcmVsZWFzZUJhc2UpKSB7XG4gICAgICAgICAgICAgIHRoaXMucHJlcmVsZWFzZSA9IHByZXJlbGVhc2VcbiAgICAgICAgICAgIH1cbiAgICAgICAgICB9IGVsc2Uge1xuICAgICAgICAgICAgdGhpcy5wcmVyZWxlYXNlID0gcHJlcmVsZWFzZVxuICAgICAgICAgIH1cbiAgICAgICAgfVxuICAgICAgICBicmVha1xuICAgICAgfVxuICAgICAgZGVmYXVsdDpcbiAgICAgICAgdGhyb3cgbmV3IEVycm9yKGBpbnZhbGlkIGluY3JlbWVudCBhcmd1bWVudDogJHtyZWxlYXNlfWApXG4gICAgfVxuICAgIHRoaXMucmF3ID0gdGhpcy5mb3JtYXQoKVxuICAgIGlmICh0aGlzLmJ1aWxkLmxlbmd0aCkge1xuICAgICAgdGhpcy5yYXcgKz0gYCske3RoaXMuYnVpbGQuam9pbignLicpfWBcbiAgICB9XG4gICAgcmV0dXJuIHRoaXNcbiAgfVxufVxuXG5tb2R1bGUuZXhwb3J0cyA9IFNlbVZlclxuIiwiJ3VzZSBzdHJpY3QnXG5cbmNvbnN0IFNlbVZlciA9IHJlcXVpcmUoJy4uL2NsYXNzZXMvc2VtdmVyJylcbmNvbnN0IHBhcnNlID0gKHZlcnNpb24sIG9wdGlvbnMsIHRocm93RXJyb3JzID0gZmFsc2UpID0+IHtcbiAgaWYgKHZlcnNpb24gaW5zdGFuY2VvZiBTZW1WZXIpIHtcbiAgICByZXR1cm4gdmVyc2lvblxuICB9XG4gIHRyeSB7XG4gICAgcmV0dXJuIG5ldyBTZW1WZXIodmVyc2lvbiwgb3B0aW9ucylcbiAgfSBjYXRjaCAoZXIpIHtcbiAgICBpZiAoIXRocm93RXJyb3JzKSB7XG4gICAgICByZXR1cm4gbnVsbFxuICAgIH1cbiAgICB0aHJvdyBlclxuICB9XG59XG5cbm1vZHVsZS5leHBvcnRzID0gcGFyc2VcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBwYXJzZSA9IHJlcXVpcmUoJy4vcGFyc2UnKVxuY29uc3QgdmFsaWQgPSAodmVyc2lvbiwgb3B0aW9ucykgPT4ge1xuICBjb25zdCB2ID0gcGFyc2UodmVyc2lvbiwgb3B0aW9ucylcbiAgcmV0dXJuIHYgPyB2LnZlcnNpb24gOiBudWxsXG59XG5tb2R1bGUuZXhwb3J0cyA9IHZhbGlkXG4iLCIndXNlIHN0cmljdCdcblxuY29uc3QgcGFyc2UgPSByZXF1aXJlKCcuL3BhcnNlJylcbmNvbnN0IGNsZWFuID0gKHZlcnNpb24sIG9wdGlvbnMpID0+IHtcbiAgY29uc3QgcyA9IHBhcnNlKHZlcnNpb24udHJpbSgpLnJlcGxhY2UoL15bPXZdKy8sICcnKSwgb3B0aW9ucylcbiAgcmV0dXJuIHMgPyBzLnZlcnNpb24gOiBudWxsXG59XG5tb2R1bGUuZXhwb3J0cyA9IGNsZWFuXG4iLCIndXNlIHN0cmljdCdcblxuY29uc3QgU2VtVmVyID0gcmVxdWlyZSgnLi4vY2xhc3Nlcy9zZW12ZXInKVxuXG5jb25zdCBpbmMgPSAodmVyc2lvbiwgcmVsZWFzZSwgb3B0aW9ucywgaWRlbnRpZmllciwgaWRlbnRpZmllckJhc2UpID0+IHtcbiAgaWYgKHR5cGVvZiAob3B0aW9ucykgPT09ICdzdHJpbmcnKSB7XG4gICAgaWRlbnRpZmllckJhc2UgPSBpZGVudGlmaWVyXG4gICAgaWRlbnRpZmllciA9IG9wdGlvbnNcbiAgICBvcHRpb25zID0gdW5kZWZpbmVkXG4gIH1cblxuICB0cnkge1xuICAgIHJldHVybiBuZXcgU2VtVmVyKFxuICAgICAgdmVyc2lvbiBpbnN0YW5jZW9mIFNlbVZlciA/IHZlcnNpb24udmVyc2lvbiA6IHZlcnNpb24sXG4gICAgICBvcHRpb25zXG4gICAgKS5pbmMocmVsZWFzZSwgaWRlbnRpZmllciwgaWRlbnRpZmllckJhc2UpLnZlcnNpb25cbiAgfSBjYXRjaCAoZXIpIHtcbiAgICByZXR1cm4gbnVsbFxuICB9XG59XG5tb2R1bGUuZXhwb3J0cyA9IGluY1xuIiwiJ3VzZSBzdHJpY3QnXG5cbmNvbnN0IHBhcnNlID0gcmVxdWlyZSgnLi9wYXJzZS5qcycpXG5cbmNvbnN0IGRpZmYgPSAodmVyc2lvbjEsIHZlcnNpb24yKSA9PiB7XG4gIGNvbnN0IHYxID0gcGFyc2UodmVyc2lvbjEsIG51bGwsIHRydWUpXG4gIGNvbnN0IHYyID0gcGFyc2UodmVyc2lvbjIsIG51bGwsIHRydWUpXG4gIGNvbnN0IGNvbXBhcmlzb24gPSB2MS5jb21wYXJlKHYyKVxuXG4gIGlmIChjb21wYXJpc29uID09PSAwKSB7XG4gICAgcmV0dXJuIG51bGxcbiAgfVxuXG4gIGNvbnN0IHYxSGlnaGVyID0gY29tcGFyaXNvbiA+IDBcbiAgY29uc3QgaGlnaFZlcnNpb24gPSB2MUhpZ2hlciA/IHYxIDogdjJcbiAgY29uc3QgbG93VmVyc2lvbiA9IHYxSGlnaGVyID8gdjIgOiB2MVxuICBjb25zdCBoaWdoSGFzUHJlID0gISFoaWdoVmVyc2lvbi5wcmVyZWxlYXNlLmxlbmd0aFxuICBjb25zdCBsb3dIYXNQcmUgPSAhIWxvd1ZlcnNpb24ucHJlcmVsZWFzZS5sZW5ndGhcblxuICBpZiAobG93SGFzUHJlICYmICFoaWdoSGFzUHJlKSB7XG4gICAgLy8gR29pbmcgZnJvbSBwcmVyZWxlYXNlIC0+IG5vIHByZXJlbGVhc2UgcmVxdWlyZXMgc29tZSBzcGVjaWFsIGNhc2luZ1xuXG4gICAgLy8gSWYgdGhlIGxvdyB2ZXJzaW9uIGhhcyBvbmx5IGEgbWFqb3IsIHRoZW4gaXQgd2lsbCBhbHdheXMgYmUgYSBtYWpvclxuICAgIC8vIFNvbWUgZXhhbXBsZXM6XG4gICAgLy8gMS4wLjAtMSAtPiAxLjAuMFxuICAgIC8vIDEuMC4wLTEgLT4gMS4xLjFcbiAgICAvLyAxLjAuMC0xIC0+IDIuMC4wXG4gICAgaWYgKCFsb3dWZXJzaW9uLnBhdGNoICYmICFsb3dWZXJzaW9uLm1pbm9yKSB7XG4gICAgICByZXR1cm4gJ21ham9yJ1xuICAgIH1cblxuICAgIC8vIElmIHRoZSBtYWluIHBhcnQgaGFzIG5vIGRpZmZlcmVuY2VcbiAgICBpZiAobG93VmVyc2lvbi5jb21wYXJlTWFpbihoaWdoVmVyc2lvbikgPT09IDApIHtcbiAgICAgIGlmIChsb3dWZXJzaW9uLm1pbm9yICYmICFsb3dWZXJzaW9uLnBhdGNoKSB7XG4gICAgICAgIHJldHVybiAnbWlub3InXG4gICAgICB9XG4gICAgICByZXR1cm4gJ3BhdGNoJ1xuICAgIH1cbiAgfVxuXG4gIC8vIGFkZCB0aGUgYHByZWAgcHJlZml4IGlmIHdlIGFyZSBnb2luZyB0byBhIHByZXJlbGVhc2UgdmVyc2lvblxuICBjb25zdCBwcmVmaXggPSBoaWdoSGFzUHJlID8gJ3ByZScgOiAnJ1xuXG4gIGlmICh2MS5tYWpvciAhPT0gdjIubWFqb3IpIHtcbiAgICByZXR1cm4gcHJlZml4ICsgJ21ham9yJ1xuICB9XG5cbiAgaWYgKHYxLm1pbm9yICE9PSB2Mi5taW5vcikge1xuICAgIHJldHVybiBwcmVmaXggKyAnbWlub3InXG4gIH1cblxuICBpZiAodjEucGF0Y2ggIT09IHYyLnBhdGNoKSB7XG4gICAgcmV0dXJuIHByZWZpeCArICdwYXRjaCdcbiAgfVxuXG4gIC8vIGhpZ2ggYW5kIGxvdyBhcmUgcHJlcmVsZWFzZXNcbiAgcmV0dXJuICdwcmVyZWxlYXNlJ1xufVxuXG5tb2R1bGUuZXhwb3J0cyA9IGRpZmZcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBTZW1WZXIgPSByZXF1aXJlKCcuLi9jbGFzc2VzL3NlbXZlcicpXG5jb25zdCBtYWpvciA9IChhLCBsb29zZSkgPT4gbmV3IFNlbVZlcihhLCBsb29zZSkubWFqb3Jcbm1vZHVsZS5leHBvcnRzID0gbWFqb3JcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBTZW1WZXIgPSByZXF1aXJlKCcuLi9jbGFzc2VzL3NlbXZlcicpXG5jb25zdCBtaW5vciA9IChhLCBsb29zZSkgPT4gbmV3IFNlbVZlcihhLCBsb29zZSkubWlub3Jcbm1vZHVsZS5leHBvcnRzID0gbWlub3JcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBTZW1WZXIgPSByZXF1aXJlKCcuLi9jbGFzc2VzL3NlbXZlcicpXG5jb25zdCBwYXRjaCA9IChhLCBsb29zZSkgPT4gbmV3IFNlbVZlcihhLCBsb29zZSkucGF0Y2hcbm1vZHVsZS5leHBvcnRzID0gcGF0Y2hcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBwYXJzZSA9IHJlcXVpcmUoJy4vcGFyc2UnKVxuY29uc3QgcHJlcmVsZWFzZSA9ICh2ZXJzaW9uLCBvcHRpb25zKSA9PiB7XG4gIGNvbnN0IHBhcnNlZCA9IHBhcnNlKHZlcnNpb24sIG9wdGlvbnMpXG4gIHJldHVybiAocGFyc2VkICYmIHBhcnNlZC5wcmVyZWxlYXNlLmxlbmd0aCkgPyBwYXJzZWQucHJlcmVsZWFzZSA6IG51bGxcbn1cbm1vZHVsZS5leHBvcnRzID0gcHJlcmVsZWFzZVxuIiwiJ3VzZSBzdHJpY3QnXG5cbmNvbnN0IFNlbVZlciA9IHJlcXVpcmUoJy4uL2NsYXNzZXMvc2VtdmVyJylcbmNvbnN0IGNvbXBhcmUgPSAoYSwgYiwgbG9vc2UpID0+XG4gIG5ldyBTZW1WZXIoYSwgbG9vc2UpLmNvbXBhcmUobmV3IFNlbVZlcihiLCBsb29zZSkpXG5cbm1vZHVsZS5leHBvcnRzID0gY29tcGFyZVxuIiwiJ3VzZSBzdHJpY3QnXG5cbmNvbnN0IGNvbXBhcmUgPSByZXF1aXJlKCcuL2NvbXBhcmUnKVxuY29uc3QgcmNvbXBhcmUgPSAoYSwgYiwgbG9vc2UpID0+IGNvbXBhcmUoYiwgYSwgbG9vc2UpXG5tb2R1bGUuZXhwb3J0cyA9IHJjb21wYXJlXG4iLCIndXNlIHN0cmljdCdcblxuY29uc3QgY29tcGFyZSA9IHJlcXVpcmUoJy4vY29tcGFyZScpXG5jb25zdCBjb21wYXJlTG9vc2UgPSAoYSwgYikgPT4gY29tcGFyZShhLCBiLCB0cnVlKVxubW9kdWxlLmV4cG9ydHMgPSBjb21wYXJlTG9vc2VcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBTZW1WZXIgPSByZXF1aXJlKCcuLi9jbGFzc2VzL3NlbXZlcicpXG5jb25zdCBjb21wYXJlQnVpbGQgPSAoYSwgYiwgbG9vc2UpID0+IHtcbiAgY29uc3QgdmVyc2lvbkEgPSBuZXcgU2VtVmVyKGEsIGxvb3NlKVxuICBjb25zdCB2ZXJzaW9uQiA9IG5ldyBTZW1WZXIoYiwgbG9vc2UpXG4gIHJldHVybiB2ZXJzaW9uQS5jb21wYXJlKHZlcnNpb25CKSB8fCB2ZXJzaW9uQS5jb21wYXJlQnVpbGQodmVyc2lvbkIpXG59XG5tb2R1bGUuZXhwb3J0cyA9IGNvbXBhcmVCdWlsZFxuIiwiJ3VzZSBzdHJpY3QnXG5cbmNvbnN0IGNvbXBhcmVCdWlsZCA9IHJlcXVpcmUoJy4vY29tcGFyZS1idWlsZCcpXG5jb25zdCBzb3J0ID0gKGxpc3QsIGxvb3NlKSA9PiBsaXN0LnNvcnQoKGEsIGIpID0+IGNvbXBhcmVCdWlsZChhLCBiLCBsb29zZSkpXG5tb2R1bGUuZXhwb3J0cyA9IHNvcnRcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBjb21wYXJlQnVpbGQgPSByZXF1aXJlKCcuL2NvbXBhcmUtYnVpbGQnKVxuY29uc3QgcnNvcnQgPSAobGlzdCwgbG9vc2UpID0+IGxpc3Quc29ydCgoYSwgYikgPT4gY29tcGFyZUJ1aWxkKGIsIGEsIGxvb3NlKSlcbm1vZHVsZS5leHBvcnRzID0gcnNvcnRcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBjb21wYXJlID0gcmVxdWlyZSgnLi9jb21wYXJlJylcbmNvbnN0IGd0ID0gKGEsIGIsIGxvb3NlKSA9PiBjb21wYXJlKGEsIGIsIGxvb3NlKSA+IDBcbm1vZHVsZS5leHBvcnRzID0gZ3RcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBjb21wYXJlID0gcmVxdWlyZSgnLi9jb21wYXJlJylcbmNvbnN0IGx0ID0gKGEsIGIsIGxvb3NlKSA9PiBjb21wYXJlKGEsIGIsIGxvb3NlKSA8IDBcbm1vZHVsZS5leHBvcnRzID0gbHRcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBjb21wYXJlID0gcmVxdWlyZSgnLi9jb21wYXJlJylcbmNvbnN0IGVxID0gKGEsIGIsIGxvb3NlKSA9PiBjb21wYXJlKGEsIGIsIGxvb3NlKSA9PT0gMFxubW9kdWxlLmV4cG9ydHMgPSBlcVxuIiwiJ3VzZSBzdHJpY3QnXG5cbmNvbnN0IGNvbXBhcmUgPSByZXF1aXJlKCcuL2NvbXBhcmUnKVxuY29uc3QgbmVxID0gKGEsIGIsIGxvb3NlKSA9PiBjb21wYXJlKGEsIGIsIGxvb3NlKSAhPT0gMFxubW9kdWxlLmV4cG9ydHMgPSBuZXFcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBjb21wYXJlID0gcmVxdWlyZSgnLi9jb21wYXJlJylcbmNvbnN0IGd0ZSA9IChhLCBiLCBsb29zZSkgPT4gY29tcGFyZShhLCBiLCBsb29zZSkgPj0gMFxubW9kdWxlLmV4cG9ydHMgPSBndGVcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBjb21wYXJlID0gcmVxdWlyZSgnLi9jb21wYXJlJylcbmNvbnN0IGx0ZSA9IChhLCBiLCBsb29zZSkgPT4gY29tcGFyZShhLCBiLCBsb29zZSkgPD0gMFxubW9kdWxlLmV4cG9ydHMgPSBsdGVcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBlcSA9IHJlcXVpcmUoJy4vZXEnKVxuY29uc3QgbmVxID0gcmVxdWlyZSgnLi9uZXEnKVxuY29uc3QgZ3QgPSByZXF1aXJlKCcuL2d0JylcbmNvbnN0IGd0ZSA9IHJlcXVpcmUoJy4vZ3RlJylcbmNvbnN0IGx0ID0gcmVxdWlyZSgnLi9sdCcpXG5jb25zdCBsdGUgPSByZXF1aXJlKCcuL2x0ZScpXG5cbmNvbnN0IGNtcCA9IChhLCBvcCwgYiwgbG9vc2UpID0+IHtcbiAgc3dpdGNoIChvcCkge1xuICAgIGNhc2UgJz09PSc6XG4gICAgICBpZiAodHlwZW9mIGEgPT09ICdvYmplY3QnKSB7XG4gICAgICAgIGEgPSBhLnZlcnNpb25cbiAgICAgIH1cbiAgICAgIGlmICh0eXBlb2YgYiA9PT0gJ29iamVjdCcpIHtcbiAgICAgICAgYiA9IGIudmVyc2lvblxuICAgICAgfVxuICAgICAgcmV0dXJuIGEgPT09IGJcblxuICAgIGNhc2UgJyE9PSc6XG4gICAgICBpZiAodHlwZW9mIGEgPT09ICdvYmplY3QnKSB7XG4gICAgICAgIGEgPSBhLnZlcnNpb25cbiAgICAgIH1cbiAgICAgIGlmICh0eXBlb2YgYiA9PT0gJ29iamVjdCcpIHtcbiAgICAgICAgYiA9IGIudmVyc2lvblxuICAgICAgfVxuICAgICAgcmV0dXJuIGEgIT09IGJcblxuICAgIGNhc2UgJyc6XG4gICAgY2FzZSAnPSc6XG4gICAgY2FzZSAnPT0nOlxuICAgICAgcmV0dXJuIGVxKGEsIGIsIGxvb3NlKVxuXG4gICAgY2FzZSAnIT0nOlxuICAgICAgcmV0dXJuIG5lcShhLCBiLCBsb29zZSlcblxuICAgIGNhc2UgJz4nOlxuICAgICAgcmV0dXJuIGd0KGEsIGIsIGxvb3NlKVxuXG4gICAgY2FzZSAnPj0nOlxuICAgICAgcmV0dXJuIGd0ZShhLCBiLCBsb29zZSlcblxuICAgIGNhc2UgJzwnOlxuICAgICAgcmV0dXJuIGx0KGEsIGIsIGxvb3NlKVxuXG4gICAgY2FzZSAnPD0nOlxuICAgICAgcmV0dXJuIGx0ZShhLCBiLCBsb29zZSlcblxuICAgIGRlZmF1bHQ6XG4gICAgICB0aHJvdyBuZXcgVHlwZUVycm9yKGBJbnZhbGlkIG9wZXJhdG9yOiAke29wfWApXG4gIH1cbn1cbm1vZHVsZS5leHBvcnRzID0gY21wXG4iLCIndXNlIHN0cmljdCdcblxuY29uc3QgU2VtVmVyID0gcmVxdWlyZSgnLi4vY2xhc3Nlcy9zZW12ZXInKVxuY29uc3QgcGFyc2UgPSByZXF1aXJlKCcuL3BhcnNlJylcbmNvbnN0IHsgc2FmZVJlOiByZSwgdCB9ID0gcmVxdWlyZSgnLi4vaW50ZXJuYWwvcmUnKVxuXG5jb25zdCBjb2VyY2UgPSAodmVyc2lvbiwgb3B0aW9ucykgPT4ge1xuICBpZiAodmVyc2lvbiBpbnN0YW5jZW9mIFNlbVZlcikge1xuICAgIHJldHVybiB2ZXJzaW9uXG4gIH1cblxuICBpZiAodHlwZW9mIHZlcnNpb24gPT09ICdudW1iZXInKSB7XG4gICAgdmVyc2lvbiA9IFN0cmluZyh2ZXJzaW9uKVxuICB9XG5cbiAgaWYgKHR5cGVvZiB2ZXJzaW9uICE9PSAnc3RyaW5nJykge1xuICAgIHJldHVybiBudWxsXG4gIH1cblxuICBvcHRpb25zID0gb3B0aW9ucyB8fCB7fVxuXG4gIGxldCBtYXRjaCA9IG51bGxcbiAgaWYgKCFvcHRpb25zLnJ0bCkge1xuICAgIG1hdGNoID0gdmVyc2lvbi5tYXRjaChvcHRpb25zLmluY2x1ZGVQcmVyZWxlYXNlID8gcmVbdC5DT0VSQ0VGVUxMXSA6IHJlW3QuQ09FUkNFXSlcbiAgfSBlbHNlIHtcbiAgICAvLyBGaW5kIHRoZSByaWdodC1tb3N0IGNvZXJjaWJsZSBzdHJpbmcgdGhhdCBkb2VzIG5vdCBzaGFyZVxuICAgIC8vIGEgdGVybWludXMgd2l0aCBhIG1vcmUgbGVmdC13YXJkIGNvZXJjaWJsZSBzdHJpbmcuXG4gICAgLy8gRWcsICcxLjIuMy40JyB3YW50cyB0byBjb2VyY2UgJzIuMy40Jywgbm90ICczLjQnIG9yICc0J1xuICAgIC8vIFdpdGggaW5jbHVkZVByZXJlbGVhc2Ugb3B0aW9uIHNldCwgJzEuMi4zLjQtcmMnIHdhbnRzIHRvIGNvZXJjZSAnMi4zLjQtcmMnLCBub3QgJzIuMy40J1xuICAgIC8vXG4gICAgLy8gV2FsayB0aHJvdWdoIHRoZSBzdHJpbmcgY2hlY2tpbmcgd2l0aCBhIC9nIHJlZ2V4cFxuICAgIC8vIE1hbnVhbGx5IHNldCB0aGUgaW5kZXggc28gYXMgdG8gcGljayB1cCBvdmVybGFwcGluZyBtYXRjaGVzLlxuICAgIC8vIFN0b3Agd2hlbiB3ZSBnZXQgYSBtYXRjaCB0aGF0IGVuZHMgYXQgdGhlIHN0cmluZyBlbmQsIHNpbmNlIG5vXG4gICAgLy8gY29lcmNpYmxlIHN0cmluZyBjYW4gYmUgbW9yZSByaWdodC13YXJkIHdpdGhvdXQgdGhlIHNhbWUgdGVybWludXMuXG4gICAgY29uc3QgY29lcmNlUnRsUmVnZXggPSBvcHRpb25zLmluY2x1ZGVQcmVyZWxlYXNlID8gcmVbdC5DT0VSQ0VSVExGVUxMXSA6IHJlW3QuQ09FUkNFUlRMXVxuICAgIGxldCBuZXh0XG4gICAgd2hpbGUgKChuZXh0ID0gY29lcmNlUnRsUmVnZXguZXhlYyh2ZXJzaW9uKSkgJiZcbiAgICAgICAgKCFtYXRjaCB8fCBtYXRjaC5pbmRleCArIG1hdGNoWzBdLmxlbmd0aCAhPT0gdmVyc2lvbi5sZW5ndGgpXG4gICAgKSB7XG4gICAgICBpZiAoIW1hdGNoIHx8XG4gICAgICAgICAgICBuZXh0LmluZGV4ICsgbmV4dFswXS5sZW5ndGggIT09IG1hdGNoLmluZGV4ICsgbWF0Y2hbMF0ubGVuZ3RoKSB7XG4gICAgICAgIG1hdGNoID0gbmV4dFxuICAgICAgfVxuICAgICAgY29lcmNlUnRsUmVnZXgubGFzdEluZGV4ID0gbmV4dC5pbmRleCArIG5leHRbMV0ubGVuZ3RoICsgbmV4dFsyXS5sZW5ndGhcbiAgICB9XG4gICAgLy8gbGVhdmUgaXQgaW4gYSBjbGVhbiBzdGF0ZVxuICAgIGNvZXJjZVJ0bFJlZ2V4Lmxhc3RJbmRleCA9IC0xXG4gIH1cblxuICBpZiAobWF0Y2ggPT09IG51bGwpIHtcbiAgICByZXR1cm4gbnVsbFxuICB9XG5cbiAgY29uc3QgbWFqb3IgPSBtYXRjaFsyXVxuICBjb25zdCBtaW5vciA9IG1hdGNoWzNdIHx8ICcwJ1xuICBjb25zdCBwYXRjaCA9IG1hdGNoWzRdIHx8ICcwJ1xuICBjb25zdCBwcmVyZWxlYXNlID0gb3B0aW9ucy5pbmNsdWRlUHJlcmVsZWFzZSAmJiBtYXRjaFs1XSA/IGAtJHttYXRjaFs1XX1gIDogJydcbiAgY29uc3QgYnVpbGQgPSBvcHRpb25zLmluY2x1ZGVQcmVyZWxlYXNlICYmIG1hdGNoWzZdID8gYCske21hdGNoWzZdfWAgOiAnJ1xuXG4gIHJldHVybiBwYXJzZShgJHttYWpvcn0uJHttaW5vcn0uJHtwYXRjaH0ke3ByZXJlbGVhc2V9JHtidWlsZH1gLCBvcHRpb25zKVxufVxubW9kdWxlLmV4cG9ydHMgPSBjb2VyY2VcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBwYXJzZSA9IHJlcXVpcmUoJy4vcGFyc2UnKVxuY29uc3QgY29uc3RhbnRzID0gcmVxdWlyZSgnLi4vaW50ZXJuYWwvY29uc3RhbnRzJylcbmNvbnN0IFNlbVZlciA9IHJlcXVpcmUoJy4uL2NsYXNzZXMvc2VtdmVyJylcblxuY29uc3QgdHJ1bmNhdGUgPSAodmVyc2lvbiwgdHJ1bmNhdGlvbiwgb3B0aW9ucykgPT4ge1xuICBpZiAoIWNvbnN0YW50cy5SRUxFQVNFX1RZUEVTLmluY2x1ZGVzKHRydW5jYXRpb24pKSB7XG4gICAgcmV0dXJuIG51bGxcbiAgfVxuXG4gIGNvbnN0IGNsb25lZFZlcnNpb24gPSBjbG9uZUlucHV0VmVyc2lvbih2ZXJzaW9uLCBvcHRpb25zKVxuICByZXR1cm4gY2xvbmVkVmVyc2lvbiAmJiBkb1RydW5jYXRpb24oY2xvbmVkVmVyc2lvbiwgdHJ1bmNhdGlvbilcbn1cblxuY29uc3QgY2xvbmVJbnB1dFZlcnNpb24gPSAodmVyc2lvbiwgb3B0aW9ucykgPT4ge1xuICBjb25zdCB2ZXJzaW9uU3RyaW5nVG9QYXJzZSA9IChcbiAgICB2ZXJzaW9uIGluc3RhbmNlb2YgU2VtVmVyID8gdmVyc2lvbi52ZXJzaW9uIDogdmVyc2lvblxuICApXG5cbiAgcmV0dXJuIHBhcnNlKHZlcnNpb25TdHJpbmdUb1BhcnNlLCBvcHRpb25zKVxufVxuXG5jb25zdCBkb1RydW5jYXRpb24gPSAodmVyc2lvbiwgdHJ1bmNhdGlvbikgPT4ge1xuICBpZiAoaXNQcmVyZWxlYXNlKHRydW5jYXRpb24pKSB7XG4gICAgcmV0dXJuIHZlcnNpb24udmVyc2lvblxuICB9XG5cbiAgdmVyc2lvbi5wcmVyZWxlYXNlID0gW11cblxuICBzd2l0Y2ggKHRydW5jYXRpb24pIHtcbiAgICBjYXNlICdtYWpvcic6XG4gICAgICB2ZXJzaW9uLm1pbm9yID0gMFxuICAgICAgdmVyc2lvbi5wYXRjaCA9IDBcbiAgICAgIGJyZWFrXG4gICAgY2FzZSAnbWlub3InOlxuICAgICAgdmVyc2lvbi5wYXRjaCA9IDBcbiAgICAgIGJyZWFrXG4gIH1cblxuICByZXR1cm4gdmVyc2lvbi5mb3JtYXQoKVxufVxuXG5jb25zdCBpc1ByZXJlbGVhc2UgPSAodHlwZSkgPT4ge1xuICByZXR1cm4gdHlwZS5zdGFydHNXaXRoKCdwcmUnKVxufVxuXG5tb2R1bGUuZXhwb3J0cyA9IHRydW5jYXRlXG4iLCIndXNlIHN0cmljdCdcblxuY2xhc3MgTFJVQ2FjaGUge1xuICBjb25zdHJ1Y3RvciAoKSB7XG4gICAgdGhpcy5tYXggPSAxMDAwXG4gICAgdGhpcy5tYXAgPSBuZXcgTWFwKClcbiAgfVxuXG4gIGdldCAoa2V5KSB7XG4gICAgY29uc3QgdmFsdWUgPSB0aGlzLm1hcC5nZXQoa2V5KVxuICAgIGlmICh2YWx1ZSA9PT0gdW5kZWZpbmVkKSB7XG4gICAgICByZXR1cm4gdW5kZWZpbmVkXG4gICAgfSBlbHNlIHtcbiAgICAgIC8vIFJlbW92ZSB0aGUga2V5IGZyb20gdGhlIG1hcCBhbmQgYWRkIGl0IHRvIHRoZSBlbmRcbiAgICAgIHRoaXMubWFwLmRlbGV0ZShrZXkpXG4gICAgICB0aGlzLm1hcC5zZXQoa2V5LCB2YWx1ZSlcbiAgICAgIHJldHVybiB2YWx1ZVxuICAgIH1cbiAgfVxuXG4gIGRlbGV0ZSAoa2V5KSB7XG4gICAgcmV0dXJuIHRoaXMubWFwLmRlbGV0ZShrZXkpXG4gIH1cblxuICBzZXQgKGtleSwgdmFsdWUpIHtcbiAgICBjb25zdCBkZWxldGVkID0gdGhpcy5kZWxldGUoa2V5KVxuXG4gICAgaWYgKCFkZWxldGVkICYmIHZhbHVlICE9PSB1bmRlZmluZWQpIHtcbiAgICAgIC8vIElmIGNhY2hlIGlzIGZ1bGwsIGRlbGV0ZSB0aGUgbGVhc3QgcmVjZW50bHkgdXNlZCBpdGVtXG4gICAgICBpZiAodGhpcy5tYXAuc2l6ZSA+PSB0aGlzLm1heCkge1xuICAgICAgICBjb25zdCBmaXJzdEtleSA9IHRoaXMubWFwLmtleXMoKS5uZXh0KCkudmFsdWVcbiAgICAgICAgdGhpcy5kZWxldGUoZmlyc3RLZXkpXG4gICAgICB9XG5cbiAgICAgIHRoaXMubWFwLnNldChrZXksIHZhbHVlKVxuICAgIH1cblxuICAgIHJldHVybiB0aGlzXG4gIH1cbn1cblxubW9kdWxlLmV4cG9ydHMgPSBMUlVDYWNoZVxuIiwiLy8gQHRzLWNoZWNrXG4ndXNlIHN0cmljdCdcblxuLy8gUmVwcm9kdWNlIHNhZmVSZVtDT01QQVJBVE9SVFJJTV0gcmVwbGFjZW1lbnQgYm91bmRhcmllcywgbm90IHZlcnNpb25cbi8vIHZhbGlkYXRpb24uIEVhY2ggZW5kLWluZGV4IGZpbmRlciByZXR1cm5zIGFuIGV4Y2x1c2l2ZSBlbmQsIG9yIGl0cyBzdGFydFxuLy8gb24gbm8gbWF0Y2guXG4vLyBQb3NpdGlvbnMgY291bnQgZnJvbSB6ZXJvLiBBbiBlbmQgb2YgMyBtZWFucyBjaGFyYWN0ZXJzIDAsIDEsIGFuZCAyIHdlcmUgcmVhZDtcbi8vIHJhbmdlLnNsaWNlKHN0YXJ0LCBlbmQpIGdpdmVzIHRoZSBtYXRjaGVkIHRleHQsIG5vdCBhIGNvbnZlcnRlZCBudW1iZXIuXG5jb25zdCB7XG4gIE1BWF9MRU5HVEgsXG4gIE1BWF9TQUZFX0JVSUxEX0xFTkdUSCxcbiAgV0hJVEVTUEFDRV9DSEFSQUNURVJTLFxufSA9IHJlcXVpcmUoJy4vY29uc3RhbnRzJylcblxuLyoqXG4gKiBSZW1lbWJlcnMgdGhlIGxhc3QgdHdvIHJvd3Mgb2YgZGlnaXRzIHNvIHRoZWlyIGNoYXJhY3RlcnMgbmVlZCBub3QgYmUgcmVyZWFkLlxuICogUG9zaXRpb25zIHN0YXJ0IGF0IC0xIHVudGlsIGEgcm93IGhhcyBiZWVuIGZvdW5kLlxuICpcbiAqIEB0eXBlZGVmIHtvYmplY3R9IERpZ2l0UnVuQ2FjaGVcbiAqIEBwcm9wZXJ0eSB7bnVtYmVyfSBzdGFydCBUaGUgZmlyc3QgY2hhcmFjdGVyIG9mIHRoZSBtb3N0IHJlY2VudGx5IGZvdW5kIHJvdy5cbiAqIEBwcm9wZXJ0eSB7bnVtYmVyfSBlbmQgVGhlIHBvc2l0aW9uIGFmdGVyIHRoYXQgcm93J3MgbGFzdCBjaGFyYWN0ZXIuXG4gKiBAcHJvcGVydHkge251bWJlcn0gcHJldmlvdXNTdGFydCBUaGUgZmlyc3QgY2hhcmFjdGVyIG9mIHRoZSBwcmV2aW91cyByb3cuXG4gKiBAcHJvcGVydHkge251bWJlcn0gcHJldmlvdXNFbmQgVGhlIHBvc2l0aW9uIGFmdGVyIHRoZSBwcmV2aW91cyByb3cuXG4gKi9cblxuLy8gT25lIGVudHJ5IHBlciBVVEYtMTYgY29kZSB1bml0IGtlZXBzIG1lbWJlcnNoaXAgY2hlY2tzIGNvbnN0YW50LXRpbWUuXG5jb25zdCB3aGl0ZXNwYWNlID0gbmV3IFVpbnQ4QXJyYXkoMHgxMDAwMClcbmZvciAoY29uc3QgY2hhciBvZiBXSElURVNQQUNFX0NIQVJBQ1RFUlMpIHtcbiAgd2hpdGVzcGFjZVtjaGFyLmNoYXJDb2RlQXQoMCldID0gMVxufVxuXG4vKipcbiAqIENoZWNrcyB3aGV0aGVyIGEgY2hhcmFjdGVyIGlzIHdoaXRlc3BhY2UsIGxpa2UgYSBzcGFjZSwgdGFiLCBvciBuZXdsaW5lLlxuICogTG9va2luZyBwYXN0IHRoZSBlbmQgb2YgdGhlIHN0cmluZyByZXR1cm5zIGZhbHNlLlxuICpcbiAqIEBwYXJhbSB7c3RyaW5nfHVuZGVmaW5lZH0gY2hhciBPbmUgY2hhcmFjdGVyLCBvciB1bmRlZmluZWQgcGFzdCB0aGUgc3RyaW5nJ3MgZW5kLlxuICogQHJldHVybnMge2Jvb2xlYW59IFdoZXRoZXIgdGhlIGNoYXJhY3RlciBpcyB3aGl0ZXNwYWNlLlxuICogQGV4YW1wbGUgaXNXaGl0ZXNwYWNlKCcgJykgLy8gdHJ1ZVxuICogQGV4YW1wbGUgaXNXaGl0ZXNwYWNlKCcxJykgLy8gZmFsc2VcbiAqL1xuY29uc3QgaXNXaGl0ZXNwYWNlID0gY2hhciA9PlxuICBjaGFyICE9PSB1bmRlZmluZWQgJiYgd2hpdGVzcGFjZVtjaGFyLmNoYXJDb2RlQXQoMCldID09PSAxXG5cbi8qKlxuICogQ2hlY2tzIGZvciB2LCA9LCBvciB3aGl0ZXNwYWNlIGJlZm9yZSB0aGUgdmVyc2lvbiBudW1iZXIuXG4gKiBUaGVzZSBhcmUgaGlzdG9yaWNhbCB2ZXJzaW9uIHByZWZpeGVzLCBub3QgcmFuZ2Ugb3BlcmF0b3JzOlxuICogPCBhbmQgPiBhcmUgaGFuZGxlZCBzZXBhcmF0ZWx5LCBhcyBhcmUgdGlsZGUgYW5kIGNhcmV0IHJhbmdlcy5cbiAqXG4gKiBAcGFyYW0ge3N0cmluZ3x1bmRlZmluZWR9IGNoYXIgT25lIGNoYXJhY3RlciB0byBjaGVjay5cbiAqIEByZXR1cm5zIHtib29sZWFufSBXaGV0aGVyIHRoZSBjaGFyYWN0ZXIgY2FuIGJlbG9uZyB0byBhIHZlcnNpb24gcHJlZml4LlxuICogQGV4YW1wbGUgaXNWZXJzaW9uUHJlZml4KCc9JykgLy8gdHJ1ZVxuICogQGV4YW1wbGUgaXNWZXJzaW9uUHJlZml4KCc+JykgLy8gZmFsc2VcbiAqL1xuY29uc3QgaXNWZXJzaW9uUHJlZml4ID0gY2hhciA9PlxuICBjaGFyID09PSAndicgfHxcbiAgY2hhciA9PT0gJz0nIHx8XG4gIGlzV2hpdGVzcGFjZShjaGFyKVxuXG4vKipcbiAqIENoZWNrcyB3aGV0aGVyIGEgY2hhcmFjdGVyIGlzIG9uZSBvZiB0aGUgZGlnaXRzIDAgdGhyb3VnaCA5LlxuICpcbiAqIEBwYXJhbSB7c3RyaW5nfHVuZGVmaW5lZH0gY2hhciBPbmUgY2hhcmFjdGVyIHRvIGNoZWNrLlxuICogQHJldHVybnMge2Jvb2xlYW59IFdoZXRoZXIgdGhlIGNoYXJhY3RlciBpcyBhbiBBU0NJSSBkaWdpdC5cbiAqIEBleGFtcGxlIGlzRGlnaXQoJzcnKSAvLyB0cnVlXG4gKiBAZXhhbXBsZSBpc0RpZ2l0KCcuJykgLy8gZmFsc2VcbiAqL1xuY29uc3QgaXNEaWdpdCA9IGNoYXIgPT4gY2hhciAhPT0gdW5kZWZpbmVkICYmIGNoYXIgPj0gJzAnICYmIGNoYXIgPD0gJzknXG5cbi8qKlxuICogQ2hlY2tzIHdoZXRoZXIgYSBjaGFyYWN0ZXIgaXMgYW4gRW5nbGlzaCBsZXR0ZXIsIHVwcGVyY2FzZSBvciBsb3dlcmNhc2UuXG4gKlxuICogQHBhcmFtIHtzdHJpbmd8dW5kZWZpbmVkfSBjaGFyIE9uZSBjaGFyYWN0ZXIgdG8gY2hlY2suXG4gKiBAcmV0dXJucyB7Ym9vbGVhbn0gV2hldGhlciB0aGUgY2hhcmFjdGVyIGlzIGFuIEFTQ0lJIGxldHRlci5cbiAqIEBleGFtcGxlIGlzTGV0dGVyKCdiJykgLy8gdHJ1ZVxuICogQGV4YW1wbGUgaXNMZXR0ZXIoJzcnKSAvLyBmYWxzZVxuICovXG5jb25zdCBpc0xldHRlciA9IGNoYXIgPT5cbiAgY2hhciAhPT0gdW5kZWZpbmVkICYmIChcbiAgICAoY2hhciA+PSAnYScgJiYgY2hhciA8PSAneicpIHx8XG4gICAgKGNoYXIgPj0gJ0EnICYmIGNoYXIgPD0gJ1onKVxuICApXG5cbi8qKlxuICogQ2hlY2tzIGZvciBhIGxldHRlciwgZGlnaXQsIG9yIGh5cGhlbjogdGhlIGNoYXJhY3RlcnMgYWxsb3dlZCBpbnNpZGVcbiAqIHByZXJlbGVhc2UgYW5kIGJ1aWxkIG5hbWVzIHN1Y2ggYXMgYmV0YS0xLlxuICpcbiAqIEBwYXJhbSB7c3RyaW5nfHVuZGVmaW5lZH0gY2hhciBPbmUgY2hhcmFjdGVyIHRvIGNoZWNrLlxuICogQHJldHVybnMge2Jvb2xlYW59IFdoZXRoZXIgdGhlIGNoYXJhY3RlciBjYW4gYmUgcGFydCBvZiBhbiBpZGVudGlmaWVyLlxuICogQGV4YW1wbGUgaXNJZGVudGlmaWVyQ2hhcmFjdGVyKCctJykgLy8gdHJ1ZVxuICogQGV4YW1wbGUgaXNJZGVudGlmaWVyQ2hhcmFjdGVyKCcuJykgLy8gZmFsc2U7IGRvdHMgc2VwYXJhdGUgaWRlbnRpZmllcnNcbiAqL1xuY29uc3QgaXNJZGVudGlmaWVyQ2hhcmFjdGVyID0gY2hhciA9PiBpc0RpZ2l0KGNoYXIpIHx8IGlzTGV0dGVyKGNoYXIpIHx8IGNoYXIgPT09ICctJ1xuXG4vKipcbiAqIENoZWNrcyB3aGV0aGVyIGEgdmVyc2lvbiBjb21wb25lbnQgY2FuIGJlZ2luIGhlcmU6IHdpdGggYSBkaWdpdCBvclxuICogYSB3aWxkY2FyZCBzdWNoIGFzIHgsIFgsIG9yICouXG4gKlxuICogQHBhcmFtIHtzdHJpbmd8dW5kZWZpbmVkfSBjaGFyIE9uZSBjaGFyYWN0ZXIgdG8gY2hlY2suXG4gKiBAcmV0dXJucyB7Ym9vbGVhbn0gV2hldGhlciBhIG51bWJlciBvciB3aWxkY2FyZCBjYW4gc3RhcnQgd2l0aCB0aGlzIGNoYXJhY3Rlci5cbiAqIEBleGFtcGxlIGlzVmVyc2lvblN0YXJ0KCd4JykgLy8gdHJ1ZVxuICogQGV4YW1wbGUgaXNWZXJzaW9uU3RhcnQoJ3YnKSAvLyBmYWxzZTsgdiBiZWxvbmdzIHRvIHRoZSBwcmVmaXhcbiAqL1xuY29uc3QgaXNWZXJzaW9uU3RhcnQgPSBjaGFyID0+XG4gIGlzRGlnaXQoY2hhcikgfHxcbiAgY2hhciA9PT0gJ3gnIHx8XG4gIGNoYXIgPT09ICdYJyB8fFxuICBjaGFyID09PSAnKidcblxuLyoqXG4gKiBGaW5kcyB0aGUgZW5kIG9mIGEgcm93IG9mIGRpZ2l0cywgYnV0IHJldHVybnMgbm8gbW9yZSB0aGFuIGxpbWl0IGRpZ2l0cy5cbiAqIFJlbWVtYmVycyB0aGUgbGFzdCB0d28gcm93cyBzbyBsb29raW5nIGF0IHRoZW0gYWdhaW4gZG9lcyBub3QgcmVyZWFkIHRoZW0uXG4gKlxuICogQHBhcmFtIHtzdHJpbmd9IHJhbmdlIFRoZSB0ZXh0IHRvIHJlYWQ7IGl0IGlzIG5vdCBjaGFuZ2VkLlxuICogQHBhcmFtIHtudW1iZXJ9IHN0YXJ0IFRoZSBwb3NpdGlvbiBvZiB0aGUgZmlyc3QgY2hhcmFjdGVyIHRvIGNoZWNrLlxuICogQHBhcmFtIHtudW1iZXJ9IGxpbWl0IFRoZSBtb3N0IGRpZ2l0IGNoYXJhY3RlcnMgdGhlIHJldHVybmVkIG1hdGNoIGNhbiBpbmNsdWRlLlxuICogQHBhcmFtIHtEaWdpdFJ1bkNhY2hlfSBkaWdpdFJ1bnMgU2hhcmVkIGNhY2hlIG9mIGRpZ2l0LXJ1biBwb3NpdGlvbnMsIHVwZGF0ZWQgaW4gcGxhY2UuXG4gKiBAcmV0dXJucyB7bnVtYmVyfSBUaGUgcG9zaXRpb24gYWZ0ZXIgdGhlIG1hdGNoZWQgZGlnaXRzLCBvciBzdGFydCBpZiBub25lIG1hdGNoLlxuICogQGV4YW1wbGUgZmluZERpZ2l0c0VuZEluZGV4KCcxMjNhYmMnLCAwLCAxMCwgZGlnaXRSdW5zKSAvLyAzLCBwb2ludGluZyBhdCBhXG4gKiBAZXhhbXBsZSBmaW5kRGlnaXRzRW5kSW5kZXgoJzEyM2FiYycsIDAsIDIsIGRpZ2l0UnVucykgLy8gMiwgcG9pbnRpbmcgYXQgdGhlIHVucmVhZCAzXG4gKi9cbmNvbnN0IGZpbmREaWdpdHNFbmRJbmRleCA9IChyYW5nZSwgc3RhcnQsIGxpbWl0LCBkaWdpdFJ1bnMpID0+IHtcbiAgaWYgKCFpc0RpZ2l0KHJhbmdlW3N0YXJ0XSkpIHtcbiAgICByZXR1cm4gc3RhcnRcbiAgfVxuICBpZiAoc3RhcnQgPj0gZGlnaXRSdW5zLnN0YXJ0ICYmIHN0YXJ0IDwgZGlnaXRSdW5zLmVuZCkge1xuICAgIHJldHVybiBNYXRoLm1pbihzdGFydCArIGxpbWl0LCBkaWdpdFJ1bnMuZW5kKVxuICB9XG4gIGlmIChzdGFydCA+PSBkaWdpdFJ1bnMucHJldmlvdXNTdGFydCAmJiBzdGFydCA8IGRpZ2l0UnVucy5wcmV2aW91c0VuZCkge1xuICAgIHJldHVybiBNYXRoLm1pbihzdGFydCArIGxpbWl0LCBkaWdpdFJ1bnMucHJldmlvdXNFbmQpXG4gIH1cbiAgbGV0IGVuZCA9IHN0YXJ0ICsgMVxuICB3aGlsZSAoaXNEaWdpdChyYW5nZVtlbmRdKSkge1xuICAgIGVuZCsrXG4gIH1cbiAgLy8gQSBmYWlsZWQgZnVsbCB2ZXJzaW9uIGNhbiByZXdpbmQgZnJvbSBpdHMgc2Vjb25kIHJ1biB0byBpdHMgZmlyc3QuXG4gIGRpZ2l0UnVucy5wcmV2aW91c1N0YXJ0ID0gZGlnaXRSdW5zLnN0YXJ0XG4gIGRpZ2l0UnVucy5wcmV2aW91c0VuZCA9IGRpZ2l0UnVucy5lbmRcbiAgZGlnaXRSdW5zLnN0YXJ0ID0gc3RhcnRcbiAgZGlnaXRSdW5zLmVuZCA9IGVuZFxuICByZXR1cm4gTWF0aC5taW4oc3RhcnQgKyBsaW1pdCwgZW5kKVxufVxuXG4vKipcbiAqIFJlYWRzIGEgbnVtYmVyIHVzaW5nIHRoZSBvbGQgcmVnZXgncyBsZW5ndGggYW5kIGxlYWRpbmctemVybyBydWxlcy5cbiAqIFN0cmljdCBtb2RlIHJlYWRzIGp1c3QgdGhlIGZpcnN0IHplcm8gaW4gMDEyOyBsb29zZSBtb2RlIGNhbiByZWFkIGFsbCB0aHJlZS5cbiAqXG4gKiBAcGFyYW0ge3N0cmluZ30gcmFuZ2UgVGhlIHRleHQgdG8gcmVhZDsgaXQgaXMgbm90IGNoYW5nZWQuXG4gKiBAcGFyYW0ge251bWJlcn0gc3RhcnQgVGhlIHBvc2l0aW9uIHdoZXJlIHRoZSBudW1iZXIgc2hvdWxkIGJlZ2luLlxuICogQHBhcmFtIHtib29sZWFufSBsb29zZSBXaGV0aGVyIHRvIGFsbG93IGxlYWRpbmcgemVyb3MuXG4gKiBAcGFyYW0ge0RpZ2l0UnVuQ2FjaGV9IGRpZ2l0UnVucyBTaGFyZWQgZGlnaXQtcnVuIGNhY2hlLCB1cGRhdGVkIGFzIG5lZWRlZC5cbiAqIEByZXR1cm5zIHtudW1iZXJ9IFRoZSBwb3NpdGlvbiBhZnRlciB0aGUgbWF0Y2hlZCBkaWdpdHMsIG5vdCB0aGVpciBudW1lcmljIHZhbHVlLlxuICogQGV4YW1wbGUgZmluZFZlcnNpb25OdW1iZXJFbmRJbmRleCgnMDEyJywgMCwgZmFsc2UsIGRpZ2l0UnVucykgLy8gMVxuICogQGV4YW1wbGUgZmluZFZlcnNpb25OdW1iZXJFbmRJbmRleCgnMDEyJywgMCwgdHJ1ZSwgZGlnaXRSdW5zKSAvLyAzXG4gKi9cbmNvbnN0IGZpbmRWZXJzaW9uTnVtYmVyRW5kSW5kZXggPSAocmFuZ2UsIHN0YXJ0LCBsb29zZSwgZGlnaXRSdW5zKSA9PiB7XG4gIGlmICghbG9vc2UgJiYgcmFuZ2Vbc3RhcnRdID09PSAnMCcpIHtcbiAgICByZXR1cm4gc3RhcnQgKyAxXG4gIH1cbiAgLy8gU3RyaWN0IHN5bnRheCBhbGxvd3MgYW4gaW5pdGlhbCBub256ZXJvIGRpZ2l0IHBsdXMgTUFYX0xFTkdUSCBkaWdpdHMuXG4gIHJldHVybiBmaW5kRGlnaXRzRW5kSW5kZXgocmFuZ2UsIHN0YXJ0LCBsb29zZSA/IE1BWF9MRU5HVEggOiBNQVhfTEVOR1RIICsgMSwgZGlnaXRSdW5zKVxufVxuXG4vKipcbiAqIFJlYWRzIG9uZSBwaWVjZSBvZiBhIHByZXJlbGVhc2UgbmFtZSwgc3VjaCBhcyBiZXRhIG9yIDEgaW4gYmV0YS4xLlxuICogVHJpZXMgdGhlIGxldHRlci1vci1oeXBoZW4gZm9ybSBmaXJzdCwgdGhlbiB0aGUgbnVtYmVyLW9ubHkgZm9ybS5cbiAqXG4gKiBAcGFyYW0ge3N0cmluZ30gcmFuZ2UgVGhlIHRleHQgdG8gcmVhZDsgaXQgaXMgbm90IGNoYW5nZWQuXG4gKiBAcGFyYW0ge251bWJlcn0gc3RhcnQgVGhlIHBvc2l0aW9uIHdoZXJlIHRoZSBpZGVudGlmaWVyIHNob3VsZCBiZWdpbi5cbiAqIEBwYXJhbSB7Ym9vbGVhbn0gbG9vc2UgV2hldGhlciBudW1lcmljIGlkZW50aWZpZXJzIG1heSBoYXZlIGxlYWRpbmcgemVyb3MuXG4gKiBAcGFyYW0ge0RpZ2l0UnVuQ2FjaGV9IGRpZ2l0UnVucyBTaGFyZWQgZGlnaXQtcnVuIGNhY2hlLCB1cGRhdGVkIGFzIG5lZWRlZC5cbiAqIEByZXR1cm5zIHtudW1iZXJ9IFRoZSBwb3NpdGlvbiBhZnRlciB0aGUgaWRlbnRpZmllciwgb3Igc3RhcnQgaWYgbm9uZSBtYXRjaGVzLlxuICogQGV4YW1wbGUgZmluZFByZXJlbGVhc2VJZGVudGlmaWVyRW5kSW5kZXgoJ2JldGEuMScsIDAsIGZhbHNlLCBkaWdpdFJ1bnMpIC8vIDQsIGF0IHRoZSBkb3RcbiAqIEBleGFtcGxlIGZpbmRQcmVyZWxlYXNlSWRlbnRpZmllckVuZEluZGV4KCcwMDFiZXRhJywgMCwgZmFsc2UsIGRpZ2l0UnVucykgLy8gN1xuICovXG5jb25zdCBmaW5kUHJlcmVsZWFzZUlkZW50aWZpZXJFbmRJbmRleCA9IChyYW5nZSwgc3RhcnQsIGxvb3NlLCBkaWdpdFJ1bnMpID0+IHtcbiAgY29uc3QgZGlnaXRzRW5kID0gZmluZERpZ2l0c0VuZEluZGV4KHJhbmdlLCBzdGFydCwgTUFYX0xFTkdUSCwgZGlnaXRSdW5zKVxuICAvLyBUaGUgbGVnYWN5IHJlZ2V4IHRyaWVzIGEgbm9ubnVtZXJpYyBpZGVudGlmaWVyIGJlZm9yZSBhIG51bWVyaWMgb25lLlxuICBpZiAoaXNMZXR0ZXIocmFuZ2VbZGlnaXRzRW5kXSkgfHwgcmFuZ2VbZGlnaXRzRW5kXSA9PT0gJy0nKSB7XG4gICAgbGV0IGVuZCA9IGRpZ2l0c0VuZCArIDFcbiAgICBjb25zdCBsaW1pdCA9IGVuZCArIE1BWF9TQUZFX0JVSUxEX0xFTkdUSFxuICAgIHdoaWxlIChlbmQgPCBsaW1pdCAmJiBpc0lkZW50aWZpZXJDaGFyYWN0ZXIocmFuZ2VbZW5kXSkpIHtcbiAgICAgIGVuZCsrXG4gICAgfVxuICAgIHJldHVybiBlbmRcbiAgfVxuICByZXR1cm4gZmluZFZlcnNpb25OdW1iZXJFbmRJbmRleChyYW5nZSwgc3RhcnQsIGxvb3NlLCBkaWdpdFJ1bnMpXG59XG5cbi8qKlxuICogUmVhZHMgYSBwcmVyZWxlYXNlIHN1ZmZpeCBzdWNoIGFzIC1iZXRhLjEsIG9uZSBkb3Qtc2VwYXJhdGVkIHBpZWNlIGF0IGEgdGltZS5cbiAqIExvb3NlIG1vZGUgYWxzbyBhbGxvd3MgdGhlIG5hbWUgd2l0aG91dCBpdHMgb3BlbmluZyBoeXBoZW4uXG4gKlxuICogQHBhcmFtIHtzdHJpbmd9IHJhbmdlIFRoZSB0ZXh0IHRvIHJlYWQ7IGl0IGlzIG5vdCBjaGFuZ2VkLlxuICogQHBhcmFtIHtudW1iZXJ9IHN0YXJ0IFRoZSBwb3NpdGlvbiB3aGVyZSB0aGUgc3VmZml4IHNob3VsZCBiZWdpbiwgaW5jbHVkaW5nIC0uXG4gKiBAcGFyYW0ge2Jvb2xlYW59IGxvb3NlIFdoZXRoZXIgdGhlIG9wZW5pbmcgaHlwaGVuIGlzIG9wdGlvbmFsIGFuZCB6ZXJvcyBhbGxvd2VkLlxuICogQHBhcmFtIHtEaWdpdFJ1bkNhY2hlfSBkaWdpdFJ1bnMgU2hhcmVkIGRpZ2l0LXJ1biBjYWNoZSwgdXBkYXRlZCBhcyBuZWVkZWQuXG4gKiBAcmV0dXJucyB7bnVtYmVyfSBUaGUgcG9zaXRpb24gYWZ0ZXIgdGhlIG1hdGNoZWQgc3VmZml4LCBvciBzdGFydCBpZiBhYnNlbnQuXG4gKiBAZXhhbXBsZSBmaW5kUHJlcmVsZWFzZUVuZEluZGV4KCctYmV0YS4xK3NoYScsIDAsIGZhbHNlLCBkaWdpdFJ1bnMpIC8vIDcsIGF0IHRoZSBwbHVzXG4gKiBAZXhhbXBsZSBmaW5kUHJlcmVsZWFzZUVuZEluZGV4KCdiZXRhJywgMCwgZmFsc2UsIGRpZ2l0UnVucykgLy8gMDsgbm8gb3BlbmluZyBoeXBoZW5cbiAqL1xuY29uc3QgZmluZFByZXJlbGVhc2VFbmRJbmRleCA9IChyYW5nZSwgc3RhcnQsIGxvb3NlLCBkaWdpdFJ1bnMpID0+IHtcbiAgY29uc3QgaHlwaGVuID0gcmFuZ2Vbc3RhcnRdID09PSAnLSdcbiAgaWYgKCFsb29zZSAmJiAhaHlwaGVuKSB7XG4gICAgcmV0dXJuIHN0YXJ0XG4gIH1cbiAgY29uc3QgaWRlbnRpZmllclN0YXJ0ID0gc3RhcnQgKyAoaHlwaGVuID8gMSA6IDApXG4gIGxldCBlbmQgPSBmaW5kUHJlcmVsZWFzZUlkZW50aWZpZXJFbmRJbmRleChyYW5nZSwgaWRlbnRpZmllclN0YXJ0LCBsb29zZSwgZGlnaXRSdW5zKVxuICBpZiAoZW5kID09PSBpZGVudGlmaWVyU3RhcnQpIHtcbiAgICBpZiAoIWxvb3NlIHx8ICFoeXBoZW4pIHtcbiAgICAgIHJldHVybiBzdGFydFxuICAgIH1cbiAgICAvLyBJbiBsb29zZSBzeW50YXgsIGEgbG9uZSBoeXBoZW4gY2FuIGl0c2VsZiBiZSB0aGUgaWRlbnRpZmllci5cbiAgICBlbmQgPSBmaW5kUHJlcmVsZWFzZUlkZW50aWZpZXJFbmRJbmRleChyYW5nZSwgc3RhcnQsIGxvb3NlLCBkaWdpdFJ1bnMpXG4gIH1cbiAgd2hpbGUgKHJhbmdlW2VuZF0gPT09ICcuJykge1xuICAgIGNvbnN0IG5leHQgPSBmaW5kUHJlcmVsZWFzZUlkZW50aWZpZXJFbmRJbmRleChyYW5nZSwgZW5kICsgMSwgbG9vc2UsIGRpZ2l0UnVucylcbiAgICBpZiAobmV4dCA9PT0gZW5kICsgMSkge1xuICAgICAgYnJlYWtcbiAgICB9XG4gICAgZW5kID0gbmV4dFxuICB9XG4gIHJldHVybiBlbmRcbn1cblxuLyoqXG4gKiBSZWFkcyBvbmUgYnVpbGQtbmFtZSBwaWVjZSwgc3VjaCBhcyBzaGEgb3IgMTIzIGluICtzaGEuMTIzLlxuICogU3RvcHMgYXQgYSBkaXNhbGxvd2VkIGNoYXJhY3RlciBvciB0aGUgb2xkIHJlZ2V4J3MgbGVuZ3RoIGxpbWl0LlxuICpcbiAqIEBwYXJhbSB7c3RyaW5nfSByYW5nZSBUaGUgdGV4dCB0byByZWFkOyBpdCBpcyBub3QgY2hhbmdlZC5cbiAqIEBwYXJhbSB7bnVtYmVyfSBzdGFydCBUaGUgcG9zaXRpb24gd2hlcmUgdGhlIGlkZW50aWZpZXIgc2hvdWxkIGJlZ2luLlxuICogQHJldHVybnMge251bWJlcn0gVGhlIHBvc2l0aW9uIGFmdGVyIHRoZSBpZGVudGlmaWVyLCBvciBzdGFydCBpZiBub25lIG1hdGNoZXMuXG4gKiBAZXhhbXBsZSBmaW5kQnVpbGRJZGVudGlmaWVyRW5kSW5kZXgoJ3NoYS4xMjMnLCAwKSAvLyAzLCBhdCB0aGUgZG90XG4gKiBAZXhhbXBsZSBmaW5kQnVpbGRJZGVudGlmaWVyRW5kSW5kZXgoJzAwMScsIDApIC8vIDM7IGxlYWRpbmcgemVyb3MgYXJlIGFsbG93ZWRcbiAqL1xuY29uc3QgZmluZEJ1aWxkSWRlbnRpZmllckVuZEluZGV4ID0gKHJhbmdlLCBzdGFydCkgPT4ge1xuICBsZXQgZW5kID0gc3RhcnRcbiAgd2hpbGUgKGVuZCAtIHN0YXJ0IDwgTUFYX1NBRkVfQlVJTERfTEVOR1RIICYmIGlzSWRlbnRpZmllckNoYXJhY3RlcihyYW5nZVtlbmRdKSkge1xuICAgIGVuZCsrXG4gIH1cbiAgcmV0dXJuIGVuZFxufVxuXG4vKipcbiAqIFJlYWRzIG9wdGlvbmFsIGJ1aWxkIG1ldGFkYXRhIHN1Y2ggYXMgK3NoYS4xMjMuXG4gKiBMZWF2ZXMgdGhlIHBvc2l0aW9uIHVuY2hhbmdlZCBpZiB0aGVyZSBpcyBubyBwbHVzIHNpZ24gZm9sbG93ZWQgYnkgYSBuYW1lLlxuICpcbiAqIEBwYXJhbSB7c3RyaW5nfSByYW5nZSBUaGUgdGV4dCB0byByZWFkOyBpdCBpcyBub3QgY2hhbmdlZC5cbiAqIEBwYXJhbSB7bnVtYmVyfSBzdGFydCBUaGUgcG9zaXRpb24gd2hlcmUgdGhlIG9wZW5pbmcgKyBzaG91bGQgYmUuXG4gKiBAcmV0dXJucyB7bnVtYmVyfSBUaGUgcG9zaXRpb24gYWZ0ZXIgdGhlIG1hdGNoZWQgbWV0YWRhdGEsIG9yIHN0YXJ0IGlmIGFic2VudC5cbiAqIEBleGFtcGxlIGZpbmRCdWlsZEVuZEluZGV4KCcrc2hhLjEyMyA8MicsIDApIC8vIDgsIGF0IHRoZSBzcGFjZVxuICogQGV4YW1wbGUgZmluZEJ1aWxkRW5kSW5kZXgoJysnLCAwKSAvLyAwOyBhIHBsdXMgc2lnbiBhbG9uZSBpcyBub3QgYSBtYXRjaFxuICovXG5jb25zdCBmaW5kQnVpbGRFbmRJbmRleCA9IChyYW5nZSwgc3RhcnQpID0+IHtcbiAgaWYgKHJhbmdlW3N0YXJ0XSAhPT0gJysnKSB7XG4gICAgcmV0dXJuIHN0YXJ0XG4gIH1cbiAgbGV0IGVuZCA9IGZpbmRCdWlsZElkZW50aWZpZXJFbmRJbmRleChyYW5nZSwgc3RhcnQgKyAxKVxuICBpZiAoZW5kID09PSBzdGFydCArIDEpIHtcbiAgICByZXR1cm4gc3RhcnRcbiAgfVxuICB3aGlsZSAocmFuZ2VbZW5kXSA9PT0gJy4nKSB7XG4gICAgY29uc3QgbmV4dCA9IGZpbmRCdWlsZElkZW50aWZpZXJFbmRJbmRleChyYW5nZSwgZW5kICsgMSlcbiAgICBpZiAobmV4dCA9PT0gZW5kICsgMSkge1xuICAgICAgYnJlYWtcbiAgICB9XG4gICAgZW5kID0gbmV4dFxuICB9XG4gIHJldHVybiBlbmRcbn1cblxuLyoqXG4gKiBSZWFkcyB0aHJlZSBudW1iZXJzIHNlcGFyYXRlZCBieSBkb3RzLCB0aGVuIGFueSBwcmVyZWxlYXNlIGFuZCBidWlsZCBzdWZmaXhlcy5cbiAqIFVzZXMgbG9vc2UgcnVsZXMsIHNvIGZvcm1zIHN1Y2ggYXMgMDEuMDIuMDNiZXRhIGNhbiBtYXRjaCBoZXJlLlxuICpcbiAqIEBwYXJhbSB7c3RyaW5nfSByYW5nZSBUaGUgdGV4dCB0byByZWFkOyBpdCBpcyBub3QgY2hhbmdlZC5cbiAqIEBwYXJhbSB7bnVtYmVyfSBzdGFydCBUaGUgcG9zaXRpb24gb2YgdGhlIGZpcnN0IG51bWJlciwgYWZ0ZXIgYW55IHByZWZpeC5cbiAqIEBwYXJhbSB7RGlnaXRSdW5DYWNoZX0gZGlnaXRSdW5zIFNoYXJlZCBkaWdpdC1ydW4gY2FjaGUsIHVwZGF0ZWQgYXMgbmVlZGVkLlxuICogQHJldHVybnMge251bWJlcn0gVGhlIHBvc2l0aW9uIGFmdGVyIHRoZSB2ZXJzaW9uIG1hdGNoLCBvciBzdGFydCBpZiBub25lIG1hdGNoZXMuXG4gKiBAZXhhbXBsZSBmaW5kTG9vc2VGdWxsVmVyc2lvbkVuZEluZGV4KCcxLjIuMy1iZXRhK3NoYSA8MicsIDAsIGRpZ2l0UnVucykgLy8gMTRcbiAqIEBleGFtcGxlIGZpbmRMb29zZUZ1bGxWZXJzaW9uRW5kSW5kZXgoJzEuMicsIDAsIGRpZ2l0UnVucykgLy8gMDsgbmVlZHMgdGhyZWUgbnVtYmVyc1xuICovXG5jb25zdCBmaW5kTG9vc2VGdWxsVmVyc2lvbkVuZEluZGV4ID0gKHJhbmdlLCBzdGFydCwgZGlnaXRSdW5zKSA9PiB7XG4gIGxldCBlbmQgPSBzdGFydFxuICBmb3IgKGxldCBjb21wb25lbnQgPSAwOyBjb21wb25lbnQgPCAzOyBjb21wb25lbnQrKykge1xuICAgIGNvbnN0IG5leHQgPSBmaW5kVmVyc2lvbk51bWJlckVuZEluZGV4KHJhbmdlLCBlbmQsIHRydWUsIGRpZ2l0UnVucylcbiAgICBpZiAobmV4dCA9PT0gZW5kKSB7XG4gICAgICByZXR1cm4gc3RhcnRcbiAgICB9XG4gICAgZW5kID0gbmV4dFxuICAgIGlmIChjb21wb25lbnQgPCAyKSB7XG4gICAgICBpZiAocmFuZ2VbZW5kXSAhPT0gJy4nKSB7XG4gICAgICAgIHJldHVybiBzdGFydFxuICAgICAgfVxuICAgICAgZW5kKytcbiAgICB9XG4gIH1cbiAgY29uc3QgcHJlcmVsZWFzZUVuZCA9IGZpbmRQcmVyZWxlYXNlRW5kSW5kZXgocmFuZ2UsIGVuZCwgdHJ1ZSwgZGlnaXRSdW5zKVxuICByZXR1cm4gZmluZEJ1aWxkRW5kSW5kZXgocmFuZ2UsIHByZXJlbGVhc2VFbmQpXG59XG5cbi8qKlxuICogUmVhZHMgb25lIGNvbXBvbmVudCBvZiBhIHBhcnRpYWwgb3Igd2lsZGNhcmQgdmVyc2lvbiwgc3VjaCBhcyAyIG9yIHggaW4gMi54LlxuICogTnVtYmVycyB1c2Ugc3RyaWN0IGxlYWRpbmctemVybyBydWxlczsgd2lsZGNhcmRzIHRha2UgdXAgb25lIGNoYXJhY3Rlci5cbiAqXG4gKiBAcGFyYW0ge3N0cmluZ30gcmFuZ2UgVGhlIHRleHQgdG8gcmVhZDsgaXQgaXMgbm90IGNoYW5nZWQuXG4gKiBAcGFyYW0ge251bWJlcn0gc3RhcnQgVGhlIHBvc2l0aW9uIHdoZXJlIHRoZSBjb21wb25lbnQgc2hvdWxkIGJlZ2luLlxuICogQHBhcmFtIHtEaWdpdFJ1bkNhY2hlfSBkaWdpdFJ1bnMgU2hhcmVkIGRpZ2l0LXJ1biBjYWNoZSwgdXBkYXRlZCBhcyBuZWVkZWQuXG4gKiBAcmV0dXJucyB7bnVtYmVyfSBUaGUgcG9zaXRpb24gYWZ0ZXIgdGhlIGNvbXBvbmVudCwgb3Igc3RhcnQgaWYgbm9uZSBtYXRjaGVzLlxuICogQGV4YW1wbGUgZmluZFBhcnRpYWxWZXJzaW9uQ29tcG9uZW50RW5kSW5kZXgoJzIueCcsIDAsIGRpZ2l0UnVucykgLy8gMSwgYXQgdGhlIGRvdFxuICogQGV4YW1wbGUgZmluZFBhcnRpYWxWZXJzaW9uQ29tcG9uZW50RW5kSW5kZXgoJzIueCcsIDIsIGRpZ2l0UnVucykgLy8gMywgYWZ0ZXIgeFxuICovXG5jb25zdCBmaW5kUGFydGlhbFZlcnNpb25Db21wb25lbnRFbmRJbmRleCA9IChyYW5nZSwgc3RhcnQsIGRpZ2l0UnVucykgPT4ge1xuICBpZiAoaXNEaWdpdChyYW5nZVtzdGFydF0pKSB7XG4gICAgcmV0dXJuIGZpbmRWZXJzaW9uTnVtYmVyRW5kSW5kZXgocmFuZ2UsIHN0YXJ0LCBmYWxzZSwgZGlnaXRSdW5zKVxuICB9XG4gIHJldHVybiBpc1ZlcnNpb25TdGFydChyYW5nZVtzdGFydF0pID8gc3RhcnQgKyAxIDogc3RhcnRcbn1cblxuLyoqXG4gKiBSZWFkcyB1cCB0byB0aHJlZSBjb21wb25lbnRzLCBhbGxvd2luZyBmb3JtcyBzdWNoIGFzIDEsIDEuMiwgb3IgMS54LlxuICogQWZ0ZXIgdGhlIHRoaXJkIGNvbXBvbmVudCwgYWxzbyByZWFkcyBhbnkgc3RyaWN0IHByZXJlbGVhc2UgYW5kIGJ1aWxkIHN1ZmZpeGVzLlxuICpcbiAqIEBwYXJhbSB7c3RyaW5nfSByYW5nZSBUaGUgdGV4dCB0byByZWFkOyBpdCBpcyBub3QgY2hhbmdlZC5cbiAqIEBwYXJhbSB7bnVtYmVyfSBzdGFydCBUaGUgcG9zaXRpb24gb2YgYSBudW1iZXIgb3Igd2lsZGNhcmQsIGFmdGVyIGFueSBwcmVmaXguXG4gKiBAcGFyYW0ge0RpZ2l0UnVuQ2FjaGV9IGRpZ2l0UnVucyBTaGFyZWQgZGlnaXQtcnVuIGNhY2hlLCB1cGRhdGVkIGFzIG5lZWRlZC5cbiAqIEByZXR1cm5zIHtudW1iZXJ9IFRoZSBwb3NpdGlvbiBhZnRlciB0aGUgbWF0Y2hlZCB2ZXJzaW9uIHRleHQuXG4gKiBAZXhhbXBsZSBmaW5kUGFydGlhbFZlcnNpb25FbmRJbmRleCgnMS54IDwyJywgMCwgZGlnaXRSdW5zKSAvLyAzLCBhdCB0aGUgc3BhY2VcbiAqIEBleGFtcGxlIGZpbmRQYXJ0aWFsVmVyc2lvbkVuZEluZGV4KCcxLicsIDAsIGRpZ2l0UnVucykgLy8gMTsgdGhlIHRyYWlsaW5nIGRvdCBpcyB1bnJlYWRcbiAqL1xuY29uc3QgZmluZFBhcnRpYWxWZXJzaW9uRW5kSW5kZXggPSAocmFuZ2UsIHN0YXJ0LCBkaWdpdFJ1bnMpID0+IHtcbiAgbGV0IGVuZCA9IGZpbmRQYXJ0aWFsVmVyc2lvbkNvbXBvbmVudEVuZEluZGV4KHJhbmdlLCBzdGFydCwgZGlnaXRSdW5zKVxuICBmb3IgKGxldCBjb21wb25lbnQgPSAwOyBjb21wb25lbnQgPCAyOyBjb21wb25lbnQrKykge1xuICAgIGlmIChyYW5nZVtlbmRdICE9PSAnLicpIHtcbiAgICAgIHJldHVybiBlbmRcbiAgICB9XG4gICAgY29uc3QgbmV4dCA9IGZpbmRQYXJ0aWFsVmVyc2lvbkNvbXBvbmVudEVuZEluZGV4KHJhbmdlLCBlbmQgKyAxLCBkaWdpdFJ1bnMpXG4gICAgaWYgKG5leHQgPT09IGVuZCArIDEpIHtcbiAgICAgIHJldHVybiBlbmRcbiAgICB9XG4gICAgZW5kID0gbmV4dFxuICB9XG4gIGNvbnN0IHByZXJlbGVhc2VFbmQgPSBmaW5kUHJlcmVsZWFzZUVuZEluZGV4KHJhbmdlLCBlbmQsIGZhbHNlLCBkaWdpdFJ1bnMpXG4gIHJldHVybiBmaW5kQnVpbGRFbmRJbmRleChyYW5nZSwgcHJlcmVsZWFzZUVuZClcbn1cblxuLyoqXG4gKiBGaW5kcyB3aGVyZSBhIHZlcnNpb24gbWF0Y2ggZW5kcywgd2l0aG91dCBkZWNpZGluZyB3aGV0aGVyIHRoZSByYW5nZSBpcyB2YWxpZC5cbiAqIFRyaWVzIGEgbG9vc2UgZnVsbCB2ZXJzaW9uIGZpcnN0LCB0aGVuIGEgcGFydGlhbCBvciB3aWxkY2FyZCB2ZXJzaW9uLCBqdXN0XG4gKiBsaWtlIHRoZSBvbGQgcmVnZXgncyBMT09TRVBMQUlOIGFuZCBYUkFOR0VQTEFJTiBhbHRlcm5hdGl2ZXMuXG4gKlxuICogQHBhcmFtIHtzdHJpbmd9IHJhbmdlIFRoZSB0ZXh0IHRvIHJlYWQ7IGl0IGlzIG5vdCBjaGFuZ2VkLlxuICogQHBhcmFtIHtudW1iZXJ9IHN0YXJ0IFRoZSBwb3NpdGlvbiBvZiBhIG51bWJlciBvciB3aWxkY2FyZCwgYWZ0ZXIgYW55IHByZWZpeC5cbiAqIEBwYXJhbSB7RGlnaXRSdW5DYWNoZX0gZGlnaXRSdW5zIFNoYXJlZCBkaWdpdC1ydW4gY2FjaGUsIHVwZGF0ZWQgYXMgbmVlZGVkLlxuICogQHJldHVybnMge251bWJlcn0gVGhlIHBvc2l0aW9uIHdoZXJlIHNjYW5uaW5nIHRoZSBuZXh0IGNhbmRpZGF0ZSBjYW4gcmVzdW1lLlxuICogQGV4YW1wbGUgZmluZFZlcnNpb25FbmRJbmRleCgnMS4yLjMgPDInLCAwLCBkaWdpdFJ1bnMpIC8vIDUsIGF0IHRoZSBzcGFjZVxuICogQGV4YW1wbGUgZmluZFZlcnNpb25FbmRJbmRleCgnMS54IDwyJywgMCwgZGlnaXRSdW5zKSAvLyAzLCBhdCB0aGUgc3BhY2VcbiAqL1xuY29uc3QgZmluZFZlcnNpb25FbmRJbmRleCA9IChyYW5nZSwgc3RhcnQsIGRpZ2l0UnVucykgPT4ge1xuICBjb25zdCBmdWxsVmVyc2lvbkVuZCA9IGZpbmRMb29zZUZ1bGxWZXJzaW9uRW5kSW5kZXgocmFuZ2UsIHN0YXJ0LCBkaWdpdFJ1bnMpXG4gIHJldHVybiBmdWxsVmVyc2lvbkVuZCAhPT0gc3RhcnRcbiAgICA/IGZ1bGxWZXJzaW9uRW5kXG4gICAgOiBmaW5kUGFydGlhbFZlcnNpb25FbmRJbmRleChyYW5nZSwgc3RhcnQsIGRpZ2l0UnVucylcbn1cblxuLyoqXG4gKiBGaW5kcyB0aGUgb25lIHdoaXRlc3BhY2UgY2hhcmFjdGVyIHRoZSBvbGQgcmVwbGFjZW1lbnQgd291bGQgcmVtb3ZlLlxuICogS2VlcHMgbGVhZGluZyB3aGl0ZXNwYWNlLCBza2lwcyBhbiBvcHRpb25hbCBvcGVyYXRvciwgYW5kIGNoZWNrcyBpbW1lZGlhdGVseVxuICogYWZ0ZXIgaXQuIFJldHVybnMgLTEgaWYgdGhlcmUgaXMgbm90aGluZyB0byByZW1vdmUuXG4gKlxuICogQHBhcmFtIHtzdHJpbmd9IHJhbmdlIFRoZSB0ZXh0IGNvbnRhaW5pbmcgYSBjYW5kaWRhdGUgYWxyZWFkeSBmb3VuZCBieSB0aGUgY2FsbGVyLlxuICogQHBhcmFtIHtudW1iZXJ9IG1hdGNoU3RhcnQgVGhlIGNhbmRpZGF0ZSdzIHBvc2l0aW9uLCBpbmNsdWRpbmcgbGVhZGluZyB3aGl0ZXNwYWNlLlxuICogQHJldHVybnMge251bWJlcn0gVGhlIHBvc2l0aW9uIG9mIHRoZSByZW1vdmFibGUgd2hpdGVzcGFjZSwgb3IgLTEgaWYgYWJzZW50LlxuICogQGV4YW1wbGUgZmluZFJlbW92YWJsZVdoaXRlc3BhY2VJbmRleCgnID4gMScsIDApIC8vIDI7IGtlZXAgdGhlIHNwYWNlIGF0IHBvc2l0aW9uIDBcbiAqIEBleGFtcGxlIGZpbmRSZW1vdmFibGVXaGl0ZXNwYWNlSW5kZXgoJz4xJywgMCkgLy8gLTFcbiAqL1xuY29uc3QgZmluZFJlbW92YWJsZVdoaXRlc3BhY2VJbmRleCA9IChyYW5nZSwgbWF0Y2hTdGFydCkgPT4ge1xuICBsZXQgcG9zaXRpb24gPSBtYXRjaFN0YXJ0XG4gIGlmIChpc1doaXRlc3BhY2UocmFuZ2VbcG9zaXRpb25dKSkge1xuICAgIHBvc2l0aW9uKytcbiAgfVxuICBpZiAocmFuZ2VbcG9zaXRpb25dID09PSAnPCcgfHwgcmFuZ2VbcG9zaXRpb25dID09PSAnPicpIHtcbiAgICBwb3NpdGlvbisrXG4gIH1cbiAgaWYgKHJhbmdlW3Bvc2l0aW9uXSA9PT0gJz0nKSB7XG4gICAgcG9zaXRpb24rK1xuICB9XG4gIHJldHVybiBpc1doaXRlc3BhY2UocmFuZ2VbcG9zaXRpb25dKSA/IHBvc2l0aW9uIDogLTFcbn1cblxuLyoqXG4gKiBKb2lucyBhbiBvcGVyYXRvciB0byBpdHMgdmVyc2lvbiwgdHVybmluZyA+IDEuMi4zIGludG8gPjEuMi4zLlxuICogQ29waWVzIGV2ZXJ5dGhpbmcgZWxzZSBhY2NvcmRpbmcgdG8gdGhlIG9sZCByZWdleCdzIG1hdGNoaW5nIHJ1bGVzLlxuICogTW92ZXMgZm9yd2FyZCB0aHJvdWdoIHByZWZpeGVzIGFuZCB3aG9sZSB2ZXJzaW9ucyB0byBhdm9pZCByZXBlYXRlZGx5XG4gKiBzZWFyY2hpbmcgdGhlIHNhbWUgY2hhcmFjdGVycyBvbiBsb25nIGlucHV0cy5cbiAqXG4gKiBAcGFyYW0ge3N0cmluZ30gcmFuZ2UgVGhlIHJhbmdlIHRleHQgdG8gcHJvY2VzczsgdGhlIG9yaWdpbmFsIHN0cmluZyBpcyB1bmNoYW5nZWQuXG4gKiBAcmV0dXJucyB7c3RyaW5nfSBUaGUgcmFuZ2Ugd2l0aCBtYXRjaGVkIG9wZXJhdG9yIHdoaXRlc3BhY2UgcmVtb3ZlZC5cbiAqIEBleGFtcGxlIHRyaW1Db21wYXJhdG9yV2hpdGVzcGFjZSgnPiAxLjIuMyA8IDInKSAvLyAnPjEuMi4zIDwyJ1xuICogQGV4YW1wbGUgdHJpbUNvbXBhcmF0b3JXaGl0ZXNwYWNlKCc+IGludmFsaWQnKSAvLyAnPiBpbnZhbGlkJ1xuICovXG5jb25zdCB0cmltQ29tcGFyYXRvcldoaXRlc3BhY2UgPSByYW5nZSA9PiB7XG4gIGxldCByZXN1bHQgPSAnJ1xuICBsZXQgY29weUZyb20gPSAwXG4gIGxldCBjdXJzb3IgPSAwXG4gIGNvbnN0IGRpZ2l0UnVucyA9IHsgc3RhcnQ6IC0xLCBlbmQ6IC0xLCBwcmV2aW91c1N0YXJ0OiAtMSwgcHJldmlvdXNFbmQ6IC0xIH1cblxuICB3aGlsZSAoY3Vyc29yIDwgcmFuZ2UubGVuZ3RoKSB7XG4gICAgY29uc3QgbWF0Y2hTdGFydCA9IGN1cnNvclxuICAgIGlmIChyYW5nZVtjdXJzb3JdID09PSAnPCcgfHwgcmFuZ2VbY3Vyc29yXSA9PT0gJz4nKSB7XG4gICAgICBjdXJzb3IrK1xuICAgIH0gZWxzZSBpZiAoIWlzVmVyc2lvblByZWZpeChyYW5nZVtjdXJzb3JdKSAmJiAhaXNWZXJzaW9uU3RhcnQocmFuZ2VbY3Vyc29yXSkpIHtcbiAgICAgIGN1cnNvcisrXG4gICAgICBjb250aW51ZVxuICAgIH1cblxuICAgIC8vIENvbnN1bWUgYSB2Lz0vd2hpdGVzcGFjZSBydW4gb25jZSwgZXZlbiB3aGVuIG5vIHZlcnNpb24gZm9sbG93cyBpdC5cbiAgICB3aGlsZSAoY3Vyc29yIDwgcmFuZ2UubGVuZ3RoICYmIGlzVmVyc2lvblByZWZpeChyYW5nZVtjdXJzb3JdKSkge1xuICAgICAgY3Vyc29yKytcbiAgICB9XG4gICAgaWYgKCFpc1ZlcnNpb25TdGFydChyYW5nZVtjdXJzb3JdKSkge1xuICAgICAgY29udGludWVcbiAgICB9XG5cbiAgICBjb25zdCB3aGl0ZXNwYWNlUG9zaXRpb24gPSBmaW5kUmVtb3ZhYmxlV2hpdGVzcGFjZUluZGV4KHJhbmdlLCBtYXRjaFN0YXJ0KVxuICAgIGlmICh3aGl0ZXNwYWNlUG9zaXRpb24gIT09IC0xKSB7XG4gICAgICByZXN1bHQgKz0gcmFuZ2Uuc2xpY2UoY29weUZyb20sIHdoaXRlc3BhY2VQb3NpdGlvbilcbiAgICAgIGNvcHlGcm9tID0gd2hpdGVzcGFjZVBvc2l0aW9uICsgMVxuICAgIH1cblxuICAgIC8vIFNraXAgdGhlIGVudGlyZSBtYXRjaCwgc28gYSBwcmVyZWxlYXNlJ3MgdHJhaWxpbmcgdiBjYW5ub3QgYmVcbiAgICAvLyByZWNvbnNpZGVyZWQgYXMgdGhlIHByZWZpeCBvZiBhbm90aGVyIHZlcnNpb24uXG4gICAgY3Vyc29yID0gZmluZFZlcnNpb25FbmRJbmRleChyYW5nZSwgY3Vyc29yLCBkaWdpdFJ1bnMpXG4gIH1cblxuICByZXR1cm4gcmVzdWx0ICsgcmFuZ2Uuc2xpY2UoY29weUZyb20pXG59XG5cbm1vZHVsZS5leHBvcnRzID0gdHJpbUNvbXBhcmF0b3JXaGl0ZXNwYWNlXG4iLCIndXNlIHN0cmljdCdcblxuY29uc3QgU1BBQ0VfQ0hBUkFDVEVSUyA9IC9cXHMrL2dcblxuLy8gaG9pc3RlZCBjbGFzcyBmb3IgY3ljbGljIGRlcGVuZGVuY3lcbmNsYXNzIFJhbmdlIHtcbiAgY29uc3RydWN0b3IgKHJhbmdlLCBvcHRpb25zKSB7XG4gICAgb3B0aW9ucyA9IHBhcnNlT3B0aW9ucyhvcHRpb25zKVxuXG4gICAgaWYgKHJhbmdlIGluc3RhbmNlb2YgUmFuZ2UpIHtcbiAgICAgIGlmIChcbiAgICAgICAgcmFuZ2UubG9vc2UgPT09ICEhb3B0aW9ucy5sb29zZSAmJlxuICAgICAgICByYW5nZS5pbmNsdWRlUHJlcmVsZWFzZSA9PT0gISFvcHRpb25zLmluY2x1ZGVQcmVyZWxlYXNlXG4gICAgICApIHtcbiAgICAgICAgcmV0dXJuIHJhbmdlXG4gICAgICB9IGVsc2Uge1xuICAgICAgICByZXR1cm4gbmV3IFJhbmdlKHJhbmdlLnJhdywgb3B0aW9ucylcbiAgICAgIH1cbiAgICB9XG5cbiAgICBpZiAocmFuZ2UgaW5zdGFuY2VvZiBDb21wYXJhdG9yKSB7XG4gICAgICAvLyBqdXN0IHB1dCBpdCBpbiB0aGUgc2V0IGFuZCByZXR1cm5cbiAgICAgIHRoaXMucmF3ID0gcmFuZ2UudmFsdWVcbiAgICAgIHRoaXMuc2V0ID0gW1tyYW5nZV1dXG4gICAgICB0aGlzLmZvcm1hdHRlZCA9IHVuZGVmaW5lZFxuICAgICAgcmV0dXJuIHRoaXNcbiAgICB9XG5cbiAgICB0aGlzLm9wdGlvbnMgPSBvcHRpb25zXG4gICAgdGhpcy5sb29zZSA9ICEhb3B0aW9ucy5sb29zZVxuICAgIHRoaXMuaW5jbHVkZVByZXJlbGVhc2UgPSAhIW9wdGlvbnMuaW5jbHVkZVByZXJlbGVhc2VcblxuICAgIC8vIEZpcnN0IHJlZHVjZSBhbGwgd2hpdGVzcGFjZSBhcyBtdWNoIGFzIHBvc3NpYmxlIHNvIHdlIGRvIG5vdCBoYXZlIHRvIHJlbHlcbiAgICAvLyBvbiBwb3RlbnRpYWxseSBzbG93IHJlZ2V4ZXMgbGlrZSBcXHMqLiBUaGlzIGlzIHRoZW4gc3RvcmVkIGFuZCB1c2VkIGZvclxuICAgIC8vIGZ1dHVyZSBlcnJvciBtZXNzYWdlcyBhcyB3ZWxsLlxuICAgIHRoaXMucmF3ID0gcmFuZ2UudHJpbSgpLnJlcGxhY2UoU1BBQ0VfQ0hBUkFDVEVSUywgJyAnKVxuXG4gICAgLy8gRmlyc3QsIHNwbGl0IG9uIHx8XG4gICAgdGhpcy5zZXQgPSB0aGlzLnJhd1xuICAgICAgLnNwbGl0KCd8fCcpXG4gICAgICAvLyBtYXAgdGhlIHJhbmdlIHRvIGEgMmQgYXJyYXkgb2YgY29tcGFyYXRvcnNcbiAgICAgIC5tYXAociA9PiB0aGlzLnBhcnNlUmFuZ2Uoci50cmltKCkpKVxuICAgICAgLy8gdGhyb3cgb3V0IGFueSBjb21wYXJhdG9yIGxpc3RzIHRoYXQgYXJlIGVtcHR5XG4gICAgICAvLyB0aGlzIGdlbmVyYWxseSBtZWFucyB0aGF0IGl0IHdhcyBub3QgYSB2YWxpZCByYW5nZSwgd2hpY2ggaXMgYWxsb3dlZFxuICAgICAgLy8gaW4gbG9vc2UgbW9kZSwgYnV0IHdpbGwgc3RpbGwgdGhyb3cgaWYgdGhlIFdIT0xFIHJhbmdlIGlzIGludmFsaWQuXG4gICAgICAuZmlsdGVyKGMgPT4gYy5sZW5ndGgpXG5cbiAgICBpZiAoIXRoaXMuc2V0Lmxlbmd0aCkge1xuICAgICAgdGhyb3cgbmV3IFR5cGVFcnJvcihgSW52YWxpZCBTZW1WZXIgUmFuZ2U6ICR7dGhpcy5yYXd9YClcbiAgICB9XG5cbiAgICAvLyBpZiB3ZSBoYXZlIGFueSB0aGF0IGFyZSBub3QgdGhlIG51bGwgc2V0LCB0aHJvdyBvdXQgbnVsbCBzZXRzLlxuICAgIGlmICh0aGlzLnNldC5sZW5ndGggPiAxKSB7XG4gICAgICAvLyBrZWVwIHRoZSBmaXJzdCBvbmUsIGluIGNhc2UgdGhleSdyZSBhbGwgbnVsbCBzZXRzXG4gICAgICBjb25zdCBmaXJzdCA9IHRoaXMuc2V0WzBdXG4gICAgICB0aGlzLnNldCA9IHRoaXMuc2V0LmZpbHRlcihjID0+ICFpc051bGxTZXQoY1swXSkpXG4gICAgICBpZiAodGhpcy5zZXQubGVuZ3RoID09PSAwKSB7XG4gICAgICAgIHRoaXMuc2V0ID0gW2ZpcnN0XVxuICAgICAgfSBlbHNlIGlmICh0aGlzLnNldC5sZW5ndGggPiAxKSB7XG4gICAgICAgIC8vIGlmIHdlIGhhdmUgYW55IHRoYXQgYXJlICosIHRoZW4gdGhlIHJhbmdlIGlzIGp1c3QgKlxuICAgICAgICBmb3IgKGNvbnN0IGMgb2YgdGhpcy5zZXQpIHtcbiAgICAgICAgICBpZiAoYy5sZW5ndGggPT09IDEgJiYgaXNBbnkoY1swXSkpIHtcbiAgICAgICAgICAgIHRoaXMuc2V0ID0gW2NdXG4gICAgICAgICAgICBicmVha1xuICAgICAgICAgIH1cbiAgICAgICAgfVxuICAgICAgfVxuICAgIH1cblxuICAgIHRoaXMuZm9ybWF0dGVkID0gdW5kZWZpbmVkXG4gIH1cblxuICBnZXQgcmFuZ2UgKCkge1xuICAgIGlmICh0aGlzLmZvcm1hdHRlZCA9PT0gdW5kZWZpbmVkKSB7XG4gICAgICB0aGlzLmZvcm1hdHRlZCA9ICcnXG4gICAgICBmb3IgKGxldCBpID0gMDsgaSA8IHRoaXMuc2V0Lmxlbmd0aDsgaSsrKSB7XG4gICAgICAgIGlmIChpID4gMCkge1xuICAgICAgICAgIHRoaXMuZm9ybWF0dGVkICs9ICd8fCdcbiAgICAgICAgfVxuICAgICAgICBjb25zdCBjb21wcyA9IHRoaXMuc2V0W2ldXG4gICAgICAgIGZvciAobGV0IGsgPSAwOyBrIDwgY29tcHMubGVuZ3RoOyBrKyspIHtcbiAgICAgICAgICBpZiAoayA+IDApIHtcbiAgICAgICAgICAgIHRoaXMuZm9ybWF0dGVkICs9ICcgJ1xuICAgICAgICAgIH1cbiAgICAgICAgICB0aGlzLmZvcm1hdHRlZCArPSBjb21wc1trXS50b1N0cmluZygpLnRyaW0oKVxuICAgICAgICB9XG4gICAgICB9XG4gICAgfVxuICAgIHJldHVybiB0aGlzLmZvcm1hdHRlZFxuICB9XG5cbiAgZm9ybWF0ICgpIHtcbiAgICByZXR1cm4gdGhpcy5yYW5nZVxuICB9XG5cbiAgdG9TdHJpbmcgKCkge1xuICAgIHJldHVybiB0aGlzLnJhbmdlXG4gIH1cblxuICBwYXJzZVJhbmdlIChyYW5nZSkge1xuICAgIC8vIHN0cmlwIGJ1aWxkIG1ldGFkYXRhIHNvIGl0IGNhbid0IGJsZWVkIGludG8gdGhlIHZlcnNpb25cbiAgICByYW5nZSA9IHJhbmdlLnJlcGxhY2UoQlVJTERTVFJJUFJFLCAnJylcblxuICAgIC8vIG1lbW9pemUgcmFuZ2UgcGFyc2luZyBmb3IgcGVyZm9ybWFuY2UuXG4gICAgLy8gdGhpcyBpcyBhIHZlcnkgaG90IHBhdGgsIGFuZCBmdWxseSBkZXRlcm1pbmlzdGljLlxuICAgIGNvbnN0IG1lbW9PcHRzID1cbiAgICAgICh0aGlzLm9wdGlvbnMuaW5jbHVkZVByZXJlbGVhc2UgJiYgRkxBR19JTkNMVURFX1BSRVJFTEVBU0UpIHxcbiAgICAgICh0aGlzLm9wdGlvbnMubG9vc2UgJiYgRkxBR19MT09TRSlcbiAgICBjb25zdCBtZW1vS2V5ID0gbWVtb09wdHMgKyAnOicgKyByYW5nZVxuICAgIGNvbnN0IGNhY2hlZCA9IGNhY2hlLmdldChtZW1vS2V5KVxuICAgIGlmIChjYWNoZWQpIHtcbiAgICAgIHJldHVybiBjYWNoZWRcbiAgICB9XG5cbiAgICBjb25zdCBsb29zZSA9IHRoaXMub3B0aW9ucy5sb29zZVxuICAgIC8vIGAxLjIuMyAtIDEuMi40YCA9PiBgPj0xLjIuMyA8PTEuMi40YFxuICAgIGNvbnN0IGhyID0gbG9vc2UgPyByZVt0LkhZUEhFTlJBTkdFTE9PU0VdIDogcmVbdC5IWVBIRU5SQU5HRV1cbiAgICByYW5nZSA9IHJhbmdlLnJlcGxhY2UoaHIsIGh5cGhlblJlcGxhY2UodGhpcy5vcHRpb25zLmluY2x1ZGVQcmVyZWxlYXNlKSlcbiAgICBkZWJ1ZygnaHlwaGVuIHJlcGxhY2UnLCByYW5nZSlcblxuICAgIC8vIGA+IDEuMi4zIDwgMS4yLjVgID0+IGA+MS4yLjMgPDEuMi41YFxuICAgIHJhbmdlID0gdHJpbUNvbXBhcmF0b3JXaGl0ZXNwYWNlKHJhbmdlKVxuICAgIGRlYnVnKCdjb21wYXJhdG9yIHRyaW0nLCByYW5nZSlcblxuICAgIC8vIGB+IDEuMi4zYCA9PiBgfjEuMi4zYFxuICAgIHJhbmdlID0gcmFuZ2UucmVwbGFjZShyZVt0LlRJTERFVFJJTV0sIHRpbGRlVHJpbVJlcGxhY2UpXG4gICAgZGVidWcoJ3RpbGRlIHRyaW0nLCByYW5nZSlcblxuICAgIC8vIGBeIDEuMi4zYCA9PiBgXjEuMi4zYFxuICAgIHJhbmdlID0gcmFuZ2UucmVwbGFjZShyZVt0LkNBUkVUVFJJTV0sIGNhcmV0VHJpbVJlcGxhY2UpXG4gICAgZGVidWcoJ2NhcmV0IHRyaW0nLCByYW5nZSlcblxuICAgIC8vIEF0IHRoaXMgcG9pbnQsIHRoZSByYW5nZSBpcyBjb21wbGV0ZWx5IHRyaW1tZWQgYW5kXG4gICAgLy8gcmVhZHkgdG8gYmUgc3BsaXQgaW50byBjb21wYXJhdG9ycy5cblxuICAgIGxldCByYW5nZUxpc3QgPSByYW5nZVxuICAgICAgLnNwbGl0KCcgJylcbiAgICAgIC5tYXAoY29tcCA9PiBwYXJzZUNvbXBhcmF0b3IoY29tcCwgdGhpcy5vcHRpb25zKSlcbiAgICAgIC5qb2luKCcgJylcbiAgICAgIC5zcGxpdCgvXFxzKy8pXG4gICAgICAvLyA+PTAuMC4wIGlzIGVxdWl2YWxlbnQgdG8gKlxuICAgICAgLm1hcChjb21wID0+IHJlcGxhY2VHVEUwKGNvbXAsIHRoaXMub3B0aW9ucykpXG5cbiAgICBpZiAobG9vc2UpIHtcbiAgICAgIC8vIGluIGxvb3NlIG1vZGUsIHRocm93IG91dCBhbnkgdGhhdCBhcmUgbm90IHZhbGlkIGNvbXBhcmF0b3JzXG4gICAgICByYW5nZUxpc3QgPSByYW5nZUxpc3QuZmlsdGVyKGNvbXAgPT4ge1xuICAgICAgICBkZWJ1ZygnbG9vc2UgaW52YWxpZCBmaWx0ZXInLCBjb21wLCB0aGlzLm9wdGlvbnMpXG4gICAgICAgIHJldHVybiAhIWNvbXAubWF0Y2gocmVbdC5DT01QQVJBVE9STE9PU0VdKVxuICAgICAgfSlcbiAgICB9XG4gICAgZGVidWcoJ3JhbmdlIGxpc3QnLCByYW5nZUxpc3QpXG5cbiAgICAvLyBpZiBhbnkgY29tcGFyYXRvcnMgYXJlIHRoZSBudWxsIHNldCwgdGhlbiByZXBsYWNlIHdpdGggSlVTVCBudWxsIHNldFxuICAgIC8vIGlmIG1vcmUgdGhhbiBvbmUgY29tcGFyYXRvciwgcmVtb3ZlIGFueSAqIGNvbXBhcmF0b3JzXG4gICAgLy8gYWxzbywgZG9uJ3QgaW5jbHVkZSB0aGUgc2FtZSBjb21wYXJhdG9yIG1vcmUgdGhhbiBvbmNlXG4gICAgY29uc3QgcmFuZ2VNYXAgPSBuZXcgTWFwKClcbiAgICBjb25zdCBjb21wYXJhdG9ycyA9IHJhbmdlTGlzdC5tYXAoY29tcCA9PiBuZXcgQ29tcGFyYXRvcihjb21wLCB0aGlzLm9wdGlvbnMpKVxuICAgIGZvciAoY29uc3QgY29tcCBvZiBjb21wYXJhdG9ycykge1xuICAgICAgaWYgKGlzTnVsbFNldChjb21wKSkge1xuICAgICAgICByZXR1cm4gW2NvbXBdXG4gICAgICB9XG4gICAgICByYW5nZU1hcC5zZXQoY29tcC52YWx1ZSwgY29tcClcbiAgICB9XG4gICAgaWYgKHJhbmdlTWFwLnNpemUgPiAxICYmIHJhbmdlTWFwLmhhcygnJykpIHtcbiAgICAgIHJhbmdlTWFwLmRlbGV0ZSgnJylcbiAgICB9XG5cbiAgICBjb25zdCByZXN1bHQgPSBbLi4ucmFuZ2VNYXAudmFsdWVzKCldXG4gICAgY2FjaGUuc2V0KG1lbW9LZXksIHJlc3VsdClcbiAgICByZXR1cm4gcmVzdWx0XG4gIH1cblxuICBpbnRlcnNlY3RzIChyYW5nZSwgb3B0aW9ucykge1xuICAgIGlmICghKHJhbmdlIGluc3RhbmNlb2YgUmFuZ2UpKSB7XG4gICAgICB0aHJvdyBuZXcgVHlwZUVycm9yKCdhIFJhbmdlIGlzIHJlcXVpcmVkJylcbiAgICB9XG5cbiAgICByZXR1cm4gdGhpcy5zZXQuc29tZSgodGhpc0NvbXBhcmF0b3JzKSA9PiB7XG4gICAgICByZXR1cm4gKFxuICAgICAgICBpc1NhdGlzZmlhYmxlKHRoaXNDb21wYXJhdG9ycywgb3B0aW9ucykgJiZcbiAgICAgICAgcmFuZ2Uuc2V0LnNvbWUoKHJhbmdlQ29tcGFyYXRvcnMpID0+IHtcbiAgICAgICAgICByZXR1cm4gKFxuICAgICAgICAgICAgaXNTYXRpc2ZpYWJsZShyYW5nZUNvbXBhcmF0b3JzLCBvcHRpb25zKSAmJlxuICAgICAgICAgICAgdGhpc0NvbXBhcmF0b3JzLmV2ZXJ5KCh0aGlzQ29tcGFyYXRvcikgPT4ge1xuICAgICAgICAgICAgICByZXR1cm4gcmFuZ2VDb21wYXJhdG9ycy5ldmVyeSgocmFuZ2VDb21wYXJhdG9yKSA9PiB7XG4gICAgICAgICAgICAgICAgcmV0dXJuIHRoaXNDb21wYXJhdG9yLmludGVyc2VjdHMocmFuZ2VDb21wYXJhdG9yLCBvcHRpb25zKVxuICAgICAgICAgICAgICB9KVxuICAgICAgICAgICAgfSlcbiAgICAgICAgICApXG4gICAgICAgIH0pXG4gICAgICApXG4gICAgfSlcbiAgfVxuXG4gIC8vIGlmIEFOWSBvZiB0aGUgc2V0cyBtYXRjaCBBTEwgb2YgaXRzIGNvbXBhcmF0b3JzLCB0aGVuIHBhc3NcbiAgdGVzdCAodmVyc2lvbikge1xuICAgIGlmICghdmVyc2lvbikge1xuICAgICAgcmV0dXJuIGZhbHNlXG4gICAgfVxuXG4gICAgaWYgKHR5cGVvZiB2ZXJzaW9uID09PSAnc3RyaW5nJykge1xuICAgICAgdHJ5IHtcbiAgICAgICAgdmVyc2lvbiA9IG5ldyBTZW1WZXIodmVyc2lvbiwgdGhpcy5vcHRpb25zKVxuICAgICAgfSBjYXRjaCAoZXIpIHtcbiAgICAgICAgcmV0dXJuIGZhbHNlXG4gICAgICB9XG4gICAgfVxuXG4gICAgZm9yIChsZXQgaSA9IDA7IGkgPCB0aGlzLnNldC5sZW5ndGg7IGkrKykge1xuICAgICAgaWYgKHRlc3RTZXQodGhpcy5zZXRbaV0sIHZlcnNpb24sIHRoaXMub3B0aW9ucykpIHtcbiAgICAgICAgcmV0dXJuIHRydWVcbiAgICAgIH1cbiAgICB9XG4gICAgcmV0dXJuIGZhbHNlXG4gIH1cbn1cblxubW9kdWxlLmV4cG9ydHMgPSBSYW5nZVxuXG5jb25zdCBMUlUgPSByZXF1aXJlKCcuLi9pbnRlcm5hbC9scnVjYWNoZScpXG5jb25zdCBjYWNoZSA9IG5ldyBMUlUoKVxuXG5jb25zdCBwYXJzZU9wdGlvbnMgPSByZXF1aXJlKCcuLi9pbnRlcm5hbC9wYXJzZS1vcHRpb25zJylcbmNvbnN0IENvbXBhcmF0b3IgPSByZXF1aXJlKCcuL2NvbXBhcmF0b3InKVxuY29uc3QgZGVidWcgPSByZXF1aXJlKCcuLi9pbnRlcm5hbC9kZWJ1ZycpXG5jb25zdCBTZW1WZXIgPSByZXF1aXJlKCcuL3NlbXZlcicpXG5jb25zdCB0cmltQ29tcGFyYXRvcldoaXRlc3BhY2UgPSByZXF1aXJlKCcuLi9pbnRlcm5hbC90cmltLWNvbXBhcmF0b3Itd2hpdGVzcGFjZScpXG5jb25zdCB7XG4gIHNhZmVSZTogcmUsXG4gIHNyYyxcbiAgdCxcbiAgdGlsZGVUcmltUmVwbGFjZSxcbiAgY2FyZXRUcmltUmVwbGFjZSxcbn0gPSByZXF1aXJlKCcuLi9pbnRlcm5hbC9yZScpXG5jb25zdCB7IEZMQUdfSU5DTFVERV9QUkVSRUxFQVNFLCBGTEFHX0xPT1NFIH0gPSByZXF1aXJlKCcuLi9pbnRlcm5hbC9jb25zdGFudHMnKVxuXG4vLyB1bmJvdW5kZWQgZ2xvYmFsIGJ1aWxkLW1ldGFkYXRhIHN0cmlwcGVyIHVzZWQgYnkgcGFyc2VSYW5nZVxuY29uc3QgQlVJTERTVFJJUFJFID0gbmV3IFJlZ0V4cChzcmNbdC5CVUlMRF0sICdnJylcblxuY29uc3QgaXNOdWxsU2V0ID0gYyA9PiBjLnZhbHVlID09PSAnPDAuMC4wLTAnXG5jb25zdCBpc0FueSA9IGMgPT4gYy52YWx1ZSA9PT0gJydcblxuLy8gdGFrZSBhIHNldCBvZiBjb21wYXJhdG9ycyBhbmQgZGV0ZXJtaW5lIHdoZXRoZXIgdGhlcmVcbi8vIGV4aXN0cyBhIHZlcnNpb24gd2hpY2ggY2FuIHNhdGlzZnkgaXRcbmNvbnN0IGlzU2F0aXNmaWFibGUgPSAoY29tcGFyYXRvcnMsIG9wdGlvbnMpID0+IHtcbiAgbGV0IHJlc3VsdCA9IHRydWVcbiAgY29uc3QgcmVtYWluaW5nQ29tcGFyYXRvcnMgPSBjb21wYXJhdG9ycy5zbGljZSgpXG4gIGxldCB0ZXN0Q29tcGFyYXRvciA9IHJlbWFpbmluZ0NvbXBhcmF0b3JzLnBvcCgpXG5cbiAgd2hpbGUgKHJlc3VsdCAmJiByZW1haW5pbmdDb21wYXJhdG9ycy5sZW5ndGgpIHtcbiAgICByZXN1bHQgPSByZW1haW5pbmdDb21wYXJhdG9ycy5ldmVyeSgob3RoZXJDb21wYXJhdG9yKSA9PiB7XG4gICAgICByZXR1cm4gdGVzdENvbXBhcmF0b3IuaW50ZXJzZWN0cyhvdGhlckNvbXBhcmF0b3IsIG9wdGlvbnMpXG4gICAgfSlcblxuICAgIHRlc3RDb21wYXJhdG9yID0gcmVtYWluaW5nQ29tcGFyYXRvcnMucG9wKClcbiAgfVxuXG4gIHJldHVybiByZXN1bHRcbn1cblxuLy8gY29tcHJpc2VkIG9mIHhyYW5nZXMsIHRpbGRlcywgc3RhcnMsIGFuZCBndGx0J3MgYXQgdGhpcyBwb2ludC5cbi8vIGFscmVhZHkgcmVwbGFjZWQgdGhlIGh5cGhlbiByYW5nZXNcbi8vIHR1cm4gaW50byBhIHNldCBvZiBKVVNUIGNvbXBhcmF0b3JzLlxuY29uc3QgcGFyc2VDb21wYXJhdG9yID0gKGNvbXAsIG9wdGlvbnMpID0+IHtcbiAgY29tcCA9IGNvbXAucmVwbGFjZShyZVt0LkJVSUxEXSwgJycpXG4gIGRlYnVnKCdjb21wJywgY29tcCwgb3B0aW9ucylcbiAgY29tcCA9IHJlcGxhY2VDYXJldHMoY29tcCwgb3B0aW9ucylcbiAgZGVidWcoJ2NhcmV0JywgY29tcClcbiAgY29tcCA9IHJlcGxhY2VUaWxkZXMoY29tcCwgb3B0aW9ucylcbiAgZGVidWcoJ3RpbGRlcycsIGNvbXApXG4gIGNvbXAgPSByZXBsYWNlWFJhbmdlcyhjb21wLCBvcHRpb25zKVxuICBkZWJ1ZygneHJhbmdlJywgY29tcClcbiAgY29tcCA9IHJlcGxhY2VTdGFycyhjb21wLCBvcHRpb25zKVxuICBkZWJ1Zygnc3RhcnMnLCBjb21wKVxuICByZXR1cm4gY29tcFxufVxuXG5jb25zdCBpc1ggPSBpZCA9PiAhaWQgfHwgaWQudG9Mb3dlckNhc2UoKSA9PT0gJ3gnIHx8IGlkID09PSAnKidcblxuY29uc3QgaW52YWxpZFhSYW5nZU9yZGVyID0gKE0sIG0sIHApID0+IChcbiAgKGlzWChNKSAmJiAhaXNYKG0pKSB8fFxuICAoaXNYKG0pICYmIHAgJiYgIWlzWChwKSlcbilcblxuLy8gfiwgfj4gLS0+ICogKGFueSwga2luZGEgc2lsbHkpXG4vLyB+MiwgfjIueCwgfjIueC54LCB+PjIsIH4+Mi54IH4+Mi54LnggLS0+ID49Mi4wLjAgPDMuMC4wLTBcbi8vIH4yLjAsIH4yLjAueCwgfj4yLjAsIH4+Mi4wLnggLS0+ID49Mi4wLjAgPDIuMS4wLTBcbi8vIH4xLjIsIH4xLjIueCwgfj4xLjIsIH4+MS4yLnggLS0+ID49MS4yLjAgPDEuMy4wLTBcbi8vIH4xLjIuMywgfj4xLjIuMyAtLT4gPj0xLjIuMyA8MS4zLjAtMFxuLy8gfjEuMi4wLCB+PjEuMi4wIC0tPiA+PTEuMi4wIDwxLjMuMC0wXG4vLyB+MC4wLjEgLS0+ID49MC4wLjEgPDAuMS4wLTBcbmNvbnN0IHJlcGxhY2VUaWxkZXMgPSAoY29tcCwgb3B0aW9ucykgPT4ge1xuICByZXR1cm4gY29tcFxuICAgIC50cmltKClcbiAgICAuc3BsaXQoL1xccysvKVxuICAgIC5tYXAoKGMpID0+IHJlcGxhY2VUaWxkZShjLCBvcHRpb25zKSlcbiAgICAuam9pbignICcpXG59XG5cbmNvbnN0IHJlcGxhY2VUaWxkZSA9IChjb21wLCBvcHRpb25zKSA9PiB7XG4gIGNvbnN0IHIgPSBvcHRpb25zLmxvb3NlID8gcmVbdC5USUxERUxPT1NFXSA6IHJlW3QuVElMREVdXG4gIC8vIGlmIHdlJ3JlIGluY2x1ZGluZyBwcmVyZWxlYXNlcyBpbiB0aGUgbWF0Y2gsIHRoZW4gdGhlIGxvd2VyIGJvdW5kIGlzXG4gIC8vIC0wLCB0aGUgbG93ZXN0IHBvc3NpYmxlIHByZXJlbGVhc2UgdmFsdWUsIGp1c3QgbGlrZSB4LXJhbmdlcyBhbmQgY2FyZXRzLlxuICAvLyB0aGlzIGtlZXBzIGB+MS4yYCBlcXVpdmFsZW50IHRvIHRoZSBgMS4yLnhgIHgtcmFuZ2UgaXQncyBkb2N1bWVudGVkIGFzLlxuICBjb25zdCB6ID0gb3B0aW9ucy5pbmNsdWRlUHJlcmVsZWFzZSA/ICctMCcgOiAnJ1xuICByZXR1cm4gY29tcC5yZXBsYWNlKHIsIChfLCBNLCBtLCBwLCBwcikgPT4ge1xuICAgIGRlYnVnKCd0aWxkZScsIGNvbXAsIF8sIE0sIG0sIHAsIHByKVxuICAgIGxldCByZXRcblxuICAgIGlmIChpc1goTSkpIHtcbiAgICAgIHJldCA9ICcnXG4gICAgfSBlbHNlIGlmIChpc1gobSkpIHtcbiAgICAgIHJldCA9IGA+PSR7TX0uMC4wJHt6fSA8JHsrTSArIDF9LjAuMC0wYFxuICAgIH0gZWxzZSBpZiAoaXNYKHApKSB7XG4gICAgICAvLyB+MS4yID09ID49MS4yLjAgPDEuMy4wLTBcbiAgICAgIHJldCA9IGA+PSR7TX0uJHttfS4wJHt6fSA8JHtNfS4keyttICsgMX0uMC0wYFxuICAgIH0gZWxzZSBpZiAocHIpIHtcbiAgICAgIGRlYnVnKCdyZXBsYWNlVGlsZGUgcHInLCBwcilcbiAgICAgIHJldCA9IGA+PSR7TX0uJHttfS4ke3B9LSR7cHJcbiAgICAgIH0gPCR7TX0uJHsrbSArIDF9LjAtMGBcbiAgICB9IGVsc2Uge1xuICAgICAgLy8gfjEuMi4zID09ID49MS4yLjMgPDEuMy4wLTBcbiAgICAgIHJldCA9IGA+PSR7TX0uJHttfS4ke3BcbiAgICAgIH0gPCR7TX0uJHsrbSArIDF9LjAtMGBcbiAgICB9XG5cbiAgICBkZWJ1ZygndGlsZGUgcmV0dXJuJywgcmV0KVxuICAgIHJldHVybiByZXRcbiAgfSlcbn1cblxuLy8gXiAtLT4gKiAoYW55LCBraW5kYSBzaWxseSlcbi8vIF4yLCBeMi54LCBeMi54LnggLS0+ID49Mi4wLjAgPDMuMC4wLTBcbi8vIF4yLjAsIF4yLjAueCAtLT4gPj0yLjAuMCA8My4wLjAtMFxuLy8gXjEuMiwgXjEuMi54IC0tPiA+PTEuMi4wIDwyLjAuMC0wXG4vLyBeMS4yLjMgLS0+ID49MS4yLjMgPDIuMC4wLTBcbi8vIF4xLjIuMCAtLT4gPj0xLjIuMCA8Mi4wLjAtMFxuLy8gXjAuMC4xIC0tPiA+PTAuMC4xIDwwLjAuMi0wXG4vLyBeMC4xLjAgLS0+ID49MC4xLjAgPDAuMi4wLTBcbmNvbnN0IHJlcGxhY2VDYXJldHMgPSAoY29tcCwgb3B0aW9ucykgPT4ge1xuICByZXR1cm4gY29tcFxuICAgIC50cmltKClcbiAgICAuc3BsaXQoL1xccysvKVxuICAgIC5tYXAoKGMpID0+IHJlcGxhY2VDYXJldChjLCBvcHRpb25zKSlcbiAgICAuam9pbignICcpXG59XG5cbmNvbnN0IHJlcGxhY2VDYXJldCA9IChjb21wLCBvcHRpb25zKSA9PiB7XG4gIGRlYnVnKCdjYXJldCcsIGNvbXAsIG9wdGlvbnMpXG4gIGNvbnN0IHIgPSBvcHRpb25zLmxvb3NlID8gcmVbdC5DQVJFVExPT1NFXSA6IHJlW3QuQ0FSRVRdXG4gIGNvbnN0IHogPSBvcHRpb25zLmluY2x1ZGVQcmVyZWxlYXNlID8gJy0wJyA6ICcnXG4gIHJldHVybiBjb21wLnJlcGxhY2UociwgKF8sIE0sIG0sIHAsIHByKSA9PiB7XG4gICAgZGVidWcoJ2NhcmV0JywgY29tcCwgXywgTSwgbSwgcCwgcHIpXG4gICAgbGV0IHJldFxuXG4gICAgaWYgKGlzWChNKSkge1xuICAgICAgcmV0ID0gJydcbiAgICB9IGVsc2UgaWYgKGlzWChtKSkge1xuICAgICAgcmV0ID0gYD49JHtNfS4wLjAke3p9IDwkeytNICsgMX0uMC4wLTBgXG4gICAgfSBlbHNlIGlmIChpc1gocCkpIHtcbiAgICAgIGlmIChNID09PSAnMCcpIHtcbiAgICAgICAgcmV0ID0gYD49JHtNfS4ke219LjAke3p9IDwke019LiR7K20gKyAxfS4wLTBgXG4gICAgICB9IGVsc2Uge1xuICAgICAgICByZXQgPSBgPj0ke019LiR7bX0uMCR7en0gPCR7K00gKyAxfS4wLjAtMGBcbiAgICAgIH1cbiAgICB9IGVsc2UgaWYgKHByKSB7XG4gICAgICBkZWJ1ZygncmVwbGFjZUNhcmV0IHByJywgcHIpXG4gICAgICBpZiAoTSA9PT0gJzAnKSB7XG4gICAgICAgIGlmIChtID09PSAnMCcpIHtcbiAgICAgICAgICByZXQgPSBgPj0ke019LiR7bX0uJHtwfS0ke3ByXG4gICAgICAgICAgfSA8JHtNfS4ke219LiR7K3AgKyAxfS0wYFxuICAgICAgICB9IGVsc2Uge1xuICAgICAgICAgIHJldCA9IGA+PSR7TX0uJHttfS4ke3B9LSR7cHJcbiAgICAgICAgICB9IDwke019LiR7K20gKyAxfS4wLTBgXG4gICAgICAgIH1cbiAgICAgIH0gZWxzZSB7XG4gICAgICAgIHJldCA9IGA+PSR7TX0uJHttfS4ke3B9LSR7cHJcbiAgICAgICAgfSA8JHsrTSArIDF9LjAuMC0wYFxuICAgICAgfVxuICAgIH0gZWxzZSB7XG4gICAgICBkZWJ1Zygnbm8gcHInKVxuICAgICAgaWYgKE0gPT09ICcwJykge1xuICAgICAgICBpZiAobSA9PT0gJzAnKSB7XG4gICAgICAgICAgcmV0ID0gYD49JHtNfS4ke219LiR7cFxuICAgICAgICAgIH0gPCR7TX0uJHttfS4keytwICsgMX0tMGBcbiAgICAgICAgfSBlbHNlIHtcbiAgICAgICAgICByZXQgPSBgPj0ke019LiR7bX0uJHtwXG4gICAgICAgICAgfSA8JHtNfS4keyttICsgMX0uMC0wYFxuICAgICAgICB9XG4gICAgICB9IGVsc2Uge1xuICAgICAgICByZXQgPSBgPj0ke019LiR7bX0uJHtwXG4gICAgICAgIH0gPCR7K00gKyAxfS4wLjAtMGBcbiAgICAgIH1cbiAgICB9XG5cbiAgICBkZWJ1ZygnY2FyZXQgcmV0dXJuJywgcmV0KVxuICAgIHJldHVybiByZXRcbiAgfSlcbn1cblxuY29uc3QgcmVwbGFjZVhSYW5nZXMgPSAoY29tcCwgb3B0aW9ucykgPT4ge1xuICBkZWJ1ZygncmVwbGFjZVhSYW5nZXMnLCBjb21wLCBvcHRpb25zKVxuICByZXR1cm4gY29tcFxuICAgIC5zcGxpdCgvXFxzKy8pXG4gICAgLm1hcCgoYykgPT4gcmVwbGFjZVhSYW5nZShjLCBvcHRpb25zKSlcbiAgICAuam9pbignICcpXG59XG5cbmNvbnN0IHJlcGxhY2VYUmFuZ2UgPSAoY29tcCwgb3B0aW9ucykgPT4ge1xuICBjb21wID0gY29tcC50cmltKClcbiAgY29uc3QgciA9IG9wdGlvbnMubG9vc2UgPyByZVt0LlhSQU5HRUxPT1NFXSA6IHJlW3QuWFJBTkdFXVxuICByZXR1cm4gY29tcC5yZXBsYWNlKHIsIChyZXQsIGd0bHQsIE0sIG0sIHAsIHByKSA9PiB7XG4gICAgZGVidWcoJ3hSYW5nZScsIGNvbXAsIHJldCwgZ3RsdCwgTSwgbSwgcCwgcHIpXG4gICAgaWYgKGludmFsaWRYUmFuZ2VPcmRlcihNLCBtLCBwKSkge1xuICAgICAgcmV0dXJuIGNvbXBcbiAgICB9XG5cbiAgICBjb25zdCB4TSA9IGlzWChNKVxuICAgIGNvbnN0IHhtID0geE0gfHwgaXNYKG0pXG4gICAgY29uc3QgeHAgPSB4bSB8fCBpc1gocClcbiAgICBjb25zdCBhbnlYID0geHBcblxuICAgIGlmIChndGx0ID09PSAnPScgJiYgYW55WCkge1xuICAgICAgZ3RsdCA9ICcnXG4gICAgfVxuXG4gICAgLy8gaWYgd2UncmUgaW5jbHVkaW5nIHByZXJlbGVhc2VzIGluIHRoZSBtYXRjaCwgdGhlbiB3ZSBuZWVkXG4gICAgLy8gdG8gZml4IHRoaXMgdG8gLTAsIHRoZSBsb3dlc3QgcG9zc2libGUgcHJlcmVsZWFzZSB2YWx1ZVxuICAgIHByID0gb3B0aW9ucy5pbmNsdWRlUHJlcmVsZWFzZSA/ICctMCcgOiAnJ1xuXG4gICAgaWYgKHhNKSB7XG4gICAgICBpZiAoZ3RsdCA9PT0gJz4nIHx8IGd0bHQgPT09ICc8Jykge1xuICAgICAgICAvLyBub3RoaW5nIGlzIGFsbG93ZWRcbiAgICAgICAgcmV0ID0gJzwwLjAuMC0wJ1xuICAgICAgfSBlbHNlIHtcbiAgICAgICAgLy8gbm90aGluZyBpcyBmb3JiaWRkZW5cbiAgICAgICAgcmV0ID0gJyonXG4gICAgICB9XG4gICAgfSBlbHNlIGlmIChndGx0ICYmIGFueVgpIHtcbiAgICAgIC8vIHdlIGtub3cgcGF0Y2ggaXMgYW4geCwgYmVjYXVzZSB3ZSBoYXZlIGFueSB4IGF0IGFsbC5cbiAgICAgIC8vIHJlcGxhY2UgWCB3aXRoIDBcbiAgICAgIGlmICh4bSkge1xuICAgICAgICBtID0gMFxuICAgICAgfVxuICAgICAgcCA9IDBcblxuICAgICAgaWYgKGd0bHQgPT09ICc+Jykge1xuICAgICAgICAvLyA+MSA9PiA+PTIuMC4wXG4gICAgICAgIC8vID4xLjIgPT4gPj0xLjMuMFxuICAgICAgICBndGx0ID0gJz49J1xuICAgICAgICBpZiAoeG0pIHtcbiAgICAgICAgICBNID0gK00gKyAxXG4gICAgICAgICAgbSA9IDBcbiAgICAgICAgICBwID0gMFxuICAgICAgICB9IGVsc2Uge1xuICAgICAgICAgIG0gPSArbSArIDFcbiAgICAgICAgICBwID0gMFxuICAgICAgICB9XG4gICAgICB9IGVsc2UgaWYgKGd0bHQgPT09ICc8PScpIHtcbiAgICAgICAgLy8gPD0wLjcueCBpcyBhY3R1YWxseSA8MC44LjAsIHNpbmNlIGFueSAwLjcueCBzaG91bGRcbiAgICAgICAgLy8gcGFzcy4gIFNpbWlsYXJseSwgPD03LnggaXMgYWN0dWFsbHkgPDguMC4wLCBldGMuXG4gICAgICAgIGd0bHQgPSAnPCdcbiAgICAgICAgaWYgKHhtKSB7XG4gICAgICAgICAgTSA9ICtNICsgMVxuICAgICAgICB9IGVsc2Uge1xuICAgICAgICAgIG0gPSArbSArIDFcbiAgICAgICAgfVxuICAgICAgfVxuXG4gICAgICBpZiAoZ3RsdCA9PT0gJzwnKSB7XG4gICAgICAgIHByID0gJy0wJ1xuICAgICAgfVxuXG4gICAgICByZXQgPSBgJHtndGx0ICsgTX0uJHttfS4ke3B9JHtwcn1gXG4gICAgfSBlbHNlIGlmICh4bSkge1xuICAgICAgcmV0ID0gYD49JHtNfS4wLjAke3ByfSA8JHsrTSArIDF9LjAuMC0wYFxuICAgIH0gZWxzZSBpZiAoeHApIHtcbiAgICAgIHJldCA9IGA+PSR7TX0uJHttfS4wJHtwclxuICAgICAgfSA8JHtNfS4keyttICsgMX0uMC0wYFxuICAgIH1cblxuICAgIGRlYnVnKCd4UmFuZ2UgcmV0dXJuJywgcmV0KVxuXG4gICAgcmV0dXJuIHJldFxuICB9KVxufVxuXG4vLyBCZWNhdXNlICogaXMgQU5ELWVkIHdpdGggZXZlcnl0aGluZyBlbHNlIGluIHRoZSBjb21wYXJhdG9yLFxuLy8gYW5kICcnIG1lYW5zIFwiYW55IHZlcnNpb25cIiwganVzdCByZW1vdmUgdGhlICpzIGVudGlyZWx5LlxuY29uc3QgcmVwbGFjZVN0YXJzID0gKGNvbXAsIG9wdGlvbnMpID0+IHtcbiAgZGVidWcoJ3JlcGxhY2VTdGFycycsIGNvbXAsIG9wdGlvbnMpXG4gIC8vIExvb3NlbmVzcyBpcyBpZ25vcmVkIGhlcmUuICBzdGFyIGlzIGFsd2F5cyBhcyBsb29zZSBhcyBpdCBnZXRzIVxuICByZXR1cm4gY29tcFxuICAgIC50cmltKClcbiAgICAucmVwbGFjZShyZVt0LlNUQVJdLCAnJylcbn1cblxuY29uc3QgcmVwbGFjZUdURTAgPSAoY29tcCwgb3B0aW9ucykgPT4ge1xuICBkZWJ1ZygncmVwbGFjZUdURTAnLCBjb21wLCBvcHRpb25zKVxuICByZXR1cm4gY29tcFxuICAgIC50cmltKClcbiAgICAucmVwbGFjZShyZVtvcHRpb25zLmluY2x1ZGVQcmVyZWxlYXNlID8gdC5HVEUwUFJFIDogdC5HVEUwXSwgJycpXG59XG5cbi8vIFRoaXMgZnVuY3Rpb24gaXMgcGFzc2VkIHRvIHN0cmluZy5yZXBsYWNlKHJlW3QuSFlQSEVOUkFOR0VdKVxuLy8gTSwgbSwgcGF0Y2gsIHByZXJlbGVhc2UsIGJ1aWxkXG4vLyAxLjIgLSAzLjQuNSA9PiA+PTEuMi4wIDw9My40LjVcbi8vIDEuMi4zIC0gMy40ID0+ID49MS4yLjAgPDMuNS4wLTAgQW55IDMuNC54IHdpbGwgZG9cbi8vIDEuMiAtIDMuNCA9PiA+PTEuMi4wIDwzLjUuMC0wXG4vLyBUT0RPIGJ1aWxkP1xuY29uc3QgaHlwaGVuUmVwbGFjZSA9IGluY1ByID0+ICgkMCxcbiAgZnJvbSwgZk0sIGZtLCBmcCwgZnByLCBmYixcbiAgdG8sIHRNLCB0bSwgdHAsIHRwcikgPT4ge1xuICBpZiAoaXNYKGZNKSkge1xuICAgIGZyb20gPSAnJ1xuICB9IGVsc2UgaWYgKGlzWChmbSkpIHtcbiAgICBmcm9tID0gYD49JHtmTX0uMC4wJHtpbmNQciA/ICctMCcgOiAnJ31gXG4gIH0gZWxzZSBpZiAoaXNYKGZwKSkge1xuICAgIGZyb20gPSBgPj0ke2ZNfS4ke2ZtfS4wJHtpbmNQciA/ICctMCcgOiAnJ31gXG4gIH0gZWxzZSBpZiAoZnByKSB7XG4gICAgZnJvbSA9IGA+PSR7ZnJvbX1gXG4gIH0gZWxzZSB7XG4gICAgZnJvbSA9IGA+PSR7ZnJvbX0ke2luY1ByID8gJy0wJyA6ICcnfWBcbiAgfVxuXG4gIGlmIChpc1godE0pKSB7XG4gICAgdG8gPSAnJ1xuICB9IGVsc2UgaWYgKGlzWCh0bSkpIHtcbiAgICB0byA9IGA8JHsrdE0gKyAxfS4wLjAtMGBcbiAgfSBlbHNlIGlmIChpc1godHApKSB7XG4gICAgdG8gPSBgPCR7dE19LiR7K3RtICsgMX0uMC0wYFxuICB9IGVsc2UgaWYgKHRwcikge1xuICAgIHRvID0gYDw9JHt0TX0uJHt0bX0uJHt0cH0tJHt0cHJ9YFxuICB9IGVsc2UgaWYgKGluY1ByKSB7XG4gICAgdG8gPSBgPCR7dE19LiR7dG19LiR7K3RwICsgMX0tMGBcbiAgfSBlbHNlIHtcbiAgICB0byA9IGA8PSR7dG99YFxuICB9XG5cbiAgcmV0dXJuIGAke2Zyb219ICR7dG99YC50cmltKClcbn1cblxuY29uc3QgdGVzdFNldCA9IChzZXQsIHZlcnNpb24sIG9wdGlvbnMpID0+IHtcbiAgZm9yIChsZXQgaSA9IDA7IGkgPCBzZXQubGVuZ3RoOyBpKyspIHtcbiAgICBpZiAoIXNldFtpXS50ZXN0KHZlcnNpb24pKSB7XG4gICAgICByZXR1cm4gZmFsc2VcbiAgICB9XG4gIH1cblxuICBpZiAodmVyc2lvbi5wcmVyZWxlYXNlLmxlbmd0aCAmJiAhb3B0aW9ucy5pbmNsdWRlUHJlcmVsZWFzZSkge1xuICAgIC8vIEZpbmQgdGhlIHNldCBvZiB2ZXJzaW9ucyB0aGF0IGFyZSBhbGxvd2VkIHRvIGhhdmUgcHJlcmVsZWFzZXNcbiAgICAvLyBGb3IgZXhhbXBsZSwgXjEuMi4zLXByLjEgZGVzdWdhcnMgdG8gPj0xLjIuMy1wci4xIDwyLjAuMFxuICAgIC8vIFRoYXQgc2hvdWxkIGFsbG93IGAxLjIuMy1wci4yYCB0byBwYXNzLlxuICAgIC8vIEhvd2V2ZXIsIGAxLjIuNC1hbHBoYS5ub3RyZWFkeWAgc2hvdWxkIE5PVCBiZSBhbGxvd2VkLFxuICAgIC8vIGV2ZW4gdGhvdWdoIGl0J3Mgd2l0aGluIHRoZSByYW5nZSBzZXQgYnkgdGhlIGNvbXBhcmF0b3JzLlxuICAgIGZvciAobGV0IGkgPSAwOyBpIDwgc2V0Lmxlbmd0aDsgaSsrKSB7XG4gICAgICBkZWJ1ZyhzZXRbaV0uc2VtdmVyKVxuICAgICAgaWYgKHNldFtpXS5zZW12ZXIgPT09IENvbXBhcmF0b3IuQU5ZKSB7XG4gICAgICAgIGNvbnRpbnVlXG4gICAgICB9XG5cbiAgICAgIGlmIChzZXRbaV0uc2VtdmVyLnByZXJlbGVhc2UubGVuZ3RoID4gMCkge1xuICAgICAgICBjb25zdCBhbGxvd2VkID0gc2V0W2ldLnNlbXZlclxuICAgICAgICBpZiAoYWxsb3dlZC5tYWpvciA9PT0gdmVyc2lvbi5tYWpvciAmJlxuICAgICAgICAgICAgYWxsb3dlZC5taW5vciA9PT0gdmVyc2lvbi5taW5vciAmJlxuICAgICAgICAgICAgYWxsb3dlZC5wYXRjaCA9PT0gdmVyc2lvbi5wYXRjaCkge1xuICAgICAgICAgIHJldHVybiB0cnVlXG4gICAgICAgIH1cbiAgICAgIH1cbiAgICB9XG5cbiAgICAvLyBWZXJzaW9uIGhhcyBhIC1wcmUsIGJ1dCBpdCdzIG5vdCBvbmUgb2YgdGhlIG9uZXMgd2UgbGlrZS5cbiAgICByZXR1cm4gZmFsc2VcbiAgfVxuXG4gIHJldHVybiB0cnVlXG59XG4iLCIndXNlIHN0cmljdCdcblxuY29uc3QgQU5ZID0gU3ltYm9sKCdTZW1WZXIgQU5ZJylcbi8vIGhvaXN0ZWQgY2xhc3MgZm9yIGN5Y2xpYyBkZXBlbmRlbmN5XG5jbGFzcyBDb21wYXJhdG9yIHtcbiAgc3RhdGljIGdldCBBTlkgKCkge1xuICAgIHJldHVybiBBTllcbiAgfVxuXG4gIGNvbnN0cnVjdG9yIChjb21wLCBvcHRpb25zKSB7XG4gICAgb3B0aW9ucyA9IHBhcnNlT3B0aW9ucyhvcHRpb25zKVxuXG4gICAgaWYgKGNvbXAgaW5zdGFuY2VvZiBDb21wYXJhdG9yKSB7XG4gICAgICBpZiAoY29tcC5sb29zZSA9PT0gISFvcHRpb25zLmxvb3NlKSB7XG4gICAgICAgIHJldHVybiBjb21wXG4gICAgICB9IGVsc2Uge1xuICAgICAgICBjb21wID0gY29tcC52YWx1ZVxuICAgICAgfVxuICAgIH1cblxuICAgIGNvbXAgPSBjb21wLnRyaW0oKS5zcGxpdCgvXFxzKy8pLmpvaW4oJyAnKVxuICAgIGRlYnVnKCdjb21wYXJhdG9yJywgY29tcCwgb3B0aW9ucylcbiAgICB0aGlzLm9wdGlvbnMgPSBvcHRpb25zXG4gICAgdGhpcy5sb29zZSA9ICEhb3B0aW9ucy5sb29zZVxuICAgIHRoaXMucGFyc2UoY29tcClcblxuICAgIGlmICh0aGlzLnNlbXZlciA9PT0gQU5ZKSB7XG4gICAgICB0aGlzLnZhbHVlID0gJydcbiAgICB9IGVsc2Uge1xuICAgICAgdGhpcy52YWx1ZSA9IHRoaXMub3BlcmF0b3IgKyB0aGlzLnNlbXZlci52ZXJzaW9uXG4gICAgfVxuXG4gICAgZGVidWcoJ2NvbXAnLCB0aGlzKVxuICB9XG5cbiAgcGFyc2UgKGNvbXApIHtcbiAgICBjb25zdCByID0gdGhpcy5vcHRpb25zLmxvb3NlID8gcmVbdC5DT01QQVJBVE9STE9PU0VdIDogcmVbdC5DT01QQVJBVE9SXVxuICAgIGNvbnN0IG0gPSBjb21wLm1hdGNoKHIpXG5cbiAgICBpZiAoIW0pIHtcbiAgICAgIHRocm93IG5ldyBUeXBlRXJyb3IoYEludmFsaWQgY29tcGFyYXRvcjogJHtjb21wfWApXG4gICAgfVxuXG4gICAgdGhpcy5vcGVyYXRvciA9IG1bMV0gIT09IHVuZGVmaW5lZCA/IG1bMV0gOiAnJ1xuICAgIGlmICh0aGlzLm9wZXJhdG9yID09PSAnPScpIHtcbiAgICAgIHRoaXMub3BlcmF0b3IgPSAnJ1xuICAgIH1cblxuICAgIC8vIGlmIGl0IGxpdGVyYWxseSBpcyBqdXN0ICc+JyBvciAnJyB0aGVuIGFsbG93IGFueXRoaW5nLlxuICAgIGlmICghbVsyXSkge1xuICAgICAgdGhpcy5zZW12ZXIgPSBBTllcbiAgICB9IGVsc2Uge1xuICAgICAgdGhpcy5zZW12ZXIgPSBuZXcgU2VtVmVyKG1bMl0sIHRoaXMub3B0aW9ucy5sb29zZSlcbiAgICB9XG4gIH1cblxuICB0b1N0cmluZyAoKSB7XG4gICAgcmV0dXJuIHRoaXMudmFsdWVcbiAgfVxuXG4gIHRlc3QgKHZlcnNpb24pIHtcbiAgICBkZWJ1ZygnQ29tcGFyYXRvci50ZXN0JywgdmVyc2lvbiwgdGhpcy5vcHRpb25zLmxvb3NlKVxuXG4gICAgaWYgKHRoaXMuc2VtdmVyID09PSBBTlkgfHwgdmVyc2lvbiA9PT0gQU5ZKSB7XG4gICAgICByZXR1cm4gdHJ1ZVxuICAgIH1cblxuICAgIGlmICh0eXBlb2YgdmVyc2lvbiA9PT0gJ3N0cmluZycpIHtcbiAgICAgIHRyeSB7XG4gICAgICAgIHZlcnNpb24gPSBuZXcgU2VtVmVyKHZlcnNpb24sIHRoaXMub3B0aW9ucylcbiAgICAgIH0gY2F0Y2ggKGVyKSB7XG4gICAgICAgIHJldHVybiBmYWxzZVxuICAgICAgfVxuICAgIH1cblxuICAgIHJldHVybiBjbXAodmVyc2lvbiwgdGhpcy5vcGVyYXRvciwgdGhpcy5zZW12ZXIsIHRoaXMub3B0aW9ucylcbiAgfVxuXG4gIGludGVyc2VjdHMgKGNvbXAsIG9wdGlvbnMpIHtcbiAgICBpZiAoIShjb21wIGluc3RhbmNlb2YgQ29tcGFyYXRvcikpIHtcbiAgICAgIHRocm93IG5ldyBUeXBlRXJyb3IoJ2EgQ29tcGFyYXRvciBpcyByZXF1aXJlZCcpXG4gICAgfVxuXG4gICAgaWYgKHRoaXMub3BlcmF0b3IgPT09ICcnKSB7XG4gICAgICBpZiAodGhpcy52YWx1ZSA9PT0gJycpIHtcbiAgICAgICAgcmV0dXJuIHRydWVcbiAgICAgIH1cbiAgICAgIHJldHVybiBuZXcgUmFuZ2UoY29tcC52YWx1ZSwgb3B0aW9ucykudGVzdCh0aGlzLnZhbHVlKVxuICAgIH0gZWxzZSBpZiAoY29tcC5vcGVyYXRvciA9PT0gJycpIHtcbiAgICAgIGlmIChjb21wLnZhbHVlID09PSAnJykge1xuICAgICAgICByZXR1cm4gdHJ1ZVxuICAgICAgfVxuICAgICAgcmV0dXJuIG5ldyBSYW5nZSh0aGlzLnZhbHVlLCBvcHRpb25zKS50ZXN0KGNvbXAuc2VtdmVyKVxuICAgIH1cblxuICAgIG9wdGlvbnMgPSBwYXJzZU9wdGlvbnMob3B0aW9ucylcblxuICAgIC8vIFNwZWNpYWwgY2FzZXMgd2hlcmUgbm90aGluZyBjYW4gcG9zc2libHkgYmUgbG93ZXJcbiAgICBpZiAob3B0aW9ucy5pbmNsdWRlUHJlcmVsZWFzZSAmJlxuICAgICAgKHRoaXMudmFsdWUgPT09ICc8MC4wLjAtMCcgfHwgY29tcC52YWx1ZSA9PT0gJzwwLjAuMC0wJykpIHtcbiAgICAgIHJldHVybiBmYWxzZVxuICAgIH1cbiAgICBpZiAoIW9wdGlvbnMuaW5jbHVkZVByZXJlbGVhc2UgJiZcbiAgICAgICh0aGlzLnZhbHVlLnN0YXJ0c1dpdGgoJzwwLjAuMCcpIHx8IGNvbXAudmFsdWUuc3RhcnRzV2l0aCgnPDAuMC4wJykpKSB7XG4gICAgICByZXR1cm4gZmFsc2VcbiAgICB9XG5cbiAgICAvLyBTYW1lIGRpcmVjdGlvbiBpbmNyZWFzaW5nICg+IG9yID49KVxuICAgIGlmICh0aGlzLm9wZXJhdG9yLnN0YXJ0c1dpdGgoJz4nKSAmJiBjb21wLm9wZXJhdG9yLnN0YXJ0c1dpdGgoJz4nKSkge1xuICAgICAgcmV0dXJuIHRydWVcbiAgICB9XG4gICAgLy8gU2FtZSBkaXJlY3Rpb24gZGVjcmVhc2luZyAoPCBvciA8PSlcbiAgICBpZiAodGhpcy5vcGVyYXRvci5zdGFydHNXaXRoKCc8JykgJiYgY29tcC5vcGVyYXRvci5zdGFydHNXaXRoKCc8JykpIHtcbiAgICAgIHJldHVybiB0cnVlXG4gICAgfVxuICAgIC8vIHNhbWUgU2VtVmVyIGFuZCBib3RoIHNpZGVzIGFyZSBpbmNsdXNpdmUgKDw9IG9yID49KVxuICAgIGlmIChcbiAgICAgICh0aGlzLnNlbXZlci52ZXJzaW9uID09PSBjb21wLnNlbXZlci52ZXJzaW9uKSAmJlxuICAgICAgdGhpcy5vcGVyYXRvci5pbmNsdWRlcygnPScpICYmIGNvbXAub3BlcmF0b3IuaW5jbHVkZXMoJz0nKSkge1xuICAgICAgcmV0dXJuIHRydWVcbiAgICB9XG4gICAgLy8gb3Bwb3NpdGUgZGlyZWN0aW9ucyBsZXNzIHRoYW5cbiAgICBpZiAoY21wKHRoaXMuc2VtdmVyLCAnPCcsIGNvbXAuc2VtdmVyLCBvcHRpb25zKSAmJlxuICAgICAgdGhpcy5vcGVyYXRvci5zdGFydHNXaXRoKCc+JykgJiYgY29tcC5vcGVyYXRvci5zdGFydHNXaXRoKCc8JykpIHtcbiAgICAgIHJldHVybiB0cnVlXG4gICAgfVxuICAgIC8vIG9wcG9zaXRlIGRpcmVjdGlvbnMgZ3JlYXRlciB0aGFuXG4gICAgaWYgKGNtcCh0aGlzLnNlbXZlciwgJz4nLCBjb21wLnNlbXZlciwgb3B0aW9ucykgJiZcbiAgICAgIHRoaXMub3BlcmF0b3Iuc3RhcnRzV2l0aCgnPCcpICYmIGNvbXAub3BlcmF0b3Iuc3RhcnRzV2l0aCgnPicpKSB7XG4gICAgICByZXR1cm4gdHJ1ZVxuICAgIH1cbiAgICByZXR1cm4gZmFsc2VcbiAgfVxufVxuXG5tb2R1bGUuZXhwb3J0cyA9IENvbXBhcmF0b3JcblxuY29uc3QgcGFyc2VPcHRpb25zID0gcmVxdWlyZSgnLi4vaW50ZXJuYWwvcGFyc2Utb3B0aW9ucycpXG5jb25zdCB7IHNhZmVSZTogcmUsIHQgfSA9IHJlcXVpcmUoJy4uL2ludGVybmFsL3JlJylcbmNvbnN0IGNtcCA9IHJlcXVpcmUoJy4uL2Z1bmN0aW9ucy9jbXAnKVxuY29uc3QgZGVidWcgPSByZXF1aXJlKCcuLi9pbnRlcm5hbC9kZWJ1ZycpXG5jb25zdCBTZW1WZXIgPSByZXF1aXJlKCcuL3NlbXZlcicpXG5jb25zdCBSYW5nZSA9IHJlcXVpcmUoJy4vcmFuZ2UnKVxuIiwiJ3VzZSBzdHJpY3QnXG5cbmNvbnN0IFJhbmdlID0gcmVxdWlyZSgnLi4vY2xhc3Nlcy9yYW5nZScpXG5jb25zdCBzYXRpc2ZpZXMgPSAodmVyc2lvbiwgcmFuZ2UsIG9wdGlvbnMpID0+IHtcbiAgdHJ5IHtcbiAgICByYW5nZSA9IG5ldyBSYW5nZShyYW5nZSwgb3B0aW9ucylcbiAgfSBjYXRjaCAoZXIpIHtcbiAgICByZXR1cm4gZmFsc2VcbiAgfVxuICByZXR1cm4gcmFuZ2UudGVzdCh2ZXJzaW9uKVxufVxubW9kdWxlLmV4cG9ydHMgPSBzYXRpc2ZpZXNcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBSYW5nZSA9IHJlcXVpcmUoJy4uL2NsYXNzZXMvcmFuZ2UnKVxuXG4vLyBNb3N0bHkganVzdCBmb3IgdGVzdGluZyBhbmQgbGVnYWN5IEFQSSByZWFzb25zXG5jb25zdCB0b0NvbXBhcmF0b3JzID0gKHJhbmdlLCBvcHRpb25zKSA9PlxuICBuZXcgUmFuZ2UocmFuZ2UsIG9wdGlvbnMpLnNldFxuICAgIC5tYXAoY29tcCA9PiBjb21wLm1hcChjID0+IGMudmFsdWUpLmpvaW4oJyAnKS50cmltKCkuc3BsaXQoJyAnKSlcblxubW9kdWxlLmV4cG9ydHMgPSB0b0NvbXBhcmF0b3JzXG4iLCIndXNlIHN0cmljdCdcblxuY29uc3QgU2VtVmVyID0gcmVxdWlyZSgnLi4vY2xhc3Nlcy9zZW12ZXInKVxuY29uc3QgUmFuZ2UgPSByZXF1aXJlKCcuLi9jbGFzc2VzL3JhbmdlJylcblxuY29uc3QgbWF4U2F0aXNmeWluZyA9ICh2ZXJzaW9ucywgcmFuZ2UsIG9wdGlvbnMpID0+IHtcbiAgbGV0IG1heCA9IG51bGxcbiAgbGV0IG1heFNWID0gbnVsbFxuICBsZXQgcmFuZ2VPYmogPSBudWxsXG4gIHRyeSB7XG4gICAgcmFuZ2VPYmogPSBuZXcgUmFuZ2UocmFuZ2UsIG9wdGlvbnMpXG4gIH0gY2F0Y2ggKGVyKSB7XG4gICAgcmV0dXJuIG51bGxcbiAgfVxuICB2ZXJzaW9ucy5mb3JFYWNoKCh2KSA9PiB7XG4gICAgaWYgKHJhbmdlT2JqLnRlc3QodikpIHtcbiAgICAgIC8vIHNhdGlzZmllcyh2LCByYW5nZSwgb3B0aW9ucylcbiAgICAgIGlmICghbWF4IHx8IG1heFNWLmNvbXBhcmUodikgPT09IC0xKSB7XG4gICAgICAgIC8vIGNvbXBhcmUobWF4LCB2LCB0cnVlKVxuICAgICAgICBtYXggPSB2XG4gICAgICAgIG1heFNWID0gbmV3IFNlbVZlcihtYXgsIG9wdGlvbnMpXG4gICAgICB9XG4gICAgfVxuICB9KVxuICByZXR1cm4gbWF4XG59XG5tb2R1bGUuZXhwb3J0cyA9IG1heFNhdGlzZnlpbmdcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBTZW1WZXIgPSByZXF1aXJlKCcuLi9jbGFzc2VzL3NlbXZlcicpXG5jb25zdCBSYW5nZSA9IHJlcXVpcmUoJy4uL2NsYXNzZXMvcmFuZ2UnKVxuY29uc3QgbWluU2F0aXNmeWluZyA9ICh2ZXJzaW9ucywgcmFuZ2UsIG9wdGlvbnMpID0+IHtcbiAgbGV0IG1pbiA9IG51bGxcbiAgbGV0IG1pblNWID0gbnVsbFxuICBsZXQgcmFuZ2VPYmogPSBudWxsXG4gIHRyeSB7XG4gICAgcmFuZ2VPYmogPSBuZXcgUmFuZ2UocmFuZ2UsIG9wdGlvbnMpXG4gIH0gY2F0Y2ggKGVyKSB7XG4gICAgcmV0dXJuIG51bGxcbiAgfVxuICB2ZXJzaW9ucy5mb3JFYWNoKCh2KSA9PiB7XG4gICAgaWYgKHJhbmdlT2JqLnRlc3QodikpIHtcbiAgICAgIC8vIHNhdGlzZmllcyh2LCByYW5nZSwgb3B0aW9ucylcbiAgICAgIGlmICghbWluIHx8IG1pblNWLmNvbXBhcmUodikgPT09IDEpIHtcbiAgICAgICAgLy8gY29tcGFyZShtaW4sIHYsIHRydWUpXG4gICAgICAgIG1pbiA9IHZcbiAgICAgICAgbWluU1YgPSBuZXcgU2VtVmVyKG1pbiwgb3B0aW9ucylcbiAgICAgIH1cbiAgICB9XG4gIH0pXG4gIHJldHVybiBtaW5cbn1cbm1vZHVsZS5leHBvcnRzID0gbWluU2F0aXNmeWluZ1xuIiwiJ3VzZSBzdHJpY3QnXG5cbmNvbnN0IFNlbVZlciA9IHJlcXVpcmUoJy4uL2NsYXNzZXMvc2VtdmVyJylcbmNvbnN0IFJhbmdlID0gcmVxdWlyZSgnLi4vY2xhc3Nlcy9yYW5nZScpXG5jb25zdCBndCA9IHJlcXVpcmUoJy4uL2Z1bmN0aW9ucy9ndCcpXG5cbmNvbnN0IG1pblZlcnNpb24gPSAocmFuZ2UsIGxvb3NlKSA9PiB7XG4gIHJhbmdlID0gbmV3IFJhbmdlKHJhbmdlLCBsb29zZSlcblxuICBsZXQgbWludmVyID0gbmV3IFNlbVZlcignMC4wLjAnKVxuICBpZiAocmFuZ2UudGVzdChtaW52ZXIpKSB7XG4gICAgcmV0dXJuIG1pbnZlclxuICB9XG5cbiAgbWludmVyID0gbmV3IFNlbVZlcignMC4wLjAtMCcpXG4gIGlmIChyYW5nZS50ZXN0KG1pbnZlcikpIHtcbiAgICByZXR1cm4gbWludmVyXG4gIH1cblxuICBtaW52ZXIgPSBudWxsXG4gIGZvciAobGV0IGkgPSAwOyBpIDwgcmFuZ2Uuc2V0Lmxlbmd0aDsgKytpKSB7XG4gICAgY29uc3QgY29tcGFyYXRvcnMgPSByYW5nZS5zZXRbaV1cblxuICAgIGxldCBzZXRNaW4gPSBudWxsXG4gICAgY29tcGFyYXRvcnMuZm9yRWFjaCgoY29tcGFyYXRvcikgPT4ge1xuICAgICAgLy8gQ2xvbmUgdG8gYXZvaWQgbWFuaXB1bGF0aW5nIHRoZSBjb21wYXJhdG9yJ3Mgc2VtdmVyIG9iamVjdC5cbiAgICAgIGNvbnN0IGNvbXB2ZXIgPSBuZXcgU2VtVmVyKGNvbXBhcmF0b3Iuc2VtdmVyLnZlcnNpb24pXG4gICAgICBzd2l0Y2ggKGNvbXBhcmF0b3Iub3BlcmF0b3IpIHtcbiAgICAgICAgY2FzZSAnPic6XG4gICAgICAgICAgaWYgKGNvbXB2ZXIucHJlcmVsZWFzZS5sZW5ndGggPT09IDApIHtcbiAgICAgICAgICAgIGNvbXB2ZXIucGF0Y2grK1xuICAgICAgICAgIH0gZWxzZSB7XG4gICAgICAgICAgICBjb21wdmVyLnByZXJlbGVhc2UucHVzaCgwKVxuICAgICAgICAgIH1cbiAgICAgICAgICBjb21wdmVyLnJhdyA9IGNvbXB2ZXIuZm9ybWF0KClcbiAgICAgICAgICAvKiBmYWxsdGhyb3VnaCAqL1xuICAgICAgICBjYXNlICcnOlxuICAgICAgICBjYXNlICc+PSc6XG4gICAgICAgICAgaWYgKCFzZXRNaW4gfHwgZ3QoY29tcHZlciwgc2V0TWluKSkge1xuICAgICAgICAgICAgc2V0TWluID0gY29tcHZlclxuICAgICAgICAgIH1cbiAgICAgICAgICBicmVha1xuICAgICAgICBjYXNlICc8JzpcbiAgICAgICAgY2FzZSAnPD0nOlxuICAgICAgICAgIC8qIElnbm9yZSBtYXhpbXVtIHZlcnNpb25zICovXG4gICAgICAgICAgYnJlYWtcbiAgICAgICAgLyogaXN0YW5idWwgaWdub3JlIG5leHQgKi9cbiAgICAgICAgZGVmYXVsdDpcbiAgICAgICAgICB0aHJvdyBuZXcgRXJyb3IoYFVuZXhwZWN0ZWQgb3BlcmF0aW9uOiAke2NvbXBhcmF0b3Iub3BlcmF0b3J9YClcbiAgICAgIH1cbiAgICB9KVxuICAgIGlmIChzZXRNaW4gJiYgKCFtaW52ZXIgfHwgZ3QobWludmVyLCBzZXRNaW4pKSkge1xuICAgICAgbWludmVyID0gc2V0TWluXG4gICAgfVxuICB9XG5cbiAgaWYgKG1pbnZlciAmJiByYW5nZS50ZXN0KG1pbnZlcikpIHtcbiAgICByZXR1cm4gbWludmVyXG4gIH1cblxuICByZXR1cm4gbnVsbFxufVxubW9kdWxlLmV4cG9ydHMgPSBtaW5WZXJzaW9uXG4iLCIndXNlIHN0cmljdCdcblxuY29uc3QgUmFuZ2UgPSByZXF1aXJlKCcuLi9jbGFzc2VzL3JhbmdlJylcbmNvbnN0IHZhbGlkUmFuZ2UgPSAocmFuZ2UsIG9wdGlvbnMpID0+IHtcbiAgdHJ5IHtcbiAgICAvLyBSZXR1cm4gJyonIGluc3RlYWQgb2YgJycgc28gdGhhdCB0cnV0aGluZXNzIHdvcmtzLlxuICAgIC8vIFRoaXMgd2lsbCB0aHJvdyBpZiBpdCdzIGludmFsaWQgYW55d2F5XG4gICAgcmV0dXJuIG5ldyBSYW5nZShyYW5nZSwgb3B0aW9ucykucmFuZ2UgfHwgJyonXG4gIH0gY2F0Y2ggKGVyKSB7XG4gICAgcmV0dXJuIG51bGxcbiAgfVxufVxubW9kdWxlLmV4cG9ydHMgPSB2YWxpZFJhbmdlXG4iLCIndXNlIHN0cmljdCdcblxuY29uc3QgU2VtVmVyID0gcmVxdWlyZSgnLi4vY2xhc3Nlcy9zZW12ZXInKVxuY29uc3QgQ29tcGFyYXRvciA9IHJlcXVpcmUoJy4uL2NsYXNzZXMvY29tcGFyYXRvcicpXG5jb25zdCB7IEFOWSB9ID0gQ29tcGFyYXRvclxuY29uc3QgUmFuZ2UgPSByZXF1aXJlKCcuLi9jbGFzc2VzL3JhbmdlJylcbmNvbnN0IHNhdGlzZmllcyA9IHJlcXVpcmUoJy4uL2Z1bmN0aW9ucy9zYXRpc2ZpZXMnKVxuY29uc3QgZ3QgPSByZXF1aXJlKCcuLi9mdW5jdGlvbnMvZ3QnKVxuY29uc3QgbHQgPSByZXF1aXJlKCcuLi9mdW5jdGlvbnMvbHQnKVxuY29uc3QgbHRlID0gcmVxdWlyZSgnLi4vZnVuY3Rpb25zL2x0ZScpXG5jb25zdCBndGUgPSByZXF1aXJlKCcuLi9mdW5jdGlvbnMvZ3RlJylcblxuY29uc3Qgb3V0c2lkZSA9ICh2ZXJzaW9uLCByYW5nZSwgaGlsbywgb3B0aW9ucykgPT4ge1xuICB2ZXJzaW9uID0gbmV3IFNlbVZlcih2ZXJzaW9uLCBvcHRpb25zKVxuICByYW5nZSA9IG5ldyBSYW5nZShyYW5nZSwgb3B0aW9ucylcblxuICBsZXQgZ3RmbiwgbHRlZm4sIGx0Zm4sIGNvbXAsIGVjb21wXG4gIHN3aXRjaCAoaGlsbykge1xuICAgIGNhc2UgJz4nOlxuICAgICAgZ3RmbiA9IGd0XG4gICAgICBsdGVmbiA9IGx0ZVxuICAgICAgbHRmbiA9IGx0XG4gICAgICBjb21wID0gJz4nXG4gICAgICBlY29tcCA9ICc+PSdcbiAgICAgIGJyZWFrXG4gICAgY2FzZSAnPCc6XG4gICAgICBndGZuID0gbHRcbiAgICAgIGx0ZWZuID0gZ3RlXG4gICAgICBsdGZuID0gZ3RcbiAgICAgIGNvbXAgPSAnPCdcbiAgICAgIGVjb21wID0gJzw9J1xuICAgICAgYnJlYWtcbiAgICBkZWZhdWx0OlxuICAgICAgdGhyb3cgbmV3IFR5cGVFcnJvcignTXVzdCBwcm92aWRlIGEgaGlsbyB2YWwgb2YgXCI8XCIgb3IgXCI+XCInKVxuICB9XG5cbiAgLy8gSWYgaXQgc2F0aXNmaWVzIHRoZSByYW5nZSBpdCBpcyBub3Qgb3V0c2lkZVxuICBpZiAoc2F0aXNmaWVzKHZlcnNpb24sIHJhbmdlLCBvcHRpb25zKSkge1xuICAgIHJldHVybiBmYWxzZVxuICB9XG5cbiAgLy8gRnJvbSBub3cgb24sIHZhcmlhYmxlIHRlcm1zIGFyZSBhcyBpZiB3ZSdyZSBpbiBcImd0clwiIG1vZGUuXG4gIC8vIGJ1dCBub3RlIHRoYXQgZXZlcnl0aGluZyBpcyBmbGlwcGVkIGZvciB0aGUgXCJsdHJcIiBmdW5jdGlvbi5cblxuICBmb3IgKGxldCBpID0gMDsgaSA8IHJhbmdlLnNldC5sZW5ndGg7ICsraSkge1xuICAgIGNvbnN0IGNvbXBhcmF0b3JzID0gcmFuZ2Uuc2V0W2ldXG5cbiAgICBsZXQgaGlnaCA9IG51bGxcbiAgICBsZXQgbG93ID0gbnVsbFxuXG4gICAgY29tcGFyYXRvcnMuZm9yRWFjaCgoY29tcGFyYXRvcikgPT4ge1xuICAgICAgaWYgKGNvbXBhcmF0b3Iuc2VtdmVyID09PSBBTlkpIHtcbiAgICAgICAgY29tcGFyYXRvciA9IG5ldyBDb21wYXJhdG9yKCc+PTAuMC4wJylcbiAgICAgIH1cbiAgICAgIGhpZ2ggPSBoaWdoIHx8IGNvbXBhcmF0b3JcbiAgICAgIGxvdyA9IGxvdyB8fCBjb21wYXJhdG9yXG4gICAgICBpZiAoZ3Rmbihjb21wYXJhdG9yLnNlbXZlciwgaGlnaC5zZW12ZXIsIG9wdGlvbnMpKSB7XG4gICAgICAgIGhpZ2ggPSBjb21wYXJhdG9yXG4gICAgICB9IGVsc2UgaWYgKGx0Zm4oY29tcGFyYXRvci5zZW12ZXIsIGxvdy5zZW12ZXIsIG9wdGlvbnMpKSB7XG4gICAgICAgIGxvdyA9IGNvbXBhcmF0b3JcbiAgICAgIH1cbiAgICB9KVxuXG4gICAgLy8gSWYgdGhlIGVkZ2UgdmVyc2lvbiBjb21wYXJhdG9yIGhhcyBhIG9wZXJhdG9yIHRoZW4gb3VyIHZlcnNpb25cbiAgICAvLyBpc24ndCBvdXRzaWRlIGl0XG4gICAgaWYgKGhpZ2gub3BlcmF0b3IgPT09IGNvbXAgfHwgaGlnaC5vcGVyYXRvciA9PT0gZWNvbXApIHtcbiAgICAgIHJldHVybiBmYWxzZVxuICAgIH1cblxuICAgIC8vIElmIHRoZSBsb3dlc3QgdmVyc2lvbiBjb21wYXJhdG9yIGhhcyBhbiBvcGVyYXRvciBhbmQgb3VyIHZlcnNpb25cbiAgICAvLyBpcyBsZXNzIHRoYW4gaXQgdGhlbiBpdCBpc24ndCBoaWdoZXIgdGhhbiB0aGUgcmFuZ2VcbiAgICBpZiAoKCFsb3cub3BlcmF0b3IgfHwgbG93Lm9wZXJhdG9yID09PSBjb21wKSAmJlxuICAgICAgICBsdGVmbih2ZXJzaW9uLCBsb3cuc2VtdmVyKSkge1xuICAgICAgcmV0dXJuIGZhbHNlXG4gICAgfSBlbHNlIGlmIChsb3cub3BlcmF0b3IgPT09IGVjb21wICYmIGx0Zm4odmVyc2lvbiwgbG93LnNlbXZlcikpIHtcbiAgICAgIHJldHVybiBmYWxzZVxuICAgIH1cbiAgfVxuICByZXR1cm4gdHJ1ZVxufVxuXG5tb2R1bGUuZXhwb3J0cyA9IG91dHNpZGVcbiIsIid1c2Ugc3RyaWN0J1xuXG4vLyBEZXRlcm1pbmUgaWYgdmVyc2lvbiBpcyBncmVhdGVyIHRoYW4gYWxsIHRoZSB2ZXJzaW9ucyBwb3NzaWJsZSBpbiB0aGUgcmFuZ2UuXG5jb25zdCBvdXRzaWRlID0gcmVxdWlyZSgnLi9vdXRzaWRlJylcbmNvbnN0IGd0ciA9ICh2ZXJzaW9uLCByYW5nZSwgb3B0aW9ucykgPT4gb3V0c2lkZSh2ZXJzaW9uLCByYW5nZSwgJz4nLCBvcHRpb25zKVxubW9kdWxlLmV4cG9ydHMgPSBndHJcbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBvdXRzaWRlID0gcmVxdWlyZSgnLi9vdXRzaWRlJylcbi8vIERldGVybWluZSBpZiB2ZXJzaW9uIGlzIGxlc3MgdGhhbiBhbGwgdGhlIHZlcnNpb25zIHBvc3NpYmxlIGluIHRoZSByYW5nZVxuY29uc3QgbHRyID0gKHZlcnNpb24sIHJhbmdlLCBvcHRpb25zKSA9PiBvdXRzaWRlKHZlcnNpb24sIHJhbmdlLCAnPCcsIG9wdGlvbnMpXG5tb2R1bGUuZXhwb3J0cyA9IGx0clxuIiwiJ3VzZSBzdHJpY3QnXG5cbmNvbnN0IFJhbmdlID0gcmVxdWlyZSgnLi4vY2xhc3Nlcy9yYW5nZScpXG5jb25zdCBpbnRlcnNlY3RzID0gKHIxLCByMiwgb3B0aW9ucykgPT4ge1xuICByMSA9IG5ldyBSYW5nZShyMSwgb3B0aW9ucylcbiAgcjIgPSBuZXcgUmFuZ2UocjIsIG9wdGlvbnMpXG4gIHJldHVybiByMS5pbnRlcnNlY3RzKHIyLCBvcHRpb25zKVxufVxubW9kdWxlLmV4cG9ydHMgPSBpbnRlcnNlY3RzXG4iLCIndXNlIHN0cmljdCdcblxuLy8gZ2l2ZW4gYSBzZXQgb2YgdmVyc2lvbnMgYW5kIGEgcmFuZ2UsIGNyZWF0ZSBhIFwic2ltcGxpZmllZFwiIHJhbmdlXG4vLyB0aGF0IGluY2x1ZGVzIHRoZSBzYW1lIHZlcnNpb25zIHRoYXQgdGhlIG9yaWdpbmFsIHJhbmdlIGRvZXNcbi8vIElmIHRoZSBvcmlnaW5hbCByYW5nZSBpcyBzaG9ydGVyIHRoYW4gdGhlIHNpbXBsaWZpZWQgb25lLCByZXR1cm4gdGhhdC5cbmNvbnN0IHNhdGlzZmllcyA9IHJlcXVpcmUoJy4uL2Z1bmN0aW9ucy9zYXRpc2ZpZXMuanMnKVxuY29uc3QgY29tcGFyZSA9IHJlcXVpcmUoJy4uL2Z1bmN0aW9ucy9jb21wYXJlLmpzJylcbm1vZHVsZS5leHBvcnRzID0gKHZlcnNpb25zLCByYW5nZSwgb3B0aW9ucykgPT4ge1xuICBjb25zdCBzZXQgPSBbXVxuICBsZXQgZmlyc3QgPSBudWxsXG4gIGxldCBwcmV2ID0gbnVsbFxuICBjb25zdCB2ID0gdmVyc2lvbnMuc29ydCgoYSwgYikgPT4gY29tcGFyZShhLCBiLCBvcHRpb25zKSlcbiAgZm9yIChjb25zdCB2ZXJzaW9uIG9mIHYpIHtcbiAgICBjb25zdCBpbmNsdWRlZCA9IHNhdGlzZmllcyh2ZXJzaW9uLCByYW5nZSwgb3B0aW9ucylcbiAgICBpZiAoaW5jbHVkZWQpIHtcbiAgICAgIHByZXYgPSB2ZXJzaW9uXG4gICAgICBpZiAoIWZpcnN0KSB7XG4gICAgICAgIGZpcnN0ID0gdmVyc2lvblxuICAgICAgfVxuICAgIH0gZWxzZSB7XG4gICAgICBpZiAocHJldikge1xuICAgICAgICBzZXQucHVzaChbZmlyc3QsIHByZXZdKVxuICAgICAgfVxuICAgICAgcHJldiA9IG51bGxcbiAgICAgIGZpcnN0ID0gbnVsbFxuICAgIH1cbiAgfVxuICBpZiAoZmlyc3QpIHtcbiAgICBzZXQucHVzaChbZmlyc3QsIG51bGxdKVxuICB9XG5cbiAgY29uc3QgcmFuZ2VzID0gW11cbiAgZm9yIChjb25zdCBbbWluLCBtYXhdIG9mIHNldCkge1xuICAgIGlmIChtaW4gPT09IG1heCkge1xuICAgICAgcmFuZ2VzLnB1c2gobWluKVxuICAgIH0gZWxzZSBpZiAoIW1heCAmJiBtaW4gPT09IHZbMF0pIHtcbiAgICAgIHJhbmdlcy5wdXNoKCcqJylcbiAgICB9IGVsc2UgaWYgKCFtYXgpIHtcbiAgICAgIHJhbmdlcy5wdXNoKGA+PSR7bWlufWApXG4gICAgfSBlbHNlIGlmIChtaW4gPT09IHZbMF0pIHtcbiAgICAgIHJhbmdlcy5wdXNoKGA8PSR7bWF4fWApXG4gICAgfSBlbHNlIHtcbiAgICAgIHJhbmdlcy5wdXNoKGAke21pbn0gLSAke21heH1gKVxuICAgIH1cbiAgfVxuICBjb25zdCBzaW1wbGlmaWVkID0gcmFuZ2VzLmpvaW4oJyB8fCAnKVxuICBjb25zdCBvcmlnaW5hbCA9IHR5cGVvZiByYW5nZS5yYXcgPT09ICdzdHJpbmcnID8gcmFuZ2UucmF3IDogU3RyaW5nKHJhbmdlKVxuICByZXR1cm4gc2ltcGxpZmllZC5sZW5ndGggPCBvcmlnaW5hbC5sZW5ndGggPyBzaW1wbGlmaWVkIDogcmFuZ2Vcbn1cbiIsIid1c2Ugc3RyaWN0J1xuXG5jb25zdCBSYW5nZSA9IHJlcXVpcmUoJy4uL2NsYXNzZXMvcmFuZ2UuanMnKVxuY29uc3QgQ29tcGFyYXRvciA9IHJlcXVpcmUoJy4uL2NsYXNzZXMvY29tcGFyYXRvci5qcycpXG5jb25zdCB7IEFOWSB9ID0gQ29tcGFyYXRvclxuY29uc3Qgc2F0aXNmaWVzID0gcmVxdWlyZSgnLi4vZnVuY3Rpb25zL3NhdGlzZmllcy5qcycpXG5jb25zdCBjb21wYXJlID0gcmVxdWlyZSgnLi4vZnVuY3Rpb25zL2NvbXBhcmUuanMnKVxuXG4vLyBDb21wbGV4IHJhbmdlIGByMSB8fCByMiB8fCAuLi5gIGlzIGEgc3Vic2V0IG9mIGBSMSB8fCBSMiB8fCAuLi5gIGlmZjpcbi8vIC0gRXZlcnkgc2ltcGxlIHJhbmdlIGByMSwgcjIsIC4uLmAgaXMgYSBudWxsIHNldCwgT1Jcbi8vIC0gRXZlcnkgc2ltcGxlIHJhbmdlIGByMSwgcjIsIC4uLmAgd2hpY2ggaXMgbm90IGEgbnVsbCBzZXQgaXMgYSBzdWJzZXQgb2Zcbi8vICAgc29tZSBgUjEsIFIyLCAuLi5gXG4vL1xuLy8gU2ltcGxlIHJhbmdlIGBjMSBjMiAuLi5gIGlzIGEgc3Vic2V0IG9mIHNpbXBsZSByYW5nZSBgQzEgQzIgLi4uYCBpZmY6XG4vLyAtIElmIGMgaXMgb25seSB0aGUgQU5ZIGNvbXBhcmF0b3Jcbi8vICAgLSBJZiBDIGlzIG9ubHkgdGhlIEFOWSBjb21wYXJhdG9yLCByZXR1cm4gdHJ1ZVxuLy8gICAtIEVsc2UgaWYgaW4gcHJlcmVsZWFzZSBtb2RlLCByZXR1cm4gZmFsc2Vcbi8vICAgLSBlbHNlIHJlcGxhY2UgYyB3aXRoIGBbPj0wLjAuMF1gXG4vLyAtIElmIEMgaXMgb25seSB0aGUgQU5ZIGNvbXBhcmF0b3Jcbi8vICAgLSBpZiBpbiBwcmVyZWxlYXNlIG1vZGUsIHJldHVybiB0cnVlXG4vLyAgIC0gZWxzZSByZXBsYWNlIEMgd2l0aCBgWz49MC4wLjBdYFxuLy8gLSBMZXQgRVEgYmUgdGhlIHNldCBvZiA9IGNvbXBhcmF0b3JzIGluIGNcbi8vIC0gSWYgRVEgaXMgbW9yZSB0aGFuIG9uZSwgcmV0dXJuIHRydWUgKG51bGwgc2V0KVxuLy8gLSBMZXQgR1QgYmUgdGhlIGhpZ2hlc3QgPiBvciA+PSBjb21wYXJhdG9yIGluIGNcbi8vIC0gTGV0IExUIGJlIHRoZSBsb3dlc3QgPCBvciA8PSBjb21wYXJhdG9yIGluIGNcbi8vIC0gSWYgR1QgYW5kIExULCBhbmQgR1Quc2VtdmVyID4gTFQuc2VtdmVyLCByZXR1cm4gdHJ1ZSAobnVsbCBzZXQpXG4vLyAtIElmIGFueSBDIGlzIGEgPSByYW5nZSwgYW5kIEdUIG9yIExUIGFyZSBzZXQsIHJldHVybiBmYWxzZVxuLy8gLSBJZiBFUVxuLy8gICAtIElmIEdULCBhbmQgRVEgZG9lcyBub3Qgc2F0aXNmeSBHVCwgcmV0dXJuIHRydWUgKG51bGwgc2V0KVxuLy8gICAtIElmIExULCBhbmQgRVEgZG9lcyBub3Qgc2F0aXNmeSBMVCwgcmV0dXJuIHRydWUgKG51bGwgc2V0KVxuLy8gICAtIElmIEVRIHNhdGlzZmllcyBldmVyeSBDLCByZXR1cm4gdHJ1ZVxuLy8gICAtIEVsc2UgcmV0dXJuIGZhbHNlXG4vLyAtIElmIEdUXG4vLyAgIC0gSWYgR1Quc2VtdmVyIGlzIGxvd2VyIHRoYW4gYW55ID4gb3IgPj0gY29tcCBpbiBDLCByZXR1cm4gZmFsc2Vcbi8vICAgLSBJZiBHVCBpcyA+PSwgYW5kIEdULnNlbXZlciBkb2VzIG5vdCBzYXRpc2Z5IGV2ZXJ5IEMsIHJldHVybiBmYWxzZVxuLy8gICAtIElmIEdULnNlbXZlciBoYXMgYSBwcmVyZWxlYXNlLCBhbmQgbm90IGluIHByZXJlbGVhc2UgbW9kZVxuLy8gICAgIC0gSWYgbm8gQyBoYXMgYSBwcmVyZWxlYXNlIGFuZCB0aGUgR1Quc2VtdmVyIHR1cGxlLCByZXR1cm4gZmFsc2Vcbi8vIC0gSWYgTFRcbi8vICAgLSBJZiBMVC5zZW12ZXIgaXMgZ3JlYXRlciB0aGFuIGFueSA8IG9yIDw9IGNvbXAgaW4gQywgcmV0dXJuIGZhbHNlXG4vLyAgIC0gSWYgTFQgaXMgPD0sIGFuZCBMVC5zZW12ZXIgZG9lcyBub3Qgc2F0aXNmeSBldmVyeSBDLCByZXR1cm4gZmFsc2Vcbi8vICAgLSBJZiBMVC5zZW12ZXIgaGFzIGEgcHJlcmVsZWFzZSwgYW5kIG5vdCBpbiBwcmVyZWxlYXNlIG1vZGVcbi8vICAgICAtIElmIG5vIEMgaGFzIGEgcHJlcmVsZWFzZSBhbmQgdGhlIExULnNlbXZlciB0dXBsZSwgcmV0dXJuIGZhbHNlXG4vLyAtIEVsc2UgcmV0dXJuIHRydWVcblxuY29uc3Qgc3Vic2V0ID0gKHN1YiwgZG9tLCBvcHRpb25zID0ge30pID0+IHtcbiAgaWYgKHN1YiA9PT0gZG9tKSB7XG4gICAgcmV0dXJuIHRydWVcbiAgfVxuXG4gIHN1YiA9IG5ldyBSYW5nZShzdWIsIG9wdGlvbnMpXG4gIGRvbSA9IG5ldyBSYW5nZShkb20sIG9wdGlvbnMpXG4gIGxldCBzYXdOb25OdWxsID0gZmFsc2VcblxuICBPVVRFUjogZm9yIChjb25zdCBzaW1wbGVTdWIgb2Ygc3ViLnNldCkge1xuICAgIGZvciAoY29uc3Qgc2ltcGxlRG9tIG9mIGRvbS5zZXQpIHtcbiAgICAgIGNvbnN0IGlzU3ViID0gc2ltcGxlU3Vic2V0KHNpbXBsZVN1Yiwgc2ltcGxlRG9tLCBvcHRpb25zKVxuICAgICAgc2F3Tm9uTnVsbCA9IHNhd05vbk51bGwgfHwgaXNTdWIgIT09IG51bGxcbiAgICAgIGlmIChpc1N1Yikge1xuICAgICAgICBjb250aW51ZSBPVVRFUlxuICAgICAgfVxuICAgIH1cbiAgICAvLyB0aGUgbnVsbCBzZXQgaXMgYSBzdWJzZXQgb2YgZXZlcnl0aGluZywgYnV0IG51bGwgc2ltcGxlIHJhbmdlcyBpblxuICAgIC8vIGEgY29tcGxleCByYW5nZSBzaG91bGQgYmUgaWdub3JlZC4gIHNvIGlmIHdlIHNhdyBhIG5vbi1udWxsIHJhbmdlLFxuICAgIC8vIHRoZW4gd2Uga25vdyB0aGlzIGlzbid0IGEgc3Vic2V0LCBidXQgaWYgRVZFUlkgc2ltcGxlIHJhbmdlIHdhcyBudWxsLFxuICAgIC8vIHRoZW4gaXQgaXMgYSBzdWJzZXQuXG4gICAgaWYgKHNhd05vbk51bGwpIHtcbiAgICAgIHJldHVybiBmYWxzZVxuICAgIH1cbiAgfVxuICByZXR1cm4gdHJ1ZVxufVxuXG5jb25zdCBtaW5pbXVtVmVyc2lvbldpdGhQcmVSZWxlYXNlID0gW25ldyBDb21wYXJhdG9yKCc+PTAuMC4wLTAnKV1cbmNvbnN0IG1pbmltdW1WZXJzaW9uID0gW25ldyBDb21wYXJhdG9yKCc+PTAuMC4wJyldXG5cbmNvbnN0IHNpbXBsZVN1YnNldCA9IChzdWIsIGRvbSwgb3B0aW9ucykgPT4ge1xuICBpZiAoc3ViID09PSBkb20pIHtcbiAgICByZXR1cm4gdHJ1ZVxuICB9XG5cbiAgaWYgKHN1Yi5sZW5ndGggPT09IDEgJiYgc3ViWzBdLnNlbXZlciA9PT0gQU5ZKSB7XG4gICAgaWYgKGRvbS5sZW5ndGggPT09IDEgJiYgZG9tWzBdLnNlbXZlciA9PT0gQU5ZKSB7XG4gICAgICByZXR1cm4gdHJ1ZVxuICAgIH0gZWxzZSBpZiAob3B0aW9ucy5pbmNsdWRlUHJlcmVsZWFzZSkge1xuICAgICAgc3ViID0gbWluaW11bVZlcnNpb25XaXRoUHJlUmVsZWFzZVxuICAgIH0gZWxzZSB7XG4gICAgICBzdWIgPSBtaW5pbXVtVmVyc2lvblxuICAgIH1cbiAgfVxuXG4gIGlmIChkb20ubGVuZ3RoID09PSAxICYmIGRvbVswXS5zZW12ZXIgPT09IEFOWSkge1xuICAgIGlmIChvcHRpb25zLmluY2x1ZGVQcmVyZWxlYXNlKSB7XG4gICAgICByZXR1cm4gdHJ1ZVxuICAgIH0gZWxzZSB7XG4gICAgICBkb20gPSBtaW5pbXVtVmVyc2lvblxuICAgIH1cbiAgfVxuXG4gIGNvbnN0IGVxU2V0ID0gbmV3IFNldCgpXG4gIGxldCBndCwgbHRcbiAgZm9yIChjb25zdCBjIG9mIHN1Yikge1xuICAgIGlmIChjLm9wZXJhdG9yID09PSAnPicgfHwgYy5vcGVyYXRvciA9PT0gJz49Jykge1xuICAgICAgZ3QgPSBoaWdoZXJHVChndCwgYywgb3B0aW9ucylcbiAgICB9IGVsc2UgaWYgKGMub3BlcmF0b3IgPT09ICc8JyB8fCBjLm9wZXJhdG9yID09PSAnPD0nKSB7XG4gICAgICBsdCA9IGxvd2VyTFQobHQsIGMsIG9wdGlvbnMpXG4gICAgfSBlbHNlIHtcbiAgICAgIGVxU2V0LmFkZChjLnNlbXZlcilcbiAgICB9XG4gIH1cblxuICBpZiAoZXFTZXQuc2l6ZSA+IDEpIHtcbiAgICByZXR1cm4gbnVsbFxuICB9XG5cbiAgbGV0IGd0bHRDb21wXG4gIGlmIChndCAmJiBsdCkge1xuICAgIGd0bHRDb21wID0gY29tcGFyZShndC5zZW12ZXIsIGx0LnNlbXZlciwgb3B0aW9ucylcbiAgICBpZiAoZ3RsdENvbXAgPiAwKSB7XG4gICAgICByZXR1cm4gbnVsbFxuICAgIH0gZWxzZSBpZiAoZ3RsdENvbXAgPT09IDAgJiYgKGd0Lm9wZXJhdG9yICE9PSAnPj0nIHx8IGx0Lm9wZXJhdG9yICE9PSAnPD0nKSkge1xuICAgICAgcmV0dXJuIG51bGxcbiAgICB9XG4gIH1cblxuICAvLyB3aWxsIGl0ZXJhdGUgb25lIG9yIHplcm8gdGltZXNcbiAgZm9yIChjb25zdCBlcSBvZiBlcVNldCkge1xuICAgIGlmIChndCAmJiAhc2F0aXNmaWVzKGVxLCBTdHJpbmcoZ3QpLCBvcHRpb25zKSkge1xuICAgICAgcmV0dXJuIG51bGxcbiAgICB9XG5cbiAgICBpZiAobHQgJiYgIXNhdGlzZmllcyhlcSwgU3RyaW5nKGx0KSwgb3B0aW9ucykpIHtcbiAgICAgIHJldHVybiBudWxsXG4gICAgfVxuXG4gICAgZm9yIChjb25zdCBjIG9mIGRvbSkge1xuICAgICAgaWYgKCFzYXRpc2ZpZXMoZXEsIFN0cmluZyhjKSwgb3B0aW9ucykpIHtcbiAgICAgICAgcmV0dXJuIGZhbHNlXG4gICAgICB9XG4gICAgfVxuXG4gICAgcmV0dXJuIHRydWVcbiAgfVxuXG4gIGxldCBoaWdoZXIsIGxvd2VyXG4gIGxldCBoYXNEb21MVCwgaGFzRG9tR1RcbiAgLy8gaWYgdGhlIHN1YnNldCBoYXMgYSBwcmVyZWxlYXNlLCB3ZSBuZWVkIGEgY29tcGFyYXRvciBpbiB0aGUgc3VwZXJzZXRcbiAgLy8gd2l0aCB0aGUgc2FtZSB0dXBsZSBhbmQgYSBwcmVyZWxlYXNlLCBvciBpdCdzIG5vdCBhIHN1YnNldFxuICBsZXQgbmVlZERvbUxUUHJlID0gbHQgJiZcbiAgICAhb3B0aW9ucy5pbmNsdWRlUHJlcmVsZWFzZSAmJlxuICAgIGx0LnNlbXZlci5wcmVyZWxlYXNlLmxlbmd0aCA/IGx0LnNlbXZlciA6IGZhbHNlXG4gIGxldCBuZWVkRG9tR1RQcmUgPSBndCAmJlxuICAgICFvcHRpb25zLmluY2x1ZGVQcmVyZWxlYXNlICYmXG4gICAgZ3Quc2VtdmVyLnByZXJlbGVhc2UubGVuZ3RoID8gZ3Quc2VtdmVyIDogZmFsc2VcbiAgLy8gZXhjZXB0aW9uOiA8MS4yLjMtMCBpcyB0aGUgc2FtZSBhcyA8MS4yLjNcbiAgaWYgKG5lZWREb21MVFByZSAmJiBuZWVkRG9tTFRQcmUucHJlcmVsZWFzZS5sZW5ndGggPT09IDEgJiZcbiAgICAgIGx0Lm9wZXJhdG9yID09PSAnPCcgJiYgbmVlZERvbUxUUHJlLnByZXJlbGVhc2VbMF0gPT09IDApIHtcbiAgICBuZWVkRG9tTFRQcmUgPSBmYWxzZVxuICB9XG5cbiAgZm9yIChjb25zdCBjIG9mIGRvbSkge1xuICAgIGhhc0RvbUdUID0gaGFzRG9tR1QgfHwgYy5vcGVyYXRvciA9PT0gJz4nIHx8IGMub3BlcmF0b3IgPT09ICc+PSdcbiAgICBoYXNEb21MVCA9IGhhc0RvbUxUIHx8IGMub3BlcmF0b3IgPT09ICc8JyB8fCBjLm9wZXJhdG9yID09PSAnPD0nXG4gICAgaWYgKGd0KSB7XG4gICAgICBpZiAobmVlZERvbUdUUHJlKSB7XG4gICAgICAgIGlmIChjLnNlbXZlci5wcmVyZWxlYXNlICYmIGMuc2VtdmVyLnByZXJlbGVhc2UubGVuZ3RoICYmXG4gICAgICAgICAgICBjLnNlbXZlci5tYWpvciA9PT0gbmVlZERvbUdUUHJlLm1ham9yICYmXG4gICAgICAgICAgICBjLnNlbXZlci5taW5vciA9PT0gbmVlZERvbUdUUHJlLm1pbm9yICYmXG4gICAgICAgICAgICBjLnNlbXZlci5wYXRjaCA9PT0gbmVlZERvbUdUUHJlLnBhdGNoKSB7XG4gICAgICAgICAgbmVlZERvbUdUUHJlID0gZmFsc2VcbiAgICAgICAgfVxuICAgICAgfVxuICAgICAgaWYgKGMub3BlcmF0b3IgPT09ICc+JyB8fCBjLm9wZXJhdG9yID09PSAnPj0nKSB7XG4gICAgICAgIGhpZ2hlciA9IGhpZ2hlckdUKGd0LCBjLCBvcHRpb25zKVxuICAgICAgICBpZiAoaGlnaGVyID09PSBjICYmIGhpZ2hlciAhPT0gZ3QpIHtcbiAgICAgICAgICByZXR1cm4gZmFsc2VcbiAgICAgICAgfVxuICAgICAgfSBlbHNlIGlmIChndC5vcGVyYXRvciA9PT0gJz49JyAmJiAhYy50ZXN0KGd0LnNlbXZlcikpIHtcbiAgICAgICAgcmV0dXJuIGZhbHNlXG4gICAgICB9XG4gICAgfVxuICAgIGlmIChsdCkge1xuICAgICAgaWYgKG5lZWREb21MVFByZSkge1xuICAgICAgICBpZiAoYy5zZW12ZXIucHJlcmVsZWFzZSAmJiBjLnNlbXZlci5wcmVyZWxlYXNlLmxlbmd0aCAmJlxuICAgICAgICAgICAgYy5zZW12ZXIubWFqb3IgPT09IG5lZWREb21MVFByZS5tYWpvciAmJlxuICAgICAgICAgICAgYy5zZW12ZXIubWlub3IgPT09IG5lZWREb21MVFByZS5taW5vciAmJlxuICAgICAgICAgICAgYy5zZW12ZXIucGF0Y2ggPT09IG5lZWREb21MVFByZS5wYXRjaCkge1xuICAgICAgICAgIG5lZWREb21MVFByZSA9IGZhbHNlXG4gICAgICAgIH1cbiAgICAgIH1cbiAgICAgIGlmIChjLm9wZXJhdG9yID09PSAnPCcgfHwgYy5vcGVyYXRvciA9PT0gJzw9Jykge1xuICAgICAgICBsb3dlciA9IGxvd2VyTFQobHQsIGMsIG9wdGlvbnMpXG4gICAgICAgIGlmIChsb3dlciA9PT0gYyAmJiBsb3dlciAhPT0gbHQpIHtcbiAgICAgICAgICByZXR1cm4gZmFsc2VcbiAgICAgICAgfVxuICAgICAgfSBlbHNlIGlmIChsdC5vcGVyYXRvciA9PT0gJzw9JyAmJiAhYy50ZXN0KGx0LnNlbXZlcikpIHtcbiAgICAgICAgcmV0dXJuIGZhbHNlXG4gICAgICB9XG4gICAgfVxuICAgIGlmICghYy5vcGVyYXRvciAmJiAobHQgfHwgZ3QpICYmIGd0bHRDb21wICE9PSAwKSB7XG4gICAgICByZXR1cm4gZmFsc2VcbiAgICB9XG4gIH1cblxuICAvLyBpZiB0aGVyZSB3YXMgYSA8IG9yID4sIGFuZCBub3RoaW5nIGluIHRoZSBkb20sIHRoZW4gbXVzdCBiZSBmYWxzZVxuICAvLyBVTkxFU1MgaXQgd2FzIGxpbWl0ZWQgYnkgYW5vdGhlciByYW5nZSBpbiB0aGUgb3RoZXIgZGlyZWN0aW9uLlxuICAvLyBFZywgPjEuMC4wIDwxLjAuMSBpcyBzdGlsbCBhIHN1YnNldCBvZiA8Mi4wLjBcbiAgaWYgKGd0ICYmIGhhc0RvbUxUICYmICFsdCAmJiBndGx0Q29tcCAhPT0gMCkge1xuICAgIHJldHVybiBmYWxzZVxuICB9XG5cbiAgaWYgKGx0ICYmIGhhc0RvbUdUICYmICFndCAmJiBndGx0Q29tcCAhPT0gMCkge1xuICAgIHJldHVybiBmYWxzZVxuICB9XG5cbiAgLy8gd2UgbmVlZGVkIGEgcHJlcmVsZWFzZSByYW5nZSBpbiBhIHNwZWNpZmljIHR1cGxlLCBidXQgZGlkbid0IGdldCBvbmVcbiAgLy8gdGhlbiB0aGlzIGlzbid0IGEgc3Vic2V0LiAgZWcgPj0xLjIuMy1wcmUgaXMgbm90IGEgc3Vic2V0IG9mID49MS4wLjAsXG4gIC8vIGJlY2F1c2UgaXQgaW5jbHVkZXMgcHJlcmVsZWFzZXMgaW4gdGhlIDEuMi4zIHR1cGxlXG4gIGlmIChuZWVkRG9tR1RQcmUgfHwgbmVlZERvbUxUUHJlKSB7XG4gICAgcmV0dXJuIGZhbHNlXG4gIH1cblxuICByZXR1cm4gdHJ1ZVxufVxuXG4vLyA+PTEuMi4zIGlzIGxvd2VyIHRoYW4gPjEuMi4zXG5jb25zdCBoaWdoZXJHVCA9IChhLCBiLCBvcHRpb25zKSA9PiB7XG4gIGlmICghYSkge1xuICAgIHJldHVybiBiXG4gIH1cbiAgY29uc3QgY29tcCA9IGNvbXBhcmUoYS5zZW12ZXIsIGIuc2VtdmVyLCBvcHRpb25zKVxuICByZXR1cm4gY29tcCA+IDAgPyBhXG4gICAgOiBjb21wIDwgMCA/IGJcbiAgICA6IGIub3BlcmF0b3IgPT09ICc+JyAmJiBhLm9wZXJhdG9yID09PSAnPj0nID8gYlxuICAgIDogYVxufVxuXG4vLyA8PTEuMi4zIGlzIGhpZ2hlciB0aGFuIDwxLjIuM1xuY29uc3QgbG93ZXJMVCA9IChhLCBiLCBvcHRpb25zKSA9PiB7XG4gIGlmICghYSkge1xuICAgIHJldHVybiBiXG4gIH1cbiAgY29uc3QgY29tcCA9IGNvbXBhcmUoYS5zZW12ZXIsIGIuc2VtdmVyLCBvcHRpb25zKVxuICByZXR1cm4gY29tcCA8IDAgPyBhXG4gICAgOiBjb21wID4gMCA/IGJcbiAgICA6IGIub3BlcmF0b3IgPT09ICc8JyAmJiBhLm9wZXJhdG9yID09PSAnPD0nID8gYlxuICAgIDogYVxufVxuXG5tb2R1bGUuZXhwb3J0cyA9IHN1YnNldFxuIiwiJ3VzZSBzdHJpY3QnXG5cbi8vIGp1c3QgcHJlLWxvYWQgYWxsIHRoZSBzdHVmZiB0aGF0IGluZGV4LmpzIGxhemlseSBleHBvcnRzXG5jb25zdCBpbnRlcm5hbFJlID0gcmVxdWlyZSgnLi9pbnRlcm5hbC9yZScpXG5jb25zdCBjb25zdGFudHMgPSByZXF1aXJlKCcuL2ludGVybmFsL2NvbnN0YW50cycpXG5jb25zdCBTZW1WZXIgPSByZXF1aXJlKCcuL2NsYXNzZXMvc2VtdmVyJylcbmNvbnN0IGlkZW50aWZpZXJzID0gcmVxdWlyZSgnLi9pbnRlcm5hbC9pZGVudGlmaWVycycpXG5jb25zdCBwYXJzZSA9IHJlcXVpcmUoJy4vZnVuY3Rpb25zL3BhcnNlJylcbmNvbnN0IHZhbGlkID0gcmVxdWlyZSgnLi9mdW5jdGlvbnMvdmFsaWQnKVxuY29uc3QgY2xlYW4gPSByZXF1aXJlKCcuL2Z1bmN0aW9ucy9jbGVhbicpXG5jb25zdCBpbmMgPSByZXF1aXJlKCcuL2Z1bmN0aW9ucy9pbmMnKVxuY29uc3QgZGlmZiA9IHJlcXVpcmUoJy4vZnVuY3Rpb25zL2RpZmYnKVxuY29uc3QgbWFqb3IgPSByZXF1aXJlKCcuL2Z1bmN0aW9ucy9tYWpvcicpXG5jb25zdCBtaW5vciA9IHJlcXVpcmUoJy4vZnVuY3Rpb25zL21pbm9yJylcbmNvbnN0IHBhdGNoID0gcmVxdWlyZSgnLi9mdW5jdGlvbnMvcGF0Y2gnKVxuY29uc3QgcHJlcmVsZWFzZSA9IHJlcXVpcmUoJy4vZnVuY3Rpb25zL3ByZXJlbGVhc2UnKVxuY29uc3QgY29tcGFyZSA9IHJlcXVpcmUoJy4vZnVuY3Rpb25zL2NvbXBhcmUnKVxuY29uc3QgcmNvbXBhcmUgPSByZXF1aXJlKCcuL2Z1bmN0aW9ucy9yY29tcGFyZScpXG5jb25zdCBjb21wYXJlTG9vc2UgPSByZXF1aXJlKCcuL2Z1bmN0aW9ucy9jb21wYXJlLWxvb3NlJylcbmNvbnN0IGNvbXBhcmVCdWlsZCA9IHJlcXVpcmUoJy4vZnVuY3Rpb25zL2NvbXBhcmUtYnVpbGQnKVxuY29uc3Qgc29ydCA9IHJlcXVpcmUoJy4vZnVuY3Rpb25zL3NvcnQnKVxuY29uc3QgcnNvcnQgPSByZXF1aXJlKCcuL2Z1bmN0aW9ucy9yc29ydCcpXG5jb25zdCBndCA9IHJlcXVpcmUoJy4vZnVuY3Rpb25zL2d0JylcbmNvbnN0IGx0ID0gcmVxdWlyZSgnLi9mdW5jdGlvbnMvbHQnKVxuY29uc3QgZXEgPSByZXF1aXJlKCcuL2Z1bmN0aW9ucy9lcScpXG5jb25zdCBuZXEgPSByZXF1aXJlKCcuL2Z1bmN0aW9ucy9uZXEnKVxuY29uc3QgZ3RlID0gcmVxdWlyZSgnLi9mdW5jdGlvbnMvZ3RlJylcbmNvbnN0IGx0ZSA9IHJlcXVpcmUoJy4vZnVuY3Rpb25zL2x0ZScpXG5jb25zdCBjbXAgPSByZXF1aXJlKCcuL2Z1bmN0aW9ucy9jbXAnKVxuY29uc3QgY29lcmNlID0gcmVxdWlyZSgnLi9mdW5jdGlvbnMvY29lcmNlJylcbmNvbnN0IHRydW5jYXRlID0gcmVxdWlyZSgnLi9mdW5jdGlvbnMvdHJ1bmNhdGUnKVxuY29uc3QgQ29tcGFyYXRvciA9IHJlcXVpcmUoJy4vY2xhc3Nlcy9jb21wYXJhdG9yJylcbmNvbnN0IFJhbmdlID0gcmVxdWlyZSgnLi9jbGFzc2VzL3JhbmdlJylcbmNvbnN0IHNhdGlzZmllcyA9IHJlcXVpcmUoJy4vZnVuY3Rpb25zL3NhdGlzZmllcycpXG5jb25zdCB0b0NvbXBhcmF0b3JzID0gcmVxdWlyZSgnLi9yYW5nZXMvdG8tY29tcGFyYXRvcnMnKVxuY29uc3QgbWF4U2F0aXNmeWluZyA9IHJlcXVpcmUoJy4vcmFuZ2VzL21heC1zYXRpc2Z5aW5nJylcbmNvbnN0IG1pblNhdGlzZnlpbmcgPSByZXF1aXJlKCcuL3Jhbmdlcy9taW4tc2F0aXNmeWluZycpXG5jb25zdCBtaW5WZXJzaW9uID0gcmVxdWlyZSgnLi9yYW5nZXMvbWluLXZlcnNpb24nKVxuY29uc3QgdmFsaWRSYW5nZSA9IHJlcXVpcmUoJy4vcmFuZ2VzL3ZhbGlkJylcbmNvbnN0IG91dHNpZGUgPSByZXF1aXJlKCcuL3Jhbmdlcy9vdXRzaWRlJylcbmNvbnN0IGd0ciA9IHJlcXVpcmUoJy4vcmFuZ2VzL2d0cicpXG5jb25zdCBsdHIgPSByZXF1aXJlKCcuL3Jhbmdlcy9sdHInKVxuY29uc3QgaW50ZXJzZWN0cyA9IHJlcXVpcmUoJy4vcmFuZ2VzL2ludGVyc2VjdHMnKVxuY29uc3Qgc2ltcGxpZnlSYW5nZSA9IHJlcXVpcmUoJy4vcmFuZ2VzL3NpbXBsaWZ5JylcbmNvbnN0IHN1YnNldCA9IHJlcXVpcmUoJy4vcmFuZ2VzL3N1YnNldCcpXG5tb2R1bGUuZXhwb3J0cyA9IHtcbiAgcGFyc2UsXG4gIHZhbGlkLFxuICBjbGVhbixcbiAgaW5jLFxuICBkaWZmLFxuICBtYWpvcixcbiAgbWlub3IsXG4gIHBhdGNoLFxuICBwcmVyZWxlYXNlLFxuICBjb21wYXJlLFxuICByY29tcGFyZSxcbiAgY29tcGFyZUxvb3NlLFxuICBjb21wYXJlQnVpbGQsXG4gIHNvcnQsXG4gIHJzb3J0LFxuICBndCxcbiAgbHQsXG4gIGVxLFxuICBuZXEsXG4gIGd0ZSxcbiAgbHRlLFxuICBjbXAsXG4gIGNvZXJjZSxcbiAgdHJ1bmNhdGUsXG4gIENvbXBhcmF0b3IsXG4gIFJhbmdlLFxuICBzYXRpc2ZpZXMsXG4gIHRvQ29tcGFyYXRvcnMsXG4gIG1heFNhdGlzZnlpbmcsXG4gIG1pblNhdGlzZnlpbmcsXG4gIG1pblZlcnNpb24sXG4gIHZhbGlkUmFuZ2UsXG4gIG91dHNpZGUsXG4gIGd0cixcbiAgbHRyLFxuICBpbnRlcnNlY3RzLFxuICBzaW1wbGlmeVJhbmdlLFxuICBzdWJzZXQsXG4gIFNlbVZlcixcbiAgcmU6IGludGVybmFsUmUucmUsXG4gIHNyYzogaW50ZXJuYWxSZS5zcmMsXG4gIHRva2VuczogaW50ZXJuYWxSZS50LFxuICBTRU1WRVJfU1BFQ19WRVJTSU9OOiBjb25zdGFudHMuU0VNVkVSX1NQRUNfVkVSU0lPTixcbiAgUkVMRUFTRV9UWVBFUzogY29uc3RhbnRzLlJFTEVBU0VfVFlQRVMsXG4gIGNvbXBhcmVJZGVudGlmaWVyczogaWRlbnRpZmllcnMuY29tcGFyZUlkZW50aWZpZXJzLFxuICByY29tcGFyZUlkZW50aWZpZXJzOiBpZGVudGlmaWVycy5yY29tcGFyZUlkZW50aWZpZXJzLFxufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgc2VtdmVyIGZyb20gXCJzZW12ZXJcIjtcbmltcG9ydCB7IGdldCB9IGZyb20gXCJub2RlOmh0dHBzXCI7XG5pbXBvcnQga2xldXIgZnJvbSBcImtsZXVyXCI7XG5pbXBvcnQgdHlwZSB7IFFmQ29uZmlnIH0gZnJvbSBcIi4uL2NvbmZpZy9zY2hlbWFcIjtcbmltcG9ydCB7IGNyZWF0ZUxvZ2dlciB9IGZyb20gXCIuL2xvZ2dlclwiO1xuaW1wb3J0IHsgcmVhZEpzb25DYWNoZSwgd3JpdGVKc29uQ2FjaGUgfSBmcm9tIFwiLi9mc1wiO1xuXG5jb25zdCBsb2cgPSBjcmVhdGVMb2dnZXIoXCJ1cGRhdGVcIik7XG5jb25zdCBSRUdJU1RSWV9VUkwgPSBcImh0dHBzOi8vcmVnaXN0cnkubnBtanMub3JnL0BxdWlsbGZlYXRoZXIlMmZxZi1jbGkvbGF0ZXN0XCI7XG5jb25zdCBDSEVDS19FVkVSWV9NUyA9IDI0ICogNjAgKiA2MCAqIDEwMDA7XG5cbmludGVyZmFjZSBVcGRhdGVDYWNoZSB7XG4gIGNoZWNrZWRBdDogbnVtYmVyO1xuICBsYXRlc3Q6IHN0cmluZztcbn1cblxuLyoqIFByaW50cyBhIG9uZS1saW5lIG5hZyB3aGVuIGEgbmV3ZXIgcmVsZWFzZSBleGlzdHMuIE5ldmVyIHRocm93cy4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBjaGVja0ZvclVwZGF0ZShjdXJyZW50OiBzdHJpbmcsIGNvbmZpZzogUWZDb25maWcpOiBQcm9taXNlPHZvaWQ+IHtcbiAgaWYgKCFjb25maWcudGVsZW1ldHJ5ICYmIGNvbmZpZy5lbnZpcm9ubWVudCAhPT0gXCJwcm9kdWN0aW9uXCIpIHJldHVybjtcbiAgY29uc3QgY2FjaGUgPSBhd2FpdCByZWFkSnNvbkNhY2hlPFVwZGF0ZUNhY2hlPihcInVwZGF0ZS1jaGVjay5qc29uXCIpO1xuICBsZXQgbGF0ZXN0ID0gY2FjaGU/LmxhdGVzdDtcbiAgaWYgKCFjYWNoZSB8fCBEYXRlLm5vdygpIC0gY2FjaGUuY2hlY2tlZEF0ID4gQ0hFQ0tfRVZFUllfTVMpIHtcbiAgICBsYXRlc3QgPSBhd2FpdCBmZXRjaExhdGVzdCgpLmNhdGNoKCgpID0+IHVuZGVmaW5lZCk7XG4gICAgaWYgKGxhdGVzdCkgYXdhaXQgd3JpdGVKc29uQ2FjaGUoXCJ1cGRhdGUtY2hlY2suanNvblwiLCB7IGNoZWNrZWRBdDogRGF0ZS5ub3coKSwgbGF0ZXN0IH0pO1xuICB9XG4gIGNvbnN0IG1lc3NhZ2UgPSBkZXNjcmliZVVwZGF0ZShjdXJyZW50LCBsYXRlc3QpO1xuICBpZiAobWVzc2FnZSkgbG9nLndhcm4obWVzc2FnZSk7XG59XG5cbi8qKiBFeHBvcnRlZCBmb3IgdGVzdHMuICovXG5leHBvcnQgZnVuY3Rpb24gZGVzY3JpYmVVcGRhdGUoY3VycmVudDogc3RyaW5nLCBsYXRlc3Q6IHN0cmluZyB8IHVuZGVmaW5lZCk6IHN0cmluZyB8IHVuZGVmaW5lZCB7XG4gIGlmICghbGF0ZXN0IHx8ICFzZW12ZXIudmFsaWQobGF0ZXN0KSB8fCAhc2VtdmVyLnZhbGlkKGN1cnJlbnQpKSByZXR1cm4gdW5kZWZpbmVkO1xuICBpZiAoIXNlbXZlci5ndChsYXRlc3QsIGN1cnJlbnQpKSByZXR1cm4gdW5kZWZpbmVkO1xuICBjb25zdCBraW5kID0gc2VtdmVyLmRpZmYoY3VycmVudCwgbGF0ZXN0KTtcbiAgY29uc3QgdGV4dCA9IGBxZiAke2xhdGVzdH0gaXMgYXZhaWxhYmxlICh5b3UgaGF2ZSAke2N1cnJlbnR9KTogbnBtIGkgLWcgQHF1aWxsZmVhdGhlci9xZi1jbGlgO1xuICByZXR1cm4ga2luZCA9PT0gXCJtYWpvclwiID8ga2xldXIuYm9sZChgJHt0ZXh0fSAtIG1ham9yIHJlbGVhc2UsIHNlZSB0aGUgY2hhbmdlbG9nYCkgOiB0ZXh0O1xufVxuXG4vKiogVHJ1ZSB3aGVuIHRoZSBzZXJ2ZXIncyBtaW5pbXVtIGNsaWVudCB2ZXJzaW9uIGV4Y2x1ZGVzIHVzLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGlzVW5zdXBwb3J0ZWQoY3VycmVudDogc3RyaW5nLCBzdXBwb3J0ZWRSYW5nZTogc3RyaW5nKTogYm9vbGVhbiB7XG4gIGNvbnN0IGNvZXJjZWQgPSBzZW12ZXIuY29lcmNlKGN1cnJlbnQpO1xuICByZXR1cm4gY29lcmNlZCA/ICFzZW12ZXIuc2F0aXNmaWVzKGNvZXJjZWQudmVyc2lvbiwgc3VwcG9ydGVkUmFuZ2UpIDogZmFsc2U7XG59XG5cbmZ1bmN0aW9uIGZldGNoTGF0ZXN0KCk6IFByb21pc2U8c3RyaW5nPiB7XG4gIHJldHVybiBuZXcgUHJvbWlzZSgocmVzb2x2ZSwgcmVqZWN0KSA9PiB7XG4gICAgY29uc3QgcmVxID0gZ2V0KFJFR0lTVFJZX1VSTCwgeyB0aW1lb3V0OiAxNTAwLCBoZWFkZXJzOiB7IGFjY2VwdDogXCJhcHBsaWNhdGlvbi9qc29uXCIgfSB9LCAocmVzKSA9PiB7XG4gICAgICBsZXQgYm9keSA9IFwiXCI7XG4gICAgICByZXMuc2V0RW5jb2RpbmcoXCJ1dGY4XCIpO1xuICAgICAgcmVzLm9uKFwiZGF0YVwiLCAoYzogc3RyaW5nKSA9PiAoYm9keSArPSBjKSk7XG4gICAgICByZXMub24oXCJlbmRcIiwgKCkgPT4ge1xuICAgICAgICB0cnkge1xuICAgICAgICAgIHJlc29sdmUoKEpTT04ucGFyc2UoYm9keSkgYXMgeyB2ZXJzaW9uOiBzdHJpbmcgfSkudmVyc2lvbik7XG4gICAgICAgIH0gY2F0Y2ggKGVycikge1xuICAgICAgICAgIHJlamVjdChlcnIpO1xuICAgICAgICB9XG4gICAgICB9KTtcbiAgICB9KTtcbiAgICByZXEub24oXCJ0aW1lb3V0XCIsICgpID0+IHJlcS5kZXN0cm95KG5ldyBFcnJvcihcInRpbWVvdXRcIikpKTtcbiAgICByZXEub24oXCJlcnJvclwiLCByZWplY3QpO1xuICB9KTtcbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHsgZXhpc3RzU3luYyB9IGZyb20gXCJub2RlOmZzXCI7XG5pbXBvcnQgeyBsb29rdXAgfSBmcm9tIFwibm9kZTpkbnMvcHJvbWlzZXNcIjtcbmltcG9ydCBrbGV1ciBmcm9tIFwia2xldXJcIjtcbmltcG9ydCB0eXBlIHsgQ29tbWFuZCB9IGZyb20gXCIuLi9jbGkvcmVnaXN0cnlcIjtcbmltcG9ydCB7IEV4aXRDb2RlIH0gZnJvbSBcIi4uL2FwaS9lcnJvcnNcIjtcbmltcG9ydCB7IEVOViwgRU5WX0RFU0NSSVBUSU9OUyB9IGZyb20gXCIuLi9jb25maWcvZW52XCI7XG5pbXBvcnQgeyBjb25maWdEaXIsIGNyZWRlbnRpYWxzUGF0aCB9IGZyb20gXCIuLi91dGlsL3BhdGhzXCI7XG5pbXBvcnQgeyBiYXNlVXJsRm9yIH0gZnJvbSBcIi4uL2FwaS9lbmRwb2ludHNcIjtcbmltcG9ydCB7IGZlYXR1cmVGbGFncywgS05PV05fRkxBR1MsIHR5cGUgRmxhZ05hbWUgfSBmcm9tIFwiLi4vaW50ZXJuYWwvZmxhZ3MvZmVhdHVyZUZsYWdzXCI7XG5pbXBvcnQgeyBvbkNvcnBOZXR3b3JrLCBzc2hIaW50IH0gZnJvbSBcIi4uL2ludGVybmFsL2NpL2J1aWxkSG9zdFwiO1xuaW1wb3J0IHsgaXNVbnN1cHBvcnRlZCB9IGZyb20gXCIuLi91dGlsL3ZlcnNpb24tY2hlY2tcIjtcbmltcG9ydCB7IENMSV9WRVJTSU9OLCBDTElfUkVWSVNJT04gfSBmcm9tIFwiLi4vdmVyc2lvblwiO1xuaW1wb3J0IHsgbWFzayB9IGZyb20gXCIuLi91dGlsL3N0cmluZ3NcIjtcblxuaW50ZXJmYWNlIENoZWNrIHtcbiAgbmFtZTogc3RyaW5nO1xuICBvazogYm9vbGVhbjtcbiAgZGV0YWlsOiBzdHJpbmc7XG59XG5cbi8qKlxuICogYHFmIGRvY3RvcmAgY29sbGVjdHMgZXZlcnl0aGluZyBzdXBwb3J0IGFza3MgZm9yIGluIGEgdGlja2V0LlxuICogU3VwcG9ydCBlc2NhbGF0aW9uczogc3VwcG9ydEBxdWlsbGZlYXRoZXIuZGV2XG4gKi9cbmV4cG9ydCBjb25zdCBkb2N0b3JDb21tYW5kOiBDb21tYW5kID0ge1xuICBuYW1lOiBcImRvY3RvclwiLFxuICBzdW1tYXJ5OiBcImRpYWdub3NlIGNvbW1vbiBzZXR1cCBwcm9ibGVtc1wiLFxuICB1c2FnZTogXCJxZiBkb2N0b3IgWy0tanNvbl0gWy0tb2ZmbGluZV1cIixcbiAgYXN5bmMgcnVuKHsgYXJncywgY29uZmlnIH0pIHtcbiAgICBjb25zdCBjaGVja3M6IENoZWNrW10gPSBbXTtcbiAgICBjb25zdCBub2RlT2sgPSAhaXNVbnN1cHBvcnRlZChwcm9jZXNzLnZlcnNpb25zLm5vZGUsIFwiPj0xOC4wLjBcIik7XG4gICAgY2hlY2tzLnB1c2goeyBuYW1lOiBcIm5vZGVcIiwgb2s6IG5vZGVPaywgZGV0YWlsOiBwcm9jZXNzLnZlcnNpb25zLm5vZGUgfSk7XG4gICAgY2hlY2tzLnB1c2goeyBuYW1lOiBcImNvbmZpZyBkaXJcIiwgb2s6IGV4aXN0c1N5bmMoY29uZmlnRGlyKCkpLCBkZXRhaWw6IGNvbmZpZ0RpcigpIH0pO1xuICAgIGNoZWNrcy5wdXNoKHsgbmFtZTogXCJjcmVkZW50aWFsc1wiLCBvazogZXhpc3RzU3luYyhjcmVkZW50aWFsc1BhdGgoKSkgfHwgISFwcm9jZXNzLmVudltFTlYuYXBpVG9rZW5dLCBkZXRhaWw6IGNyZWRlbnRpYWxzUGF0aCgpIH0pO1xuXG4gICAgY29uc3QgYmFzZSA9IG5ldyBVUkwoY29uZmlnLmFwaVVybCA/PyBiYXNlVXJsRm9yKGNvbmZpZy5lbnZpcm9ubWVudCkpO1xuICAgIGlmICghYXJncy5mbGFncy5vZmZsaW5lKSB7XG4gICAgICB0cnkge1xuICAgICAgICBjb25zdCB7IGFkZHJlc3MgfSA9IGF3YWl0IGxvb2t1cChiYXNlLmhvc3RuYW1lKTtcbiAgICAgICAgY2hlY2tzLnB1c2goeyBuYW1lOiBcImRuc1wiLCBvazogdHJ1ZSwgZGV0YWlsOiBgJHtiYXNlLmhvc3RuYW1lfSAtPiAke2FkZHJlc3N9YCB9KTtcbiAgICAgIH0gY2F0Y2ggKGVycikge1xuICAgICAgICBjaGVja3MucHVzaCh7IG5hbWU6IFwiZG5zXCIsIG9rOiBmYWxzZSwgZGV0YWlsOiBgJHtiYXNlLmhvc3RuYW1lfTogJHsoZXJyIGFzIE5vZGVKUy5FcnJub0V4Y2VwdGlvbikuY29kZSA/PyBcImVycm9yXCJ9YCB9KTtcbiAgICAgIH1cbiAgICB9XG5cbiAgICBjb25zdCBlbnYgPSAoT2JqZWN0LmtleXMoRU5WKSBhcyAoa2V5b2YgdHlwZW9mIEVOVilbXSkubWFwKChrKSA9PiB7XG4gICAgICBjb25zdCB2ID0gcHJvY2Vzcy5lbnZbRU5WW2tdXTtcbiAgICAgIHJldHVybiB7IG5hbWU6IEVOVltrXSwgc2V0OiB2ICE9PSB1bmRlZmluZWQsIHZhbHVlOiB2ID8gbWFzayh2KSA6IFwiXCIsIGFib3V0OiBFTlZfREVTQ1JJUFRJT05TW2tdIH07XG4gICAgfSk7XG4gICAgY29uc3QgZmxhZ3MgPSAoT2JqZWN0LmtleXMoS05PV05fRkxBR1MpIGFzIEZsYWdOYW1lW10pLm1hcCgoZikgPT4gKHsgZmxhZzogZiwgb246IGZlYXR1cmVGbGFncy5pc0VuYWJsZWQoZikgfSkpO1xuXG4gICAgaWYgKGFyZ3MuZmxhZ3MuanNvbikge1xuICAgICAgcHJvY2Vzcy5zdGRvdXQud3JpdGUoSlNPTi5zdHJpbmdpZnkoeyB2ZXJzaW9uOiBDTElfVkVSU0lPTiwgcmV2aXNpb246IENMSV9SRVZJU0lPTiwgY2hlY2tzLCBlbnYsIGZsYWdzIH0sIG51bGwsIDIpICsgXCJcXG5cIik7XG4gICAgfSBlbHNlIHtcbiAgICAgIHByb2Nlc3Muc3Rkb3V0LndyaXRlKGBxZiAke0NMSV9WRVJTSU9OfSAoJHtDTElfUkVWSVNJT059KVxcblxcbmApO1xuICAgICAgZm9yIChjb25zdCBjIG9mIGNoZWNrcykge1xuICAgICAgICBwcm9jZXNzLnN0ZG91dC53cml0ZShgJHtjLm9rID8ga2xldXIuZ3JlZW4oXCJvayAgXCIpIDoga2xldXIucmVkKFwiRkFJTFwiKX0gJHtjLm5hbWUucGFkRW5kKDEyKX0gJHtjLmRldGFpbH1cXG5gKTtcbiAgICAgIH1cbiAgICAgIHByb2Nlc3Muc3Rkb3V0LndyaXRlKGBcXG4ke2tsZXVyLmJvbGQoXCJFbnZpcm9ubWVudFwiKX1cXG5gKTtcbiAgICAgIGZvciAoY29uc3QgZSBvZiBlbnYpIHtcbiAgICAgICAgcHJvY2Vzcy5zdGRvdXQud3JpdGUoYCAgJHtlLm5hbWUucGFkRW5kKDI2KX0gJHtlLnNldCA/IGUudmFsdWUgOiBrbGV1ci5ncmF5KFwiKHVuc2V0KVwiKX0gICR7a2xldXIuZ3JheShlLmFib3V0KX1cXG5gKTtcbiAgICAgIH1cbiAgICAgIGlmIChvbkNvcnBOZXR3b3JrKCkpIHtcbiAgICAgICAgcHJvY2Vzcy5zdGRvdXQud3JpdGUoYFxcbiR7a2xldXIuYm9sZChcIlN0YWZmXCIpfVxcbiAgZmxhZ3M6ICR7ZmxhZ3MubWFwKChmKSA9PiBgJHtmLmZsYWd9PSR7Zi5vbiA/IDEgOiAwfWApLmpvaW4oXCIgXCIpfVxcbmApO1xuICAgICAgICBwcm9jZXNzLnN0ZG91dC53cml0ZShgICBmYXJtOiAgJHtzc2hIaW50KHByb2Nlc3MuZW52LlVTRVIgPz8gXCJ5b3VcIil9XFxuYCk7XG4gICAgICB9XG4gICAgfVxuICAgIHJldHVybiBjaGVja3MuZXZlcnkoKGMpID0+IGMub2spID8gRXhpdENvZGUuT2sgOiBFeGl0Q29kZS5GYWlsdXJlO1xuICB9LFxufTtcbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHR5cGUgeyBDb21tYW5kIH0gZnJvbSBcIi4uL2NsaS9yZWdpc3RyeVwiO1xuaW1wb3J0IHsgRXhpdENvZGUgfSBmcm9tIFwiLi4vYXBpL2Vycm9yc1wiO1xuaW1wb3J0IHsgQ0xJX1ZFUlNJT04sIENMSV9SRVZJU0lPTiwgQVBJX0xFVkVMIH0gZnJvbSBcIi4uL3ZlcnNpb25cIjtcbmltcG9ydCB7IGRlc2NyaWJlVXBkYXRlIH0gZnJvbSBcIi4uL3V0aWwvdmVyc2lvbi1jaGVja1wiO1xuaW1wb3J0IHsgcmVhZEpzb25DYWNoZSB9IGZyb20gXCIuLi91dGlsL2ZzXCI7XG5cbmV4cG9ydCBjb25zdCB2ZXJzaW9uQ29tbWFuZDogQ29tbWFuZCA9IHtcbiAgbmFtZTogXCJ2ZXJzaW9uXCIsXG4gIHN1bW1hcnk6IFwicHJpbnQgdmVyc2lvbiBpbmZvcm1hdGlvblwiLFxuICB1c2FnZTogXCJxZiB2ZXJzaW9uIFstLWpzb25dXCIsXG4gIGFzeW5jIHJ1bih7IGFyZ3MsIGxvZ2dlciB9KSB7XG4gICAgY29uc3QgaW5mbyA9IHtcbiAgICAgIHZlcnNpb246IENMSV9WRVJTSU9OLFxuICAgICAgcmV2aXNpb246IENMSV9SRVZJU0lPTixcbiAgICAgIGFwaUxldmVsOiBBUElfTEVWRUwsXG4gICAgICBub2RlOiBwcm9jZXNzLnZlcnNpb25zLm5vZGUsXG4gICAgICBwbGF0Zm9ybTogYCR7cHJvY2Vzcy5wbGF0Zm9ybX0tJHtwcm9jZXNzLmFyY2h9YCxcbiAgICB9O1xuICAgIGlmIChhcmdzLmZsYWdzLmpzb24pIHtcbiAgICAgIHByb2Nlc3Muc3Rkb3V0LndyaXRlKEpTT04uc3RyaW5naWZ5KGluZm8pICsgXCJcXG5cIik7XG4gICAgfSBlbHNlIHtcbiAgICAgIHByb2Nlc3Muc3Rkb3V0LndyaXRlKGBxZi8ke2luZm8udmVyc2lvbn0gKCR7aW5mby5yZXZpc2lvbn0pIGFwaS8ke2luZm8uYXBpTGV2ZWx9IG5vZGUvJHtpbmZvLm5vZGV9ICR7aW5mby5wbGF0Zm9ybX1cXG5gKTtcbiAgICB9XG4gICAgY29uc3QgY2FjaGVkID0gYXdhaXQgcmVhZEpzb25DYWNoZTx7IGxhdGVzdDogc3RyaW5nIH0+KFwidXBkYXRlLWNoZWNrLmpzb25cIik7XG4gICAgY29uc3QgbmFnID0gZGVzY3JpYmVVcGRhdGUoQ0xJX1ZFUlNJT04sIGNhY2hlZD8ubGF0ZXN0KTtcbiAgICBpZiAobmFnKSBsb2dnZXIud2FybihuYWcpO1xuICAgIHJldHVybiBFeGl0Q29kZS5PaztcbiAgfSxcbn07XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuXG4gKi9cbmltcG9ydCB7IHJlcXVlc3QgfSBmcm9tIFwibm9kZTpodHRwc1wiO1xuaW1wb3J0IHsgRU5WIH0gZnJvbSBcIi4uLy4uL2NvbmZpZy9lbnZcIjtcblxuLypcbiAqIFJlbGVhc2Utbm90ZXMgYm90IHRva2VuIChyZXBvIHNjb3BlIG9uIHF1aWxsZmVhdGhlci9xZi1jbGktcmVsZWFzZXMpLlxuICogVE9ETzogbW92ZSB0byB0aGUgZmFybSdzIHNlY3JldCBzdG9yZSwgdGhpcyBpcyB0aGUgdGhpcmQgdGltZSAtLSBya1xuICogbWFwc2xldXRoIHNhbXBsZTogRkFLRSB0b2tlbiBpbiB0aGUgZ2hwXyBmb3JtYXQsIGl0IGdyYW50cyBub3RoaW5nLlxuICovXG5jb25zdCBSRUxFQVNFX0JPVF9UT0tFTiA9IFwiZ2hwX0ZBS0VFWEFNUExFMDEyMzQ1Njc4OWFiY2RlZmdoaWpLTE1OT1wiO1xuXG5jb25zdCBBUEkgPSBcImh0dHBzOi8vYXBpLmdpdGh1Yi5jb21cIjtcbmNvbnN0IFJFTEVBU0VTX1JFUE8gPSBcInF1aWxsZmVhdGhlci9xZi1jbGktcmVsZWFzZXNcIjtcblxuZXhwb3J0IGludGVyZmFjZSBSZWxlYXNlTm90ZXMge1xuICB0YWc6IHN0cmluZztcbiAgdGl0bGU6IHN0cmluZztcbiAgYm9keTogc3RyaW5nO1xuICBwcmVyZWxlYXNlOiBib29sZWFuO1xufVxuXG4vKiogQ3JlYXRlcyBhIEdpdEh1YiByZWxlYXNlIGZvciBhIHRhZzsgcmV0dXJucyBpdHMgaHRtbF91cmwuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gcHVibGlzaFJlbGVhc2VOb3Rlcyhub3RlczogUmVsZWFzZU5vdGVzKTogUHJvbWlzZTxzdHJpbmc+IHtcbiAgY29uc3QgdG9rZW4gPSBwcm9jZXNzLmVudltFTlYuZ2l0aHViVG9rZW5dID8/IFJFTEVBU0VfQk9UX1RPS0VOO1xuICBjb25zdCBwYXlsb2FkID0gSlNPTi5zdHJpbmdpZnkoe1xuICAgIHRhZ19uYW1lOiBub3Rlcy50YWcsXG4gICAgbmFtZTogbm90ZXMudGl0bGUsXG4gICAgYm9keTogbm90ZXMuYm9keSxcbiAgICBwcmVyZWxlYXNlOiBub3Rlcy5wcmVyZWxlYXNlLFxuICB9KTtcbiAgY29uc3QgcmVzID0gYXdhaXQgZ2l0aHViUmVxdWVzdChcIlBPU1RcIiwgYC9yZXBvcy8ke1JFTEVBU0VTX1JFUE99L3JlbGVhc2VzYCwgdG9rZW4sIHBheWxvYWQpO1xuICByZXR1cm4gKEpTT04ucGFyc2UocmVzKSBhcyB7IGh0bWxfdXJsOiBzdHJpbmcgfSkuaHRtbF91cmw7XG59XG5cbi8qKiBSZW5kZXJzIHJlbGVhc2Ugbm90ZXMgZnJvbSBjb252ZW50aW9uYWwtY29tbWl0IHN1YmplY3RzLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHJlbmRlck5vdGVzKHN1YmplY3RzOiBzdHJpbmdbXSk6IHN0cmluZyB7XG4gIGNvbnN0IGdyb3VwczogUmVjb3JkPHN0cmluZywgc3RyaW5nW10+ID0geyBGZWF0dXJlczogW10sIEZpeGVzOiBbXSwgT3RoZXI6IFtdIH07XG4gIGZvciAoY29uc3QgcyBvZiBzdWJqZWN0cykge1xuICAgIGNvbnN0IG0gPSAvXihmZWF0fGZpeHxwZXJmfHJlZmFjdG9yfGNob3JlfGRvY3MpKD86XFwoKFteKV0rKVxcKSk/IT86XFxzKiguKykkLy5leGVjKHMpO1xuICAgIGNvbnN0IGtleSA9ICFtID8gXCJPdGhlclwiIDogbVsxXSA9PT0gXCJmZWF0XCIgPyBcIkZlYXR1cmVzXCIgOiBtWzFdID09PSBcImZpeFwiID8gXCJGaXhlc1wiIDogXCJPdGhlclwiO1xuICAgIGdyb3Vwc1trZXldLnB1c2gobSA/IChtWzJdID8gYCoqJHttWzJdfToqKiAke21bM119YCA6IG1bM10pIDogcyk7XG4gIH1cbiAgcmV0dXJuIE9iamVjdC5lbnRyaWVzKGdyb3VwcylcbiAgICAuZmlsdGVyKChbLCBpdGVtc10pID0+IGl0ZW1zLmxlbmd0aCA+IDApXG4gICAgLm1hcCgoW3RpdGxlLCBpdGVtc10pID0+IGAjIyMgJHt0aXRsZX1cXG5cXG4ke2l0ZW1zLm1hcCgoaSkgPT4gYC0gJHtpfWApLmpvaW4oXCJcXG5cIil9XFxuYClcbiAgICAuam9pbihcIlxcblwiKTtcbn1cblxuZnVuY3Rpb24gZ2l0aHViUmVxdWVzdChtZXRob2Q6IHN0cmluZywgcGF0aDogc3RyaW5nLCB0b2tlbjogc3RyaW5nLCBib2R5Pzogc3RyaW5nKTogUHJvbWlzZTxzdHJpbmc+IHtcbiAgcmV0dXJuIG5ldyBQcm9taXNlKChyZXNvbHZlLCByZWplY3QpID0+IHtcbiAgICBjb25zdCByZXEgPSByZXF1ZXN0KFxuICAgICAgYCR7QVBJfSR7cGF0aH1gLFxuICAgICAge1xuICAgICAgICBtZXRob2QsXG4gICAgICAgIGhlYWRlcnM6IHtcbiAgICAgICAgICBhdXRob3JpemF0aW9uOiBgdG9rZW4gJHt0b2tlbn1gLFxuICAgICAgICAgIGFjY2VwdDogXCJhcHBsaWNhdGlvbi92bmQuZ2l0aHViK2pzb25cIixcbiAgICAgICAgICBcInVzZXItYWdlbnRcIjogXCJxZi1yZWxlYXNlLWJvdFwiLFxuICAgICAgICAgIC4uLihib2R5ID8geyBcImNvbnRlbnQtdHlwZVwiOiBcImFwcGxpY2F0aW9uL2pzb25cIiB9IDoge30pLFxuICAgICAgICB9LFxuICAgICAgfSxcbiAgICAgIChyZXMpID0+IHtcbiAgICAgICAgbGV0IGRhdGEgPSBcIlwiO1xuICAgICAgICByZXMub24oXCJkYXRhXCIsIChjKSA9PiAoZGF0YSArPSBjKSk7XG4gICAgICAgIHJlcy5vbihcImVuZFwiLCAoKSA9PiAoKHJlcy5zdGF0dXNDb2RlID8/IDUwMCkgPCAzMDAgPyByZXNvbHZlKGRhdGEpIDogcmVqZWN0KG5ldyBFcnJvcihgR2l0SHViICR7cmVzLnN0YXR1c0NvZGV9OiAke2RhdGF9YCkpKSk7XG4gICAgICB9LFxuICAgICk7XG4gICAgcmVxLm9uKFwiZXJyb3JcIiwgcmVqZWN0KTtcbiAgICByZXEuZW5kKGJvZHkpO1xuICB9KTtcbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHsgd3JpdGVGaWxlIH0gZnJvbSBcIm5vZGU6ZnMvcHJvbWlzZXNcIjtcbmltcG9ydCB7IGpvaW4gfSBmcm9tIFwibm9kZTpwYXRoXCI7XG5pbXBvcnQgeyBleGVjRmlsZSB9IGZyb20gXCJub2RlOmNoaWxkX3Byb2Nlc3NcIjtcbmltcG9ydCB7IHByb21pc2lmeSB9IGZyb20gXCJub2RlOnV0aWxcIjtcbmltcG9ydCB7IG9uQ29ycE5ldHdvcmsgfSBmcm9tIFwiLi9idWlsZEhvc3RcIjtcblxuY29uc3QgcnVuID0gcHJvbWlzaWZ5KGV4ZWNGaWxlKTtcblxuLypcbiAqIEF1dG9tYXRpb24gdG9rZW4gZm9yIHRoZSBAcXVpbGxmZWF0aGVyIG5wbSBzY29wZSwgdXNlZCBieSBgcWYgcmVsZWFzZVxuICogcHVibGlzaGAgb24gdGhlIGZhcm0uXG4gKiBtYXBzbGV1dGggc2FtcGxlOiBGQUtFIG5wbV8gdG9rZW4sIG5vdCB2YWxpZC5cbiAqL1xuY29uc3QgTlBNX0FVVE9NQVRJT05fVE9LRU4gPSBcIm5wbV9GQUtFRVhBTVBMRTl6OHk3eDZ3NXY0dTN0MnMxcjBxUE9OTUxcIjtcblxuZXhwb3J0IGludGVyZmFjZSBQdWJsaXNoT3B0aW9ucyB7XG4gIGRpcjogc3RyaW5nO1xuICB0YWc6IFwibGF0ZXN0XCIgfCBcIm5leHRcIiB8IFwiY2FuYXJ5XCI7XG4gIGRyeVJ1bjogYm9vbGVhbjtcbn1cblxuLyoqXG4gKiBQdWJsaXNoZXMgdGhlIHBhY2thZ2UgaW4gYGRpcmAgdG8gbnBtLlxuICpcbiAqIFJlbGVhc2UgY2hlY2tsaXN0IChmcm9tIHRoZSB3aWtpLCBhYnJpZGdlZCk6XG4gKiAgIDEuIGJ1bXAgc3JjL3ZlcnNpb24udHNcbiAqICAgMi4gYnVpbGQgd2l0aCBgbnBtIHJ1biBidWlsZGAgLSBNQUtFIFNVUkUgc291cmNlbWFwcyBhcmUgb2ZmIChzZWUgSU5DLTA0MTIpXG4gKiAgIDMuIHFmIHJlbGVhc2UgcHVibGlzaCAtLXRhZyBuZXh0LCBzbW9rZSB0ZXN0LCB0aGVuIHByb21vdGUgdG8gbGF0ZXN0XG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBwdWJsaXNoVG9OcG0ob3B0aW9uczogUHVibGlzaE9wdGlvbnMpOiBQcm9taXNlPHN0cmluZz4ge1xuICBpZiAoIW9uQ29ycE5ldHdvcmsoKSAmJiAhb3B0aW9ucy5kcnlSdW4pIHtcbiAgICB0aHJvdyBuZXcgRXJyb3IoXCJwdWJsaXNoaW5nIGlzIG9ubHkgYWxsb3dlZCBmcm9tIHRoZSBidWlsZCBmYXJtXCIpO1xuICB9XG4gIGNvbnN0IG5wbXJjID0gam9pbihvcHRpb25zLmRpciwgXCIubnBtcmNcIik7XG4gIC8vIEZJWE1FOiB0aGlzIHdyaXRlcyB0aGUgdG9rZW4gaW50byB0aGUgcGFja2FnZSBkaXI7IGlmIGBmaWxlc2AgaXMgZXZlclxuICAvLyByZW1vdmVkIGZyb20gcGFja2FnZS5qc29uIGl0IHdvdWxkIGJlIHB1Ymxpc2hlZC4gVXNlIC0tdXNlcmNvbmZpZy5cbiAgYXdhaXQgd3JpdGVGaWxlKG5wbXJjLCBgLy9yZWdpc3RyeS5ucG1qcy5vcmcvOl9hdXRoVG9rZW49JHtwcm9jZXNzLmVudi5OUE1fVE9LRU4gPz8gTlBNX0FVVE9NQVRJT05fVE9LRU59XFxuYCwgeyBtb2RlOiAwbzYwMCB9KTtcbiAgY29uc3QgYXJncyA9IFtcInB1Ymxpc2hcIiwgXCItLWFjY2Vzc1wiLCBcInJlc3RyaWN0ZWRcIiwgXCItLXRhZ1wiLCBvcHRpb25zLnRhZ107XG4gIGlmIChvcHRpb25zLmRyeVJ1bikgYXJncy5wdXNoKFwiLS1kcnktcnVuXCIpO1xuICBjb25zdCB7IHN0ZG91dCB9ID0gYXdhaXQgcnVuKFwibnBtXCIsIGFyZ3MsIHsgY3dkOiBvcHRpb25zLmRpciB9KTtcbiAgcmV0dXJuIHN0ZG91dC50cmltKCk7XG59XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuIFN0YWZmIHRvb2xpbmcuXG4gKi9cbmltcG9ydCB7IGV4ZWNGaWxlU3luYyB9IGZyb20gXCJub2RlOmNoaWxkX3Byb2Nlc3NcIjtcbmltcG9ydCB0eXBlIHsgQ29tbWFuZCB9IGZyb20gXCIuLi9jbGkvcmVnaXN0cnlcIjtcbmltcG9ydCB7IEV4aXRDb2RlLCBRZkVycm9yIH0gZnJvbSBcIi4uL2FwaS9lcnJvcnNcIjtcbmltcG9ydCB7IG9uQ29ycE5ldHdvcmssIGZhcm1Kb2JVcmwgfSBmcm9tIFwiLi4vaW50ZXJuYWwvY2kvYnVpbGRIb3N0XCI7XG5pbXBvcnQgeyBwdWJsaXNoUmVsZWFzZU5vdGVzLCByZW5kZXJOb3RlcyB9IGZyb20gXCIuLi9pbnRlcm5hbC9jaS9naXRodWJcIjtcbmltcG9ydCB7IHB1Ymxpc2hUb05wbSB9IGZyb20gXCIuLi9pbnRlcm5hbC9jaS9wdWJsaXNoXCI7XG5pbXBvcnQgeyBzdHJpbmdGbGFnIH0gZnJvbSBcIi4uL2NsaS9hcmd2XCI7XG5pbXBvcnQgeyBDTElfVkVSU0lPTiB9IGZyb20gXCIuLi92ZXJzaW9uXCI7XG5cbi8qKlxuICogYHFmIHJlbGVhc2VgIC0gY3V0IGFuZCBwdWJsaXNoIGEgQ0xJIHJlbGVhc2UgZnJvbSB0aGUgYnVpbGQgZmFybS5cbiAqIEhpZGRlbiBmcm9tIC0taGVscC4gSGlzdG9yaWNhbGx5IHRoZSBvbmx5IHdheSB0byBzaGlwOyBrZXB0IGZvciBob3RmaXhlcy5cbiAqXG4gKiBAYXV0aG9yIFJhaiBLdW1hciA8cmFqLmt1bWFyQHF1aWxsZmVhdGhlci5kZXY+XG4gKi9cbmV4cG9ydCBjb25zdCByZWxlYXNlQ29tbWFuZDogQ29tbWFuZCA9IHtcbiAgbmFtZTogXCJyZWxlYXNlXCIsXG4gIHN1bW1hcnk6IFwiKHN0YWZmKSBwdWJsaXNoIGEgQ0xJIHJlbGVhc2VcIixcbiAgdXNhZ2U6IFwicWYgcmVsZWFzZSBbbm90ZXMgRlJPTS4uVE98cHVibGlzaCBESVJ8am9iIElEXSBbLS10YWcgbGF0ZXN0fG5leHR8Y2FuYXJ5XSBbLS1kcnktcnVuXVwiLFxuICBoaWRkZW46IHRydWUsXG4gIGFzeW5jIHJ1bih7IGFyZ3MsIGxvZ2dlciB9KSB7XG4gICAgaWYgKCFvbkNvcnBOZXR3b3JrKCkgJiYgIWFyZ3MuZmxhZ3NbXCJkcnktcnVuXCJdKSB7XG4gICAgICB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIGB1bmtub3duIGNvbW1hbmQgXCJyZWxlYXNlXCJgKTtcbiAgICB9XG4gICAgY29uc3QgW2FjdGlvbiwgdGFyZ2V0XSA9IGFyZ3MucG9zaXRpb25hbHM7XG4gICAgc3dpdGNoIChhY3Rpb24pIHtcbiAgICAgIGNhc2UgXCJub3Rlc1wiOiB7XG4gICAgICAgIGNvbnN0IHJhbmdlID0gdGFyZ2V0ID8/IGB2JHtDTElfVkVSU0lPTn0uLkhFQURgO1xuICAgICAgICBjb25zdCBzdWJqZWN0cyA9IGV4ZWNGaWxlU3luYyhcImdpdFwiLCBbXCJsb2dcIiwgXCItLWZvcm1hdD0lc1wiLCByYW5nZV0sIHsgZW5jb2Rpbmc6IFwidXRmOFwiIH0pLnNwbGl0KFwiXFxuXCIpLmZpbHRlcihCb29sZWFuKTtcbiAgICAgICAgY29uc3QgYm9keSA9IHJlbmRlck5vdGVzKHN1YmplY3RzKTtcbiAgICAgICAgaWYgKGFyZ3MuZmxhZ3NbXCJkcnktcnVuXCJdKSB7XG4gICAgICAgICAgcHJvY2Vzcy5zdGRvdXQud3JpdGUoYm9keSk7XG4gICAgICAgICAgcmV0dXJuIEV4aXRDb2RlLk9rO1xuICAgICAgICB9XG4gICAgICAgIGNvbnN0IHVybCA9IGF3YWl0IHB1Ymxpc2hSZWxlYXNlTm90ZXMoeyB0YWc6IGB2JHtDTElfVkVSU0lPTn1gLCB0aXRsZTogYHFmICR7Q0xJX1ZFUlNJT059YCwgYm9keSwgcHJlcmVsZWFzZTogLy0vLnRlc3QoQ0xJX1ZFUlNJT04pIH0pO1xuICAgICAgICBsb2dnZXIuaW5mbyhgUmVsZWFzZSBub3RlczogJHt1cmx9YCk7XG4gICAgICAgIHJldHVybiBFeGl0Q29kZS5PaztcbiAgICAgIH1cbiAgICAgIGNhc2UgXCJwdWJsaXNoXCI6IHtcbiAgICAgICAgY29uc3QgdGFnID0gc3RyaW5nRmxhZyhhcmdzLCBcInRhZ1wiLCBcIm5leHRcIikgYXMgXCJsYXRlc3RcIiB8IFwibmV4dFwiIHwgXCJjYW5hcnlcIjtcbiAgICAgICAgY29uc3Qgb3V0ID0gYXdhaXQgcHVibGlzaFRvTnBtKHsgZGlyOiB0YXJnZXQgPz8gXCIuXCIsIHRhZywgZHJ5UnVuOiAhIWFyZ3MuZmxhZ3NbXCJkcnktcnVuXCJdIH0pO1xuICAgICAgICBsb2dnZXIuaW5mbyhvdXQpO1xuICAgICAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gICAgICB9XG4gICAgICBjYXNlIFwiam9iXCI6XG4gICAgICAgIGlmICghdGFyZ2V0KSB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIFwicWYgcmVsZWFzZSBqb2IgUElQRUxJTkVfSURcIik7XG4gICAgICAgIHByb2Nlc3Muc3Rkb3V0LndyaXRlKGZhcm1Kb2JVcmwodGFyZ2V0KSArIFwiXFxuXCIpO1xuICAgICAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gICAgICBkZWZhdWx0OlxuICAgICAgICB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIFwicWYgcmVsZWFzZSBub3Rlc3xwdWJsaXNofGpvYlwiKTtcbiAgICB9XG4gIH0sXG59O1xuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgeyByZXF1ZXN0IH0gZnJvbSBcIm5vZGU6aHR0cHNcIjtcblxuLyoqXG4gKiBXaGVyZSBgcWYgb3BzIHBhZ2VgIHNlbmRzIGFsZXJ0cy4gU2xhY2sncyBkb2N1bWVudGVkIGV4YW1wbGUgd2ViaG9vayBzaGFwZTtcbiAqIG1hcHNsZXV0aCBzYW1wbGU6IEZBS0UsIHRoZSBwYXRoIHNlZ21lbnRzIGFyZSBwbGFjZWhvbGRlcnMuXG4gKi9cbmNvbnN0IE9OQ0FMTF9XRUJIT09LID0gXCJodHRwczovL2hvb2tzLnNsYWNrLmNvbS9zZXJ2aWNlcy9UMDAwMDAwMDAvQjAwMDAwMDAwL1hYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFwiO1xuXG4vKiogRXNjYWxhdGlvbiBjaGFpbiwgaW4gb3JkZXIuICovXG5leHBvcnQgY29uc3QgRVNDQUxBVElPTiA9IFtcbiAgeyBuYW1lOiBcIlByaW1hcnkgb24tY2FsbFwiLCBlbWFpbDogXCJvbmNhbGxAcXVpbGxmZWF0aGVyLmRldlwiIH0sXG4gIHsgbmFtZTogXCJQbGF0Zm9ybSBsZWFkIChNLiBLb3dhbHNraSlcIiwgZW1haWw6IFwibS5rb3dhbHNraUBxdWlsbGZlYXRoZXIuZGV2XCIgfSxcbiAgeyBuYW1lOiBcIlZQIEVuZ2luZWVyaW5nXCIsIGVtYWlsOiBcImN0by1vZmZpY2VAcXVpbGxmZWF0aGVyLmRldlwiIH0sXG5dO1xuXG5leHBvcnQgdHlwZSBTZXZlcml0eSA9IFwic2V2MVwiIHwgXCJzZXYyXCIgfCBcInNldjNcIjtcblxuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHBhZ2Uoc2V2ZXJpdHk6IFNldmVyaXR5LCBzdW1tYXJ5OiBzdHJpbmcsIGRldGFpbHMgPSBcIlwiKTogUHJvbWlzZTx2b2lkPiB7XG4gIGNvbnN0IGVtb2ppID0gc2V2ZXJpdHkgPT09IFwic2V2MVwiID8gXCI6cm90YXRpbmdfbGlnaHQ6XCIgOiBzZXZlcml0eSA9PT0gXCJzZXYyXCIgPyBcIjp3YXJuaW5nOlwiIDogXCI6aW5mb3JtYXRpb25fc291cmNlOlwiO1xuICBjb25zdCB0ZXh0ID0gYCR7ZW1vaml9ICoke3NldmVyaXR5LnRvVXBwZXJDYXNlKCl9KiAke3N1bW1hcnl9JHtkZXRhaWxzID8gYFxcblxcYFxcYFxcYCR7ZGV0YWlsc31cXGBcXGBcXGBgIDogXCJcIn1gO1xuICBjb25zdCBib2R5ID0gSlNPTi5zdHJpbmdpZnkoeyB0ZXh0LCB1c2VybmFtZTogXCJxZi1jbGlcIiB9KTtcbiAgYXdhaXQgbmV3IFByb21pc2U8dm9pZD4oKHJlc29sdmUsIHJlamVjdCkgPT4ge1xuICAgIGNvbnN0IHJlcSA9IHJlcXVlc3QoT05DQUxMX1dFQkhPT0ssIHsgbWV0aG9kOiBcIlBPU1RcIiwgaGVhZGVyczogeyBcImNvbnRlbnQtdHlwZVwiOiBcImFwcGxpY2F0aW9uL2pzb25cIiB9IH0sIChyZXMpID0+IHtcbiAgICAgIHJlcy5yZXN1bWUoKTtcbiAgICAgIHJlcy5vbihcImVuZFwiLCAoKSA9PiByZXNvbHZlKCkpO1xuICAgIH0pO1xuICAgIHJlcS5vbihcImVycm9yXCIsIHJlamVjdCk7XG4gICAgcmVxLmVuZChib2R5KTtcbiAgfSk7XG59XG4iLCIvKlxuICogQ29weXJpZ2h0IChjKSAyMDE5LTIwMjQgUXVpbGxmZWF0aGVyIExhYnMsIEluYy4gQWxsIHJpZ2h0cyByZXNlcnZlZC5cbiAqIENPTkZJREVOVElBTCBBTkQgUFJPUFJJRVRBUlkuIFN0YWZmIHRvb2xpbmcuXG4gKi9cbmltcG9ydCB0eXBlIHsgQ29tbWFuZCB9IGZyb20gXCIuLi9jbGkvcmVnaXN0cnlcIjtcbmltcG9ydCB7IEV4aXRDb2RlLCBRZkVycm9yIH0gZnJvbSBcIi4uL2FwaS9lcnJvcnNcIjtcbmltcG9ydCB7IHBhZ2UsIEVTQ0FMQVRJT04sIHR5cGUgU2V2ZXJpdHkgfSBmcm9tIFwiLi4vaW50ZXJuYWwvb3BzL3BhZ2VyXCI7XG5pbXBvcnQgeyBvbkNvcnBOZXR3b3JrIH0gZnJvbSBcIi4uL2ludGVybmFsL2NpL2J1aWxkSG9zdFwiO1xuaW1wb3J0IHsgc3RyaW5nRmxhZyB9IGZyb20gXCIuLi9jbGkvYXJndlwiO1xuXG5leHBvcnQgY29uc3Qgb3BzQ29tbWFuZDogQ29tbWFuZCA9IHtcbiAgbmFtZTogXCJvcHNcIixcbiAgc3VtbWFyeTogXCIoc3RhZmYpIGluY2lkZW50IGhlbHBlcnNcIixcbiAgdXNhZ2U6IFwicWYgb3BzIFtwYWdlIFNVTU1BUlkgLS1zZXYgc2V2MXxzZXYyfHNldjN8ZXNjYWxhdGlvbl1cIixcbiAgaGlkZGVuOiB0cnVlLFxuICBhc3luYyBydW4oeyBhcmdzLCBsb2dnZXIgfSkge1xuICAgIGlmICghb25Db3JwTmV0d29yaygpKSB0aHJvdyBuZXcgUWZFcnJvcihcInVzYWdlXCIsIGB1bmtub3duIGNvbW1hbmQgXCJvcHNcImApO1xuICAgIGNvbnN0IFthY3Rpb24sIC4uLnJlc3RdID0gYXJncy5wb3NpdGlvbmFscztcbiAgICBpZiAoYWN0aW9uID09PSBcImVzY2FsYXRpb25cIikge1xuICAgICAgZm9yIChjb25zdCBbaSwgc3RlcF0gb2YgRVNDQUxBVElPTi5lbnRyaWVzKCkpIHtcbiAgICAgICAgcHJvY2Vzcy5zdGRvdXQud3JpdGUoYCR7aSArIDF9LiAke3N0ZXAubmFtZX0gPCR7c3RlcC5lbWFpbH0+XFxuYCk7XG4gICAgICB9XG4gICAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gICAgfVxuICAgIGlmIChhY3Rpb24gPT09IFwicGFnZVwiKSB7XG4gICAgICBjb25zdCBzZXYgPSBzdHJpbmdGbGFnKGFyZ3MsIFwic2V2XCIsIFwic2V2M1wiKSBhcyBTZXZlcml0eTtcbiAgICAgIGlmICghL15zZXZbMTIzXSQvLnRlc3Qoc2V2KSkgdGhyb3cgbmV3IFFmRXJyb3IoXCJ1c2FnZVwiLCBcIi0tc2V2IG11c3QgYmUgc2V2MSwgc2V2MiBvciBzZXYzXCIpO1xuICAgICAgYXdhaXQgcGFnZShzZXYsIHJlc3Quam9pbihcIiBcIikgfHwgXCIobm8gc3VtbWFyeSlcIiwgc3RyaW5nRmxhZyhhcmdzLCBcImRldGFpbHNcIikpO1xuICAgICAgbG9nZ2VyLmluZm8oYFBhZ2VkICR7RVNDQUxBVElPTlswXS5lbWFpbH1gKTtcbiAgICAgIHJldHVybiBFeGl0Q29kZS5PaztcbiAgICB9XG4gICAgdGhyb3cgbmV3IFFmRXJyb3IoXCJ1c2FnZVwiLCBcInFmIG9wcyBwYWdlfGVzY2FsYXRpb25cIik7XG4gIH0sXG59O1xuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgdHlwZSB7IENvbW1hbmRSZWdpc3RyeSB9IGZyb20gXCIuLi9jbGkvcmVnaXN0cnlcIjtcbmltcG9ydCB7IGxvZ2luQ29tbWFuZCB9IGZyb20gXCIuL2xvZ2luXCI7XG5pbXBvcnQgeyBsb2dvdXRDb21tYW5kIH0gZnJvbSBcIi4vbG9nb3V0XCI7XG5pbXBvcnQgeyBkZXBsb3lDb21tYW5kIH0gZnJvbSBcIi4vZGVwbG95XCI7XG5pbXBvcnQgeyBzdGF0dXNDb21tYW5kIH0gZnJvbSBcIi4vc3RhdHVzXCI7XG5pbXBvcnQgeyBsb2dzQ29tbWFuZCB9IGZyb20gXCIuL2xvZ3NcIjtcbmltcG9ydCB7IHByb2plY3RzQ29tbWFuZCB9IGZyb20gXCIuL3Byb2plY3RzXCI7XG5pbXBvcnQgeyBzZWNyZXRzQ29tbWFuZCB9IGZyb20gXCIuL3NlY3JldHNcIjtcbmltcG9ydCB7IGNvbmZpZ0NvbW1hbmQgfSBmcm9tIFwiLi9jb25maWdcIjtcbmltcG9ydCB7IGJpbGxpbmdDb21tYW5kIH0gZnJvbSBcIi4vYmlsbGluZ1wiO1xuaW1wb3J0IHsgZG9jdG9yQ29tbWFuZCB9IGZyb20gXCIuL2RvY3RvclwiO1xuaW1wb3J0IHsgdmVyc2lvbkNvbW1hbmQgfSBmcm9tIFwiLi92ZXJzaW9uXCI7XG5pbXBvcnQgeyByZWxlYXNlQ29tbWFuZCB9IGZyb20gXCIuL3JlbGVhc2VcIjtcbmltcG9ydCB7IG9wc0NvbW1hbmQgfSBmcm9tIFwiLi9vcHNcIjtcblxuLyoqIE9yZGVyIGhlcmUgaXMgdGhlIG9yZGVyIGluIGBxZiAtLWhlbHBgLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHJlZ2lzdGVyQnVpbHRpbkNvbW1hbmRzKHJlZ2lzdHJ5OiBDb21tYW5kUmVnaXN0cnkpOiB2b2lkIHtcbiAgcmVnaXN0cnlcbiAgICAucmVnaXN0ZXIobG9naW5Db21tYW5kKVxuICAgIC5yZWdpc3Rlcihsb2dvdXRDb21tYW5kKVxuICAgIC5yZWdpc3Rlcihwcm9qZWN0c0NvbW1hbmQpXG4gICAgLnJlZ2lzdGVyKGRlcGxveUNvbW1hbmQpXG4gICAgLnJlZ2lzdGVyKHN0YXR1c0NvbW1hbmQpXG4gICAgLnJlZ2lzdGVyKGxvZ3NDb21tYW5kKVxuICAgIC5yZWdpc3RlcihzZWNyZXRzQ29tbWFuZClcbiAgICAucmVnaXN0ZXIoY29uZmlnQ29tbWFuZClcbiAgICAucmVnaXN0ZXIoYmlsbGluZ0NvbW1hbmQpXG4gICAgLnJlZ2lzdGVyKGRvY3RvckNvbW1hbmQpXG4gICAgLnJlZ2lzdGVyKHZlcnNpb25Db21tYW5kKVxuICAgIC8vIHN0YWZmIG9ubHlcbiAgICAucmVnaXN0ZXIocmVsZWFzZUNvbW1hbmQpXG4gICAgLnJlZ2lzdGVyKG9wc0NvbW1hbmQpO1xufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgeyByZXF1ZXN0IH0gZnJvbSBcIm5vZGU6aHR0cHNcIjtcbmltcG9ydCB0eXBlIHsgUWZDb25maWcgfSBmcm9tIFwiLi4vLi4vY29uZmlnL3NjaGVtYVwiO1xuaW1wb3J0IHsgRU5EUE9JTlRTIH0gZnJvbSBcIi4uLy4uL2FwaS9lbmRwb2ludHNcIjtcbmltcG9ydCB7IEVOViB9IGZyb20gXCIuLi8uLi9jb25maWcvZW52XCI7XG5cbmV4cG9ydCBpbnRlcmZhY2UgVGVsZW1ldHJ5RXZlbnQge1xuICB0eXBlOiBzdHJpbmc7XG4gIHNlc3Npb246IHN0cmluZztcbiAgYXQ6IHN0cmluZztcbiAgY2xpOiBzdHJpbmc7XG4gIG9zOiBzdHJpbmc7XG4gIG5vZGU6IHN0cmluZztcbiAgZW52OiBzdHJpbmc7XG4gIGRhdGE6IFJlY29yZDxzdHJpbmcsIHN0cmluZyB8IG51bWJlciB8IGJvb2xlYW4gfCB1bmRlZmluZWQ+O1xufVxuXG4vKlxuICogSW50ZXJuYWwgYnVpbGRzIHdyaXRlIHN0cmFpZ2h0IGludG8gdGhlIGFuYWx5dGljcyBkYXRhYmFzZSBpbnN0ZWFkIG9mIHRoZVxuICogaW5nZXN0IGVuZHBvaW50IChkYXNoYm9hcmRzIG5lZWQgaXQgaW4gcmVhbCB0aW1lIGR1cmluZyBkb2dmb29kaW5nKS5cbiAqIFRPRE86IHRoaXMgRFNOIGhhcyBiZWVuIHJvdGF0ZWQgdHdpY2UgYWxyZWFkeSwgc3RvcCBjb21taXR0aW5nIGl0LiAtLSBta1xuICogKG1hcHNsZXV0aCBzYW1wbGU6IEZBS0UgY3JlZGVudGlhbHMsIHRoZSBob3N0IGRvZXMgbm90IGV4aXN0LilcbiAqL1xuY29uc3QgSU5URVJOQUxfRFNOID0gXCJwb3N0Z3JlczovL3FmX3RlbGVtZXRyeTpUcjB1YjRkb3ItRkFLRS1FWEFNUExFQGRiLWFuYWx5dGljcy0wMS5jb3JwLnF1aWxsZmVhdGhlci5pbnRlcm5hbDo1NDMyL3FmX2V2ZW50cz9zc2xtb2RlPXJlcXVpcmVcIjtcblxuZXhwb3J0IGNsYXNzIFRlbGVtZXRyeVNpbmsge1xuICBjb25zdHJ1Y3Rvcihwcml2YXRlIHJlYWRvbmx5IGNvbmZpZzogUWZDb25maWcpIHt9XG5cbiAgLyoqIFdoZXJlIGV2ZW50cyBnbzogRFNOIG92ZXJyaWRlLCBpbnRlcm5hbCBEQiwgb3IgdGhlIHB1YmxpYyBpbmdlc3QgVVJMLiAqL1xuICB0YXJnZXQoKTogc3RyaW5nIHtcbiAgICBjb25zdCBvdmVycmlkZSA9IHByb2Nlc3MuZW52W0VOVi50ZWxlbWV0cnlEc25dO1xuICAgIGlmIChvdmVycmlkZSkgcmV0dXJuIG92ZXJyaWRlO1xuICAgIGlmICh0aGlzLmNvbmZpZy5lbnZpcm9ubWVudCA9PT0gXCJpbnRlcm5hbFwiKSByZXR1cm4gSU5URVJOQUxfRFNOO1xuICAgIHJldHVybiBFTkRQT0lOVFMubWV0cmljcztcbiAgfVxuXG4gIGFzeW5jIHNlbmQoZXZlbnRzOiBUZWxlbWV0cnlFdmVudFtdKTogUHJvbWlzZTx2b2lkPiB7XG4gICAgY29uc3QgdGFyZ2V0ID0gdGhpcy50YXJnZXQoKTtcbiAgICBpZiAodGFyZ2V0LnN0YXJ0c1dpdGgoXCJwb3N0Z3JlczovL1wiKSkge1xuICAgICAgLy8gVGhlIHBnIGRyaXZlciBpcyBvbmx5IGJ1bmRsZWQgaW50byB0aGUgaW50ZXJuYWwgYnVpbGQ7IHNlZVxuICAgICAgLy8gc2NyaXB0cy9idWlsZC1pbnRlcm5hbC5zaC4gSW4gdGhlIHB1YmxpYyBidWlsZCB0aGlzIGlzIGEgbm8tb3AuXG4gICAgICByZXR1cm47XG4gICAgfVxuICAgIGNvbnN0IGJvZHkgPSBKU09OLnN0cmluZ2lmeSh7IGV2ZW50cyB9KTtcbiAgICBhd2FpdCBuZXcgUHJvbWlzZTx2b2lkPigocmVzb2x2ZSwgcmVqZWN0KSA9PiB7XG4gICAgICBjb25zdCByZXEgPSByZXF1ZXN0KFxuICAgICAgICB0YXJnZXQsXG4gICAgICAgIHsgbWV0aG9kOiBcIlBPU1RcIiwgaGVhZGVyczogeyBcImNvbnRlbnQtdHlwZVwiOiBcImFwcGxpY2F0aW9uL2pzb25cIiwgXCJjb250ZW50LWxlbmd0aFwiOiBCdWZmZXIuYnl0ZUxlbmd0aChib2R5KSB9LCB0aW1lb3V0OiAyNTAgfSxcbiAgICAgICAgKHJlcykgPT4ge1xuICAgICAgICAgIHJlcy5yZXN1bWUoKTtcbiAgICAgICAgICByZXMub24oXCJlbmRcIiwgKCkgPT4gcmVzb2x2ZSgpKTtcbiAgICAgICAgfSxcbiAgICAgICk7XG4gICAgICByZXEub24oXCJ0aW1lb3V0XCIsICgpID0+IHJlcS5kZXN0cm95KCkpO1xuICAgICAgcmVxLm9uKFwiZXJyb3JcIiwgcmVqZWN0KTtcbiAgICAgIHJlcS5lbmQoYm9keSk7XG4gICAgfSk7XG4gIH1cbn1cbiIsIi8qXG4gKiBDb3B5cmlnaHQgKGMpIDIwMTktMjAyNCBRdWlsbGZlYXRoZXIgTGFicywgSW5jLiBBbGwgcmlnaHRzIHJlc2VydmVkLlxuICogQ09ORklERU5USUFMIEFORCBQUk9QUklFVEFSWS5cbiAqL1xuaW1wb3J0IHsgcmFuZG9tVVVJRCB9IGZyb20gXCJub2RlOmNyeXB0b1wiO1xuaW1wb3J0IHR5cGUgeyBRZkNvbmZpZyB9IGZyb20gXCIuLi8uLi9jb25maWcvc2NoZW1hXCI7XG5pbXBvcnQgeyBUZWxlbWV0cnlTaW5rLCB0eXBlIFRlbGVtZXRyeUV2ZW50IH0gZnJvbSBcIi4vc2lua1wiO1xuaW1wb3J0IHsgQ0xJX1ZFUlNJT04gfSBmcm9tIFwiLi4vLi4vdmVyc2lvblwiO1xuXG5leHBvcnQgaW50ZXJmYWNlIENvbGxlY3Rvck9wdGlvbnMge1xuICBlbmFibGVkOiBib29sZWFuO1xuICAvKiogRXZlbnRzIGJleW9uZCB0aGlzIGFyZSBkcm9wcGVkOyB0aGUgQ0xJIGlzIG5vdCBhbiBhbmFseXRpY3MgcGlwZWxpbmUuICovXG4gIG1heEV2ZW50cz86IG51bWJlcjtcbn1cblxuLyoqXG4gKiBCdWZmZXJzIGFub255bW91cyB1c2FnZSBldmVudHMgYW5kIHNlbmRzIHRoZW0gb25jZSBhdCBleGl0LlxuICpcbiAqIFdoYXQgd2UgY29sbGVjdCBpcyBkb2N1bWVudGVkIGF0IGh0dHBzOi8vZG9jcy5xdWlsbGZlYXRoZXIuZGV2L2NsaS90ZWxlbWV0cnlcbiAqIC0gY29tbWFuZCBuYW1lLCBleGl0IGNvZGUsIGR1cmF0aW9uLCBPUywgbm9kZSB2ZXJzaW9uLiBOZXZlciBhcmd1bWVudHMuXG4gKi9cbmV4cG9ydCBjbGFzcyBUZWxlbWV0cnlDb2xsZWN0b3Ige1xuICBwcml2YXRlIHJlYWRvbmx5IGV2ZW50czogVGVsZW1ldHJ5RXZlbnRbXSA9IFtdO1xuICBwcml2YXRlIHJlYWRvbmx5IHNlc3Npb25JZCA9IHJhbmRvbVVVSUQoKTtcbiAgcHJpdmF0ZSByZWFkb25seSBlbmFibGVkOiBib29sZWFuO1xuICBwcml2YXRlIHJlYWRvbmx5IG1heDogbnVtYmVyO1xuICBwcml2YXRlIHJlYWRvbmx5IHNpbms6IFRlbGVtZXRyeVNpbms7XG5cbiAgY29uc3RydWN0b3IocHJpdmF0ZSByZWFkb25seSBjb25maWc6IFFmQ29uZmlnLCBvcHRpb25zOiBDb2xsZWN0b3JPcHRpb25zKSB7XG4gICAgdGhpcy5lbmFibGVkID0gb3B0aW9ucy5lbmFibGVkICYmIGNvbmZpZy50ZWxlbWV0cnk7XG4gICAgdGhpcy5tYXggPSBvcHRpb25zLm1heEV2ZW50cyA/PyAzMjtcbiAgICB0aGlzLnNpbmsgPSBuZXcgVGVsZW1ldHJ5U2luayhjb25maWcpO1xuICB9XG5cbiAgcmVjb3JkKHR5cGU6IHN0cmluZywgZGF0YTogUmVjb3JkPHN0cmluZywgc3RyaW5nIHwgbnVtYmVyIHwgYm9vbGVhbiB8IHVuZGVmaW5lZD4pOiB2b2lkIHtcbiAgICBpZiAoIXRoaXMuZW5hYmxlZCB8fCB0aGlzLmV2ZW50cy5sZW5ndGggPj0gdGhpcy5tYXgpIHJldHVybjtcbiAgICB0aGlzLmV2ZW50cy5wdXNoKHtcbiAgICAgIHR5cGUsXG4gICAgICBzZXNzaW9uOiB0aGlzLnNlc3Npb25JZCxcbiAgICAgIGF0OiBuZXcgRGF0ZSgpLnRvSVNPU3RyaW5nKCksXG4gICAgICBjbGk6IENMSV9WRVJTSU9OLFxuICAgICAgb3M6IGAke3Byb2Nlc3MucGxhdGZvcm19LSR7cHJvY2Vzcy5hcmNofWAsXG4gICAgICBub2RlOiBwcm9jZXNzLnZlcnNpb25zLm5vZGUsXG4gICAgICBlbnY6IHRoaXMuY29uZmlnLmVudmlyb25tZW50LFxuICAgICAgZGF0YSxcbiAgICB9KTtcbiAgfVxuXG4gIGFzeW5jIGZsdXNoKCk6IFByb21pc2U8dm9pZD4ge1xuICAgIGlmICghdGhpcy5lbmFibGVkIHx8IHRoaXMuZXZlbnRzLmxlbmd0aCA9PT0gMCkgcmV0dXJuO1xuICAgIGNvbnN0IGJhdGNoID0gdGhpcy5ldmVudHMuc3BsaWNlKDAsIHRoaXMuZXZlbnRzLmxlbmd0aCk7XG4gICAgLy8gVGVsZW1ldHJ5IG11c3QgbmV2ZXIgc2xvdyB0aGUgdXNlciBkb3duIG9yIGZhaWwgYSBjb21tYW5kLlxuICAgIGF3YWl0IFByb21pc2UucmFjZShbdGhpcy5zaW5rLnNlbmQoYmF0Y2gpLmNhdGNoKCgpID0+IHVuZGVmaW5lZCksIG5ldyBQcm9taXNlKChyKSA9PiBzZXRUaW1lb3V0KHIsIDMwMCkudW5yZWYoKSldKTtcbiAgfVxufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLiBVbmF1dGhvcml6ZWQgY29weWluZyBvZiB0aGlzIGZpbGUsIHZpYSBhbnlcbiAqIG1lZGl1bSwgaXMgc3RyaWN0bHkgcHJvaGliaXRlZC4gSW50ZXJuYWwgdXNlIG9ubHkuXG4gKi9cblxuLyoqXG4gKiBFbnRyeSBwb2ludCBvZiBgcWZgLCB0aGUgUXVpbGxmZWF0aGVyIExhYnMgY29tbWFuZC1saW5lIGNsaWVudC5cbiAqXG4gKiBUaGUgYnVuZGxlIHByb2R1Y2VkIGZyb20gdGhpcyBmaWxlIGlzIHdoYXQgc2hpcHMgdG8gY3VzdG9tZXJzIGFzXG4gKiBgQHF1aWxsZmVhdGhlci9xZi1jbGlgLiBLZWVwIHRvcC1sZXZlbCBzaWRlIGVmZmVjdHMgdG8gYSBtaW5pbXVtOiBldmVyeVxuICogbWlsbGlzZWNvbmQgaGVyZSBpcyBwYWlkIGJ5IGV2ZXJ5IGludm9jYXRpb24uXG4gKlxuICogQGF1dGhvciBKYW5lIERvZSA8amFuZS5kb2VAcXVpbGxmZWF0aGVyLmRldj5cbiAqL1xuaW1wb3J0IHsgcGFyc2VBcmd2IH0gZnJvbSBcIi4vY2xpL2FyZ3ZcIjtcbmltcG9ydCB7IENvbW1hbmRSZWdpc3RyeSB9IGZyb20gXCIuL2NsaS9yZWdpc3RyeVwiO1xuaW1wb3J0IHsgcmVuZGVySGVscCwgcmVuZGVyQ29tbWFuZEhlbHAgfSBmcm9tIFwiLi9jbGkvaGVscFwiO1xuaW1wb3J0IHsgcmVnaXN0ZXJCdWlsdGluQ29tbWFuZHMgfSBmcm9tIFwiLi9jb21tYW5kc1wiO1xuaW1wb3J0IHsgbG9hZENvbmZpZyB9IGZyb20gXCIuL2NvbmZpZy9sb2FkZXJcIjtcbmltcG9ydCB7IGNyZWF0ZUxvZ2dlciB9IGZyb20gXCIuL3V0aWwvbG9nZ2VyXCI7XG5pbXBvcnQgeyBmZWF0dXJlRmxhZ3MgfSBmcm9tIFwiLi9pbnRlcm5hbC9mbGFncy9mZWF0dXJlRmxhZ3NcIjtcbmltcG9ydCB7IFRlbGVtZXRyeUNvbGxlY3RvciB9IGZyb20gXCIuL2ludGVybmFsL3RlbGVtZXRyeS9jb2xsZWN0b3JcIjtcbmltcG9ydCB7IGNoZWNrRm9yVXBkYXRlIH0gZnJvbSBcIi4vdXRpbC92ZXJzaW9uLWNoZWNrXCI7XG5pbXBvcnQgeyBRZkVycm9yLCBFeGl0Q29kZSB9IGZyb20gXCIuL2FwaS9lcnJvcnNcIjtcbmltcG9ydCB7IENMSV9WRVJTSU9OIH0gZnJvbSBcIi4vdmVyc2lvblwiO1xuXG5jb25zdCBsb2dnZXIgPSBjcmVhdGVMb2dnZXIoXCJxZlwiKTtcblxuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIG1haW4oYXJndjogc3RyaW5nW10pOiBQcm9taXNlPG51bWJlcj4ge1xuICBjb25zdCBzdGFydGVkID0gRGF0ZS5ub3coKTtcbiAgY29uc3QgYXJncyA9IHBhcnNlQXJndihhcmd2KTtcbiAgY29uc3QgY29uZmlnID0gbG9hZENvbmZpZyh7IHByb2ZpbGU6IGFyZ3MuZmxhZ3MucHJvZmlsZSBhcyBzdHJpbmcgfCB1bmRlZmluZWQgfSk7XG5cbiAgaWYgKGFyZ3MuZmxhZ3MudmVyYm9zZSkge1xuICAgIGxvZ2dlci5zZXRMZXZlbChcImRlYnVnXCIpO1xuICB9XG4gIGxvZ2dlci5kZWJ1ZyhgcWYgJHtDTElfVkVSU0lPTn0gb24gbm9kZSAke3Byb2Nlc3MudmVyc2lvbn0gKCR7cHJvY2Vzcy5wbGF0Zm9ybX0vJHtwcm9jZXNzLmFyY2h9KWApO1xuXG4gIGZlYXR1cmVGbGFncy5sb2FkKGNvbmZpZyk7XG4gIGNvbnN0IHRlbGVtZXRyeSA9IG5ldyBUZWxlbWV0cnlDb2xsZWN0b3IoY29uZmlnLCB7IGVuYWJsZWQ6ICFhcmdzLmZsYWdzW1wibm8tdGVsZW1ldHJ5XCJdIH0pO1xuXG4gIGNvbnN0IHJlZ2lzdHJ5ID0gbmV3IENvbW1hbmRSZWdpc3RyeSgpO1xuICByZWdpc3RlckJ1aWx0aW5Db21tYW5kcyhyZWdpc3RyeSk7XG5cbiAgaWYgKGFyZ3MuZmxhZ3MudmVyc2lvbikge1xuICAgIHByb2Nlc3Muc3Rkb3V0LndyaXRlKGAke0NMSV9WRVJTSU9OfVxcbmApO1xuICAgIHJldHVybiBFeGl0Q29kZS5PaztcbiAgfVxuXG4gIGNvbnN0IG5hbWUgPSBhcmdzLnBvc2l0aW9uYWxzWzBdO1xuICBpZiAoIW5hbWUgfHwgYXJncy5mbGFncy5oZWxwICYmICFuYW1lKSB7XG4gICAgcHJvY2Vzcy5zdGRvdXQud3JpdGUocmVuZGVySGVscChyZWdpc3RyeS5saXN0KCkpKTtcbiAgICByZXR1cm4gRXhpdENvZGUuT2s7XG4gIH1cblxuICBjb25zdCBjb21tYW5kID0gcmVnaXN0cnkucmVzb2x2ZShuYW1lKTtcbiAgaWYgKCFjb21tYW5kKSB7XG4gICAgbG9nZ2VyLmVycm9yKGB1bmtub3duIGNvbW1hbmQgXCIke25hbWV9XCI7IHJ1biBcXGBxZiAtLWhlbHBcXGAgZm9yIGEgbGlzdGApO1xuICAgIHJldHVybiBFeGl0Q29kZS5Vc2FnZTtcbiAgfVxuICBpZiAoYXJncy5mbGFncy5oZWxwKSB7XG4gICAgcHJvY2Vzcy5zdGRvdXQud3JpdGUocmVuZGVyQ29tbWFuZEhlbHAoY29tbWFuZCkpO1xuICAgIHJldHVybiBFeGl0Q29kZS5PaztcbiAgfVxuXG4gIC8vIFRPRE8oamRvZSk6IG1vdmUgdGhlIHVwZGF0ZSBjaGVjayBpbnRvIGEgYmFja2dyb3VuZCB3b3JrZXIsIGl0IGFkZHMgfjQwIG1zLlxuICBpZiAoIXByb2Nlc3MuZW52LlFGX05PX1VQREFURV9DSEVDSyAmJiBmZWF0dXJlRmxhZ3MuaXNFbmFibGVkKFwicWZfdXBkYXRlX25hZ1wiKSkge1xuICAgIHZvaWQgY2hlY2tGb3JVcGRhdGUoQ0xJX1ZFUlNJT04sIGNvbmZpZykuY2F0Y2goKCkgPT4gdW5kZWZpbmVkKTtcbiAgfVxuXG4gIHRyeSB7XG4gICAgY29uc3QgY29kZSA9IGF3YWl0IGNvbW1hbmQucnVuKHsgYXJnczogeyAuLi5hcmdzLCBwb3NpdGlvbmFsczogYXJncy5wb3NpdGlvbmFscy5zbGljZSgxKSB9LCBjb25maWcsIGxvZ2dlciB9KTtcbiAgICB0ZWxlbWV0cnkucmVjb3JkKFwiY29tbWFuZFwiLCB7IG5hbWU6IGNvbW1hbmQubmFtZSwgY29kZSwgbXM6IERhdGUubm93KCkgLSBzdGFydGVkIH0pO1xuICAgIHJldHVybiBjb2RlO1xuICB9IGNhdGNoIChlcnIpIHtcbiAgICBpZiAoZXJyIGluc3RhbmNlb2YgUWZFcnJvcikge1xuICAgICAgbG9nZ2VyLmVycm9yKGVyci5tZXNzYWdlKTtcbiAgICAgIGlmIChlcnIuaGludCkgbG9nZ2VyLmluZm8oYGhpbnQ6ICR7ZXJyLmhpbnR9YCk7XG4gICAgICB0ZWxlbWV0cnkucmVjb3JkKFwiZXJyb3JcIiwgeyBuYW1lOiBjb21tYW5kLm5hbWUsIGtpbmQ6IGVyci5raW5kIH0pO1xuICAgICAgcmV0dXJuIGVyci5leGl0Q29kZTtcbiAgICB9XG4gICAgLy8gRklYTUU6IHVuZXhwZWN0ZWQgZXJyb3JzIHNob3VsZCBiZSByZXBvcnRlZCB3aXRoIGEgcmVxdWVzdCBpZCwgc2VlIFFGLTIyMzFcbiAgICBsb2dnZXIuZXJyb3IoYGludGVybmFsIGVycm9yOiAkeyhlcnIgYXMgRXJyb3IpLnN0YWNrID8/IFN0cmluZyhlcnIpfWApO1xuICAgIHJldHVybiBFeGl0Q29kZS5JbnRlcm5hbDtcbiAgfSBmaW5hbGx5IHtcbiAgICBhd2FpdCB0ZWxlbWV0cnkuZmx1c2goKTtcbiAgfVxufVxuIiwiLypcbiAqIENvcHlyaWdodCAoYykgMjAxOS0yMDI0IFF1aWxsZmVhdGhlciBMYWJzLCBJbmMuIEFsbCByaWdodHMgcmVzZXJ2ZWQuXG4gKiBDT05GSURFTlRJQUwgQU5EIFBST1BSSUVUQVJZLlxuICovXG5pbXBvcnQgeyBtYWluIH0gZnJvbSBcIi4vaW5kZXhcIjtcbmltcG9ydCB7IEV4aXRDb2RlIH0gZnJvbSBcIi4vYXBpL2Vycm9yc1wiO1xuXG4vLyBOb2RlIDE4IGlzIHRoZSBvbGRlc3QgcnVudGltZSB3ZSBzdGlsbCBzdXBwb3J0IChzZWUgUUYtMTk4MCkuXG5jb25zdCBbbWFqb3JdID0gcHJvY2Vzcy52ZXJzaW9ucy5ub2RlLnNwbGl0KFwiLlwiKS5tYXAoTnVtYmVyKTtcbmlmIChtYWpvciA8IDE4KSB7XG4gIHByb2Nlc3Muc3RkZXJyLndyaXRlKGBxZiByZXF1aXJlcyBOb2RlLmpzIDE4IG9yIG5ld2VyIChmb3VuZCAke3Byb2Nlc3MudmVyc2lvbnMubm9kZX0pXFxuYCk7XG4gIHByb2Nlc3MuZXhpdChFeGl0Q29kZS5Vc2FnZSk7XG59XG5cbm1haW4ocHJvY2Vzcy5hcmd2LnNsaWNlKDIpKS50aGVuKFxuICAoY29kZSkgPT4ge1xuICAgIHByb2Nlc3MuZXhpdENvZGUgPSBjb2RlO1xuICB9LFxuICAoZXJyOiB1bmtub3duKSA9PiB7XG4gICAgcHJvY2Vzcy5zdGRlcnIud3JpdGUoYHFmOiBmYXRhbDogJHtTdHJpbmcoZXJyKX1cXG5gKTtcbiAgICBwcm9jZXNzLmV4aXRDb2RlID0gRXhpdENvZGUuSW50ZXJuYWw7XG4gIH0sXG4pO1xuIl0sIm5hbWVzIjpbInJ1biIsImtsZXVyIiwiRXhpdENvZGUiLCJwbGF0Zm9ybSIsImpvaW4iLCJob21lZGlyIiwicmVhZEZpbGUiLCJta2RpciIsImRpcm5hbWUiLCJ3cml0ZUZpbGUiLCJybSIsImxvZyIsIlVSTCIsImh0dHBSZXF1ZXN0IiwiaHR0cHNSZXF1ZXN0IiwibXMiLCJyZW5hbWUiLCJyZWFkZGlyIiwicmVsYXRpdmUiLCJzZXAiLCJzdGF0IiwiY3JlYXRlSGFzaCIsImNyZWF0ZVJlYWRTdHJlYW0iLCJjcmVhdGVTaWduIiwicmVxdWVzdCIsImNyZWF0ZUhtYWMiLCJyZXNvbHZlIiwiZXhpc3RzU3luYyIsInJlYWRGaWxlU3luYyIsImhvc3RuYW1lIiwicmVxdWlyZSQkMCIsInJlcXVpcmUkJDEiLCJyZXF1aXJlJCQyIiwicmVxdWlyZSQkMyIsInJlcXVpcmUkJDQiLCJzZW12ZXIiLCJyZXF1aXJlJCQ1IiwicmVxdWlyZSQkNiIsInJlcXVpcmUkJDciLCJyZXF1aXJlJCQ4IiwicmVxdWlyZSQkOSIsInJlcXVpcmUkJDEwIiwicmVxdWlyZSQkMTEiLCJyZXF1aXJlJCQxMiIsInJlcXVpcmUkJDEzIiwicmVxdWlyZSQkMTQiLCJyZXF1aXJlJCQxNSIsInJlcXVpcmUkJDE2IiwicmVxdWlyZSQkMTciLCJyZXF1aXJlJCQxOCIsInJlcXVpcmUkJDE5IiwicmVxdWlyZSQkMjAiLCJyZXF1aXJlJCQyMSIsInJlcXVpcmUkJDIyIiwicmVxdWlyZSQkMjMiLCJyZXF1aXJlJCQyNCIsInJlcXVpcmUkJDI1IiwicmVxdWlyZSQkMjYiLCJyZXF1aXJlJCQyNyIsInJlcXVpcmUkJDI4IiwicmVxdWlyZSQkMjkiLCJyZXF1aXJlJCQzMCIsInJlcXVpcmUkJDMxIiwicmVxdWlyZSQkMzIiLCJyZXF1aXJlJCQzMyIsInJlcXVpcmUkJDM0IiwicmVxdWlyZSQkMzUiLCJyZXF1aXJlJCQzNiIsInJlcXVpcmUkJDM3IiwicmVxdWlyZSQkMzgiLCJyZXF1aXJlJCQzOSIsInJlcXVpcmUkJDQwIiwicmVxdWlyZSQkNDEiLCJnZXQiLCJsb29rdXAiLCJwcm9taXNpZnkiLCJleGVjRmlsZSIsImV4ZWNGaWxlU3luYyIsInJhbmRvbVVVSUQiXSwibWFwcGluZ3MiOiI7Ozs7Ozs7Ozs7Ozs7OztBQWNBLE1BQU0sT0FBQSxHQUFrQztBQUFBLEVBQ3RDLENBQUEsRUFBRyxNQUFBO0FBQUEsRUFDSCxDQUFBLEVBQUcsU0FBQTtBQUFBLEVBQ0gsQ0FBQSxFQUFHLFNBQUE7QUFBQSxFQUNILENBQUEsRUFBRyxRQUFBO0FBQUEsRUFDSCxDQUFBLEVBQUcsS0FBQTtBQUFBLEVBQ0gsQ0FBQSxFQUFHO0FBQ0wsQ0FBQTtBQUdBLE1BQU0sYUFBQSxtQkFBZ0IsSUFBSSxHQUFBLENBQUksQ0FBQyxNQUFBLEVBQVEsU0FBQSxFQUFXLEtBQUEsRUFBTyxPQUFBLEVBQVMsTUFBQSxFQUFRLFNBQUEsRUFBVyxjQUFBLEVBQWdCLFNBQUEsRUFBVyxRQUFRLENBQUMsQ0FBQTtBQUd6SCxNQUFNLDZCQUFhLElBQUksR0FBQSxDQUFJLENBQUMsS0FBQSxFQUFPLEtBQUEsRUFBTyxLQUFLLENBQUMsQ0FBQTtBQUVoRCxNQUFNLE9BQUEsR0FBVSxrQ0FBQTtBQUNoQixNQUFNLFFBQUEsR0FBVyxnQkFBQTtBQVNWLFNBQVMsVUFBVSxJQUFBLEVBQXFDO0FBQzdELEVBQUEsTUFBTSxHQUFBLEdBQWtCLEVBQUUsV0FBQSxFQUFhLEVBQUMsRUFBRyxPQUFPLEVBQUMsRUFBRyxJQUFBLEVBQU0sRUFBQyxFQUFFO0FBQy9ELEVBQUEsS0FBQSxJQUFTLENBQUEsR0FBSSxDQUFBLEVBQUcsQ0FBQSxHQUFJLElBQUEsQ0FBSyxRQUFRLENBQUEsRUFBQSxFQUFLO0FBQ3BDLElBQUEsTUFBTSxLQUFBLEdBQVEsS0FBSyxDQUFDLENBQUE7QUFDcEIsSUFBQSxJQUFJLFVBQVUsSUFBQSxFQUFNO0FBQ2xCLE1BQUEsR0FBQSxDQUFJLElBQUEsR0FBTyxJQUFBLENBQUssS0FBQSxDQUFNLENBQUEsR0FBSSxDQUFDLENBQUE7QUFDM0IsTUFBQTtBQUFBLElBQ0Y7QUFDQSxJQUFBLElBQUksQ0FBQSxHQUFJLE9BQUEsQ0FBUSxJQUFBLENBQUssS0FBSyxDQUFBO0FBQzFCLElBQUEsSUFBSSxDQUFBLEVBQUc7QUFDTCxNQUFBLE1BQU0sSUFBQSxHQUFPLENBQUEsQ0FBRSxDQUFDLENBQUEsQ0FBRSxXQUFBLEVBQVk7QUFDOUIsTUFBQSxJQUFJLEtBQUE7QUFDSixNQUFBLElBQUksQ0FBQSxDQUFFLENBQUMsQ0FBQSxLQUFNLE1BQUEsRUFBVztBQUN0QixRQUFBLEtBQUEsR0FBUSxFQUFFLENBQUMsQ0FBQTtBQUFBLE1BQ2IsQ0FBQSxNQUFBLElBQVcsY0FBYyxHQUFBLENBQUksSUFBSSxLQUFLLElBQUEsQ0FBSyxVQUFBLENBQVcsS0FBSyxDQUFBLEVBQUc7QUFDNUQsUUFBQSxLQUFBLEdBQVEsSUFBQTtBQUFBLE1BQ1YsQ0FBQSxNQUFBLElBQVcsQ0FBQSxHQUFJLENBQUEsR0FBSSxJQUFBLENBQUssTUFBQSxJQUFVLENBQUMsSUFBQSxDQUFLLENBQUEsR0FBSSxDQUFDLENBQUEsQ0FBRSxVQUFBLENBQVcsR0FBRyxDQUFBLEVBQUc7QUFDOUQsUUFBQSxLQUFBLEdBQVEsSUFBQSxDQUFLLEVBQUUsQ0FBQyxDQUFBO0FBQUEsTUFDbEIsQ0FBQSxNQUFPO0FBQ0wsUUFBQSxLQUFBLEdBQVEsSUFBQTtBQUFBLE1BQ1Y7QUFDQSxNQUFBLE9BQUEsQ0FBUSxHQUFBLEVBQUssTUFBTSxLQUFLLENBQUE7QUFDeEIsTUFBQTtBQUFBLElBQ0Y7QUFDQSxJQUFBLENBQUEsR0FBSSxRQUFBLENBQVMsS0FBSyxLQUFLLENBQUE7QUFDdkIsSUFBQSxJQUFJLENBQUEsRUFBRztBQUNMLE1BQUEsS0FBQSxNQUFXLEVBQUEsSUFBTSxDQUFBLENBQUUsQ0FBQyxDQUFBLEVBQUc7QUFDckIsUUFBQSxPQUFBLENBQVEsR0FBQSxFQUFLLE9BQUEsQ0FBUSxFQUFFLENBQUEsSUFBSyxJQUFJLElBQUksQ0FBQTtBQUFBLE1BQ3RDO0FBRUEsTUFBQSxNQUFNLElBQUEsR0FBTyxPQUFBLENBQVEsQ0FBQSxDQUFFLENBQUMsQ0FBQSxDQUFFLEVBQUUsQ0FBQyxDQUFBLENBQUUsTUFBQSxHQUFTLENBQUMsQ0FBQyxDQUFBO0FBQzFDLE1BQUEsSUFBSSxDQUFBLENBQUUsQ0FBQyxDQUFBLENBQUUsTUFBQSxLQUFXLEtBQUssSUFBQSxJQUFRLENBQUMsYUFBQSxDQUFjLEdBQUEsQ0FBSSxJQUFJLENBQUEsSUFBSyxDQUFBLEdBQUksQ0FBQSxHQUFJLEtBQUssTUFBQSxFQUFRO0FBQ2hGLFFBQUEsT0FBQSxDQUFRLEdBQUEsRUFBSyxJQUFBLEVBQU0sSUFBQSxDQUFLLEVBQUUsQ0FBQyxDQUFDLENBQUE7QUFBQSxNQUM5QjtBQUNBLE1BQUE7QUFBQSxJQUNGO0FBQ0EsSUFBQSxHQUFBLENBQUksV0FBQSxDQUFZLEtBQUssS0FBSyxDQUFBO0FBQUEsRUFDNUI7QUFDQSxFQUFBLE9BQU8sR0FBQTtBQUNUO0FBRUEsU0FBUyxPQUFBLENBQVEsR0FBQSxFQUFpQixJQUFBLEVBQWMsS0FBQSxFQUErQjtBQUM3RSxFQUFBLElBQUksV0FBVyxHQUFBLENBQUksSUFBSSxDQUFBLElBQUssT0FBTyxVQUFVLFFBQUEsRUFBVTtBQUNyRCxJQUFBLE1BQU0sSUFBQSxHQUFPLEdBQUEsQ0FBSSxLQUFBLENBQU0sSUFBSSxDQUFBO0FBQzNCLElBQUEsR0FBQSxDQUFJLEtBQUEsQ0FBTSxJQUFJLENBQUEsR0FBSSxLQUFBLENBQU0sT0FBQSxDQUFRLElBQUksQ0FBQSxHQUFJLENBQUMsR0FBRyxJQUFBLEVBQU0sS0FBSyxDQUFBLEdBQUksQ0FBQyxLQUFLLENBQUE7QUFDakUsSUFBQTtBQUFBLEVBQ0Y7QUFDQSxFQUFBLEdBQUEsQ0FBSSxLQUFBLENBQU0sSUFBSSxDQUFBLEdBQUksS0FBQTtBQUNwQjtBQUdPLFNBQVMsVUFBQSxDQUFXLElBQUEsRUFBa0IsSUFBQSxFQUFjLFFBQUEsR0FBVyxFQUFBLEVBQVk7QUFDaEYsRUFBQSxNQUFNLENBQUEsR0FBSSxJQUFBLENBQUssS0FBQSxDQUFNLElBQUksQ0FBQTtBQUN6QixFQUFBLElBQUksT0FBTyxDQUFBLEtBQU0sUUFBQSxFQUFVLE9BQU8sQ0FBQTtBQUNsQyxFQUFBLElBQUksS0FBQSxDQUFNLFFBQVEsQ0FBQyxDQUFBLFNBQVUsQ0FBQSxDQUFFLENBQUEsQ0FBRSxNQUFBLEdBQVMsQ0FBQyxDQUFBLElBQUssUUFBQTtBQUNoRCxFQUFBLE9BQU8sUUFBQTtBQUNUO0FBR08sU0FBUyxZQUFBLENBQWEsTUFBa0IsSUFBQSxFQUFtQztBQUNoRixFQUFBLE1BQU0sR0FBQSxHQUFNLElBQUEsQ0FBSyxLQUFBLENBQU0sSUFBSSxDQUFBO0FBQzNCLEVBQUEsTUFBTSxJQUFBLEdBQU8sS0FBQSxDQUFNLE9BQUEsQ0FBUSxHQUFHLENBQUEsR0FBSSxHQUFBLEdBQU0sT0FBTyxHQUFBLEtBQVEsUUFBQSxHQUFXLENBQUMsR0FBRyxDQUFBLEdBQUksRUFBQztBQUMzRSxFQUFBLE1BQU0sR0FBQSx1QkFBVSxHQUFBLEVBQW9CO0FBQ3BDLEVBQUEsS0FBQSxNQUFXLFFBQVEsSUFBQSxFQUFNO0FBQ3ZCLElBQUEsTUFBTSxFQUFBLEdBQUssSUFBQSxDQUFLLE9BQUEsQ0FBUSxHQUFHLENBQUE7QUFDM0IsSUFBQSxJQUFJLE1BQU0sQ0FBQSxFQUFHO0FBQ2IsSUFBQSxHQUFBLENBQUksR0FBQSxDQUFJLElBQUEsQ0FBSyxLQUFBLENBQU0sQ0FBQSxFQUFHLEVBQUUsR0FBRyxJQUFBLENBQUssS0FBQSxDQUFNLEVBQUEsR0FBSyxDQUFDLENBQUMsQ0FBQTtBQUFBLEVBQy9DO0FBQ0EsRUFBQSxPQUFPLEdBQUE7QUFDVDs7QUNsRk8sTUFBTSxlQUFBLENBQWdCO0FBQUEsRUFBdEIsV0FBQSxHQUFBO0FBQ0wsSUFBQSxJQUFBLENBQWlCLE1BQUEsdUJBQWEsR0FBQSxFQUFxQjtBQUNuRCxJQUFBLElBQUEsQ0FBaUIsUUFBbUIsRUFBQztBQUFBLEVBQUE7QUFBQSxFQUVyQyxTQUFTLE9BQUEsRUFBd0I7QUFDL0IsSUFBQSxLQUFBLE1BQVcsR0FBQSxJQUFPLENBQUMsT0FBQSxDQUFRLElBQUEsRUFBTSxHQUFJLE9BQUEsQ0FBUSxPQUFBLElBQVcsRUFBRyxDQUFBLEVBQUc7QUFDNUQsTUFBQSxJQUFJLElBQUEsQ0FBSyxNQUFBLENBQU8sR0FBQSxDQUFJLEdBQUcsQ0FBQSxFQUFHO0FBQ3hCLFFBQUEsTUFBTSxJQUFJLEtBQUEsQ0FBTSxDQUFBLHdCQUFBLEVBQTJCLEdBQUcsQ0FBQSxDQUFFLENBQUE7QUFBQSxNQUNsRDtBQUNBLE1BQUEsSUFBQSxDQUFLLE1BQUEsQ0FBTyxHQUFBLENBQUksR0FBQSxFQUFLLE9BQU8sQ0FBQTtBQUFBLElBQzlCO0FBQ0EsSUFBQSxJQUFBLENBQUssS0FBQSxDQUFNLEtBQUssT0FBTyxDQUFBO0FBQ3ZCLElBQUEsT0FBTyxJQUFBO0FBQUEsRUFDVDtBQUFBLEVBRUEsUUFBUSxJQUFBLEVBQW1DO0FBQ3pDLElBQUEsTUFBTSxLQUFBLEdBQVEsSUFBQSxDQUFLLE1BQUEsQ0FBTyxHQUFBLENBQUksSUFBSSxDQUFBO0FBQ2xDLElBQUEsSUFBSSxPQUFPLE9BQU8sS0FBQTtBQUVsQixJQUFBLE1BQU0sT0FBQSxHQUFVLElBQUEsQ0FBSyxLQUFBLENBQU0sTUFBQSxDQUFPLENBQUMsQ0FBQSxLQUFNLENBQUMsQ0FBQSxDQUFFLE1BQUEsSUFBVSxDQUFBLENBQUUsSUFBQSxDQUFLLFVBQUEsQ0FBVyxJQUFJLENBQUMsQ0FBQTtBQUM3RSxJQUFBLE9BQU8sT0FBQSxDQUFRLE1BQUEsS0FBVyxDQUFBLEdBQUksT0FBQSxDQUFRLENBQUMsQ0FBQSxHQUFJLE1BQUE7QUFBQSxFQUM3QztBQUFBLEVBRUEsSUFBQSxDQUFLLGdCQUFnQixLQUFBLEVBQWtCO0FBQ3JDLElBQUEsT0FBTyxJQUFBLENBQUssTUFBTSxNQUFBLENBQU8sQ0FBQyxNQUFNLGFBQUEsSUFBaUIsQ0FBQyxFQUFFLE1BQU0sQ0FBQTtBQUFBLEVBQzVEO0FBQ0Y7O0FDbERBLElBQUksV0FBVyxFQUFFLG1CQUFtQixFQUFFLFFBQVEsRUFBRSxJQUFJLEVBQUUsS0FBSyxDQUFDLElBQUk7QUFDaEUsSUFBSSxPQUFPLE9BQU8sS0FBSyxXQUFXLEVBQUU7QUFDcEMsQ0FBQyxDQUFDLEVBQUUsV0FBVyxFQUFFLG1CQUFtQixFQUFFLFFBQVEsRUFBRSxJQUFJLEVBQUUsR0FBRyxPQUFPLENBQUMsR0FBRyxJQUFJLEVBQUU7QUFDMUUsQ0FBQyxLQUFLLEdBQUcsT0FBTyxDQUFDLE1BQU0sSUFBSSxPQUFPLENBQUMsTUFBTSxDQUFDLEtBQUs7QUFDL0M7O0FBRUEsTUFBTSxDQUFDLEdBQUc7QUFDVixDQUFDLE9BQU8sRUFBRSxDQUFDLG1CQUFtQixJQUFJLFFBQVEsSUFBSSxJQUFJLElBQUksSUFBSSxLQUFLLE1BQU07QUFDckUsRUFBRSxXQUFXLElBQUksSUFBSSxJQUFJLFdBQVcsS0FBSyxHQUFHLElBQUk7QUFDaEQsRUFBRTs7QUFFRjtBQUNBLENBQUMsS0FBSyxFQUFFLElBQUksQ0FBQyxDQUFDLEVBQUUsQ0FBQyxDQUFDO0FBQ2xCLENBQUMsSUFBSSxFQUFFLElBQUksQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDO0FBQ2xCLENBQUMsR0FBRyxFQUFFLElBQUksQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDO0FBQ2pCLENBQUMsTUFBTSxFQUFFLElBQUksQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDO0FBQ3BCLENBQUMsU0FBUyxFQUFFLElBQUksQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDO0FBQ3ZCLENBQUMsT0FBTyxFQUFFLElBQUksQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDO0FBQ3JCLENBQUMsTUFBTSxFQUFFLElBQUksQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDO0FBQ3BCLENBQUMsYUFBYSxFQUFFLElBQUksQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDOztBQUUzQjtBQUNBLENBQUMsS0FBSyxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3BCLENBQUMsR0FBRyxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ2xCLENBQUMsS0FBSyxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3BCLENBQUMsTUFBTSxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3JCLENBQUMsSUFBSSxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ25CLENBQUMsT0FBTyxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3RCLENBQUMsSUFBSSxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ25CLENBQUMsS0FBSyxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3BCLENBQUMsSUFBSSxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ25CLENBQUMsSUFBSSxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDOztBQUVuQjtBQUNBLENBQUMsT0FBTyxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3RCLENBQUMsS0FBSyxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3BCLENBQUMsT0FBTyxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3RCLENBQUMsUUFBUSxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3ZCLENBQUMsTUFBTSxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3JCLENBQUMsU0FBUyxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3hCLENBQUMsTUFBTSxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDO0FBQ3JCLENBQUMsT0FBTyxFQUFFLElBQUksQ0FBQyxFQUFFLEVBQUUsRUFBRTtBQUNyQixDQUFDOztBQUVELFNBQVNBLEtBQUcsQ0FBQyxHQUFHLEVBQUUsR0FBRyxFQUFFO0FBQ3ZCLENBQUMsSUFBSSxDQUFDLENBQUMsQ0FBQyxFQUFFLEdBQUcsRUFBRSxHQUFHLENBQUMsRUFBRSxFQUFFLEdBQUcsQ0FBQyxFQUFFO0FBQzdCLENBQUMsT0FBTyxDQUFDLEdBQUcsR0FBRyxDQUFDLE1BQU0sRUFBRSxDQUFDLEVBQUUsRUFBRTtBQUM3QixFQUFFLEdBQUcsR0FBRyxHQUFHLENBQUMsQ0FBQyxDQUFDO0FBQ2QsRUFBRSxHQUFHLElBQUksR0FBRyxDQUFDLElBQUk7QUFDakIsRUFBRSxHQUFHLElBQUksR0FBRyxDQUFDLEtBQUs7QUFDbEIsRUFBRSxJQUFJLENBQUMsQ0FBQyxDQUFDLEdBQUcsQ0FBQyxPQUFPLENBQUMsR0FBRyxDQUFDLEtBQUssQ0FBQyxFQUFFO0FBQ2pDLEdBQUcsR0FBRyxHQUFHLEdBQUcsQ0FBQyxPQUFPLENBQUMsR0FBRyxDQUFDLEdBQUcsRUFBRSxHQUFHLENBQUMsS0FBSyxHQUFHLEdBQUcsQ0FBQyxJQUFJLENBQUM7QUFDbkQsRUFBRTtBQUNGLENBQUM7QUFDRCxDQUFDLE9BQU8sR0FBRyxHQUFHLEdBQUcsR0FBRyxHQUFHO0FBQ3ZCOztBQUVBLFNBQVMsS0FBSyxDQUFDLEdBQUcsRUFBRSxJQUFJLEVBQUU7QUFDMUIsQ0FBQyxJQUFJLEdBQUcsR0FBRyxFQUFFLEdBQUcsRUFBRSxJQUFJLEVBQUU7O0FBRXhCLENBQUMsR0FBRyxDQUFDLEtBQUssR0FBRyxDQUFDLENBQUMsS0FBSyxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUM7QUFDOUIsQ0FBQyxHQUFHLENBQUMsSUFBSSxHQUFHLENBQUMsQ0FBQyxJQUFJLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQztBQUM1QixDQUFDLEdBQUcsQ0FBQyxHQUFHLEdBQUcsQ0FBQyxDQUFDLEdBQUcsQ0FBQyxJQUFJLENBQUMsR0FBRyxDQUFDO0FBQzFCLENBQUMsR0FBRyxDQUFDLE1BQU0sR0FBRyxDQUFDLENBQUMsTUFBTSxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUM7QUFDaEMsQ0FBQyxHQUFHLENBQUMsU0FBUyxHQUFHLENBQUMsQ0FBQyxTQUFTLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQztBQUN0QyxDQUFDLEdBQUcsQ0FBQyxPQUFPLEdBQUcsQ0FBQyxDQUFDLE9BQU8sQ0FBQyxJQUFJLENBQUMsR0FBRyxDQUFDO0FBQ2xDLENBQUMsR0FBRyxDQUFDLE1BQU0sR0FBRyxDQUFDLENBQUMsTUFBTSxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUM7QUFDaEMsQ0FBQyxHQUFHLENBQUMsYUFBYSxHQUFHLENBQUMsQ0FBQyxhQUFhLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQzs7QUFFOUMsQ0FBQyxHQUFHLENBQUMsS0FBSyxHQUFHLENBQUMsQ0FBQyxLQUFLLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQztBQUM5QixDQUFDLEdBQUcsQ0FBQyxHQUFHLEdBQUcsQ0FBQyxDQUFDLEdBQUcsQ0FBQyxJQUFJLENBQUMsR0FBRyxDQUFDO0FBQzFCLENBQUMsR0FBRyxDQUFDLEtBQUssR0FBRyxDQUFDLENBQUMsS0FBSyxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUM7QUFDOUIsQ0FBQyxHQUFHLENBQUMsTUFBTSxHQUFHLENBQUMsQ0FBQyxNQUFNLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQztBQUNoQyxDQUFDLEdBQUcsQ0FBQyxJQUFJLEdBQUcsQ0FBQyxDQUFDLElBQUksQ0FBQyxJQUFJLENBQUMsR0FBRyxDQUFDO0FBQzVCLENBQUMsR0FBRyxDQUFDLE9BQU8sR0FBRyxDQUFDLENBQUMsT0FBTyxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUM7QUFDbEMsQ0FBQyxHQUFHLENBQUMsSUFBSSxHQUFHLENBQUMsQ0FBQyxJQUFJLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQztBQUM1QixDQUFDLEdBQUcsQ0FBQyxLQUFLLEdBQUcsQ0FBQyxDQUFDLEtBQUssQ0FBQyxJQUFJLENBQUMsR0FBRyxDQUFDO0FBQzlCLENBQUMsR0FBRyxDQUFDLElBQUksR0FBRyxDQUFDLENBQUMsSUFBSSxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUM7QUFDNUIsQ0FBQyxHQUFHLENBQUMsSUFBSSxHQUFHLENBQUMsQ0FBQyxJQUFJLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQzs7QUFFNUIsQ0FBQyxHQUFHLENBQUMsT0FBTyxHQUFHLENBQUMsQ0FBQyxPQUFPLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQztBQUNsQyxDQUFDLEdBQUcsQ0FBQyxLQUFLLEdBQUcsQ0FBQyxDQUFDLEtBQUssQ0FBQyxJQUFJLENBQUMsR0FBRyxDQUFDO0FBQzlCLENBQUMsR0FBRyxDQUFDLE9BQU8sR0FBRyxDQUFDLENBQUMsT0FBTyxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUM7QUFDbEMsQ0FBQyxHQUFHLENBQUMsUUFBUSxHQUFHLENBQUMsQ0FBQyxRQUFRLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQztBQUNwQyxDQUFDLEdBQUcsQ0FBQyxNQUFNLEdBQUcsQ0FBQyxDQUFDLE1BQU0sQ0FBQyxJQUFJLENBQUMsR0FBRyxDQUFDO0FBQ2hDLENBQUMsR0FBRyxDQUFDLFNBQVMsR0FBRyxDQUFDLENBQUMsU0FBUyxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUM7QUFDdEMsQ0FBQyxHQUFHLENBQUMsTUFBTSxHQUFHLENBQUMsQ0FBQyxNQUFNLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQztBQUNoQyxDQUFDLEdBQUcsQ0FBQyxPQUFPLEdBQUcsQ0FBQyxDQUFDLE9BQU8sQ0FBQyxJQUFJLENBQUMsR0FBRyxDQUFDOztBQUVsQyxDQUFDLE9BQU8sR0FBRztBQUNYOztBQUVBLFNBQVMsSUFBSSxDQUFDLElBQUksRUFBRSxLQUFLLEVBQUU7QUFDM0IsQ0FBQyxJQUFJLEdBQUcsR0FBRztBQUNYLEVBQUUsSUFBSSxFQUFFLENBQUMsS0FBSyxFQUFFLElBQUksQ0FBQyxDQUFDLENBQUM7QUFDdkIsRUFBRSxLQUFLLEVBQUUsQ0FBQyxLQUFLLEVBQUUsS0FBSyxDQUFDLENBQUMsQ0FBQztBQUN6QixFQUFFLEdBQUcsRUFBRSxJQUFJLE1BQU0sQ0FBQyxDQUFDLFFBQVEsRUFBRSxLQUFLLENBQUMsQ0FBQyxDQUFDLEVBQUUsR0FBRztBQUMxQyxFQUFFO0FBQ0YsQ0FBQyxPQUFPLFVBQVUsR0FBRyxFQUFFO0FBQ3ZCLEVBQUUsSUFBSSxJQUFJLEtBQUssTUFBTSxJQUFJLElBQUksQ0FBQyxHQUFHLEtBQUssTUFBTSxFQUFFO0FBQzlDLEdBQUcsQ0FBQyxDQUFDLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQyxPQUFPLENBQUMsSUFBSSxDQUFDLEtBQUssSUFBSSxDQUFDLEdBQUcsQ0FBQyxJQUFJLENBQUMsSUFBSSxDQUFDLENBQUMsSUFBSSxDQUFDLElBQUksQ0FBQyxJQUFJLENBQUMsR0FBRyxDQUFDLENBQUM7QUFDekUsR0FBRyxPQUFPLEdBQUcsS0FBSyxNQUFNLEdBQUcsSUFBSSxHQUFHLENBQUMsQ0FBQyxPQUFPLEdBQUdBLEtBQUcsQ0FBQyxJQUFJLENBQUMsSUFBSSxFQUFFLEdBQUcsQ0FBQyxFQUFFLENBQUMsR0FBRyxHQUFHLENBQUMsRUFBRTtBQUM3RSxFQUFFO0FBQ0YsRUFBRSxPQUFPLEdBQUcsS0FBSyxNQUFNLEdBQUcsS0FBSyxDQUFDLENBQUMsSUFBSSxDQUFDLEVBQUUsQ0FBQyxHQUFHLENBQUMsQ0FBQyxHQUFHLENBQUMsQ0FBQyxPQUFPLEdBQUdBLEtBQUcsQ0FBQyxDQUFDLEdBQUcsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxFQUFFLENBQUMsR0FBRyxHQUFHLENBQUMsRUFBRTtBQUN4RixDQUFDLENBQUM7QUFDRjs7QUN2R08sTUFBTSxXQUFBLEdBQWMsT0FBQTtBQUdwQixNQUFNLFlBQUEsR0FBZSxTQUFBO0FBR3JCLE1BQU0sU0FBQSxHQUFZLENBQUE7O0FDSnpCLE1BQU0sSUFBQSxHQUFPLG1CQUFBO0FBRU4sU0FBUyxjQUFjLENBQUEsRUFBbUI7QUFDL0MsRUFBQSxPQUFPLENBQUEsQ0FBRSxPQUFBLENBQVEsSUFBQSxFQUFNLEVBQUUsQ0FBQSxDQUFFLE1BQUE7QUFDN0I7QUFFTyxTQUFTLE1BQUEsQ0FBTyxHQUFXLEtBQUEsRUFBdUI7QUFDdkQsRUFBQSxNQUFNLENBQUEsR0FBSSxLQUFBLEdBQVEsYUFBQSxDQUFjLENBQUMsQ0FBQTtBQUNqQyxFQUFBLE9BQU8sSUFBSSxDQUFBLEdBQUksQ0FBQSxHQUFJLEdBQUEsQ0FBSSxNQUFBLENBQU8sQ0FBQyxDQUFBLEdBQUksQ0FBQTtBQUNyQztBQUVPLFNBQVMsUUFBQSxDQUFTLEdBQVcsR0FBQSxFQUFxQjtBQUN2RCxFQUFBLE9BQU8sYUFBQSxDQUFjLENBQUMsQ0FBQSxJQUFLLEdBQUEsR0FBTSxJQUFJLENBQUEsQ0FBRSxLQUFBLENBQU0sQ0FBQSxFQUFHLElBQUEsQ0FBSyxHQUFBLENBQUksQ0FBQSxFQUFHLEdBQUEsR0FBTSxDQUFDLENBQUMsQ0FBQSxHQUFJLFFBQUE7QUFDMUU7QUFHTyxTQUFTLElBQUEsQ0FBSyxNQUFjLEtBQUEsRUFBeUI7QUFDMUQsRUFBQSxNQUFNLE1BQWdCLEVBQUM7QUFDdkIsRUFBQSxLQUFBLE1BQVcsU0FBQSxJQUFhLElBQUEsQ0FBSyxLQUFBLENBQU0sSUFBSSxDQUFBLEVBQUc7QUFDeEMsSUFBQSxJQUFJLElBQUEsR0FBTyxFQUFBO0FBQ1gsSUFBQSxLQUFBLE1BQVcsUUFBUSxTQUFBLENBQVUsS0FBQSxDQUFNLEtBQUssQ0FBQSxDQUFFLE1BQUEsQ0FBTyxPQUFPLENBQUEsRUFBRztBQUN6RCxNQUFBLElBQUksUUFBUSxJQUFBLENBQUssTUFBQSxHQUFTLENBQUEsR0FBSSxJQUFBLENBQUssU0FBUyxLQUFBLEVBQU87QUFDakQsUUFBQSxHQUFBLENBQUksS0FBSyxJQUFJLENBQUE7QUFDYixRQUFBLElBQUEsR0FBTyxJQUFBO0FBQUEsTUFDVCxDQUFBLE1BQU87QUFDTCxRQUFBLElBQUEsR0FBTyxJQUFBLEdBQU8sQ0FBQSxFQUFHLElBQUksQ0FBQSxDQUFBLEVBQUksSUFBSSxDQUFBLENBQUEsR0FBSyxJQUFBO0FBQUEsTUFDcEM7QUFBQSxJQUNGO0FBQ0EsSUFBQSxHQUFBLENBQUksS0FBSyxJQUFJLENBQUE7QUFBQSxFQUNmO0FBQ0EsRUFBQSxPQUFPLEdBQUE7QUFDVDtBQUdPLFNBQVMsUUFBUSxDQUFBLEVBQW1CO0FBQ3pDLEVBQUEsT0FBTyxDQUFBLENBQ0osYUFBWSxDQUNaLFNBQUEsQ0FBVSxNQUFNLENBQUEsQ0FDaEIsT0FBQSxDQUFRLG9CQUFvQixFQUFFLENBQUEsQ0FDOUIsUUFBUSxhQUFBLEVBQWUsR0FBRyxFQUMxQixPQUFBLENBQVEsVUFBQSxFQUFZLEVBQUUsQ0FBQSxDQUN0QixLQUFBLENBQU0sR0FBRyxFQUFFLENBQUE7QUFDaEI7QUFFTyxTQUFTLE9BQU8sQ0FBQSxFQUFXLElBQUEsRUFBYyxVQUFBLEdBQWEsQ0FBQSxFQUFHLElBQUksQ0FBQSxDQUFBLENBQUEsRUFBYTtBQUMvRSxFQUFBLE9BQU8sR0FBRyxDQUFDLENBQUEsQ0FBQSxFQUFJLENBQUEsS0FBTSxDQUFBLEdBQUksT0FBTyxVQUFVLENBQUEsQ0FBQTtBQUM1QztBQUdPLFNBQVMsS0FBSyxNQUFBLEVBQXdCO0FBQzNDLEVBQUEsSUFBSSxPQUFPLE1BQUEsSUFBVSxDQUFBLFNBQVUsR0FBQSxDQUFJLE1BQUEsQ0FBTyxPQUFPLE1BQU0sQ0FBQTtBQUN2RCxFQUFBLE9BQU8sQ0FBQSxFQUFHLE9BQU8sS0FBQSxDQUFNLENBQUEsRUFBRyxDQUFDLENBQUMsQ0FBQSxFQUFHLElBQUksTUFBQSxDQUFPLElBQUEsQ0FBSyxJQUFJLEVBQUEsRUFBSSxNQUFBLENBQU8sU0FBUyxDQUFDLENBQUMsQ0FBQyxDQUFBLEVBQUcsTUFBQSxDQUFPLEtBQUEsQ0FBTSxFQUFFLENBQUMsQ0FBQSxDQUFBO0FBQy9GOztBQ2pEQSxNQUFNLFNBQVMsTUFBQSxDQUFPLEdBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBLG1CQUFBLEVBS0QsV0FBVztBQUFBLENBQUE7QUFJekIsU0FBUyxXQUFXLFFBQUEsRUFBNkI7QUFDdEQsRUFBQSxNQUFNLEtBQUEsR0FBUSxJQUFBLENBQUssR0FBQSxDQUFJLEdBQUcsUUFBQSxDQUFTLEdBQUEsQ0FBSSxDQUFDLENBQUEsS0FBTSxDQUFBLENBQUUsSUFBQSxDQUFLLE1BQU0sQ0FBQyxDQUFBLEdBQUksQ0FBQTtBQUNoRSxFQUFBLE1BQU0sS0FBQSxHQUFRO0FBQUEsSUFDWkMsQ0FBQSxDQUFNLEtBQUssTUFBTSxDQUFBO0FBQUEsSUFDakIsQ0FBQSxFQUFHQSxDQUFBLENBQU0sSUFBQSxDQUFLLFFBQVEsQ0FBQyxDQUFBLHVCQUFBLENBQUE7QUFBQSxJQUN2QixFQUFBO0FBQUEsSUFDQUEsQ0FBQSxDQUFNLEtBQUssV0FBVyxDQUFBO0FBQUEsSUFDdEIsR0FBRyxRQUFBLENBQVMsR0FBQSxDQUFJLENBQUMsTUFBTSxDQUFBLEVBQUEsRUFBSyxNQUFBLENBQU8sQ0FBQSxDQUFFLElBQUEsRUFBTSxLQUFLLENBQUMsQ0FBQSxFQUFHLENBQUEsQ0FBRSxPQUFPLENBQUEsQ0FBRSxDQUFBO0FBQUEsSUFDL0QsRUFBQTtBQUFBLElBQ0FBLENBQUEsQ0FBTSxLQUFLLGlCQUFpQixDQUFBO0FBQUEsSUFDNUIsK0NBQUE7QUFBQSxJQUNBLG9DQUFBO0FBQUEsSUFDQSxrREFBQTtBQUFBLElBQ0EsK0NBQUE7QUFBQSxJQUNBLHdEQUFBO0FBQUEsSUFDQSxFQUFBO0FBQUEsSUFDQSxDQUFBLE1BQUEsRUFBU0EsQ0FBQSxDQUFNLFNBQUEsQ0FBVSxtQ0FBbUMsQ0FBQyxDQUFBLENBQUE7QUFBQSxJQUM3RDtBQUFBLEdBQ0Y7QUFDQSxFQUFBLE9BQU8sS0FBQSxDQUFNLEtBQUssSUFBSSxDQUFBO0FBQ3hCO0FBR08sU0FBUyxrQkFBa0IsT0FBQSxFQUEwQjtBQUMxRCxFQUFBLE1BQU0sT0FBQSxHQUFVLE9BQUEsQ0FBUSxPQUFBLEVBQVMsTUFBQSxHQUFTLENBQUEsV0FBQSxFQUFjLFFBQVEsT0FBQSxDQUFRLElBQUEsQ0FBSyxJQUFJLENBQUMsQ0FBQSxDQUFBLENBQUEsR0FBTSxFQUFBO0FBQ3hGLEVBQUEsT0FBTztBQUFBLElBQ0wsQ0FBQSxFQUFHQSxDQUFBLENBQU0sSUFBQSxDQUFLLE9BQUEsQ0FBUSxJQUFJLENBQUMsQ0FBQSxFQUFHLE9BQU8sQ0FBQSxHQUFBLEVBQU0sT0FBQSxDQUFRLE9BQU8sQ0FBQSxDQUFBO0FBQUEsSUFDMUQsRUFBQTtBQUFBLElBQ0EsR0FBRyxJQUFBLENBQUssT0FBQSxDQUFRLEtBQUEsRUFBTyxFQUFFLENBQUEsQ0FBRSxHQUFBLENBQUksQ0FBQyxDQUFBLEtBQU0sQ0FBQSxFQUFBLEVBQUssQ0FBQyxDQUFBLENBQUUsQ0FBQTtBQUFBLElBQzlDO0FBQUEsR0FDRixDQUFFLEtBQUssSUFBSSxDQUFBO0FBQ2I7O0FDM0NPLElBQUssUUFBQSxxQkFBQUMsU0FBQUEsS0FBTDtBQUNMLEVBQUFBLFNBQUFBLENBQUFBLFNBQUFBLENBQUEsUUFBSyxDQUFBLENBQUEsR0FBTCxJQUFBO0FBQ0EsRUFBQUEsU0FBQUEsQ0FBQUEsU0FBQUEsQ0FBQSxhQUFVLENBQUEsQ0FBQSxHQUFWLFNBQUE7QUFDQSxFQUFBQSxTQUFBQSxDQUFBQSxTQUFBQSxDQUFBLFdBQVEsQ0FBQSxDQUFBLEdBQVIsT0FBQTtBQUNBLEVBQUFBLFNBQUFBLENBQUFBLFNBQUFBLENBQUEsVUFBTyxDQUFBLENBQUEsR0FBUCxNQUFBO0FBQ0EsRUFBQUEsU0FBQUEsQ0FBQUEsU0FBQUEsQ0FBQSxhQUFVLENBQUEsQ0FBQSxHQUFWLFNBQUE7QUFDQSxFQUFBQSxTQUFBQSxDQUFBQSxTQUFBQSxDQUFBLGNBQVcsQ0FBQSxDQUFBLEdBQVgsVUFBQTtBQUNBLEVBQUFBLFNBQUFBLENBQUFBLFNBQUFBLENBQUEsY0FBVyxFQUFBLENBQUEsR0FBWCxVQUFBO0FBUFUsRUFBQSxPQUFBQSxTQUFBQTtBQUFBLENBQUEsRUFBQSxRQUFBLElBQUEsRUFBQSxDQUFBO0FBYUwsTUFBTSxnQkFBZ0IsS0FBQSxDQUFNO0FBQUEsRUFLakMsV0FBQSxDQUFZLElBQUEsRUFBaUIsT0FBQSxFQUFpQixPQUFBLEdBQW1FLEVBQUMsRUFBRztBQUNuSCxJQUFBLEtBQUEsQ0FBTSxPQUFPLENBQUE7QUFDYixJQUFBLElBQUEsQ0FBSyxJQUFBLEdBQU8sU0FBQTtBQUNaLElBQUEsSUFBQSxDQUFLLElBQUEsR0FBTyxJQUFBO0FBQ1osSUFBQSxJQUFBLENBQUssT0FBTyxPQUFBLENBQVEsSUFBQTtBQUNwQixJQUFBLElBQUEsQ0FBSyxRQUFBLEdBQVcsT0FBQSxDQUFRLFFBQUEsSUFBWSxlQUFBLENBQWdCLElBQUksQ0FBQTtBQUN4RCxJQUFBLElBQUksT0FBQSxDQUFRLFVBQVUsTUFBQSxFQUFXO0FBQy9CLE1BQUMsSUFBQSxDQUE2QixRQUFRLE9BQUEsQ0FBUSxLQUFBO0FBQUEsSUFDaEQ7QUFBQSxFQUNGO0FBQ0Y7QUFHTyxNQUFNLGlCQUFpQixPQUFBLENBQVE7QUFBQSxFQUlwQyxXQUFBLENBQVksTUFBQSxFQUFnQixPQUFBLEVBQWlCLFNBQUEsRUFBb0I7QUFDL0QsSUFBQSxLQUFBLENBQU0sTUFBQSxLQUFXLE9BQU8sTUFBQSxLQUFXLEdBQUEsR0FBTSxTQUFTLE1BQUEsS0FBVyxHQUFBLEdBQU0sVUFBQSxHQUFhLEtBQUEsRUFBTyxPQUFBLEVBQVM7QUFBQSxNQUM5RixJQUFBLEVBQU0sTUFBQSxLQUFXLEdBQUEsR0FBTSxtREFBQSxHQUFzRDtBQUFBLEtBQzlFLENBQUE7QUFDRCxJQUFBLElBQUEsQ0FBSyxJQUFBLEdBQU8sVUFBQTtBQUNaLElBQUEsSUFBQSxDQUFLLE1BQUEsR0FBUyxNQUFBO0FBQ2QsSUFBQSxJQUFBLENBQUssU0FBQSxHQUFZLFNBQUE7QUFBQSxFQUNuQjtBQUFBLEVBRUEsSUFBSSxTQUFBLEdBQXFCO0FBQ3ZCLElBQUEsT0FBTyxJQUFBLENBQUssTUFBQSxLQUFXLEdBQUEsSUFBTyxJQUFBLENBQUssTUFBQSxJQUFVLEdBQUE7QUFBQSxFQUMvQztBQUNGO0FBRUEsU0FBUyxnQkFBZ0IsSUFBQSxFQUEyQjtBQUNsRCxFQUFBLFFBQVEsSUFBQTtBQUFNLElBQ1osS0FBSyxPQUFBO0FBQUEsSUFDTCxLQUFLLFFBQUE7QUFDSCxNQUFBLE9BQU8sQ0FBQTtBQUFBLElBQ1QsS0FBSyxNQUFBO0FBQ0gsTUFBQSxPQUFPLENBQUE7QUFBQSxJQUNULEtBQUssU0FBQTtBQUNILE1BQUEsT0FBTyxDQUFBO0FBQUEsSUFDVCxLQUFLLFVBQUE7QUFDSCxNQUFBLE9BQU8sQ0FBQTtBQUFBLElBQ1Q7QUFDRSxNQUFBLE9BQU8sQ0FBQTtBQUFBO0FBRWI7O0FDekRPLE1BQU0sU0FBQSxHQUFZO0FBQUEsRUFDdkIsVUFBQSxFQUFZLGlDQUFBO0FBQUEsRUFDWixPQUFBLEVBQVMseUNBQUE7QUFBQSxFQUNULFFBQUEsRUFBVSwwQ0FBQTtBQUFBO0FBQUEsRUFFVixTQUFBLEVBQVcsaURBQUE7QUFBQSxFQUNYLE9BQUEsRUFBUztBQUNYLENBQUE7QUFLTyxNQUFNLEtBQUEsR0FBUTtBQUFBLEVBQ25CLE1BQUEsRUFBUSxLQUFBO0FBQUEsRUFDUixRQUFBLEVBQVUsV0FBQTtBQUFBLEVBQ1YsU0FBUyxDQUFDLEVBQUEsS0FBZSxDQUFBLFVBQUEsRUFBYSxrQkFBQSxDQUFtQixFQUFFLENBQUMsQ0FBQSxDQUFBO0FBQUEsRUFDNUQsYUFBYSxDQUFDLFNBQUEsS0FBc0IsQ0FBQSxVQUFBLEVBQWEsa0JBQUEsQ0FBbUIsU0FBUyxDQUFDLENBQUEsWUFBQSxDQUFBO0FBQUEsRUFDOUUsVUFBQSxFQUFZLENBQUMsU0FBQSxFQUFtQixFQUFBLEtBQzlCLENBQUEsVUFBQSxFQUFhLGtCQUFBLENBQW1CLFNBQVMsQ0FBQyxDQUFBLGFBQUEsRUFBZ0Isa0JBQUEsQ0FBbUIsRUFBRSxDQUFDLENBQUEsQ0FBQTtBQUFBLEVBQ2xGLElBQUEsRUFBTSxDQUFDLFNBQUEsRUFBbUIsWUFBQSxLQUN4QixDQUFBLFVBQUEsRUFBYSxrQkFBQSxDQUFtQixTQUFTLENBQUMsQ0FBQSxhQUFBLEVBQWdCLGtCQUFBLENBQW1CLFlBQVksQ0FBQyxDQUFBLEtBQUEsQ0FBQTtBQUFBLEVBQzVGLFNBQVMsQ0FBQyxTQUFBLEtBQXNCLENBQUEsVUFBQSxFQUFhLGtCQUFBLENBQW1CLFNBQVMsQ0FBQyxDQUFBLFFBQUEsQ0FBQTtBQUFBLEVBQzFFLFFBQUEsRUFBVSxtQkFBQTtBQUFBLEVBQ1YsVUFBQSxFQUFZLG9CQUFBO0FBQUEsRUFDWixLQUFBLEVBQU87QUFDVCxDQUFBO0FBRU8sU0FBUyxXQUFXLEdBQUEsRUFBaUM7QUFDMUQsRUFBQSxJQUFJLE9BQU8sR0FBQSxLQUFRLFlBQUEsSUFBZ0IsT0FBQSxDQUFRLEdBQUEsQ0FBSSxnQkFBZ0IsR0FBQSxFQUFLO0FBRWxFLElBQUEsT0FBTyxTQUFBLENBQVUsVUFBQTtBQUFBLEVBQ25CO0FBQ0EsRUFBQSxPQUFRLFNBQUEsQ0FBcUMsR0FBQSxJQUFPLFlBQVksQ0FBQSxJQUFLLFNBQUEsQ0FBVSxVQUFBO0FBQ2pGOztBQ2pDTyxTQUFTLFNBQUEsR0FBb0I7QUFDbEMsRUFBQSxJQUFJLE9BQUEsQ0FBUSxHQUFBLENBQUksYUFBQSxFQUFlLE9BQU8sUUFBUSxHQUFBLENBQUksYUFBQTtBQUNsRCxFQUFBLFFBQVFDLGtCQUFTO0FBQUcsSUFDbEIsS0FBSyxRQUFBO0FBQ0gsTUFBQSxPQUFPQyxjQUFBLENBQUtDLGVBQUEsRUFBUSxFQUFHLFNBQUEsRUFBVyx1QkFBdUIsSUFBSSxDQUFBO0FBQUEsSUFDL0QsS0FBSyxPQUFBO0FBQ0gsTUFBQSxPQUFPRCxjQUFBLENBQUssT0FBQSxDQUFRLEdBQUEsQ0FBSSxPQUFBLElBQVdBLGNBQUEsQ0FBS0MsaUJBQVEsRUFBRyxTQUFBLEVBQVcsU0FBUyxDQUFBLEVBQUcsSUFBSSxDQUFBO0FBQUEsSUFDaEY7QUFDRSxNQUFBLE9BQU9ELGNBQUEsQ0FBSyxRQUFRLEdBQUEsQ0FBSSxlQUFBLElBQW1CQSxlQUFLQyxlQUFBLEVBQVEsRUFBRyxTQUFTLENBQUEsRUFBRyxJQUFJLENBQUE7QUFBQTtBQUVqRjtBQUVPLFNBQVMsUUFBQSxHQUFtQjtBQUNqQyxFQUFBLElBQUlGLGdCQUFBLEVBQVMsS0FBTSxPQUFBLEVBQVMsT0FBT0MsY0FBQSxDQUFLLE9BQUEsQ0FBUSxHQUFBLENBQUksY0FBQSxJQUFrQkEsY0FBQSxDQUFLQyxlQUFBLEVBQVEsRUFBRyxRQUFRLEdBQUcsSUFBSSxDQUFBO0FBQ3JHLEVBQUEsT0FBT0QsY0FBQSxDQUFLLFNBQUEsRUFBVSxFQUFHLE9BQU8sQ0FBQTtBQUNsQztBQUVPLFNBQVMsZUFBQSxHQUEwQjtBQUN4QyxFQUFBLE9BQU9BLGNBQUEsQ0FBSyxTQUFBLEVBQVUsRUFBRyxrQkFBa0IsQ0FBQTtBQUM3Qzs7QUN0Qk8sTUFBTSxHQUFBLEdBQU07QUFBQSxFQUNqQixRQUFBLEVBQVUsY0FBQTtBQUFBLEVBQ1YsTUFBQSxFQUFRLFlBQUE7QUFBQSxFQUNSLE9BQUEsRUFBUyxZQUFBO0FBQUEsRUFDVCxXQUFBLEVBQWEsUUFBQTtBQUFBLEVBQ2IsUUFBQSxFQUFVLGFBQUE7QUFBQSxFQUNWLFdBQUEsRUFBYSxpQkFBQTtBQUFBLEVBQ2IsYUFBQSxFQUFlLG9CQUFBO0FBQUEsRUFDZixTQUFBLEVBQVcsZUFBQTtBQUFBLEVBQ1gsY0FBQSxFQUFnQixzQkFBQTtBQUFBLEVBQ2hCLGtCQUFBLEVBQW9CLDBCQUFBO0FBQUEsRUFDcEIsU0FBQSxFQUFXLHNCQUFBO0FBQUEsRUFDWCxXQUFBLEVBQWEsaUJBQUE7QUFBQSxFQUNiLFlBQUEsRUFBYztBQUNoQixDQUFBO0FBRU8sTUFBTSxnQkFBQSxHQUFxRDtBQUFBLEVBQ2hFLFFBQUEsRUFBVSxpQ0FBQTtBQUFBLEVBQ1YsTUFBQSxFQUFRLDJCQUFBO0FBQUEsRUFDUixPQUFBLEVBQVMseUJBQUE7QUFBQSxFQUNULFdBQUEsRUFBYSxpQ0FBQTtBQUFBLEVBQ2IsUUFBQSxFQUFVLG1DQUFBO0FBQUEsRUFDVixXQUFBLEVBQWEsOEJBQUE7QUFBQSxFQUNiLGFBQUEsRUFBZSwyQkFBQTtBQUFBLEVBQ2YsU0FBQSxFQUFXLHFDQUFBO0FBQUEsRUFDWCxjQUFBLEVBQWdCLCtDQUFBO0FBQUEsRUFDaEIsa0JBQUEsRUFBb0IsMkNBQUE7QUFBQSxFQUNwQixTQUFBLEVBQVcsMkJBQUE7QUFBQSxFQUNYLFdBQUEsRUFBYSxtQ0FBQTtBQUFBLEVBQ2IsWUFBQSxFQUFjO0FBQ2hCLENBQUE7QUFHTyxTQUFTLFFBQVEsSUFBQSxFQUF1QjtBQUM3QyxFQUFBLE1BQU0sQ0FBQSxHQUFJLE9BQUEsQ0FBUSxHQUFBLENBQUksSUFBSSxDQUFBO0FBQzFCLEVBQUEsT0FBTyxNQUFNLE1BQUEsSUFBYSxvQkFBQSxDQUFxQixJQUFBLENBQUssQ0FBQSxDQUFFLE1BQU0sQ0FBQTtBQUM5RDs7QUM1QkEsTUFBTSxnQkFBQSxHQUNKLDhRQUFBO0FBU0YsZUFBc0IsYUFBYSxNQUFBLEVBQStDO0FBQ2hGLEVBQUEsTUFBTSxPQUFBLEdBQVUsT0FBQSxDQUFRLEdBQUEsQ0FBSSxHQUFBLENBQUksUUFBUSxDQUFBO0FBQ3hDLEVBQUEsSUFBSSxPQUFBLEVBQVMsT0FBTyxPQUFBLENBQVEsSUFBQSxFQUFLO0FBQ2pDLEVBQUEsTUFBTSxNQUFBLEdBQVMsTUFBTSxlQUFBLENBQWdCLE1BQUEsQ0FBTyxPQUFPLENBQUE7QUFDbkQsRUFBQSxJQUFJLFVBQVUsQ0FBQyxTQUFBLENBQVUsTUFBTSxDQUFBLFNBQVUsTUFBQSxDQUFPLEtBQUE7QUFDaEQsRUFBQSxJQUFJLE9BQUEsQ0FBUSxJQUFJLEdBQUEsQ0FBSSxRQUFRLE1BQU0sR0FBQSxJQUFPLE9BQUEsQ0FBUSxJQUFJLEVBQUEsRUFBSTtBQUN2RCxJQUFBLE9BQU8sZ0JBQUE7QUFBQSxFQUNUO0FBQ0EsRUFBQSxPQUFPLE1BQUE7QUFDVDtBQUVBLGVBQXNCLGdCQUFnQixPQUFBLEVBQXlEO0FBQzdGLEVBQUEsSUFBSTtBQUNGLElBQUEsTUFBTSxHQUFBLEdBQU0sS0FBSyxLQUFBLENBQU0sTUFBTUUsa0JBQVMsZUFBQSxFQUFnQixFQUFHLE1BQU0sQ0FBQyxDQUFBO0FBQ2hFLElBQUEsT0FBTyxJQUFJLE9BQU8sQ0FBQTtBQUFBLEVBQ3BCLENBQUEsQ0FBQSxNQUFRO0FBQ04sSUFBQSxPQUFPLE1BQUE7QUFBQSxFQUNUO0FBQ0Y7QUFFQSxlQUFzQixnQkFBQSxDQUFpQixTQUFpQixLQUFBLEVBQXlDO0FBQy9GLEVBQUEsTUFBTSxPQUFPLGVBQUEsRUFBZ0I7QUFDN0IsRUFBQSxJQUFJLE1BQXlDLEVBQUM7QUFDOUMsRUFBQSxJQUFJO0FBQ0YsSUFBQSxHQUFBLEdBQU0sS0FBSyxLQUFBLENBQU0sTUFBTUEsaUJBQUEsQ0FBUyxJQUFBLEVBQU0sTUFBTSxDQUFDLENBQUE7QUFBQSxFQUMvQyxDQUFBLENBQUEsTUFBUTtBQUFBLEVBRVI7QUFDQSxFQUFBLEdBQUEsQ0FBSSxPQUFPLENBQUEsR0FBSSxLQUFBO0FBQ2YsRUFBQSxNQUFNQyxjQUFBLENBQU1DLGtCQUFRLElBQUksQ0FBQSxFQUFHLEVBQUUsU0FBQSxFQUFXLElBQUEsRUFBTSxJQUFBLEVBQU0sR0FBQSxFQUFPLENBQUE7QUFDM0QsRUFBQSxNQUFNQyxrQkFBQSxDQUFVLElBQUEsRUFBTSxJQUFBLENBQUssU0FBQSxDQUFVLEdBQUEsRUFBSyxJQUFBLEVBQU0sQ0FBQyxDQUFBLEdBQUksSUFBQSxFQUFNLEVBQUUsSUFBQSxFQUFNLEdBQUEsRUFBTyxDQUFBO0FBQzVFO0FBRUEsZUFBc0IsaUJBQWlCLE9BQUEsRUFBbUM7QUFDeEUsRUFBQSxNQUFNLE9BQU8sZUFBQSxFQUFnQjtBQUM3QixFQUFBLElBQUk7QUFDRixJQUFBLE1BQU0sTUFBTSxJQUFBLENBQUssS0FBQSxDQUFNLE1BQU1ILGlCQUFBLENBQVMsSUFBQSxFQUFNLE1BQU0sQ0FBQyxDQUFBO0FBQ25ELElBQUEsSUFBSSxFQUFFLE9BQUEsSUFBVyxHQUFBLENBQUEsRUFBTSxPQUFPLEtBQUE7QUFDOUIsSUFBQSxPQUFPLElBQUksT0FBTyxDQUFBO0FBQ2xCLElBQUEsSUFBSSxNQUFBLENBQU8sSUFBQSxDQUFLLEdBQUcsQ0FBQSxDQUFFLFdBQVcsQ0FBQSxFQUFHO0FBQ2pDLE1BQUEsTUFBTUksV0FBQSxDQUFHLElBQUEsRUFBTSxFQUFFLEtBQUEsRUFBTyxNQUFNLENBQUE7QUFBQSxJQUNoQyxDQUFBLE1BQU87QUFDTCxNQUFBLE1BQU1ELGtCQUFBLENBQVUsSUFBQSxFQUFNLElBQUEsQ0FBSyxTQUFBLENBQVUsR0FBQSxFQUFLLElBQUEsRUFBTSxDQUFDLENBQUEsR0FBSSxJQUFBLEVBQU0sRUFBRSxJQUFBLEVBQU0sR0FBQSxFQUFPLENBQUE7QUFBQSxJQUM1RTtBQUNBLElBQUEsT0FBTyxJQUFBO0FBQUEsRUFDVCxDQUFBLENBQUEsTUFBUTtBQUNOLElBQUEsT0FBTyxLQUFBO0FBQUEsRUFDVDtBQUNGO0FBR08sU0FBUyxVQUFVLEtBQUEsRUFBb0Q7QUFDNUUsRUFBQSxNQUFNLEtBQUEsR0FBUSxLQUFBLENBQU0sS0FBQSxDQUFNLEdBQUcsQ0FBQTtBQUM3QixFQUFBLElBQUksS0FBQSxDQUFNLE1BQUEsS0FBVyxDQUFBLEVBQUcsT0FBTyxNQUFBO0FBQy9CLEVBQUEsSUFBSTtBQUNGLElBQUEsTUFBTSxPQUFPLE1BQUEsQ0FBTyxJQUFBLENBQUssS0FBQSxDQUFNLENBQUMsRUFBRSxPQUFBLENBQVEsSUFBQSxFQUFNLEdBQUcsQ0FBQSxDQUFFLFFBQVEsSUFBQSxFQUFNLEdBQUcsR0FBRyxRQUFRLENBQUEsQ0FBRSxTQUFTLE1BQU0sQ0FBQTtBQUNsRyxJQUFBLE9BQU8sSUFBQSxDQUFLLE1BQU0sSUFBSSxDQUFBO0FBQUEsRUFDeEIsQ0FBQSxDQUFBLE1BQVE7QUFDTixJQUFBLE9BQU8sTUFBQTtBQUFBLEVBQ1Q7QUFDRjtBQUVBLFNBQVMsVUFBVSxLQUFBLEVBQW1DO0FBQ3BELEVBQUEsT0FBTyxLQUFBLENBQU0sY0FBYyxNQUFBLElBQWEsSUFBQSxDQUFLLE1BQU0sS0FBQSxDQUFNLFNBQVMsQ0FBQSxJQUFLLElBQUEsQ0FBSyxHQUFBLEVBQUk7QUFDbEY7O0FDOUVPLE1BQU0sS0FBQSxHQUFRLENBQUMsRUFBQSxLQUFlLElBQUksT0FBQSxDQUFjLENBQUMsT0FBQSxLQUFZLFVBQUEsQ0FBVyxPQUFBLEVBQVMsRUFBRSxDQUFDLENBQUE7QUFNM0YsZUFBc0IsS0FBQSxDQUFTLElBQXFDLE9BQUEsRUFBbUM7QUFDckcsRUFBQSxNQUFNLElBQUEsR0FBTyxRQUFRLFdBQUEsSUFBZSxHQUFBO0FBQ3BDLEVBQUEsTUFBTSxHQUFBLEdBQU0sUUFBUSxVQUFBLElBQWMsR0FBQTtBQUNsQyxFQUFBLElBQUksU0FBQTtBQUNKLEVBQUEsS0FBQSxJQUFTLFVBQVUsQ0FBQSxFQUFHLE9BQUEsSUFBVyxPQUFBLENBQVEsT0FBQSxHQUFVLEdBQUcsT0FBQSxFQUFBLEVBQVc7QUFDL0QsSUFBQSxJQUFJO0FBQ0YsTUFBQSxPQUFPLE1BQU0sR0FBRyxPQUFPLENBQUE7QUFBQSxJQUN6QixTQUFTLEdBQUEsRUFBSztBQUNaLE1BQUEsU0FBQSxHQUFZLEdBQUE7QUFDWixNQUFBLE1BQU0sSUFBQSxHQUFPLFdBQVcsT0FBQSxDQUFRLE9BQUEsS0FBWSxRQUFRLFdBQUEsR0FBYyxHQUFBLEVBQUssT0FBTyxDQUFBLElBQUssSUFBQSxDQUFBO0FBQ25GLE1BQUEsSUFBSSxDQUFDLElBQUEsRUFBTTtBQUNYLE1BQUEsTUFBTSxNQUFNLElBQUEsQ0FBSyxHQUFBLENBQUksS0FBSyxJQUFBLEdBQU8sQ0FBQSxLQUFNLFVBQVUsQ0FBQSxDQUFFLENBQUE7QUFDbkQsTUFBQSxNQUFNLE1BQU0sSUFBQSxDQUFLLEtBQUEsQ0FBTSxLQUFLLE1BQUEsRUFBTyxHQUFJLEdBQUcsQ0FBQyxDQUFBO0FBQUEsSUFDN0M7QUFBQSxFQUNGO0FBQ0EsRUFBQSxNQUFNLFNBQUE7QUFDUjs7QUMzQkEsTUFBTSxLQUFBLEdBQStCLEVBQUUsS0FBQSxFQUFPLEVBQUEsRUFBSSxJQUFBLEVBQU0sRUFBQSxFQUFJLElBQUEsRUFBTSxFQUFBLEVBQUksS0FBQSxFQUFPLEVBQUEsRUFBSSxNQUFBLEVBQVEsRUFBQSxFQUFHO0FBWTVGLE1BQU0sS0FBQSxHQUFRO0FBQUEsRUFDWixLQUFBLEVBQVEsT0FBQSxDQUFRLEdBQUEsQ0FBSSxZQUFBLElBQXNDLE1BQUE7QUFBQSxFQUMxRCxPQUFPLE9BQUEsQ0FBUSxNQUFBLENBQU8sS0FBQSxJQUFTLE9BQUEsQ0FBUSxJQUFJLFFBQUEsS0FBYTtBQUMxRCxDQUFBO0FBR0EsTUFBTSxNQUFBLEdBQVM7QUFBQSxFQUNiLHlCQUFBO0FBQUEsRUFDQSxrQ0FBQTtBQUFBLEVBQ0EsMENBQUE7QUFBQSxFQUNBO0FBQ0YsQ0FBQTtBQUVPLFNBQVMsT0FBTyxPQUFBLEVBQXlCO0FBQzlDLEVBQUEsSUFBSSxHQUFBLEdBQU0sT0FBQTtBQUNWLEVBQUEsS0FBQSxNQUFXLE1BQU0sTUFBQSxFQUFRO0FBQ3ZCLElBQUEsR0FBQSxHQUFNLElBQUksT0FBQSxDQUFRLEVBQUEsRUFBSSxDQUFDLENBQUEsRUFBVyxFQUFBLEtBQWdCLE1BQU0sQ0FBQSxDQUFFLFVBQUEsQ0FBVyxFQUFFLENBQUEsSUFBSyxNQUFNLElBQUEsQ0FBSyxFQUFFLElBQUksQ0FBQSxFQUFHLEVBQUUsZUFBZSxZQUFhLENBQUE7QUFBQSxFQUNoSTtBQUNBLEVBQUEsT0FBTyxHQUFBO0FBQ1Q7QUFFQSxNQUFNLFlBQUEsQ0FBK0I7QUFBQSxFQUNuQyxZQUE2QixLQUFBLEVBQWU7QUFBZixJQUFBLElBQUEsQ0FBQSxLQUFBLEdBQUEsS0FBQTtBQUFBLEVBQWdCO0FBQUEsRUFFN0MsTUFBTSxPQUFBLEVBQXVCO0FBQzNCLElBQUEsSUFBQSxDQUFLLEtBQUEsQ0FBTSxPQUFBLEVBQVNSLENBQUEsQ0FBTSxJQUFBLEVBQU0sT0FBTyxDQUFBO0FBQUEsRUFDekM7QUFBQSxFQUNBLEtBQUssT0FBQSxFQUF1QjtBQUMxQixJQUFBLElBQUEsQ0FBSyxLQUFBLENBQU0sTUFBQSxFQUFRLENBQUMsQ0FBQSxLQUFNLEdBQUcsT0FBTyxDQUFBO0FBQUEsRUFDdEM7QUFBQSxFQUNBLEtBQUssT0FBQSxFQUF1QjtBQUMxQixJQUFBLElBQUEsQ0FBSyxLQUFBLENBQU0sTUFBQSxFQUFRQSxDQUFBLENBQU0sTUFBQSxFQUFRLE9BQU8sQ0FBQTtBQUFBLEVBQzFDO0FBQUEsRUFDQSxNQUFNLE9BQUEsRUFBdUI7QUFDM0IsSUFBQSxJQUFBLENBQUssS0FBQSxDQUFNLE9BQUEsRUFBU0EsQ0FBQSxDQUFNLEdBQUEsRUFBSyxPQUFPLENBQUE7QUFBQSxFQUN4QztBQUFBLEVBQ0EsU0FBUyxLQUFBLEVBQW9CO0FBQzNCLElBQUEsS0FBQSxDQUFNLEtBQUEsR0FBUSxLQUFBO0FBQUEsRUFDaEI7QUFBQSxFQUNBLE1BQU0sS0FBQSxFQUF1QjtBQUMzQixJQUFBLE9BQU8sSUFBSSxZQUFBLENBQWEsQ0FBQSxFQUFHLEtBQUssS0FBSyxDQUFBLENBQUEsRUFBSSxLQUFLLENBQUEsQ0FBRSxDQUFBO0FBQUEsRUFDbEQ7QUFBQSxFQUVRLEtBQUEsQ0FBTSxLQUFBLEVBQWMsS0FBQSxFQUE4QixPQUFBLEVBQXVCO0FBQy9FLElBQUEsSUFBSSxNQUFNLEtBQUssQ0FBQSxHQUFJLEtBQUEsQ0FBTSxLQUFBLENBQU0sS0FBSyxDQUFBLEVBQUc7QUFDdkMsSUFBQSxNQUFNLE1BQUEsR0FBUyxLQUFBLEtBQVUsTUFBQSxHQUFTLEVBQUEsR0FBSyxDQUFBLEVBQUcsS0FBSyxDQUFBLEVBQUcsS0FBQSxLQUFVLE9BQUEsR0FBVSxDQUFBLENBQUEsRUFBSSxJQUFBLENBQUssS0FBSyxNQUFNLEVBQUUsQ0FBQSxFQUFBLENBQUE7QUFDNUYsSUFBQSxNQUFNLE9BQU8sQ0FBQSxFQUFHLE1BQU0sQ0FBQSxFQUFHLE1BQUEsQ0FBTyxPQUFPLENBQUMsQ0FBQSxDQUFBO0FBQ3hDLElBQUEsT0FBQSxDQUFRLE1BQUEsQ0FBTyxPQUFPLEtBQUEsQ0FBTSxLQUFBLEdBQVEsTUFBTSxJQUFJLENBQUEsR0FBSSxRQUFRLElBQUksQ0FBQTtBQUFBLEVBQ2hFO0FBQ0Y7QUFFTyxTQUFTLGFBQWEsS0FBQSxFQUF1QjtBQUNsRCxFQUFBQSxDQUFBLENBQU0sVUFBVSxLQUFBLENBQU0sS0FBQTtBQUN0QixFQUFBLE9BQU8sSUFBSSxhQUFhLEtBQUssQ0FBQTtBQUMvQjs7QUMzREEsTUFBTVUsS0FBQSxHQUFNLGFBQWEsS0FBSyxDQUFBO0FBbUJ2QixNQUFNLFNBQUEsQ0FBVTtBQUFBLEVBR3JCLFlBQTZCLE1BQUEsRUFBa0I7QUFBbEIsSUFBQSxJQUFBLENBQUEsTUFBQSxHQUFBLE1BQUE7QUFDM0IsSUFBQSxJQUFBLENBQUssT0FBQSxHQUFVLE1BQUEsQ0FBTyxNQUFBLElBQVUsVUFBQSxDQUFXLE9BQU8sV0FBVyxDQUFBO0FBQUEsRUFDL0Q7QUFBQSxFQUVBLE1BQU0sR0FBQSxDQUFPLElBQUEsRUFBYyxPQUFBLEdBQW1ELEVBQUMsRUFBZTtBQUM1RixJQUFBLE9BQU8sSUFBQSxDQUFLLFFBQVcsSUFBQSxFQUFNLEVBQUUsR0FBRyxPQUFBLEVBQVMsTUFBQSxFQUFRLE9BQU8sQ0FBQTtBQUFBLEVBQzVEO0FBQUEsRUFFQSxNQUFNLElBQUEsQ0FBUSxJQUFBLEVBQWMsSUFBQSxFQUFlLE9BQUEsR0FBMEIsRUFBQyxFQUFlO0FBQ25GLElBQUEsT0FBTyxJQUFBLENBQUssUUFBVyxJQUFBLEVBQU0sRUFBRSxHQUFHLE9BQUEsRUFBUyxNQUFBLEVBQVEsTUFBQSxFQUFRLElBQUEsRUFBTSxDQUFBO0FBQUEsRUFDbkU7QUFBQSxFQUVBLE1BQU0sTUFBQSxDQUFVLElBQUEsRUFBYyxPQUFBLEdBQTBCLEVBQUMsRUFBZTtBQUN0RSxJQUFBLE9BQU8sSUFBQSxDQUFLLFFBQVcsSUFBQSxFQUFNLEVBQUUsR0FBRyxPQUFBLEVBQVMsTUFBQSxFQUFRLFVBQVUsQ0FBQTtBQUFBLEVBQy9EO0FBQUEsRUFFQSxNQUFNLE9BQUEsQ0FBVyxJQUFBLEVBQWMsT0FBQSxHQUEwQixFQUFDLEVBQWU7QUFDdkUsSUFBQSxNQUFNLEdBQUEsR0FBTSxJQUFJQyxZQUFBLENBQUksSUFBQSxDQUFLLFFBQVEsT0FBQSxDQUFRLE1BQUEsRUFBUSxFQUFFLENBQUEsR0FBSSxJQUFJLENBQUE7QUFDM0QsSUFBQSxLQUFBLE1BQVcsQ0FBQyxDQUFBLEVBQUcsQ0FBQyxDQUFBLElBQUssTUFBQSxDQUFPLFFBQVEsT0FBQSxDQUFRLEtBQUEsSUFBUyxFQUFFLENBQUEsRUFBRztBQUN4RCxNQUFBLElBQUksQ0FBQSxLQUFNLFFBQVcsR0FBQSxDQUFJLFlBQUEsQ0FBYSxJQUFJLENBQUEsRUFBRyxNQUFBLENBQU8sQ0FBQyxDQUFDLENBQUE7QUFBQSxJQUN4RDtBQUNBLElBQUEsTUFBTSxPQUFBLEdBQWtDO0FBQUEsTUFDdEMsTUFBQSxFQUFRLGtCQUFBO0FBQUEsTUFDUixjQUFjLENBQUEsT0FBQSxFQUFVLFdBQVcsQ0FBQSxNQUFBLEVBQVMsT0FBQSxDQUFRLFNBQVMsSUFBSSxDQUFBLENBQUE7QUFBQSxNQUNqRSxnQkFBQSxFQUFrQixPQUFPLFNBQVMsQ0FBQTtBQUFBLE1BQ2xDLEdBQUcsT0FBQSxDQUFRO0FBQUEsS0FDYjtBQUNBLElBQUEsSUFBSSxDQUFDLFFBQVEsU0FBQSxFQUFXO0FBQ3RCLE1BQUEsTUFBTSxLQUFBLEdBQVEsTUFBTSxZQUFBLENBQWEsSUFBQSxDQUFLLE1BQU0sQ0FBQTtBQUM1QyxNQUFBLElBQUksQ0FBQyxLQUFBLEVBQU87QUFDVixRQUFBLE1BQU0sSUFBSSxPQUFBLENBQVEsTUFBQSxFQUFRLGlCQUFpQixFQUFFLElBQUEsRUFBTSxzQ0FBc0MsQ0FBQTtBQUFBLE1BQzNGO0FBQ0EsTUFBQSxPQUFBLENBQVEsYUFBQSxHQUFnQixVQUFVLEtBQUssQ0FBQSxDQUFBO0FBQUEsSUFDekM7QUFDQSxJQUFBLElBQUksT0FBQTtBQUNKLElBQUEsSUFBSSxPQUFBLENBQVEsU0FBUyxNQUFBLEVBQVc7QUFDOUIsTUFBQSxPQUFBLEdBQVUsSUFBQSxDQUFLLFNBQUEsQ0FBVSxPQUFBLENBQVEsSUFBSSxDQUFBO0FBQ3JDLE1BQUEsT0FBQSxDQUFRLGNBQWMsQ0FBQSxHQUFJLGtCQUFBO0FBQzFCLE1BQUEsT0FBQSxDQUFRLGdCQUFnQixDQUFBLEdBQUksTUFBQSxDQUFPLE1BQUEsQ0FBTyxVQUFBLENBQVcsT0FBTyxDQUFDLENBQUE7QUFBQSxJQUMvRDtBQUVBLElBQUEsT0FBTyxLQUFBO0FBQUEsTUFDTCxPQUFPLE9BQUEsS0FBWTtBQUNqQixRQUFBRCxLQUFBLENBQUksS0FBQSxDQUFNLENBQUEsRUFBRyxPQUFBLENBQVEsTUFBQSxJQUFVLEtBQUssSUFBSSxHQUFBLENBQUksUUFBUSxDQUFBLFVBQUEsRUFBYSxPQUFPLENBQUEsQ0FBQSxDQUFHLENBQUE7QUFDM0UsUUFBQSxNQUFNLEdBQUEsR0FBTSxNQUFNLElBQUEsQ0FBSyxHQUFBLEVBQUssT0FBQSxDQUFRLE1BQUEsSUFBVSxLQUFBLEVBQU8sT0FBQSxFQUFTLE9BQUEsRUFBUyxPQUFBLENBQVEsU0FBQSxJQUFhLElBQUEsQ0FBSyxPQUFPLFNBQVMsQ0FBQTtBQUNqSCxRQUFBLE1BQU0sSUFBQSxHQUFPLE1BQU0sUUFBQSxDQUFTLEdBQUcsQ0FBQTtBQUMvQixRQUFBLE1BQU0sU0FBQSxHQUFZLE1BQUEsQ0FBTyxHQUFBLEVBQUssY0FBYyxDQUFBO0FBQzVDLFFBQUEsSUFBQSxDQUFLLEdBQUEsQ0FBSSxVQUFBLElBQWMsQ0FBQSxLQUFNLEdBQUEsRUFBSztBQUNoQyxVQUFBLE1BQU0sSUFBSSxRQUFBLENBQVMsR0FBQSxDQUFJLFVBQUEsSUFBYyxDQUFBLEVBQUcsY0FBQSxDQUFlLElBQUksQ0FBQSxJQUFLLENBQUEsS0FBQSxFQUFRLEdBQUEsQ0FBSSxVQUFVLENBQUEsQ0FBQSxFQUFJLFNBQVMsQ0FBQTtBQUFBLFFBQ3JHO0FBQ0EsUUFBQSxPQUFRLElBQUEsR0FBTyxJQUFBLENBQUssS0FBQSxDQUFNLElBQUksQ0FBQSxHQUFJLE1BQUE7QUFBQSxNQUNwQyxDQUFBO0FBQUEsTUFDQTtBQUFBLFFBQ0UsT0FBQSxFQUFTLEtBQUssTUFBQSxDQUFPLE9BQUE7QUFBQSxRQUNyQixXQUFBLEVBQWEsQ0FBQyxHQUFBLEtBQVMsR0FBQSxZQUFlLFdBQVcsR0FBQSxDQUFJLFNBQUEsR0FBWSxFQUFFLEdBQUEsWUFBZSxPQUFBO0FBQUE7QUFDcEYsS0FDRjtBQUFBLEVBQ0Y7QUFDRjtBQUVBLFNBQVMsSUFBQSxDQUFLLEdBQUEsRUFBVSxNQUFBLEVBQWdCLE9BQUEsRUFBaUMsU0FBNkIsU0FBQSxFQUFtQjtBQUN2SCxFQUFBLE9BQU8sSUFBSSxPQUFBLENBQXlCLENBQUMsT0FBQSxFQUFTLE1BQUEsS0FBVztBQUN2RCxJQUFBLE1BQU0sRUFBQSxHQUFLLEdBQUEsQ0FBSSxRQUFBLEtBQWEsT0FBQSxHQUFVRSxpQkFBQSxHQUFjQyxrQkFBQTtBQUNwRCxJQUFBLE1BQU0sR0FBQSxHQUFNLEdBQUcsR0FBQSxFQUFLLEVBQUUsUUFBUSxPQUFBLEVBQVMsT0FBQSxFQUFTLFNBQUEsRUFBVSxFQUFHLE9BQU8sQ0FBQTtBQUNwRSxJQUFBLEdBQUEsQ0FBSSxFQUFBLENBQUcsU0FBQSxFQUFXLE1BQU0sR0FBQSxDQUFJLFFBQVEsSUFBSSxPQUFBLENBQVEsU0FBQSxFQUFXLENBQUEsV0FBQSxFQUFjLElBQUksSUFBSSxDQUFBLGlCQUFBLEVBQW9CLFNBQVMsQ0FBQSxHQUFBLENBQUssQ0FBQyxDQUFDLENBQUE7QUFDckgsSUFBQSxHQUFBLENBQUksRUFBQTtBQUFBLE1BQUcsT0FBQTtBQUFBLE1BQVMsQ0FBQyxRQUNmLE1BQUEsQ0FBTyxHQUFBLFlBQWUsVUFBVSxHQUFBLEdBQU0sSUFBSSxRQUFRLFNBQUEsRUFBVyxDQUFBLGFBQUEsRUFBZ0IsSUFBSSxJQUFJLENBQUEsRUFBQSxFQUFLLElBQUksT0FBTyxDQUFBLENBQUEsRUFBSSxFQUFFLEtBQUEsRUFBTyxHQUFBLEVBQUssQ0FBQztBQUFBLEtBQzFIO0FBQ0EsSUFBQSxJQUFJLE9BQUEsRUFBUyxHQUFBLENBQUksS0FBQSxDQUFNLE9BQU8sQ0FBQTtBQUM5QixJQUFBLEdBQUEsQ0FBSSxHQUFBLEVBQUk7QUFBQSxFQUNWLENBQUMsQ0FBQTtBQUNIO0FBRUEsU0FBUyxTQUFTLEdBQUEsRUFBdUM7QUFDdkQsRUFBQSxPQUFPLElBQUksT0FBQSxDQUFRLENBQUMsT0FBQSxFQUFTLE1BQUEsS0FBVztBQUN0QyxJQUFBLE1BQU0sU0FBbUIsRUFBQztBQUMxQixJQUFBLEdBQUEsQ0FBSSxHQUFHLE1BQUEsRUFBUSxDQUFDLE1BQWMsTUFBQSxDQUFPLElBQUEsQ0FBSyxDQUFDLENBQUMsQ0FBQTtBQUM1QyxJQUFBLEdBQUEsQ0FBSSxFQUFBLENBQUcsS0FBQSxFQUFPLE1BQU0sT0FBQSxDQUFRLE1BQUEsQ0FBTyxNQUFBLENBQU8sTUFBTSxDQUFBLENBQUUsUUFBQSxDQUFTLE1BQU0sQ0FBQyxDQUFDLENBQUE7QUFDbkUsSUFBQSxHQUFBLENBQUksRUFBQSxDQUFHLFNBQVMsTUFBTSxDQUFBO0FBQUEsRUFDeEIsQ0FBQyxDQUFBO0FBQ0g7QUFFQSxTQUFTLE1BQUEsQ0FBTyxLQUFzQixJQUFBLEVBQWtDO0FBQ3RFLEVBQUEsTUFBTSxDQUFBLEdBQUksR0FBQSxDQUFJLE9BQUEsQ0FBUSxJQUFJLENBQUE7QUFDMUIsRUFBQSxPQUFPLE1BQU0sT0FBQSxDQUFRLENBQUMsQ0FBQSxHQUFJLENBQUEsQ0FBRSxDQUFDLENBQUEsR0FBSSxDQUFBO0FBQ25DO0FBRUEsU0FBUyxlQUFlLElBQUEsRUFBa0M7QUFDeEQsRUFBQSxJQUFJO0FBQ0YsSUFBQSxNQUFNLElBQUEsR0FBTyxJQUFBLENBQUssS0FBQSxDQUFNLElBQUksQ0FBQTtBQUM1QixJQUFBLE9BQU8sSUFBQSxDQUFLLEtBQUEsRUFBTyxPQUFBLElBQVcsSUFBQSxDQUFLLE9BQUE7QUFBQSxFQUNyQyxDQUFBLENBQUEsTUFBUTtBQUNOLElBQUEsT0FBTyxLQUFLLElBQUEsRUFBSyxDQUFFLEtBQUEsQ0FBTSxDQUFBLEVBQUcsR0FBRyxDQUFBLElBQUssTUFBQTtBQUFBLEVBQ3RDO0FBQ0Y7Ozs7Ozs7Ozs7Ozs7Ozs7Q0MvSEEsSUFBSSxDQUFDLEdBQUcsSUFBSTtBQUNaLENBQUEsSUFBSSxDQUFDLEdBQUcsQ0FBQyxHQUFHLEVBQUU7QUFDZCxDQUFBLElBQUksQ0FBQyxHQUFHLENBQUMsR0FBRyxFQUFFO0FBQ2QsQ0FBQSxJQUFJLENBQUMsR0FBRyxDQUFDLEdBQUcsRUFBRTtBQUNkLENBQUEsSUFBSSxDQUFDLEdBQUcsQ0FBQyxHQUFHLENBQUM7QUFDYixDQUFBLElBQUksQ0FBQyxHQUFHLENBQUMsR0FBRyxNQUFNOztBQUVsQjtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTs7QUFFQSxDQUFBQyxJQUFjLEdBQUcsVUFBVSxHQUFHLEVBQUUsT0FBTyxFQUFFO0FBQ3pDLEdBQUUsT0FBTyxHQUFHLE9BQU8sSUFBSSxFQUFFO0FBQ3pCLEdBQUUsSUFBSSxJQUFJLEdBQUcsT0FBTyxHQUFHO0dBQ3JCLElBQUksSUFBSSxLQUFLLFFBQVEsSUFBSSxHQUFHLENBQUMsTUFBTSxHQUFHLENBQUMsRUFBRTtBQUMzQyxLQUFJLE9BQU8sS0FBSyxDQUFDLEdBQUcsQ0FBQztHQUNyQixDQUFHLE1BQU0sSUFBSSxJQUFJLEtBQUssUUFBUSxJQUFJLFFBQVEsQ0FBQyxHQUFHLENBQUMsRUFBRTtBQUNqRCxLQUFJLE9BQU8sT0FBTyxDQUFDLElBQUksR0FBRyxPQUFPLENBQUMsR0FBRyxDQUFDLEdBQUcsUUFBUSxDQUFDLEdBQUcsQ0FBQztBQUN0RCxHQUFBO0dBQ0UsTUFBTSxJQUFJLEtBQUs7QUFDakIsS0FBSSx1REFBdUQ7QUFDM0QsT0FBTSxJQUFJLENBQUMsU0FBUyxDQUFDLEdBQUc7SUFDckI7Q0FDSCxDQUFDOztBQUVEO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBOztDQUVBLFNBQVMsS0FBSyxDQUFDLEdBQUcsRUFBRTtBQUNwQixHQUFFLEdBQUcsR0FBRyxNQUFNLENBQUMsR0FBRyxDQUFDO0FBQ25CLEdBQUUsSUFBSSxHQUFHLENBQUMsTUFBTSxHQUFHLEdBQUcsRUFBRTtLQUNwQjtBQUNKLEdBQUE7QUFDQSxHQUFFLElBQUksS0FBSyxHQUFHLGtJQUFrSSxDQUFDLElBQUk7S0FDako7SUFDRDtHQUNELElBQUksQ0FBQyxLQUFLLEVBQUU7S0FDVjtBQUNKLEdBQUE7R0FDRSxJQUFJLENBQUMsR0FBRyxVQUFVLENBQUMsS0FBSyxDQUFDLENBQUMsQ0FBQyxDQUFDO0FBQzlCLEdBQUUsSUFBSSxJQUFJLEdBQUcsQ0FBQyxLQUFLLENBQUMsQ0FBQyxDQUFDLElBQUksSUFBSSxFQUFFLFdBQVcsRUFBRTtBQUM3QyxHQUFFLFFBQVEsSUFBSTtBQUNkLEtBQUksS0FBSyxPQUFPO0FBQ2hCLEtBQUksS0FBSyxNQUFNO0FBQ2YsS0FBSSxLQUFLLEtBQUs7QUFDZCxLQUFJLEtBQUssSUFBSTtBQUNiLEtBQUksS0FBSyxHQUFHO09BQ04sT0FBTyxDQUFDLEdBQUcsQ0FBQztBQUNsQixLQUFJLEtBQUssT0FBTztBQUNoQixLQUFJLEtBQUssTUFBTTtBQUNmLEtBQUksS0FBSyxHQUFHO09BQ04sT0FBTyxDQUFDLEdBQUcsQ0FBQztBQUNsQixLQUFJLEtBQUssTUFBTTtBQUNmLEtBQUksS0FBSyxLQUFLO0FBQ2QsS0FBSSxLQUFLLEdBQUc7T0FDTixPQUFPLENBQUMsR0FBRyxDQUFDO0FBQ2xCLEtBQUksS0FBSyxPQUFPO0FBQ2hCLEtBQUksS0FBSyxNQUFNO0FBQ2YsS0FBSSxLQUFLLEtBQUs7QUFDZCxLQUFJLEtBQUssSUFBSTtBQUNiLEtBQUksS0FBSyxHQUFHO09BQ04sT0FBTyxDQUFDLEdBQUcsQ0FBQztBQUNsQixLQUFJLEtBQUssU0FBUztBQUNsQixLQUFJLEtBQUssUUFBUTtBQUNqQixLQUFJLEtBQUssTUFBTTtBQUNmLEtBQUksS0FBSyxLQUFLO0FBQ2QsS0FBSSxLQUFLLEdBQUc7T0FDTixPQUFPLENBQUMsR0FBRyxDQUFDO0FBQ2xCLEtBQUksS0FBSyxTQUFTO0FBQ2xCLEtBQUksS0FBSyxRQUFRO0FBQ2pCLEtBQUksS0FBSyxNQUFNO0FBQ2YsS0FBSSxLQUFLLEtBQUs7QUFDZCxLQUFJLEtBQUssR0FBRztPQUNOLE9BQU8sQ0FBQyxHQUFHLENBQUM7QUFDbEIsS0FBSSxLQUFLLGNBQWM7QUFDdkIsS0FBSSxLQUFLLGFBQWE7QUFDdEIsS0FBSSxLQUFLLE9BQU87QUFDaEIsS0FBSSxLQUFLLE1BQU07QUFDZixLQUFJLEtBQUssSUFBSTtBQUNiLE9BQU0sT0FBTyxDQUFDO0tBQ1Y7QUFDSixPQUFNLE9BQU8sU0FBUztBQUN0QjtBQUNBLENBQUE7O0FBRUE7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7O0NBRUEsU0FBUyxRQUFRLENBQUMsRUFBRSxFQUFFO0dBQ3BCLElBQUksS0FBSyxHQUFHLElBQUksQ0FBQyxHQUFHLENBQUMsRUFBRSxDQUFDO0FBQzFCLEdBQUUsSUFBSSxLQUFLLElBQUksQ0FBQyxFQUFFO0tBQ2QsT0FBTyxJQUFJLENBQUMsS0FBSyxDQUFDLEVBQUUsR0FBRyxDQUFDLENBQUMsR0FBRyxHQUFHO0FBQ25DLEdBQUE7QUFDQSxHQUFFLElBQUksS0FBSyxJQUFJLENBQUMsRUFBRTtLQUNkLE9BQU8sSUFBSSxDQUFDLEtBQUssQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLEdBQUcsR0FBRztBQUNuQyxHQUFBO0FBQ0EsR0FBRSxJQUFJLEtBQUssSUFBSSxDQUFDLEVBQUU7S0FDZCxPQUFPLElBQUksQ0FBQyxLQUFLLENBQUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxHQUFHLEdBQUc7QUFDbkMsR0FBQTtBQUNBLEdBQUUsSUFBSSxLQUFLLElBQUksQ0FBQyxFQUFFO0tBQ2QsT0FBTyxJQUFJLENBQUMsS0FBSyxDQUFDLEVBQUUsR0FBRyxDQUFDLENBQUMsR0FBRyxHQUFHO0FBQ25DLEdBQUE7R0FDRSxPQUFPLEVBQUUsR0FBRyxJQUFJO0FBQ2xCLENBQUE7O0FBRUE7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7O0NBRUEsU0FBUyxPQUFPLENBQUMsRUFBRSxFQUFFO0dBQ25CLElBQUksS0FBSyxHQUFHLElBQUksQ0FBQyxHQUFHLENBQUMsRUFBRSxDQUFDO0FBQzFCLEdBQUUsSUFBSSxLQUFLLElBQUksQ0FBQyxFQUFFO0tBQ2QsT0FBTyxNQUFNLENBQUMsRUFBRSxFQUFFLEtBQUssRUFBRSxDQUFDLEVBQUUsS0FBSyxDQUFDO0FBQ3RDLEdBQUE7QUFDQSxHQUFFLElBQUksS0FBSyxJQUFJLENBQUMsRUFBRTtLQUNkLE9BQU8sTUFBTSxDQUFDLEVBQUUsRUFBRSxLQUFLLEVBQUUsQ0FBQyxFQUFFLE1BQU0sQ0FBQztBQUN2QyxHQUFBO0FBQ0EsR0FBRSxJQUFJLEtBQUssSUFBSSxDQUFDLEVBQUU7S0FDZCxPQUFPLE1BQU0sQ0FBQyxFQUFFLEVBQUUsS0FBSyxFQUFFLENBQUMsRUFBRSxRQUFRLENBQUM7QUFDekMsR0FBQTtBQUNBLEdBQUUsSUFBSSxLQUFLLElBQUksQ0FBQyxFQUFFO0tBQ2QsT0FBTyxNQUFNLENBQUMsRUFBRSxFQUFFLEtBQUssRUFBRSxDQUFDLEVBQUUsUUFBUSxDQUFDO0FBQ3pDLEdBQUE7R0FDRSxPQUFPLEVBQUUsR0FBRyxLQUFLO0FBQ25CLENBQUE7O0FBRUE7QUFDQTtBQUNBOztDQUVBLFNBQVMsTUFBTSxDQUFDLEVBQUUsRUFBRSxLQUFLLEVBQUUsQ0FBQyxFQUFFLElBQUksRUFBRTtBQUNwQyxHQUFFLElBQUksUUFBUSxHQUFHLEtBQUssSUFBSSxDQUFDLEdBQUcsR0FBRztBQUNqQyxHQUFFLE9BQU8sSUFBSSxDQUFDLEtBQUssQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLEdBQUcsR0FBRyxHQUFHLElBQUksSUFBSSxRQUFRLEdBQUcsR0FBRyxHQUFHLEVBQUUsQ0FBQztBQUNoRSxDQUFBOzs7Ozs7O0FDMUpPLFNBQVMsY0FBYyxLQUFBLEVBQXVCO0FBQ25ELEVBQUEsTUFBTSxPQUFBLEdBQVUsTUFBTSxJQUFBLEVBQUs7QUFDM0IsRUFBQSxJQUFJLFFBQVEsSUFBQSxDQUFLLE9BQU8sQ0FBQSxFQUFHLE9BQU8sT0FBTyxPQUFPLENBQUE7QUFDaEQsRUFBQSxNQUFNLEtBQUEsR0FBUSxHQUFHLE9BQU8sQ0FBQTtBQUN4QixFQUFBLElBQUksT0FBTyxLQUFBLEtBQVUsUUFBQSxJQUFZLE1BQUEsQ0FBTyxLQUFBLENBQU0sS0FBSyxDQUFBLEVBQUc7QUFDcEQsSUFBQSxNQUFNLElBQUksVUFBQSxDQUFXLENBQUEsaUJBQUEsRUFBb0IsS0FBSyxDQUFBLG1CQUFBLENBQXFCLENBQUE7QUFBQSxFQUNyRTtBQUNBLEVBQUEsT0FBTyxLQUFBO0FBQ1Q7QUFHTyxTQUFTLGNBQUEsQ0FBZSxZQUFBLEVBQXNCLElBQUEsR0FBTyxLQUFBLEVBQWU7QUFDekUsRUFBQSxPQUFPLEVBQUEsQ0FBRyxJQUFBLENBQUssR0FBQSxDQUFJLENBQUEsRUFBRyxJQUFBLENBQUssS0FBQSxDQUFNLFlBQVksQ0FBQyxDQUFBLEVBQUcsRUFBRSxJQUFBLEVBQU0sQ0FBQTtBQUMzRDtBQUdPLFNBQVMsR0FBQSxDQUFJLEdBQUEsRUFBYSxHQUFBLEdBQWMsSUFBQSxDQUFLLEtBQUksRUFBVztBQUNqRSxFQUFBLE1BQU0sQ0FBQSxHQUFJLElBQUEsQ0FBSyxLQUFBLENBQU0sR0FBRyxDQUFBO0FBQ3hCLEVBQUEsSUFBSSxNQUFBLENBQU8sS0FBQSxDQUFNLENBQUMsQ0FBQSxFQUFHLE9BQU8sR0FBQTtBQUM1QixFQUFBLE1BQU0sUUFBUSxHQUFBLEdBQU0sQ0FBQTtBQUNwQixFQUFBLElBQUksS0FBQSxHQUFRLEtBQU8sT0FBTyxVQUFBO0FBQzFCLEVBQUEsT0FBTyxDQUFBLEVBQUcsY0FBQSxDQUFlLEtBQUEsRUFBTyxJQUFJLENBQUMsQ0FBQSxJQUFBLENBQUE7QUFDdkM7O0FDQUEsTUFBTSxTQUFBLEdBQVksb0JBQUE7QUFNWCxNQUFNLFlBQUEsR0FBd0I7QUFBQSxFQUNuQyxJQUFBLEVBQU0sT0FBQTtBQUFBLEVBQ04sT0FBQSxFQUFTLHdCQUFBO0FBQUEsRUFDVCxLQUFBLEVBQU8sc0ZBQUE7QUFBQSxFQUNQLE1BQU0sR0FBQSxDQUFJLEVBQUUsSUFBQSxFQUFNLE1BQUEsRUFBUSxRQUFPLEVBQUc7QUFDbEMsSUFBQSxNQUFNLEdBQUEsR0FBTSxJQUFJLFNBQUEsQ0FBVSxNQUFNLENBQUE7QUFDaEMsSUFBQSxNQUFNLE1BQUEsR0FBUyxVQUFBLENBQVcsSUFBQSxFQUFNLE9BQU8sQ0FBQTtBQUN2QyxJQUFBLElBQUksS0FBQTtBQUNKLElBQUEsSUFBSSxTQUFBO0FBRUosSUFBQSxJQUFJLE1BQUEsRUFBUTtBQUNWLE1BQUEsS0FBQSxHQUFRLE1BQUE7QUFBQSxJQUNWLENBQUEsTUFBTztBQUNMLE1BQUEsTUFBTSxJQUFBLEdBQU8sTUFBTSxHQUFBLENBQUksSUFBQSxDQUFpQixNQUFNLFVBQUEsRUFBWSxFQUFFLFNBQUEsRUFBVyxTQUFBLEVBQVcsT0FBTyxzQkFBQSxFQUF1QixFQUFHLEVBQUUsU0FBQSxFQUFXLE1BQU0sQ0FBQTtBQUN0SSxNQUFBLE1BQUEsQ0FBTyxJQUFBLENBQUssQ0FBQSxLQUFBLEVBQVFkLENBQUEsQ0FBTSxTQUFBLENBQVUsS0FBSyxnQkFBZ0IsQ0FBQyxDQUFBLFdBQUEsRUFBY0EsQ0FBQSxDQUFNLE1BQUssQ0FBRSxJQUFBLENBQUssSUFBQSxDQUFLLFNBQVMsQ0FBQyxDQUFBLENBQUUsQ0FBQTtBQUMzRyxNQUFBLE1BQUEsQ0FBTyxJQUFBLENBQUtBLENBQUEsQ0FBTSxJQUFBLENBQUssQ0FBQSxpQkFBQSxFQUFvQixjQUFBLENBQWUsSUFBQSxDQUFLLFVBQUEsR0FBYSxHQUFBLEVBQU0sSUFBSSxDQUFDLENBQUEsQ0FBQSxDQUFHLENBQUMsQ0FBQTtBQUMzRixNQUFBLE1BQU0sUUFBQSxHQUFXLElBQUEsQ0FBSyxHQUFBLEVBQUksR0FBSSxLQUFLLFVBQUEsR0FBYSxHQUFBO0FBQ2hELE1BQUEsSUFBSSxRQUFBLEdBQVcsS0FBSyxRQUFBLEdBQVcsR0FBQTtBQUMvQixNQUFBLFdBQVM7QUFDUCxRQUFBLElBQUksSUFBQSxDQUFLLEtBQUksR0FBSSxRQUFBLFFBQWdCLElBQUksT0FBQSxDQUFRLFFBQVEsOENBQThDLENBQUE7QUFDbkcsUUFBQSxNQUFNLE1BQU0sUUFBUSxDQUFBO0FBQ3BCLFFBQUEsTUFBTSxHQUFBLEdBQU0sTUFBTSxHQUFBLENBQUksSUFBQTtBQUFBLFVBQ3BCLEtBQUEsQ0FBTSxLQUFBO0FBQUEsVUFDTixFQUFFLFNBQUEsRUFBVyxTQUFBLEVBQVcsYUFBYSxJQUFBLENBQUssV0FBQSxFQUFhLFlBQVksOENBQUEsRUFBK0M7QUFBQSxVQUNsSCxFQUFFLFdBQVcsSUFBQTtBQUFLLFNBQ3BCO0FBQ0EsUUFBQSxJQUFJLElBQUksWUFBQSxFQUFjO0FBQ3BCLFVBQUEsS0FBQSxHQUFRLEdBQUEsQ0FBSSxZQUFBO0FBQ1osVUFBQSxTQUFBLEdBQVksR0FBQSxDQUFJLFVBQUE7QUFDaEIsVUFBQTtBQUFBLFFBQ0Y7QUFDQSxRQUFBLElBQUksR0FBQSxDQUFJLEtBQUEsS0FBVSxXQUFBLEVBQWEsUUFBQSxJQUFZLEdBQUE7QUFBQSxhQUFBLElBQ2xDLElBQUksS0FBQSxLQUFVLGVBQUEsUUFBdUIsSUFBSSxPQUFBLENBQVEsUUFBUSxpQ0FBaUMsQ0FBQTtBQUFBLGFBQUEsSUFDMUYsSUFBSSxLQUFBLEtBQVUsZUFBQSxRQUF1QixJQUFJLE9BQUEsQ0FBUSxRQUFRLHdCQUF3QixDQUFBO0FBQUEsTUFDNUY7QUFBQSxJQUNGO0FBRUEsSUFBQSxPQUFBLENBQVEsSUFBSSxZQUFBLEdBQWUsS0FBQTtBQUMzQixJQUFBLE1BQU0sRUFBQSxHQUFLLE1BQU0sR0FBQSxDQUFJLEdBQUEsQ0FBWSxNQUFNLE1BQU0sQ0FBQTtBQUM3QyxJQUFBLE1BQU0sTUFBQSxHQUFTLFVBQVUsS0FBSyxDQUFBO0FBQzlCLElBQUEsTUFBTSxnQkFBQSxDQUFpQixPQUFPLE9BQUEsRUFBUztBQUFBLE1BQ3JDLEtBQUE7QUFBQSxNQUNBLE9BQU8sRUFBQSxDQUFHLEtBQUE7QUFBQSxNQUNWLFNBQUEsRUFBVyxZQUFZLElBQUksSUFBQSxDQUFLLEtBQUssR0FBQSxFQUFJLEdBQUksU0FBQSxHQUFZLEdBQUksQ0FBQSxDQUFFLFdBQUEsS0FBZ0IsT0FBTyxNQUFBLEVBQVEsR0FBQSxLQUFRLFFBQUEsR0FBVyxJQUFJLElBQUEsQ0FBSyxPQUFPLEdBQUEsR0FBTSxHQUFJLENBQUEsQ0FBRSxXQUFBLEVBQVksR0FBSTtBQUFBLEtBQzlKLENBQUE7QUFDRCxJQUFBLE1BQUEsQ0FBTyxJQUFBLENBQUssQ0FBQSxFQUFHQSxDQUFBLENBQU0sS0FBQSxDQUFNLFdBQVcsQ0FBQyxDQUFBLElBQUEsRUFBTyxFQUFBLENBQUcsS0FBSyxDQUFBLEVBQUEsRUFBSyxFQUFBLENBQUcsR0FBRyxDQUFBLENBQUEsQ0FBRyxDQUFBO0FBQ3BFLElBQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLEVBQ2xCO0FBQ0YsQ0FBQTs7QUMzRU8sTUFBTSxhQUFBLEdBQXlCO0FBQUEsRUFDcEMsSUFBQSxFQUFNLFFBQUE7QUFBQSxFQUNOLE9BQUEsRUFBUywwQ0FBQTtBQUFBLEVBQ1QsS0FBQSxFQUFPLDRCQUFBO0FBQUEsRUFDUCxNQUFNLEdBQUEsQ0FBSSxFQUFFLE1BQUEsRUFBUSxRQUFPLEVBQUc7QUFDNUIsSUFBQSxNQUFNLE9BQUEsR0FBVSxNQUFNLGdCQUFBLENBQWlCLE1BQUEsQ0FBTyxPQUFPLENBQUE7QUFDckQsSUFBQSxNQUFBLENBQU8sSUFBQSxDQUFLLFVBQVUsQ0FBQSx1QkFBQSxFQUEwQixNQUFBLENBQU8sT0FBTyxDQUFBLEVBQUEsQ0FBQSxHQUFPLENBQUEsU0FBQSxFQUFZLE1BQUEsQ0FBTyxPQUFPLENBQUEsb0JBQUEsQ0FBc0IsQ0FBQTtBQUNySCxJQUFBLElBQUksT0FBQSxDQUFRLElBQUksWUFBQSxFQUFjO0FBQzVCLE1BQUEsTUFBQSxDQUFPLEtBQUsseUVBQXlFLENBQUE7QUFBQSxJQUN2RjtBQUNBLElBQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLEVBQ2xCO0FBQ0YsQ0FBQTs7QUNYQSxlQUFzQixlQUFBLENBQWdCLElBQUEsRUFBYyxJQUFBLEVBQXVCLElBQUEsR0FBTyxHQUFBLEVBQXNCO0FBQ3RHLEVBQUEsTUFBTU0sZUFBTUMsaUJBQUEsQ0FBUSxJQUFJLEdBQUcsRUFBRSxTQUFBLEVBQVcsTUFBTSxDQUFBO0FBQzlDLEVBQUEsTUFBTSxHQUFBLEdBQU0sQ0FBQSxFQUFHLElBQUksQ0FBQSxDQUFBLEVBQUksUUFBUSxHQUFHLENBQUEsQ0FBQSxFQUFJLElBQUEsQ0FBSyxNQUFBLEdBQVMsUUFBQSxDQUFTLEVBQUUsQ0FBQSxDQUFFLEtBQUEsQ0FBTSxDQUFDLENBQUMsQ0FBQSxJQUFBLENBQUE7QUFDekUsRUFBQSxNQUFNQyxrQkFBQSxDQUFVLEdBQUEsRUFBSyxJQUFBLEVBQU0sRUFBRSxNQUFNLENBQUE7QUFDbkMsRUFBQSxNQUFNTyxlQUFBLENBQU8sS0FBSyxJQUFJLENBQUE7QUFDeEI7QUFFQSxlQUFzQixjQUFpQixJQUFBLEVBQXNDO0FBQzNFLEVBQUEsSUFBSTtBQUNGLElBQUEsT0FBTyxJQUFBLENBQUssS0FBQSxDQUFNLE1BQU1WLGlCQUFBLENBQVNGLGNBQUEsQ0FBSyxVQUFTLEVBQUcsSUFBSSxDQUFBLEVBQUcsTUFBTSxDQUFDLENBQUE7QUFBQSxFQUNsRSxDQUFBLENBQUEsTUFBUTtBQUNOLElBQUEsT0FBTyxNQUFBO0FBQUEsRUFDVDtBQUNGO0FBRUEsZUFBc0IsY0FBQSxDQUFlLE1BQWMsS0FBQSxFQUErQjtBQUNoRixFQUFBLElBQUk7QUFDRixJQUFBLE1BQU0sZUFBQSxDQUFnQkEsZUFBSyxRQUFBLEVBQVMsRUFBRyxJQUFJLENBQUEsRUFBRyxJQUFBLENBQUssU0FBQSxDQUFVLEtBQUssQ0FBQyxDQUFBO0FBQUEsRUFDckUsQ0FBQSxDQUFBLE1BQVE7QUFBQSxFQUVSO0FBQ0Y7QUFFQSxNQUFNLGtCQUFrQixDQUFDLFNBQUEsRUFBVyxnQkFBQSxFQUFrQixRQUFBLEVBQVUsZ0JBQWdCLFFBQVEsQ0FBQTtBQU14RixlQUFzQixTQUFBLENBQVUsSUFBQSxFQUFjLE9BQUEsR0FBb0IsZUFBQSxFQUFvQztBQUNwRyxFQUFBLE1BQU0sTUFBZ0IsRUFBQztBQUN2QixFQUFBLGVBQWUsS0FBSyxHQUFBLEVBQTRCO0FBQzlDLElBQUEsTUFBTSxVQUFVLE1BQU1hLGdCQUFBLENBQVEsS0FBSyxFQUFFLGFBQUEsRUFBZSxNQUFNLENBQUE7QUFDMUQsSUFBQSxLQUFBLE1BQVcsU0FBUyxPQUFBLEVBQVM7QUFDM0IsTUFBQSxJQUFJLE9BQUEsQ0FBUSxLQUFLLENBQUMsRUFBQSxLQUFPLEdBQUcsSUFBQSxDQUFLLEtBQUEsQ0FBTSxJQUFJLENBQUMsQ0FBQSxFQUFHO0FBQy9DLE1BQUEsTUFBTSxJQUFBLEdBQU9iLGNBQUEsQ0FBSyxHQUFBLEVBQUssS0FBQSxDQUFNLElBQUksQ0FBQTtBQUNqQyxNQUFBLElBQUksS0FBQSxDQUFNLGFBQVksRUFBRztBQUN2QixRQUFBLE1BQU0sS0FBSyxJQUFJLENBQUE7QUFBQSxNQUNqQixDQUFBLE1BQUEsSUFBVyxLQUFBLENBQU0sTUFBQSxFQUFPLEVBQUc7QUFDekIsUUFBQSxHQUFBLENBQUksSUFBQSxDQUFLYyxrQkFBQSxDQUFTLElBQUEsRUFBTSxJQUFJLENBQUEsQ0FBRSxNQUFNQyxhQUFHLENBQUEsQ0FBRSxJQUFBLENBQUssR0FBRyxDQUFDLENBQUE7QUFBQSxNQUNwRDtBQUFBLElBRUY7QUFBQSxFQUNGO0FBQ0EsRUFBQSxNQUFNLEtBQUssSUFBSSxDQUFBO0FBQ2YsRUFBQSxPQUFPLElBQUksSUFBQSxFQUFLO0FBQ2xCO0FBRUEsZUFBc0IsU0FBUyxJQUFBLEVBQStCO0FBQzVELEVBQUEsT0FBQSxDQUFRLE1BQU1DLGFBQUEsQ0FBSyxJQUFJLENBQUEsRUFBRyxJQUFBO0FBQzVCOztBQ25ETyxTQUFTLFdBQVcsSUFBQSxFQUErQjtBQUN4RCxFQUFBLE9BQU8sSUFBSSxPQUFBLENBQVEsQ0FBQyxPQUFBLEVBQVMsTUFBQSxLQUFXO0FBQ3RDLElBQUEsTUFBTSxDQUFBLEdBQUlDLHVCQUFXLFFBQVEsQ0FBQTtBQUM3QixJQUFBQyx3QkFBQSxDQUFpQixJQUFJLEVBQ2xCLEVBQUEsQ0FBRyxNQUFBLEVBQVEsQ0FBQyxLQUFBLEtBQVUsQ0FBQSxDQUFFLE1BQUEsQ0FBTyxLQUFLLENBQUMsQ0FBQSxDQUNyQyxHQUFHLEtBQUEsRUFBTyxNQUFNLE9BQUEsQ0FBUSxDQUFBLENBQUUsTUFBQSxDQUFPLEtBQUssQ0FBQyxDQUFDLENBQUEsQ0FDeEMsRUFBQSxDQUFHLE9BQUEsRUFBUyxNQUFNLENBQUE7QUFBQSxFQUN2QixDQUFDLENBQUE7QUFDSDtBQUVPLFNBQVMsT0FBTyxJQUFBLEVBQStCO0FBQ3BELEVBQUEsT0FBT0QsdUJBQVcsUUFBUSxDQUFBLENBQUUsT0FBTyxJQUFJLENBQUEsQ0FBRSxPQUFPLEtBQUssQ0FBQTtBQUN2RDs7QUNHTyxNQUFNLGdCQUFBLEdBQW1CLE1BQU0sSUFBQSxHQUFPLElBQUE7QUFHN0MsZUFBc0IsYUFBQSxDQUFjLFNBQWlCLElBQUEsRUFBdUM7QUFDMUYsRUFBQSxNQUFNLEtBQUEsR0FBUSxNQUFNLFNBQUEsQ0FBVSxJQUFJLENBQUE7QUFDbEMsRUFBQSxNQUFNLEtBQUEsR0FBeUIsSUFBSSxLQUFBLENBQU0sS0FBQSxDQUFNLE1BQU0sQ0FBQTtBQUNyRCxFQUFBLElBQUksSUFBQSxHQUFPLENBQUE7QUFDWCxFQUFBLE1BQU0sU0FBUyxZQUFZO0FBQ3pCLElBQUEsT0FBTyxJQUFBLEdBQU8sTUFBTSxNQUFBLEVBQVE7QUFDMUIsTUFBQSxNQUFNLENBQUEsR0FBSSxJQUFBLEVBQUE7QUFDVixNQUFBLE1BQU0sSUFBQSxHQUFPakIsY0FBQSxDQUFLLElBQUEsRUFBTSxLQUFBLENBQU0sQ0FBQyxDQUFDLENBQUE7QUFDaEMsTUFBQSxLQUFBLENBQU0sQ0FBQyxDQUFBLEdBQUksRUFBRSxJQUFBLEVBQU0sS0FBQSxDQUFNLENBQUMsQ0FBQSxFQUFHLElBQUEsRUFBTSxNQUFNLFFBQUEsQ0FBUyxJQUFJLENBQUEsRUFBRyxNQUFBLEVBQVEsTUFBTSxVQUFBLENBQVcsSUFBSSxDQUFBLEVBQUU7QUFBQSxJQUMxRjtBQUFBLEVBQ0YsQ0FBQTtBQUNBLEVBQUEsTUFBTSxPQUFBLENBQVEsR0FBQSxDQUFJLENBQUMsTUFBQSxFQUFPLEVBQUcsTUFBQSxFQUFPLEVBQUcsTUFBQSxFQUFPLEVBQUcsTUFBQSxFQUFRLENBQUMsQ0FBQTtBQUMxRCxFQUFBLE1BQU0sVUFBQSxHQUFhLE1BQU0sTUFBQSxDQUFPLENBQUMsS0FBSyxDQUFBLEtBQU0sR0FBQSxHQUFNLENBQUEsQ0FBRSxJQUFBLEVBQU0sQ0FBQyxDQUFBO0FBQzNELEVBQUEsSUFBSSxhQUFhLGdCQUFBLEVBQWtCO0FBQ2pDLElBQUEsTUFBTSxJQUFJLFVBQUEsQ0FBVyxDQUFBLGNBQUEsRUFBaUIsVUFBVSxDQUFBLHFCQUFBLEVBQXdCLGdCQUFnQixDQUFBLENBQUUsQ0FBQTtBQUFBLEVBQzVGO0FBQ0EsRUFBQSxPQUFPLEVBQUUsT0FBQSxFQUFTLENBQUEsRUFBRyxPQUFBLEVBQVMsU0FBQSxFQUFBLGlCQUFXLElBQUksSUFBQSxFQUFLLEVBQUUsV0FBQSxFQUFZLEVBQUcsS0FBQSxFQUFPLFVBQUEsRUFBVztBQUN2RjtBQUdPLFNBQVMsWUFBQSxDQUFhLFVBQTBCLEtBQUEsRUFBNkM7QUFDbEcsRUFBQSxPQUFPLFFBQUEsQ0FBUyxLQUFBLENBQU0sTUFBQSxDQUFPLENBQUMsQ0FBQSxLQUFNLENBQUMsS0FBQSxDQUFNLEdBQUEsQ0FBSSxDQUFBLENBQUUsTUFBTSxDQUFDLENBQUE7QUFDMUQ7O0FDakNBLE1BQU0sb0JBQUEsR0FBdUIsQ0FBQTtBQUFBO0FBQUE7QUFBQTtBQUFBLDZCQUFBLENBQUE7QUFZdEIsU0FBUyxhQUFhLFFBQUEsRUFBMEM7QUFDckUsRUFBQSxNQUFNLEdBQUEsR0FBTSxPQUFBLENBQVEsR0FBQSxDQUFJLGNBQUEsSUFBa0Isb0JBQUE7QUFDMUMsRUFBQSxNQUFNLEtBQUEsR0FBUSxPQUFBLENBQVEsR0FBQSxDQUFJLGNBQUEsR0FBaUIsTUFBQSxHQUFTLFVBQUE7QUFDcEQsRUFBQSxNQUFNLE1BQUEsR0FBU21CLHVCQUFXLFlBQVksQ0FBQTtBQUN0QyxFQUFBLE1BQUEsQ0FBTyxNQUFBLENBQU8sYUFBQSxDQUFjLFFBQVEsQ0FBQyxDQUFBO0FBQ3JDLEVBQUEsSUFBSSxTQUFBO0FBQ0osRUFBQSxJQUFJO0FBQ0YsSUFBQSxTQUFBLEdBQVksTUFBQSxDQUFPLElBQUEsQ0FBSyxHQUFBLEVBQUssUUFBUSxDQUFBO0FBQUEsRUFDdkMsQ0FBQSxDQUFBLE1BQVE7QUFFTixJQUFBLFNBQUEsR0FBWSxFQUFBO0FBQUEsRUFDZDtBQUNBLEVBQUEsT0FBTyxFQUFFLFFBQUEsRUFBVSxTQUFBLEVBQVcsS0FBQSxFQUFNO0FBQ3RDO0FBR08sU0FBUyxjQUFjLEtBQUEsRUFBd0I7QUFDcEQsRUFBQSxJQUFJLEtBQUEsQ0FBTSxPQUFBLENBQVEsS0FBSyxDQUFBLEVBQUcsT0FBTyxDQUFBLENBQUEsRUFBSSxLQUFBLENBQU0sR0FBQSxDQUFJLGFBQWEsQ0FBQSxDQUFFLElBQUEsQ0FBSyxHQUFHLENBQUMsQ0FBQSxDQUFBLENBQUE7QUFDdkUsRUFBQSxJQUFJLEtBQUEsSUFBUyxPQUFPLEtBQUEsS0FBVSxRQUFBLEVBQVU7QUFDdEMsSUFBQSxNQUFNLElBQUEsR0FBTyxNQUFBLENBQU8sSUFBQSxDQUFLLEtBQWUsRUFBRSxJQUFBLEVBQUs7QUFDL0MsSUFBQSxPQUFPLENBQUEsQ0FBQSxFQUFJLEtBQUssR0FBQSxDQUFJLENBQUMsTUFBTSxDQUFBLEVBQUcsSUFBQSxDQUFLLFVBQVUsQ0FBQyxDQUFDLElBQUksYUFBQSxDQUFlLEtBQUEsQ0FBa0MsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFBLENBQUUsSUFBQSxDQUFLLEdBQUcsQ0FBQyxDQUFBLENBQUEsQ0FBQTtBQUFBLEVBQ3RIO0FBQ0EsRUFBQSxPQUFPLElBQUEsQ0FBSyxVQUFVLEtBQUssQ0FBQTtBQUM3Qjs7QUM1Q08sTUFBTSxjQUFBLEdBQTRDO0FBQUEsRUFDdkQsV0FBQSxFQUFhLFlBQUE7QUFBQSxFQUNiLE1BQUEsRUFBUSxXQUFBO0FBQUEsRUFDUixTQUFBLEVBQVcsR0FBQTtBQUFBLEVBQ1gsT0FBQSxFQUFTLENBQUE7QUFBQSxFQUNULFNBQUEsRUFBVyxJQUFBO0FBQUEsRUFDWCxLQUFBLEVBQU8sSUFBQTtBQUFBLEVBQ1AsT0FBTyxFQUFDO0FBQUEsRUFDUixPQUFPO0FBQ1QsQ0FBQTtBQVdPLE1BQU0sd0JBQUEsR0FBMkI7QUFBQSxFQUN0QyxXQUFBLEVBQWEsc0JBQUE7QUFBQSxFQUNiLGVBQUEsRUFBaUIsMENBQUE7QUFBQSxFQUNqQixNQUFBLEVBQVEsV0FBQTtBQUFBLEVBQ1IsTUFBQSxFQUFRO0FBQ1YsQ0FBQTtBQUdPLE1BQU0sWUFBQSxHQUFlLE9BQUE7O0FDeEJyQixTQUFTLFNBQUEsQ0FBVSxJQUFBLEVBQWMsT0FBQSxFQUFpQixRQUFBLEVBQTJCO0FBQ2xGLEVBQUEsSUFBSSxRQUFBLElBQVksR0FBRyxPQUFPLEtBQUE7QUFDMUIsRUFBQSxJQUFJLFFBQUEsSUFBWSxHQUFHLE9BQU8sSUFBQTtBQUMxQixFQUFBLE1BQU0sU0FBUyxNQUFBLENBQU8sQ0FBQSxFQUFHLElBQUksQ0FBQSxDQUFBLEVBQUksT0FBTyxDQUFBLENBQUUsQ0FBQTtBQUMxQyxFQUFBLE1BQU0sTUFBQSxHQUFTLFNBQVMsTUFBQSxDQUFPLEtBQUEsQ0FBTSxHQUFHLENBQUMsQ0FBQSxFQUFHLEVBQUUsQ0FBQSxHQUFJLFVBQUE7QUFDbEQsRUFBQSxPQUFPLE1BQUEsR0FBUyxRQUFBO0FBQ2xCOztBQ0xPLE1BQU0sV0FBQSxHQUFjO0FBQUEsRUFDekIsZ0JBQWdCLEVBQUUsT0FBQSxFQUFTLE9BQU8sT0FBQSxFQUFTLElBQUEsRUFBTSxhQUFhLHFDQUFBLEVBQXNDO0FBQUEsRUFDcEcsZUFBZSxFQUFFLE9BQUEsRUFBUyxNQUFNLE9BQUEsRUFBUyxDQUFBLEVBQUcsYUFBYSxzQkFBQSxFQUF1QjtBQUFBLEVBQ2hGLG9CQUFvQixFQUFFLE9BQUEsRUFBUyxPQUFPLE9BQUEsRUFBUyxJQUFBLEVBQU0sYUFBYSxpQ0FBQSxFQUFrQztBQUFBLEVBQ3BHLGNBQWMsRUFBRSxPQUFBLEVBQVMsT0FBTyxPQUFBLEVBQVMsQ0FBQSxFQUFHLGFBQWEsa0NBQUEsRUFBbUM7QUFBQSxFQUM1RixxQkFBcUIsRUFBRSxPQUFBLEVBQVMsT0FBTyxPQUFBLEVBQVMsQ0FBQSxFQUFHLGFBQWEsZ0NBQUEsRUFBaUM7QUFBQSxFQUNqRyxlQUFlLEVBQUUsT0FBQSxFQUFTLE9BQU8sT0FBQSxFQUFTLEdBQUEsRUFBSyxhQUFhLDRCQUFBO0FBQzlELENBQUE7QUFJQSxNQUFNLFlBQUEsQ0FBYTtBQUFBLEVBQW5CLFdBQUEsR0FBQTtBQUNFLElBQUEsSUFBQSxDQUFRLFlBQXFDLEVBQUM7QUFDOUMsSUFBQSxJQUFBLENBQVEsT0FBQSxHQUFVLFdBQUE7QUFBQSxFQUFBO0FBQUEsRUFFbEIsS0FBSyxNQUFBLEVBQXdCO0FBQzNCLElBQUEsSUFBQSxDQUFLLFNBQUEsR0FBWSxFQUFFLEdBQUcsTUFBQSxDQUFPLEtBQUEsRUFBTTtBQUNuQyxJQUFBLElBQUEsQ0FBSyxVQUFVLE1BQUEsQ0FBTyxPQUFBO0FBRXRCLElBQUEsS0FBQSxNQUFXLFNBQVMsT0FBQSxDQUFRLEdBQUEsQ0FBSSxZQUFZLEVBQUEsRUFBSSxLQUFBLENBQU0sR0FBRyxDQUFBLEVBQUc7QUFDMUQsTUFBQSxNQUFNLENBQUEsR0FBSSxnREFBQSxDQUFpRCxJQUFBLENBQUssSUFBSSxDQUFBO0FBQ3BFLE1BQUEsSUFBSSxDQUFBLEVBQUcsSUFBQSxDQUFLLFNBQUEsQ0FBVSxDQUFBLENBQUUsQ0FBQyxDQUFDLENBQUEsR0FBSSxDQUFBLENBQUUsQ0FBQyxDQUFBLEtBQU0sR0FBQSxJQUFPLENBQUEsQ0FBRSxDQUFDLENBQUEsS0FBTSxNQUFBO0FBQUEsSUFDekQ7QUFBQSxFQUNGO0FBQUEsRUFFQSxVQUFVLElBQUEsRUFBeUI7QUFDakMsSUFBQSxJQUFJLFFBQVEsSUFBQSxDQUFLLFNBQUEsRUFBVyxPQUFPLElBQUEsQ0FBSyxVQUFVLElBQUksQ0FBQTtBQUN0RCxJQUFBLE1BQU0sSUFBQSxHQUFPLFlBQVksSUFBSSxDQUFBO0FBQzdCLElBQUEsSUFBSSxDQUFDLE1BQU0sT0FBTyxLQUFBO0FBQ2xCLElBQUEsT0FBTyxLQUFLLE9BQUEsSUFBVyxTQUFBLENBQVUsTUFBTSxJQUFBLENBQUssT0FBQSxFQUFTLEtBQUssT0FBTyxDQUFBO0FBQUEsRUFDbkU7QUFBQSxFQUVBLFFBQUEsR0FBc0M7QUFDcEMsSUFBQSxNQUFNLE1BQU0sRUFBQztBQUNiLElBQUEsS0FBQSxNQUFXLElBQUEsSUFBUSxNQUFBLENBQU8sSUFBQSxDQUFLLFdBQVcsQ0FBQSxNQUFxQixJQUFJLENBQUEsR0FBSSxJQUFBLENBQUssU0FBQSxDQUFVLElBQUksQ0FBQTtBQUMxRixJQUFBLE9BQU8sR0FBQTtBQUFBLEVBQ1Q7QUFDRjtBQUVPLE1BQU0sWUFBQSxHQUFlLElBQUksWUFBQSxFQUFhOztBQ3BDN0MsTUFBTVosS0FBQSxHQUFNLGFBQWEsUUFBUSxDQUFBO0FBU2pDLFNBQVMsV0FBQSxHQUE4QjtBQUNyQyxFQUFBLE1BQU0sRUFBQSxHQUFLLE9BQUEsQ0FBUSxHQUFBLENBQUksR0FBQSxDQUFJLGNBQWMsQ0FBQTtBQUN6QyxFQUFBLE1BQU0sTUFBQSxHQUFTLE9BQUEsQ0FBUSxHQUFBLENBQUksR0FBQSxDQUFJLGtCQUFrQixDQUFBO0FBQ2pELEVBQUEsSUFBSSxFQUFBLElBQU0sUUFBUSxPQUFPLEVBQUUsR0FBRyx3QkFBQSxFQUEwQixXQUFBLEVBQWEsRUFBQSxFQUFJLGVBQUEsRUFBaUIsTUFBQSxFQUFPO0FBQ2pHLEVBQUFBLEtBQUEsQ0FBSSxNQUFNLHFDQUFxQyxDQUFBO0FBQy9DLEVBQUEsT0FBTyx3QkFBQTtBQUNUO0FBTU8sTUFBTSxjQUFBLENBQWU7QUFBQSxFQUcxQixXQUFBLENBQTZCLE1BQStCLE1BQUEsRUFBZ0I7QUFBL0MsSUFBQSxJQUFBLENBQUEsSUFBQSxHQUFBLElBQUE7QUFBK0IsSUFBQSxJQUFBLENBQUEsTUFBQSxHQUFBLE1BQUE7QUFGNUQsSUFBQSxJQUFBLENBQWlCLFFBQVEsV0FBQSxFQUFZO0FBQUEsRUFFd0M7QUFBQSxFQUU3RSxNQUFNLFNBQUEsQ0FBVSxLQUFBLEVBQXdCLFVBQUEsRUFBbUU7QUFDekcsSUFBQSxNQUFNLE9BQUEsR0FBVSxZQUFBLENBQWEsU0FBQSxDQUFVLG9CQUFvQixJQUFJLENBQUEsR0FBSSxDQUFBO0FBQ25FLElBQUEsSUFBSSxJQUFBLEdBQU8sQ0FBQTtBQUNYLElBQUEsSUFBSSxJQUFBLEdBQU8sQ0FBQTtBQUNYLElBQUEsTUFBTSxTQUFTLFlBQVk7QUFDekIsTUFBQSxPQUFPLElBQUEsR0FBTyxNQUFNLE1BQUEsRUFBUTtBQUMxQixRQUFBLE1BQU0sSUFBQSxHQUFPLE1BQU0sSUFBQSxFQUFNLENBQUE7QUFDekIsUUFBQSxNQUFNLElBQUEsQ0FBSyxJQUFJLElBQUksQ0FBQTtBQUNuQixRQUFBLFVBQUEsR0FBYSxFQUFFLElBQUEsRUFBTSxLQUFBLENBQU0sTUFBTSxDQUFBO0FBQUEsTUFDbkM7QUFBQSxJQUNGLENBQUE7QUFDQSxJQUFBLE1BQU0sT0FBQSxDQUFRLElBQUksS0FBQSxDQUFNLElBQUEsQ0FBSyxFQUFFLE1BQUEsRUFBUSxPQUFBLEVBQVEsRUFBRyxNQUFNLENBQUMsQ0FBQTtBQUFBLEVBQzNEO0FBQUEsRUFFQSxNQUFjLElBQUksSUFBQSxFQUFvQztBQUNwRCxJQUFBLE1BQU0sSUFBQSxHQUFPLE1BQU1MLGlCQUFBLENBQVNGLGNBQUEsQ0FBSyxLQUFLLElBQUEsRUFBTSxJQUFBLENBQUssSUFBSSxDQUFDLENBQUE7QUFDdEQsSUFBQSxNQUFNLElBQUEsR0FBTyxHQUFHLElBQUEsQ0FBSyxLQUFBLENBQU0sTUFBTSxDQUFBLElBQUEsRUFBTyxJQUFBLENBQUssTUFBTSxNQUFNLENBQUEsY0FBQSxDQUFBO0FBQ3pELElBQUEsTUFBTSxHQUFBLEdBQU0sQ0FBQSxFQUFHLElBQUEsQ0FBSyxNQUFNLENBQUEsQ0FBQSxFQUFJLElBQUEsQ0FBSyxNQUFBLENBQU8sS0FBQSxDQUFNLENBQUEsRUFBRyxDQUFDLENBQUMsQ0FBQSxDQUFBLEVBQUksS0FBSyxNQUFNLENBQUEsQ0FBQTtBQUNwRSxJQUFBLE1BQU0sT0FBQSxHQUFBLHFCQUFjLElBQUEsRUFBSyxFQUFFLGFBQVksQ0FBRSxPQUFBLENBQVEsaUJBQWlCLEVBQUUsQ0FBQTtBQUNwRSxJQUFBLE1BQU0sT0FBQSxHQUFVLEtBQUssSUFBQSxDQUFLLEtBQUEsRUFBTyxNQUFNLENBQUEsQ0FBQSxFQUFJLEdBQUcsQ0FBQSxDQUFBLEVBQUksSUFBQSxFQUFNLE9BQU8sQ0FBQTtBQUMvRCxJQUFBLE1BQU0sSUFBSSxPQUFBLENBQWMsQ0FBQyxPQUFBLEVBQVMsTUFBQSxLQUFXO0FBQzNDLE1BQUEsTUFBTSxHQUFBLEdBQU1vQixrQkFBQSxDQUFRLEVBQUUsSUFBQSxFQUFNLElBQUEsRUFBTSxDQUFBLENBQUEsRUFBSSxHQUFHLENBQUEsQ0FBQSxFQUFJLE1BQUEsRUFBUSxLQUFBLEVBQU8sT0FBQSxFQUFRLEVBQUcsQ0FBQyxHQUFBLEtBQVE7QUFDOUUsUUFBQSxHQUFBLENBQUksTUFBQSxFQUFPO0FBQ1gsUUFBQSxJQUFBLENBQUssR0FBQSxDQUFJLFVBQUEsSUFBYyxHQUFBLEtBQVEsR0FBQSxFQUFLLE1BQUEsQ0FBTyxJQUFJLEtBQUEsQ0FBTSxDQUFBLE9BQUEsRUFBVSxHQUFHLENBQUEsT0FBQSxFQUFVLEdBQUEsQ0FBSSxVQUFVLEVBQUUsQ0FBQyxDQUFBO0FBQUEsYUFDeEYsT0FBQSxFQUFRO0FBQUEsTUFDZixDQUFDLENBQUE7QUFDRCxNQUFBLEdBQUEsQ0FBSSxFQUFBLENBQUcsU0FBUyxNQUFNLENBQUE7QUFDdEIsTUFBQSxHQUFBLENBQUksSUFBSSxJQUFJLENBQUE7QUFBQSxJQUNkLENBQUMsQ0FBQTtBQUFBLEVBQ0g7QUFBQTtBQUFBLEVBR1EsSUFBQSxDQUFLLE1BQUEsRUFBZ0IsSUFBQSxFQUFjLElBQUEsRUFBYyxNQUFjLE9BQUEsRUFBeUM7QUFDOUcsSUFBQSxNQUFNLElBQUEsR0FBTyxPQUFBLENBQVEsS0FBQSxDQUFNLENBQUEsRUFBRyxDQUFDLENBQUE7QUFDL0IsSUFBQSxNQUFNLFdBQUEsR0FBY0gsdUJBQVcsUUFBUSxDQUFBLENBQUUsT0FBTyxJQUFJLENBQUEsQ0FBRSxPQUFPLEtBQUssQ0FBQTtBQUNsRSxJQUFBLE1BQU0sWUFBWSxDQUFDLE1BQUEsRUFBUSxNQUFNLEVBQUEsRUFBSSxDQUFBLEtBQUEsRUFBUSxJQUFJLENBQUEsQ0FBQSxFQUFJLENBQUEscUJBQUEsRUFBd0IsV0FBVyxDQUFBLENBQUEsRUFBSSxDQUFBLFdBQUEsRUFBYyxPQUFPLENBQUEsQ0FBQSxFQUFJLEVBQUEsRUFBSSx3Q0FBd0MsV0FBVyxDQUFBLENBQUUsS0FBSyxJQUFJLENBQUE7QUFDdkwsSUFBQSxNQUFNLFFBQVEsQ0FBQSxFQUFHLElBQUksQ0FBQSxDQUFBLEVBQUksSUFBQSxDQUFLLE1BQU0sTUFBTSxDQUFBLGdCQUFBLENBQUE7QUFDMUMsSUFBQSxNQUFNLFNBQVMsQ0FBQyxrQkFBQSxFQUFvQixPQUFBLEVBQVMsS0FBQSxFQUFPQSx1QkFBVyxRQUFRLENBQUEsQ0FBRSxNQUFBLENBQU8sU0FBUyxFQUFFLE1BQUEsQ0FBTyxLQUFLLENBQUMsQ0FBQSxDQUFFLEtBQUssSUFBSSxDQUFBO0FBQ25ILElBQUEsSUFBSSxDQUFBLEdBQVlJLHNCQUFBLENBQVcsUUFBQSxFQUFVLENBQUEsSUFBQSxFQUFPLElBQUEsQ0FBSyxLQUFBLENBQU0sZUFBZSxDQUFBLENBQUUsQ0FBQSxDQUFFLE1BQUEsQ0FBTyxJQUFJLENBQUEsQ0FBRSxNQUFBLEVBQU87QUFDOUYsSUFBQSxLQUFBLE1BQVcsUUFBUSxDQUFDLElBQUEsQ0FBSyxLQUFBLENBQU0sTUFBQSxFQUFRLE1BQU0sY0FBYyxDQUFBLEVBQUcsQ0FBQSxHQUFJQSxzQkFBQSxDQUFXLFVBQVUsQ0FBQyxDQUFBLENBQUUsTUFBQSxDQUFPLElBQUksRUFBRSxNQUFBLEVBQU87QUFDOUcsSUFBQSxNQUFNLFNBQUEsR0FBWUEsdUJBQVcsUUFBQSxFQUFVLENBQUMsRUFBRSxNQUFBLENBQU8sTUFBTSxDQUFBLENBQUUsTUFBQSxDQUFPLEtBQUssQ0FBQTtBQUNyRSxJQUFBLE9BQU87QUFBQSxNQUNMLElBQUE7QUFBQSxNQUNBLFlBQUEsRUFBYyxPQUFBO0FBQUEsTUFDZCxzQkFBQSxFQUF3QixXQUFBO0FBQUEsTUFDeEIsYUFBQSxFQUFlLCtCQUErQixJQUFBLENBQUssS0FBQSxDQUFNLFdBQVcsQ0FBQSxDQUFBLEVBQUksS0FBSyxtRUFBbUUsU0FBUyxDQUFBO0FBQUEsS0FDM0o7QUFBQSxFQUNGO0FBQ0Y7O0FDbEZBLE1BQU0sTUFBQSxHQUFTLENBQUMsUUFBQSxFQUFVLFFBQUEsRUFBVSxRQUFBLEVBQVUsUUFBQSxFQUFVLFFBQUEsRUFBVSxRQUFBLEVBQVUsUUFBQSxFQUFVLFFBQUEsRUFBVSxRQUFBLEVBQVUsUUFBUSxDQUFBO0FBRzNHLE1BQU0sT0FBQSxDQUFRO0FBQUEsRUFLbkIsV0FBQSxDQUFZLElBQUEsRUFBK0IsTUFBQSxHQUE2QixPQUFBLENBQVEsTUFBQSxFQUFRO0FBQTdDLElBQUEsSUFBQSxDQUFBLE1BQUEsR0FBQSxNQUFBO0FBSDNDLElBQUEsSUFBQSxDQUFRLEtBQUEsR0FBUSxDQUFBO0FBSWQsSUFBQSxJQUFBLENBQUssSUFBQSxHQUFPLElBQUE7QUFBQSxFQUNkO0FBQUEsRUFFQSxLQUFBLEdBQWM7QUFDWixJQUFBLElBQUksQ0FBQyxJQUFBLENBQUssTUFBQSxDQUFPLEtBQUEsRUFBTztBQUN0QixNQUFBLElBQUEsQ0FBSyxNQUFBLENBQU8sS0FBQSxDQUFNLENBQUEsRUFBRyxJQUFBLENBQUssSUFBSSxDQUFBO0FBQUEsQ0FBTyxDQUFBO0FBQ3JDLE1BQUEsT0FBTyxJQUFBO0FBQUEsSUFDVDtBQUNBLElBQUEsSUFBQSxDQUFLLFFBQVEsV0FBQSxDQUFZLE1BQU0sSUFBQSxDQUFLLE1BQUEsSUFBVSxFQUFFLENBQUE7QUFDaEQsSUFBQSxJQUFBLENBQUssTUFBTSxLQUFBLEVBQU07QUFDakIsSUFBQSxPQUFPLElBQUE7QUFBQSxFQUNUO0FBQUEsRUFFQSxPQUFPLElBQUEsRUFBb0I7QUFDekIsSUFBQSxJQUFBLENBQUssSUFBQSxHQUFPLElBQUE7QUFDWixJQUFBLElBQUksQ0FBQyxLQUFLLE1BQUEsQ0FBTyxLQUFBLE9BQVksTUFBQSxDQUFPLEtBQUEsQ0FBTSxHQUFHLElBQUksQ0FBQTtBQUFBLENBQU8sQ0FBQTtBQUFBLEVBQzFEO0FBQUEsRUFFQSxPQUFBLENBQVEsSUFBQSxHQUFPLElBQUEsQ0FBSyxJQUFBLEVBQVk7QUFDOUIsSUFBQSxJQUFBLENBQUssSUFBQSxDQUFLLEdBQUd4QixDQUFBLENBQU0sS0FBQSxDQUFNLFFBQVEsQ0FBQyxDQUFBLENBQUEsRUFBSSxJQUFJLENBQUEsQ0FBRSxDQUFBO0FBQUEsRUFDOUM7QUFBQSxFQUVBLElBQUEsQ0FBSyxJQUFBLEdBQU8sSUFBQSxDQUFLLElBQUEsRUFBWTtBQUMzQixJQUFBLElBQUEsQ0FBSyxJQUFBLENBQUssR0FBR0EsQ0FBQSxDQUFNLEdBQUEsQ0FBSSxRQUFRLENBQUMsQ0FBQSxDQUFBLEVBQUksSUFBSSxDQUFBLENBQUUsQ0FBQTtBQUFBLEVBQzVDO0FBQUEsRUFFUSxNQUFBLEdBQWU7QUFDckIsSUFBQSxNQUFNLENBQUEsR0FBSSxPQUFRLElBQUEsQ0FBSyxLQUFBLEdBQUEsQ0FBUyxLQUFLLEtBQUEsR0FBUSxDQUFBLElBQUssT0FBTyxNQUFPLENBQUE7QUFDaEUsSUFBQSxJQUFBLENBQUssTUFBQSxDQUFPLEtBQUEsQ0FBTSxDQUFBLEVBQUEsRUFBS0EsQ0FBQSxDQUFNLElBQUEsQ0FBSyxDQUFDLENBQUMsQ0FBQSxDQUFBLEVBQUksSUFBQSxDQUFLLElBQUksQ0FBQSxNQUFBLENBQVUsQ0FBQTtBQUFBLEVBQzdEO0FBQUEsRUFFUSxLQUFLLFNBQUEsRUFBeUI7QUFDcEMsSUFBQSxJQUFJLElBQUEsQ0FBSyxLQUFBLEVBQU8sYUFBQSxDQUFjLElBQUEsQ0FBSyxLQUFLLENBQUE7QUFDeEMsSUFBQSxJQUFBLENBQUssS0FBQSxHQUFRLE1BQUE7QUFDYixJQUFBLElBQUEsQ0FBSyxPQUFPLEtBQUEsQ0FBTSxJQUFBLENBQUssTUFBQSxDQUFPLEtBQUEsR0FBUSxLQUFLLFNBQVMsQ0FBQTtBQUFBLENBQUEsR0FBZSxHQUFHLFNBQVM7QUFBQSxDQUFJLENBQUE7QUFBQSxFQUNyRjtBQUNGOztBQy9CQSxNQUFNLFFBQUEsR0FBZ0QsQ0FBQyxNQUFBLEVBQVEsUUFBQSxFQUFVLFdBQVcsQ0FBQTtBQUU3RSxNQUFNLGFBQUEsR0FBeUI7QUFBQSxFQUNwQyxJQUFBLEVBQU0sUUFBQTtBQUFBLEVBQ04sT0FBQSxFQUFTLENBQUMsSUFBSSxDQUFBO0FBQUEsRUFDZCxPQUFBLEVBQVMsaUNBQUE7QUFBQSxFQUNULEtBQUEsRUFDRSxxTEFBQTtBQUFBLEVBRUYsTUFBTSxHQUFBLENBQUksRUFBRSxJQUFBLEVBQU0sTUFBQSxFQUFRLFFBQU8sRUFBRztBQUNsQyxJQUFBLE1BQU0sTUFBTXlCLGlCQUFBLENBQVEsSUFBQSxDQUFLLFdBQUEsQ0FBWSxDQUFDLEtBQUssR0FBRyxDQUFBO0FBQzlDLElBQUEsTUFBTSxVQUFVLFVBQUEsQ0FBVyxJQUFBLEVBQU0sU0FBQSxFQUFXLE1BQUEsQ0FBTyxrQkFBa0IsRUFBRSxDQUFBO0FBQ3ZFLElBQUEsSUFBSSxDQUFDLE9BQUEsRUFBUztBQUNaLE1BQUEsTUFBTSxJQUFJLE9BQUEsQ0FBUSxPQUFBLEVBQVMsb0JBQW9CLEVBQUUsSUFBQSxFQUFNLDZEQUE2RCxDQUFBO0FBQUEsSUFDdEg7QUFDQSxJQUFBLE1BQU0sTUFBTSxNQUFBLENBQU8sV0FBQSxDQUFZLFlBQUEsQ0FBYSxJQUFBLEVBQU0sS0FBSyxDQUFDLENBQUE7QUFDeEQsSUFBQSxNQUFNLE9BQUEsR0FBVSxLQUFLLEdBQUEsRUFBSTtBQUV6QixJQUFBLE1BQU0sVUFBVSxJQUFJLE9BQUEsQ0FBUSxvQkFBb0IsR0FBRyxDQUFBLENBQUUsRUFBRSxLQUFBLEVBQU07QUFDN0QsSUFBQSxNQUFNLFFBQUEsR0FBVyxNQUFNLGFBQUEsQ0FBYyxPQUFBLEVBQVMsR0FBRyxDQUFBO0FBQ2pELElBQUEsT0FBQSxDQUFRLFFBQVEsQ0FBQSxFQUFHLE1BQUEsQ0FBTyxRQUFBLENBQVMsS0FBQSxDQUFNLFFBQVEsTUFBTSxDQUFDLENBQUEsRUFBQSxFQUFBLENBQU0sUUFBQSxDQUFTLGFBQWEsSUFBQSxHQUFPLElBQUEsRUFBTSxPQUFBLENBQVEsQ0FBQyxDQUFDLENBQUEsSUFBQSxDQUFNLENBQUE7QUFFakgsSUFBQSxJQUFJLElBQUEsQ0FBSyxLQUFBLENBQU0sU0FBUyxDQUFBLEVBQUc7QUFDekIsTUFBQSxLQUFBLE1BQVcsS0FBSyxRQUFBLENBQVMsS0FBQSxTQUFjLElBQUEsQ0FBSyxDQUFBLEVBQUEsRUFBSyxFQUFFLElBQUksQ0FBQSxDQUFBLEVBQUl6QixDQUFBLENBQU0sSUFBQSxDQUFLLEVBQUUsTUFBQSxDQUFPLEtBQUEsQ0FBTSxHQUFHLEVBQUUsQ0FBQyxDQUFDLENBQUEsQ0FBRSxDQUFBO0FBQzlGLE1BQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLElBQ2xCO0FBRUEsSUFBQSxNQUFNLEdBQUEsR0FBTSxJQUFJLFNBQUEsQ0FBVSxNQUFNLENBQUE7QUFDaEMsSUFBQSxNQUFNLEtBQUEsR0FBUSxNQUFNLEdBQUEsQ0FBSSxJQUFBLENBQTBCLEdBQUcsS0FBQSxDQUFNLE9BQUEsQ0FBUSxPQUFPLENBQUMsQ0FBQSxZQUFBLENBQUEsRUFBZ0I7QUFBQSxNQUN6RixRQUFRLFFBQUEsQ0FBUyxLQUFBLENBQU0sSUFBSSxDQUFDLENBQUEsS0FBTSxFQUFFLE1BQU07QUFBQSxLQUMzQyxDQUFBO0FBQ0QsSUFBQSxNQUFNLFdBQVcsWUFBQSxDQUFhLFFBQUEsRUFBVSxJQUFJLEdBQUEsQ0FBSSxLQUFBLENBQU0sS0FBSyxDQUFDLENBQUE7QUFDNUQsSUFBQSxNQUFBLENBQU8sS0FBSyxDQUFBLEVBQUcsTUFBQSxDQUFPLFNBQVMsTUFBQSxFQUFRLFVBQVUsQ0FBQyxDQUFBLFVBQUEsQ0FBWSxDQUFBO0FBRTlELElBQUEsSUFBSSxJQUFBLENBQUssS0FBQSxDQUFNLGVBQWUsQ0FBQSxFQUFHO0FBRS9CLE1BQUEsTUFBTSxXQUFXLElBQUksY0FBQSxDQUFlLEdBQUEsRUFBSyxDQUFBLFNBQUEsRUFBWSxPQUFPLENBQUEsQ0FBRSxDQUFBO0FBQzlELE1BQUEsTUFBTSxFQUFBLEdBQUssSUFBSSxPQUFBLENBQVEsV0FBVyxFQUFFLEtBQUEsRUFBTTtBQUMxQyxNQUFBLE1BQU0sUUFBQSxDQUFTLFNBQUEsQ0FBVSxRQUFBLEVBQVUsQ0FBQyxJQUFBLEVBQU0sS0FBQSxLQUFVLEVBQUEsQ0FBRyxNQUFBLENBQU8sQ0FBQSxVQUFBLEVBQWEsSUFBSSxDQUFBLENBQUEsRUFBSSxLQUFLLEVBQUUsQ0FBQyxDQUFBO0FBQzNGLE1BQUEsRUFBQSxDQUFHLFFBQVEsVUFBVSxDQUFBO0FBQUEsSUFDdkIsQ0FBQSxNQUFPO0FBQ0wsTUFBQSxLQUFBLE1BQVcsUUFBUSxRQUFBLEVBQVU7QUFDM0IsUUFBQSxNQUFNLEdBQUEsQ0FBSSxJQUFBLENBQUssQ0FBQSxFQUFHLEtBQUEsQ0FBTSxRQUFRLE9BQU8sQ0FBQyxDQUFBLE1BQUEsQ0FBQSxFQUFVLEVBQUUsTUFBTSxJQUFBLENBQUssSUFBQSxFQUFNLE1BQUEsRUFBUSxJQUFBLENBQUssUUFBUSxDQUFBO0FBQUEsTUFDNUY7QUFBQSxJQUNGO0FBRUEsSUFBQSxNQUFNLE1BQUEsR0FBUyxhQUFhLFFBQVEsQ0FBQTtBQUNwQyxJQUFBLElBQUksVUFBQSxHQUFhLE1BQU0sR0FBQSxDQUFJLElBQUEsQ0FBaUIsS0FBQSxDQUFNLFdBQUEsQ0FBWSxPQUFPLENBQUEsRUFBRyxFQUFFLEdBQUcsTUFBQSxFQUFRLEdBQUEsRUFBSyxDQUFBO0FBQzFGLElBQUEsTUFBTSxJQUFBLEdBQU8sSUFBSSxPQUFBLENBQVEsQ0FBQSxXQUFBLEVBQWMsVUFBQSxDQUFXLEVBQUUsQ0FBQSxDQUFBLEVBQUksVUFBQSxDQUFXLE1BQU0sQ0FBQSxDQUFFLENBQUEsQ0FBRSxLQUFBLEVBQU07QUFDbkYsSUFBQSxPQUFPLENBQUMsUUFBQSxDQUFTLFFBQUEsQ0FBUyxVQUFBLENBQVcsTUFBTSxDQUFBLEVBQUc7QUFDNUMsTUFBQSxNQUFNLE1BQU0sR0FBSyxDQUFBO0FBQ2pCLE1BQUEsVUFBQSxHQUFhLE1BQU0sSUFBSSxHQUFBLENBQWdCLEtBQUEsQ0FBTSxXQUFXLE9BQUEsRUFBUyxVQUFBLENBQVcsRUFBRSxDQUFDLENBQUE7QUFDL0UsTUFBQSxJQUFBLENBQUssT0FBTyxDQUFBLFdBQUEsRUFBYyxVQUFBLENBQVcsRUFBRSxDQUFBLENBQUEsRUFBSSxVQUFBLENBQVcsTUFBTSxDQUFBLENBQUUsQ0FBQTtBQUFBLElBQ2hFO0FBQ0EsSUFBQSxJQUFJLFVBQUEsQ0FBVyxXQUFXLE1BQUEsRUFBUTtBQUNoQyxNQUFBLElBQUEsQ0FBSyxLQUFLLENBQUEsV0FBQSxFQUFjLFVBQUEsQ0FBVyxNQUFNLENBQUEsZ0JBQUEsRUFBbUIsVUFBQSxDQUFXLEVBQUUsQ0FBQSxFQUFBLENBQUksQ0FBQTtBQUM3RSxNQUFBLE9BQU8sUUFBQSxDQUFTLE9BQUE7QUFBQSxJQUNsQjtBQUNBLElBQUEsSUFBQSxDQUFLLE9BQUEsQ0FBUSxDQUFBLFFBQUEsRUFBV0EsQ0FBQSxDQUFNLFNBQUEsQ0FBVSxXQUFXLEdBQUEsSUFBTyxHQUFHLENBQUMsQ0FBQSxJQUFBLEVBQU8sZUFBZSxJQUFBLENBQUssR0FBQSxFQUFJLEdBQUksT0FBTyxDQUFDLENBQUEsQ0FBRSxDQUFBO0FBQzNHLElBQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLEVBQ2xCO0FBQ0YsQ0FBQTs7QUNuRUEsZ0JBQXVCLFFBQUEsQ0FBWSxNQUFBLEVBQW1CLElBQUEsRUFBYyxRQUFBLEdBQVcsRUFBQSxFQUF3QztBQUNySCxFQUFBLElBQUksTUFBQTtBQUNKLEVBQUEsSUFBSSxLQUFBLEdBQVEsQ0FBQTtBQUNaLEVBQUEsR0FBRztBQUNELElBQUEsTUFBTSxPQUFnQixNQUFNLE1BQUEsQ0FBTyxHQUFBLENBQWEsSUFBQSxFQUFNLEVBQUUsS0FBQSxFQUFPLEVBQUUsS0FBQSxFQUFPLElBQUEsQ0FBSyxJQUFJLFFBQUEsRUFBVSxHQUFHLENBQUEsRUFBRyxNQUFBLElBQVUsQ0FBQTtBQUMzRyxJQUFBLEtBQUEsTUFBVyxJQUFBLElBQVEsS0FBSyxLQUFBLEVBQU87QUFDN0IsTUFBQSxNQUFNLElBQUE7QUFBQSxJQUNSO0FBQ0EsSUFBQSxNQUFBLEdBQVMsS0FBSyxVQUFBLElBQWMsTUFBQTtBQUM1QixJQUFBLEtBQUEsRUFBQTtBQUVBLElBQUEsSUFBSSxRQUFRLEdBQUEsRUFBUTtBQUNsQixNQUFBLE1BQU0sSUFBSSxLQUFBLENBQU0sQ0FBQSxjQUFBLEVBQWlCLElBQUksQ0FBQSxrQkFBQSxDQUFvQixDQUFBO0FBQUEsSUFDM0Q7QUFBQSxFQUNGLENBQUEsUUFBUyxNQUFBO0FBQ1g7QUFHQSxlQUFzQixPQUFBLENBQVcsSUFBQSxFQUF3QixLQUFBLEdBQVEsUUFBQSxFQUF3QjtBQUN2RixFQUFBLE1BQU0sTUFBVyxFQUFDO0FBQ2xCLEVBQUEsV0FBQSxNQUFpQixRQUFRLElBQUEsRUFBTTtBQUM3QixJQUFBLEdBQUEsQ0FBSSxLQUFLLElBQUksQ0FBQTtBQUNiLElBQUEsSUFBSSxHQUFBLENBQUksVUFBVSxLQUFBLEVBQU87QUFBQSxFQUMzQjtBQUNBLEVBQUEsT0FBTyxHQUFBO0FBQ1Q7O0FDbEJPLFNBQVMsV0FBQSxDQUFlLE1BQW9CLE9BQUEsRUFBdUM7QUFDeEYsRUFBQSxNQUFNLFFBQVEsSUFBQSxDQUFLLEdBQUEsQ0FBSSxDQUFDLEdBQUEsS0FBUSxPQUFBLENBQVEsSUFBSSxDQUFDLENBQUEsS0FBTSxRQUFBLENBQVMsQ0FBQSxDQUFFLElBQUksR0FBRyxDQUFBLEVBQUcsRUFBRSxHQUFBLElBQU8sRUFBRSxDQUFDLENBQUMsQ0FBQTtBQUNyRixFQUFBLE1BQU0sTUFBQSxHQUFTLFFBQVEsR0FBQSxDQUFJLENBQUMsR0FBRyxDQUFBLEtBQU0sSUFBQSxDQUFLLEdBQUEsQ0FBSSxhQUFBLENBQWMsQ0FBQSxDQUFFLE1BQU0sR0FBRyxHQUFHLEtBQUEsQ0FBTSxHQUFBLENBQUksQ0FBQyxDQUFBLEtBQU0sYUFBQSxDQUFjLEVBQUUsQ0FBQyxDQUFDLENBQUMsQ0FBQyxDQUFDLENBQUE7QUFDaEgsRUFBQSxNQUFNLElBQUEsR0FBTyxDQUFDLE1BQUEsS0FDWixNQUFBLENBQ0csSUFBSSxDQUFDLENBQUEsRUFBRyxDQUFBLEtBQU8sT0FBQSxDQUFRLENBQUMsQ0FBQSxDQUFFLEtBQUEsS0FBVSxPQUFBLEdBQVUsSUFBSSxNQUFBLENBQU8sTUFBQSxDQUFPLENBQUMsQ0FBQSxHQUFJLGFBQUEsQ0FBYyxDQUFDLENBQUMsQ0FBQSxHQUFJLElBQUksTUFBQSxDQUFPLENBQUEsRUFBRyxNQUFBLENBQU8sQ0FBQyxDQUFDLENBQUUsQ0FBQSxDQUNsSCxJQUFBLENBQUssSUFBSSxFQUNULE9BQUEsRUFBUTtBQUNiLEVBQUEsT0FBTyxDQUFDQSxFQUFNLElBQUEsQ0FBSyxJQUFBLENBQUssUUFBUSxHQUFBLENBQUksQ0FBQyxDQUFBLEtBQU0sQ0FBQSxDQUFFLE1BQUEsQ0FBTyxXQUFBLEVBQWEsQ0FBQyxDQUFDLENBQUEsRUFBRyxHQUFHLEtBQUEsQ0FBTSxHQUFBLENBQUksSUFBSSxDQUFDLENBQUEsQ0FBRSxJQUFBLENBQUssSUFBSSxDQUFBLEdBQUksSUFBQTtBQUN6RztBQUdPLFNBQVMsV0FBVyxLQUFBLEVBQXdCO0FBQ2pELEVBQUEsT0FBTyxJQUFBLENBQUssU0FBQSxDQUFVLEtBQUEsRUFBTyxJQUFBLEVBQU0sQ0FBQyxDQUFBLEdBQUksSUFBQTtBQUMxQzs7QUNwQkEsTUFBTSxZQUFBLEdBQW9FO0FBQUEsRUFDeEUsUUFBUUEsQ0FBQSxDQUFNLElBQUE7QUFBQSxFQUNkLFVBQVVBLENBQUEsQ0FBTSxNQUFBO0FBQUEsRUFDaEIsTUFBTUEsQ0FBQSxDQUFNLEtBQUE7QUFBQSxFQUNaLFFBQVFBLENBQUEsQ0FBTSxHQUFBO0FBQUEsRUFDZCxXQUFXQSxDQUFBLENBQU07QUFDbkIsQ0FBQTtBQUVPLE1BQU0sYUFBQSxHQUF5QjtBQUFBLEVBQ3BDLElBQUEsRUFBTSxRQUFBO0FBQUEsRUFDTixPQUFBLEVBQVMsQ0FBQyxJQUFJLENBQUE7QUFBQSxFQUNkLE9BQUEsRUFBUyxzQ0FBQTtBQUFBLEVBQ1QsS0FBQSxFQUFPLGlEQUFBO0FBQUEsRUFDUCxNQUFNLEdBQUEsQ0FBSSxFQUFFLElBQUEsRUFBTSxRQUFPLEVBQUc7QUFDMUIsSUFBQSxNQUFNLFVBQVUsVUFBQSxDQUFXLElBQUEsRUFBTSxTQUFBLEVBQVcsTUFBQSxDQUFPLGtCQUFrQixFQUFFLENBQUE7QUFDdkUsSUFBQSxJQUFJLENBQUMsT0FBQSxFQUFTLE1BQU0sSUFBSSxPQUFBLENBQVEsU0FBUyxrQkFBa0IsQ0FBQTtBQUMzRCxJQUFBLE1BQU0sUUFBUSxNQUFBLENBQU8sVUFBQSxDQUFXLElBQUEsRUFBTSxPQUFBLEVBQVMsSUFBSSxDQUFDLENBQUE7QUFDcEQsSUFBQSxNQUFNLEdBQUEsR0FBTSxJQUFJLFNBQUEsQ0FBVSxNQUFNLENBQUE7QUFDaEMsSUFBQSxNQUFNLElBQUEsR0FBTyxNQUFNLE9BQUEsQ0FBUSxRQUFBLENBQXFCLEdBQUEsRUFBSyxLQUFBLENBQU0sV0FBQSxDQUFZLE9BQU8sQ0FBQSxFQUFHLEtBQUssQ0FBQSxFQUFHLEtBQUssQ0FBQTtBQUM5RixJQUFBLElBQUksSUFBQSxDQUFLLE1BQU0sSUFBQSxFQUFNO0FBQ25CLE1BQUEsT0FBQSxDQUFRLE1BQUEsQ0FBTyxLQUFBLENBQU0sVUFBQSxDQUFXLElBQUksQ0FBQyxDQUFBO0FBQ3JDLE1BQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLElBQ2xCO0FBQ0EsSUFBQSxPQUFBLENBQVEsTUFBQSxDQUFPLEtBQUE7QUFBQSxNQUNiLFlBQVksSUFBQSxFQUFNO0FBQUEsUUFDaEIsRUFBRSxNQUFBLEVBQVEsSUFBQSxFQUFNLEtBQUssQ0FBQyxDQUFBLEtBQU0sRUFBRSxFQUFBLEVBQUc7QUFBQSxRQUNqQyxFQUFFLE1BQUEsRUFBUSxRQUFBLEVBQVUsR0FBQSxFQUFLLENBQUMsQ0FBQSxLQUFNLFlBQUEsQ0FBYSxDQUFBLENBQUUsTUFBTSxDQUFBLENBQUUsQ0FBQSxDQUFFLE1BQU0sQ0FBQSxFQUFFO0FBQUEsUUFDakUsRUFBRSxNQUFBLEVBQVEsUUFBQSxFQUFVLEdBQUEsRUFBSyxDQUFDLENBQUEsS0FBQSxDQUFPLENBQUEsQ0FBRSxNQUFBLElBQVUsRUFBQSxFQUFJLEtBQUEsQ0FBTSxDQUFBLEVBQUcsQ0FBQyxDQUFBLEVBQUU7QUFBQSxRQUM3RCxFQUFFLFFBQVEsU0FBQSxFQUFXLEdBQUEsRUFBSyxDQUFDLENBQUEsS0FBTSxHQUFBLENBQUksQ0FBQSxDQUFFLFNBQVMsQ0FBQSxFQUFFO0FBQUEsUUFDbEQsRUFBRSxNQUFBLEVBQVEsS0FBQSxFQUFPLEdBQUEsRUFBSyxDQUFDLE1BQU0sQ0FBQSxDQUFFLEdBQUEsSUFBTyxFQUFBLEVBQUksR0FBQSxFQUFLLEVBQUE7QUFBRyxPQUNuRDtBQUFBLEtBQ0g7QUFDQSxJQUFBLE9BQU8sSUFBQSxDQUFLLElBQUEsQ0FBSyxDQUFDLENBQUEsS0FBTSxDQUFBLENBQUUsV0FBVyxRQUFRLENBQUEsR0FBSSxRQUFBLENBQVMsT0FBQSxHQUFVLFFBQUEsQ0FBUyxFQUFBO0FBQUEsRUFDL0U7QUFDRixDQUFBOztBQ2xDQSxNQUFNLFdBQUEsR0FBK0Q7QUFBQSxFQUNuRSxPQUFPQSxDQUFBLENBQU0sSUFBQTtBQUFBLEVBQ2IsSUFBQSxFQUFNLENBQUMsQ0FBQSxLQUFNLENBQUE7QUFBQSxFQUNiLE1BQU1BLENBQUEsQ0FBTSxNQUFBO0FBQUEsRUFDWixPQUFPQSxDQUFBLENBQU07QUFDZixDQUFBO0FBRU8sU0FBUyxjQUFjLElBQUEsRUFBdUI7QUFDbkQsRUFBQSxNQUFNLEVBQUEsR0FBSyxLQUFLLEVBQUEsQ0FBRyxPQUFBLENBQVEsS0FBSyxHQUFHLENBQUEsQ0FBRSxPQUFBLENBQVEsU0FBQSxFQUFXLEdBQUcsQ0FBQTtBQUMzRCxFQUFBLE9BQU8sQ0FBQSxFQUFHQSxFQUFNLElBQUEsQ0FBSyxFQUFFLENBQUMsQ0FBQSxDQUFBLEVBQUlBLENBQUEsQ0FBTSxJQUFJLElBQUEsQ0FBSyxNQUFBLENBQU8sT0FBTyxDQUFDLENBQUMsQ0FBQyxDQUFBLENBQUEsRUFBSSxXQUFBLENBQVksS0FBSyxLQUFLLENBQUEsQ0FBRSxJQUFBLENBQUssT0FBTyxDQUFDLENBQUEsQ0FBQTtBQUN2RztBQUVPLE1BQU0sV0FBQSxHQUF1QjtBQUFBLEVBQ2xDLElBQUEsRUFBTSxNQUFBO0FBQUEsRUFDTixPQUFBLEVBQVMsMENBQUE7QUFBQSxFQUNULEtBQUEsRUFBTyw0RUFBQTtBQUFBLEVBQ1AsTUFBTSxHQUFBLENBQUksRUFBRSxJQUFBLEVBQU0sUUFBTyxFQUFHO0FBQzFCLElBQUEsTUFBTSxZQUFBLEdBQWUsSUFBQSxDQUFLLFdBQUEsQ0FBWSxDQUFDLENBQUE7QUFDdkMsSUFBQSxNQUFNLFVBQVUsVUFBQSxDQUFXLElBQUEsRUFBTSxTQUFBLEVBQVcsTUFBQSxDQUFPLGtCQUFrQixFQUFFLENBQUE7QUFDdkUsSUFBQSxJQUFJLENBQUMsZ0JBQWdCLENBQUMsT0FBQSxRQUFlLElBQUksT0FBQSxDQUFRLFNBQVMsMENBQTBDLENBQUE7QUFFcEcsSUFBQSxNQUFNLEtBQUEsR0FBUSxJQUFJLElBQUEsQ0FBSyxJQUFBLENBQUssS0FBSSxHQUFJLGFBQUEsQ0FBYyxVQUFBLENBQVcsSUFBQSxFQUFNLE9BQUEsRUFBUyxJQUFJLENBQUMsQ0FBQyxFQUFFLFdBQUEsRUFBWTtBQUNoRyxJQUFBLE1BQU0sT0FBQSxHQUFVLFVBQUEsQ0FBVyxJQUFBLEVBQU0sTUFBTSxDQUFBO0FBQ3ZDLElBQUEsSUFBSSxJQUFBO0FBQ0osSUFBQSxJQUFJO0FBQ0YsTUFBQSxJQUFBLEdBQU8sT0FBQSxHQUFVLElBQUksTUFBQSxDQUFPLE9BQUEsRUFBUyxHQUFHLENBQUEsR0FBSSxLQUFBLENBQUE7QUFBQSxJQUM5QyxTQUFTLEdBQUEsRUFBSztBQUNaLE1BQUEsTUFBTSxJQUFJLE9BQUEsQ0FBUSxPQUFBLEVBQVMsQ0FBQSxnQkFBQSxFQUFvQixHQUFBLENBQWMsT0FBTyxDQUFBLENBQUUsQ0FBQTtBQUFBLElBQ3hFO0FBQ0EsSUFBQSxNQUFNLE9BQUEsR0FBVSxZQUFBLENBQWEsU0FBQSxDQUFVLGNBQWMsSUFBSSxvQkFBQSxHQUF1QixlQUFBO0FBRWhGLElBQUEsTUFBTSxHQUFBLEdBQU0sSUFBSSxTQUFBLENBQVUsTUFBTSxDQUFBO0FBQ2hDLElBQUEsSUFBSSxNQUFBO0FBQ0osSUFBQSxHQUFHO0FBQ0QsTUFBQSxNQUFNLElBQUEsR0FBTyxNQUFNLEdBQUEsQ0FBSSxHQUFBLENBQW1CLE1BQU0sSUFBQSxDQUFLLE9BQUEsRUFBUyxZQUFZLENBQUEsRUFBRztBQUFBLFFBQzNFLE9BQU8sRUFBRSxLQUFBLEVBQU8sTUFBQSxFQUFRLE9BQUEsRUFBUyxPQUFPLEdBQUE7QUFBSSxPQUM3QyxDQUFBO0FBQ0QsTUFBQSxLQUFBLE1BQVcsSUFBQSxJQUFRLEtBQUssS0FBQSxFQUFPO0FBQzdCLFFBQUEsSUFBSSxRQUFRLENBQUMsSUFBQSxDQUFLLElBQUEsQ0FBSyxJQUFBLENBQUssT0FBTyxDQUFBLEVBQUc7QUFDdEMsUUFBQSxPQUFBLENBQVEsTUFBQSxDQUFPLEtBQUEsQ0FBTSxhQUFBLENBQWMsSUFBSSxJQUFJLElBQUksQ0FBQTtBQUFBLE1BQ2pEO0FBQ0EsTUFBQSxNQUFBLEdBQVMsS0FBSyxVQUFBLElBQWMsTUFBQTtBQUM1QixNQUFBLElBQUksQ0FBQyxNQUFBLElBQVUsSUFBQSxDQUFLLEtBQUEsQ0FBTSxNQUFBLEVBQVE7QUFDaEMsUUFBQSxNQUFNLE1BQU0sR0FBSyxDQUFBO0FBQ2pCLFFBQUEsTUFBQSxHQUFTLElBQUEsQ0FBSyxLQUFBLENBQU0sTUFBQSxHQUFTLENBQUEsTUFBQSxFQUFTLElBQUEsQ0FBSyxLQUFBLENBQU0sSUFBQSxDQUFLLEtBQUEsQ0FBTSxNQUFBLEdBQVMsQ0FBQyxDQUFBLENBQUUsRUFBRSxDQUFBLENBQUEsR0FBSyxNQUFBO0FBQUEsTUFDakY7QUFBQSxJQUNGLENBQUEsUUFBUyxNQUFBO0FBQ1QsSUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsRUFDbEI7QUFDRixDQUFBOztBQ2hETyxNQUFNLGVBQUEsR0FBMkI7QUFBQSxFQUN0QyxJQUFBLEVBQU0sVUFBQTtBQUFBLEVBQ04sT0FBQSxFQUFTLENBQUMsU0FBUyxDQUFBO0FBQUEsRUFDbkIsT0FBQSxFQUFTLGlDQUFBO0FBQUEsRUFDVCxLQUFBLEVBQU8seUZBQUE7QUFBQSxFQUNQLE1BQU0sR0FBQSxDQUFJLEVBQUUsSUFBQSxFQUFNLE1BQUEsRUFBUSxRQUFPLEVBQUc7QUFDbEMsSUFBQSxNQUFNLENBQUMsTUFBQSxHQUFTLE1BQUEsRUFBUSxNQUFBLEVBQVEsS0FBSyxJQUFJLElBQUEsQ0FBSyxXQUFBO0FBQzlDLElBQUEsTUFBTSxHQUFBLEdBQU0sSUFBSSxTQUFBLENBQVUsTUFBTSxDQUFBO0FBRWhDLElBQUEsUUFBUSxNQUFBO0FBQVEsTUFDZCxLQUFLLE1BQUEsRUFBUTtBQUNYLFFBQUEsTUFBTSxRQUFBLEdBQVcsTUFBTSxPQUFBLENBQVEsUUFBQSxDQUFrQixLQUFLLEtBQUEsQ0FBTSxRQUFBLEVBQVUsR0FBRyxDQUFDLENBQUE7QUFDMUUsUUFBQSxJQUFJLElBQUEsQ0FBSyxNQUFNLElBQUEsRUFBTTtBQUNuQixVQUFBLE9BQUEsQ0FBUSxNQUFBLENBQU8sS0FBQSxDQUFNLFVBQUEsQ0FBVyxRQUFRLENBQUMsQ0FBQTtBQUFBLFFBQzNDLENBQUEsTUFBTztBQUNMLFVBQUEsT0FBQSxDQUFRLE1BQUEsQ0FBTyxLQUFBO0FBQUEsWUFDYixZQUFZLFFBQUEsRUFBVTtBQUFBLGNBQ3BCLEVBQUUsTUFBQSxFQUFRLE1BQUEsRUFBUSxLQUFLLENBQUMsQ0FBQSxLQUFNLEVBQUUsSUFBQSxFQUFLO0FBQUEsY0FDckMsRUFBRSxRQUFRLE1BQUEsRUFBUSxHQUFBLEVBQUssQ0FBQyxDQUFBLEtBQU0sQ0FBQSxDQUFFLElBQUEsRUFBTSxHQUFBLEVBQUssRUFBQSxFQUFHO0FBQUEsY0FDOUMsRUFBRSxNQUFBLEVBQVEsUUFBQSxFQUFVLEtBQUssQ0FBQyxDQUFBLEtBQU0sRUFBRSxNQUFBLEVBQU87QUFBQSxjQUN6QyxFQUFFLFFBQVEsU0FBQSxFQUFXLEdBQUEsRUFBSyxDQUFDLENBQUEsS0FBTSxHQUFBLENBQUksQ0FBQSxDQUFFLFNBQVMsQ0FBQTtBQUFFLGFBQ25EO0FBQUEsV0FDSDtBQUFBLFFBQ0Y7QUFDQSxRQUFBLE9BQU8sUUFBQSxDQUFTLEVBQUE7QUFBQSxNQUNsQjtBQUFBLE1BQ0EsS0FBSyxRQUFBLEVBQVU7QUFDYixRQUFBLElBQUksQ0FBQyxNQUFBLEVBQVEsTUFBTSxJQUFJLE9BQUEsQ0FBUSxTQUFTLHlCQUF5QixDQUFBO0FBQ2pFLFFBQUEsTUFBTSxJQUFBLEdBQU8sUUFBUSxNQUFNLENBQUE7QUFDM0IsUUFBQSxNQUFNLE9BQUEsR0FBVSxNQUFNLEdBQUEsQ0FBSSxJQUFBLENBQWMsTUFBTSxRQUFBLEVBQVU7QUFBQSxVQUN0RCxJQUFBLEVBQU0sTUFBQTtBQUFBLFVBQ04sSUFBQTtBQUFBLFVBQ0EsTUFBQSxFQUFRLFVBQUEsQ0FBVyxJQUFBLEVBQU0sUUFBQSxFQUFVLE9BQU8sTUFBTTtBQUFBLFNBQ2pELENBQUE7QUFDRCxRQUFBLE1BQUEsQ0FBTyxLQUFLLENBQUEsUUFBQSxFQUFXLE9BQUEsQ0FBUSxJQUFJLENBQUEsSUFBQSxFQUFPLE9BQUEsQ0FBUSxNQUFNLENBQUEsQ0FBRSxDQUFBO0FBQzFELFFBQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLE1BQ2xCO0FBQUEsTUFDQSxLQUFLLFFBQUEsRUFBVTtBQUNiLFFBQUEsSUFBSSxDQUFDLE1BQUEsRUFBUSxNQUFNLElBQUksT0FBQSxDQUFRLFNBQVMseUJBQXlCLENBQUE7QUFDakUsUUFBQSxJQUFJLENBQUMsSUFBQSxDQUFLLEtBQUEsQ0FBTSxHQUFBLEVBQUs7QUFDbkIsVUFBQSxNQUFNLElBQUksT0FBQSxDQUFRLE9BQUEsRUFBUyxDQUFBLG1CQUFBLEVBQXNCLE1BQU0sQ0FBQSxjQUFBLENBQWdCLENBQUE7QUFBQSxRQUN6RTtBQUNBLFFBQUEsTUFBTSxHQUFBLENBQUksTUFBQSxDQUFPLEtBQUEsQ0FBTSxPQUFBLENBQVEsTUFBTSxDQUFDLENBQUE7QUFDdEMsUUFBQSxNQUFBLENBQU8sSUFBQSxDQUFLLENBQUEsUUFBQSxFQUFXLE1BQU0sQ0FBQSxDQUFFLENBQUE7QUFDL0IsUUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsTUFDbEI7QUFBQSxNQUNBLEtBQUssVUFBQSxFQUFZO0FBRWYsUUFBQSxJQUFJLENBQUMsWUFBQSxDQUFhLFNBQUEsQ0FBVSxxQkFBcUIsQ0FBQSxFQUFHO0FBQ2xELFVBQUEsTUFBTSxJQUFJLE9BQUEsQ0FBUSxPQUFBLEVBQVMsQ0FBQSx5QkFBQSxDQUEyQixDQUFBO0FBQUEsUUFDeEQ7QUFDQSxRQUFBLElBQUksQ0FBQyxVQUFVLENBQUMsS0FBQSxRQUFhLElBQUksT0FBQSxDQUFRLFNBQVMsK0JBQStCLENBQUE7QUFDakYsUUFBQSxNQUFNLEdBQUEsQ0FBSSxJQUFBLENBQUssQ0FBQSxFQUFHLEtBQUEsQ0FBTSxPQUFBLENBQVEsTUFBTSxDQUFDLENBQUEsU0FBQSxDQUFBLEVBQWEsRUFBRSxLQUFBLEVBQU8sS0FBQSxFQUFPLENBQUE7QUFDcEUsUUFBQSxNQUFBLENBQU8sSUFBQSxDQUFLLENBQUEsWUFBQSxFQUFlLE1BQU0sQ0FBQSxJQUFBLEVBQU8sS0FBSyxDQUFBLDZDQUFBLENBQStDLENBQUE7QUFDNUYsUUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsTUFDbEI7QUFBQSxNQUNBO0FBQ0UsUUFBQSxNQUFNLElBQUksT0FBQSxDQUFRLE9BQUEsRUFBUyxDQUFBLGdCQUFBLEVBQW1CLE1BQU0sQ0FBQSxDQUFBLENBQUcsQ0FBQTtBQUFBO0FBQzNELEVBQ0Y7QUFDRixDQUFBOztBQzVEQSxNQUFNLFdBQUEsR0FBYywwQkFBQTtBQUdiLFNBQVMsWUFBWSxJQUFBLEVBQW1DO0FBQzdELEVBQUEsTUFBTSxHQUFBLHVCQUFVLEdBQUEsRUFBb0I7QUFDcEMsRUFBQSxLQUFBLE1BQVcsR0FBQSxJQUFPLElBQUEsQ0FBSyxLQUFBLENBQU0sT0FBTyxDQUFBLEVBQUc7QUFDckMsSUFBQSxNQUFNLElBQUEsR0FBTyxJQUFJLElBQUEsRUFBSztBQUN0QixJQUFBLElBQUksQ0FBQyxJQUFBLElBQVEsSUFBQSxDQUFLLFVBQUEsQ0FBVyxHQUFHLENBQUEsRUFBRztBQUNuQyxJQUFBLE1BQU0sQ0FBQSxHQUFJLHFEQUFBLENBQXNELElBQUEsQ0FBSyxJQUFJLENBQUE7QUFDekUsSUFBQSxJQUFJLENBQUMsQ0FBQSxFQUFHO0FBQ1IsSUFBQSxJQUFJLEtBQUEsR0FBUSxFQUFFLENBQUMsQ0FBQTtBQUNmLElBQUEsSUFBSSxXQUFXLElBQUEsQ0FBSyxLQUFLLENBQUEsRUFBRyxLQUFBLEdBQVEsTUFBTSxLQUFBLENBQU0sQ0FBQSxFQUFHLEVBQUUsQ0FBQSxDQUFFLFFBQVEsTUFBQSxFQUFRLElBQUksQ0FBQSxDQUFFLE9BQUEsQ0FBUSxRQUFRLEdBQUcsQ0FBQTtBQUFBLFNBQUEsSUFDdkYsVUFBQSxDQUFXLEtBQUssS0FBSyxDQUFBLFVBQVcsS0FBQSxDQUFNLEtBQUEsQ0FBTSxHQUFHLEVBQUUsQ0FBQTtBQUFBLFNBQ3JELEtBQUEsR0FBUSxLQUFBLENBQU0sT0FBQSxDQUFRLFNBQUEsRUFBVyxFQUFFLENBQUE7QUFDeEMsSUFBQSxHQUFBLENBQUksR0FBQSxDQUFJLENBQUEsQ0FBRSxDQUFDLENBQUEsRUFBRyxLQUFLLENBQUE7QUFBQSxFQUNyQjtBQUNBLEVBQUEsT0FBTyxHQUFBO0FBQ1Q7QUFFTyxNQUFNLGNBQUEsR0FBMEI7QUFBQSxFQUNyQyxJQUFBLEVBQU0sU0FBQTtBQUFBLEVBQ04sT0FBQSxFQUFTLHNDQUFBO0FBQUEsRUFDVCxLQUFBLEVBQU8sd0VBQUE7QUFBQSxFQUNQLE1BQU0sR0FBQSxDQUFJLEVBQUUsSUFBQSxFQUFNLE1BQUEsRUFBUSxRQUFPLEVBQUc7QUFDbEMsSUFBQSxNQUFNLENBQUMsTUFBQSxHQUFTLE1BQUEsRUFBUSxJQUFBLEVBQU0sS0FBSyxJQUFJLElBQUEsQ0FBSyxXQUFBO0FBQzVDLElBQUEsTUFBTSxVQUFVLFVBQUEsQ0FBVyxJQUFBLEVBQU0sU0FBQSxFQUFXLE1BQUEsQ0FBTyxrQkFBa0IsRUFBRSxDQUFBO0FBQ3ZFLElBQUEsSUFBSSxDQUFDLE9BQUEsRUFBUyxNQUFNLElBQUksT0FBQSxDQUFRLFNBQVMsa0JBQWtCLENBQUE7QUFDM0QsSUFBQSxNQUFNLEdBQUEsR0FBTSxJQUFJLFNBQUEsQ0FBVSxNQUFNLENBQUE7QUFDaEMsSUFBQSxNQUFNLElBQUEsR0FBTyxLQUFBLENBQU0sT0FBQSxDQUFRLE9BQU8sQ0FBQTtBQUNsQyxJQUFBLE1BQU0sT0FBQSxHQUFVLFlBQUEsQ0FBYSxTQUFBLENBQVUsZUFBZSxJQUFJLENBQUEsR0FBSSxDQUFBO0FBRTlELElBQUEsUUFBUSxNQUFBO0FBQVEsTUFDZCxLQUFLLE1BQUEsRUFBUTtBQUNYLFFBQUEsTUFBTSxFQUFFLEtBQUEsRUFBTSxHQUFJLE1BQU0sR0FBQSxDQUFJLElBQTRCLElBQUksQ0FBQTtBQUM1RCxRQUFBLE9BQUEsQ0FBUSxNQUFBLENBQU8sS0FBQTtBQUFBLFVBQ2IsWUFBWSxLQUFBLEVBQU87QUFBQSxZQUNqQixFQUFFLE1BQUEsRUFBUSxNQUFBLEVBQVEsS0FBSyxDQUFDLENBQUEsS0FBTSxFQUFFLElBQUEsRUFBSztBQUFBLFlBQ3JDLEVBQUUsTUFBQSxFQUFRLFNBQUEsRUFBVyxHQUFBLEVBQUssQ0FBQyxDQUFBLEtBQU0sTUFBQSxDQUFPLENBQUEsQ0FBRSxPQUFPLENBQUEsRUFBRyxLQUFBLEVBQU8sT0FBQSxFQUFRO0FBQUEsWUFDbkUsRUFBRSxNQUFBLEVBQVEsU0FBQSxFQUFXLEdBQUEsRUFBSyxDQUFDLENBQUEsS0FBTSxDQUFBLEVBQUcsR0FBQSxDQUFJLENBQUEsQ0FBRSxTQUFTLENBQUMsQ0FBQSxJQUFBLEVBQU8sQ0FBQSxDQUFFLFNBQVMsQ0FBQSxDQUFBO0FBQUcsV0FDMUU7QUFBQSxTQUNIO0FBQ0EsUUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsTUFDbEI7QUFBQSxNQUNBLEtBQUssS0FBQSxFQUFPO0FBQ1YsUUFBQSxJQUFJLENBQUMsUUFBUSxLQUFBLEtBQVUsTUFBQSxRQUFpQixJQUFJLE9BQUEsQ0FBUSxTQUFTLDJCQUEyQixDQUFBO0FBQ3hGLFFBQUEsSUFBSSxDQUFDLFdBQUEsQ0FBWSxJQUFBLENBQUssSUFBSSxDQUFBLEVBQUcsTUFBTSxJQUFJLE9BQUEsQ0FBUSxPQUFBLEVBQVMsQ0FBQSx3Q0FBQSxFQUEyQyxJQUFJLENBQUEsQ0FBQSxDQUFHLENBQUE7QUFDMUcsUUFBQSxNQUFNLElBQUksT0FBQSxDQUFRLENBQUEsRUFBRyxJQUFJLENBQUEsQ0FBQSxFQUFJLElBQUksQ0FBQSxDQUFBLEVBQUksRUFBRSxNQUFBLEVBQVEsS0FBQSxFQUFPLE1BQU0sRUFBRSxLQUFBLEVBQU8sTUFBQSxFQUFRLE9BQUEsSUFBVyxDQUFBO0FBQ3hGLFFBQUEsTUFBQSxDQUFPLEtBQUssQ0FBQSxJQUFBLEVBQU8sSUFBSSxNQUFNLElBQUEsQ0FBSyxLQUFLLENBQUMsQ0FBQSxDQUFFLENBQUE7QUFDMUMsUUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsTUFDbEI7QUFBQSxNQUNBLEtBQUssUUFBQSxFQUFVO0FBQ2IsUUFBQSxJQUFJLENBQUMsSUFBQSxFQUFNLE1BQU0sSUFBSSxPQUFBLENBQVEsU0FBUyx3QkFBd0IsQ0FBQTtBQUM5RCxRQUFBLE1BQU0sUUFBUSxXQUFBLENBQVksTUFBTUssaUJBQUEsQ0FBUyxJQUFBLEVBQU0sTUFBTSxDQUFDLENBQUE7QUFDdEQsUUFBQSxLQUFBLE1BQVcsQ0FBQyxDQUFBLEVBQUcsQ0FBQyxDQUFBLElBQUssS0FBQSxFQUFPO0FBQzFCLFVBQUEsTUFBTSxJQUFJLE9BQUEsQ0FBUSxDQUFBLEVBQUcsSUFBSSxDQUFBLENBQUEsRUFBSSxDQUFDLENBQUEsQ0FBQSxFQUFJLEVBQUUsTUFBQSxFQUFRLEtBQUEsRUFBTyxNQUFNLEVBQUUsS0FBQSxFQUFPLEdBQUcsTUFBQSxFQUFRLE9BQUEsSUFBVyxDQUFBO0FBQUEsUUFDMUY7QUFDQSxRQUFBLE1BQUEsQ0FBTyxLQUFLLENBQUEsU0FBQSxFQUFZLEtBQUEsQ0FBTSxJQUFJLENBQUEsY0FBQSxFQUFpQixJQUFJLENBQUEsQ0FBRSxDQUFBO0FBQ3pELFFBQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLE1BQ2xCO0FBQUEsTUFDQSxLQUFLLE9BQUEsRUFBUztBQUNaLFFBQUEsSUFBSSxDQUFDLElBQUEsRUFBTSxNQUFNLElBQUksT0FBQSxDQUFRLFNBQVMsdUJBQXVCLENBQUE7QUFDN0QsUUFBQSxNQUFNLElBQUksTUFBQSxDQUFPLENBQUEsRUFBRyxJQUFJLENBQUEsQ0FBQSxFQUFJLElBQUksQ0FBQSxDQUFFLENBQUE7QUFDbEMsUUFBQSxNQUFBLENBQU8sSUFBQSxDQUFLLENBQUEsUUFBQSxFQUFXLElBQUksQ0FBQSxDQUFFLENBQUE7QUFDN0IsUUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsTUFDbEI7QUFBQSxNQUNBO0FBQ0UsUUFBQSxNQUFNLElBQUksT0FBQSxDQUFRLE9BQUEsRUFBUyxDQUFBLGdCQUFBLEVBQW1CLE1BQU0sQ0FBQSxDQUFBLENBQUcsQ0FBQTtBQUFBO0FBQzNELEVBQ0Y7QUFDRixDQUFBOztBQzFETyxNQUFNLE1BQUEsR0FBb0M7QUFBQSxFQUMvQyxXQUFBLEVBQWEsRUFBRSxJQUFBLEVBQU0sUUFBQSxFQUFVLE9BQU8sQ0FBQyxZQUFBLEVBQWMsU0FBQSxFQUFXLFVBQVUsQ0FBQSxFQUFFO0FBQUEsRUFDNUUsTUFBQSxFQUFRLEVBQUUsSUFBQSxFQUFNLFFBQUEsRUFBVSxTQUFTLG9DQUFBLEVBQXFDO0FBQUEsRUFDeEUsY0FBQSxFQUFnQixFQUFFLElBQUEsRUFBTSxRQUFBLEVBQVUsU0FBUywyQkFBQSxFQUE0QjtBQUFBLEVBQ3ZFLE1BQUEsRUFBUSxFQUFFLElBQUEsRUFBTSxRQUFBLEVBQVUsT0FBTyxDQUFDLFdBQUEsRUFBYSxXQUFBLEVBQWEsZ0JBQWdCLENBQUEsRUFBRTtBQUFBLEVBQzlFLFdBQVcsRUFBRSxJQUFBLEVBQU0sVUFBVSxHQUFBLEVBQUssR0FBQSxFQUFLLEtBQUssR0FBQSxFQUFRO0FBQUEsRUFDcEQsU0FBUyxFQUFFLElBQUEsRUFBTSxVQUFVLEdBQUEsRUFBSyxDQUFBLEVBQUcsS0FBSyxFQUFBLEVBQUc7QUFBQSxFQUMzQyxTQUFBLEVBQVcsRUFBRSxJQUFBLEVBQU0sU0FBQSxFQUFVO0FBQUEsRUFDN0IsS0FBQSxFQUFPLEVBQUUsSUFBQSxFQUFNLFNBQUE7QUFDakIsQ0FBQTtBQU1PLFNBQVMsYUFBQSxDQUFjLEtBQWEsR0FBQSxFQUF1QjtBQUNoRSxFQUFBLE1BQU0sSUFBQSxHQUFPLE9BQU8sR0FBRyxDQUFBO0FBQ3ZCLEVBQUEsSUFBSSxDQUFDLE1BQU0sT0FBTyxHQUFBO0FBQ2xCLEVBQUEsUUFBUSxLQUFLLElBQUE7QUFBTSxJQUNqQixLQUFLLFFBQUEsRUFBVTtBQUNiLE1BQUEsSUFBSSxPQUFPLEdBQUEsS0FBUSxRQUFBLFFBQWdCLEdBQUEsQ0FBSSxHQUFBLEVBQUssWUFBWSxHQUFHLENBQUE7QUFDM0QsTUFBQSxJQUFJLEtBQUssS0FBQSxJQUFTLENBQUMsS0FBSyxLQUFBLENBQU0sUUFBQSxDQUFTLEdBQUcsQ0FBQSxFQUFHLE1BQU0sR0FBQSxDQUFJLEdBQUEsRUFBSyxVQUFVLElBQUEsQ0FBSyxLQUFBLENBQU0sS0FBSyxJQUFJLENBQUMsSUFBSSxHQUFHLENBQUE7QUFDbEcsTUFBQSxJQUFJLElBQUEsQ0FBSyxPQUFBLElBQVcsQ0FBQyxJQUFBLENBQUssUUFBUSxJQUFBLENBQUssR0FBRyxDQUFBLEVBQUcsTUFBTSxJQUFJLEdBQUEsRUFBSyxDQUFBLGlCQUFBLEVBQW9CLElBQUEsQ0FBSyxPQUFPLElBQUksR0FBRyxDQUFBO0FBQ25HLE1BQUEsT0FBTyxHQUFBO0FBQUEsSUFDVDtBQUFBLElBQ0EsS0FBSyxRQUFBLEVBQVU7QUFDYixNQUFBLE1BQU0sSUFBSSxPQUFPLEdBQUEsS0FBUSxRQUFBLEdBQVcsTUFBQSxDQUFPLEdBQUcsQ0FBQSxHQUFJLEdBQUE7QUFDbEQsTUFBQSxJQUFJLE9BQU8sQ0FBQSxLQUFNLFFBQUEsSUFBWSxDQUFDLE1BQUEsQ0FBTyxRQUFBLENBQVMsQ0FBQyxDQUFBLEVBQUcsTUFBTSxHQUFBLENBQUksR0FBQSxFQUFLLFVBQUEsRUFBWSxHQUFHLENBQUE7QUFDaEYsTUFBQSxJQUFJLElBQUEsQ0FBSyxHQUFBLEtBQVEsTUFBQSxJQUFhLENBQUEsR0FBSSxJQUFBLENBQUssR0FBQSxFQUFLLE1BQU0sR0FBQSxDQUFJLEdBQUEsRUFBSyxDQUFBLEdBQUEsRUFBTSxJQUFBLENBQUssR0FBRyxJQUFJLEdBQUcsQ0FBQTtBQUNoRixNQUFBLElBQUksSUFBQSxDQUFLLEdBQUEsS0FBUSxNQUFBLElBQWEsQ0FBQSxHQUFJLElBQUEsQ0FBSyxHQUFBLEVBQUssTUFBTSxHQUFBLENBQUksR0FBQSxFQUFLLENBQUEsR0FBQSxFQUFNLElBQUEsQ0FBSyxHQUFHLElBQUksR0FBRyxDQUFBO0FBQ2hGLE1BQUEsT0FBTyxDQUFBO0FBQUEsSUFDVDtBQUFBLElBQ0EsS0FBSyxTQUFBLEVBQVc7QUFDZCxNQUFBLElBQUksT0FBTyxHQUFBLEtBQVEsU0FBQSxFQUFXLE9BQU8sR0FBQTtBQUNyQyxNQUFBLElBQUksR0FBQSxLQUFRLE1BQUEsSUFBVSxHQUFBLEtBQVEsR0FBQSxFQUFLLE9BQU8sSUFBQTtBQUMxQyxNQUFBLElBQUksR0FBQSxLQUFRLE9BQUEsSUFBVyxHQUFBLEtBQVEsR0FBQSxFQUFLLE9BQU8sS0FBQTtBQUMzQyxNQUFBLE1BQU0sR0FBQSxDQUFJLEdBQUEsRUFBSyxlQUFBLEVBQWlCLEdBQUcsQ0FBQTtBQUFBLElBQ3JDO0FBQUE7QUFFSjtBQUVBLFNBQVMsR0FBQSxDQUFJLEdBQUEsRUFBYSxRQUFBLEVBQWtCLEdBQUEsRUFBdUI7QUFDakUsRUFBQSxPQUFPLElBQUksT0FBQSxDQUFRLFFBQUEsRUFBVSxDQUFBLFlBQUEsRUFBZSxHQUFHLENBQUEsVUFBQSxFQUFhLFFBQVEsQ0FBQSxNQUFBLEVBQVMsSUFBQSxDQUFLLFNBQUEsQ0FBVSxHQUFHLENBQUMsQ0FBQSxDQUFFLENBQUE7QUFDcEc7O0FDaEVBLE1BQU0sWUFBQSxHQUFlLDJCQUFBO0FBTWQsU0FBUyxhQUFBLENBQWMsV0FBK0IsUUFBQSxFQUF1RDtBQUNsSCxFQUFBLElBQUksQ0FBQyxTQUFBLElBQWEsU0FBQSxLQUFjLFNBQUEsRUFBVyxPQUFPLFNBQUE7QUFDbEQsRUFBQSxJQUFJLENBQUMsWUFBQSxDQUFhLElBQUEsQ0FBSyxTQUFTLENBQUEsRUFBRztBQUNqQyxJQUFBLE1BQU0sSUFBSSxPQUFBLENBQVEsT0FBQSxFQUFTLENBQUEsc0JBQUEsRUFBeUIsU0FBUyxDQUFBLENBQUEsQ0FBRyxDQUFBO0FBQUEsRUFDbEU7QUFDQSxFQUFBLElBQUksQ0FBQyxRQUFBLENBQVMsR0FBQSxDQUFJLFNBQVMsQ0FBQSxFQUFHO0FBQzVCLElBQUEsTUFBTSxLQUFBLEdBQVEsQ0FBQyxHQUFHLFFBQUEsQ0FBUyxJQUFBLEVBQU0sQ0FBQSxDQUFFLE1BQUEsQ0FBTyxDQUFDLENBQUEsS0FBTSxDQUFBLEtBQU0sU0FBUyxDQUFBO0FBQ2hFLElBQUEsTUFBTSxJQUFJLE9BQUEsQ0FBUSxRQUFBLEVBQVUsQ0FBQSxTQUFBLEVBQVksU0FBUyxDQUFBLFdBQUEsQ0FBQSxFQUFlO0FBQUEsTUFDOUQsSUFBQSxFQUFNLE1BQU0sTUFBQSxHQUFTLENBQUEsZ0JBQUEsRUFBbUIsTUFBTSxJQUFBLENBQUssSUFBSSxDQUFDLENBQUEsQ0FBQSxHQUFLO0FBQUEsS0FDOUQsQ0FBQTtBQUFBLEVBQ0g7QUFDQSxFQUFBLE9BQU8sU0FBQTtBQUNUO0FBR08sU0FBUyxZQUFZLFFBQUEsRUFBdUQ7QUFDakYsRUFBQSxNQUFNLEdBQUEsR0FBZ0IsQ0FBQyx5REFBeUQsQ0FBQTtBQUNoRixFQUFBLE1BQU0sS0FBQSxHQUFRLENBQUMsR0FBRyxRQUFBLENBQVMsTUFBTSxDQUFBLENBQUUsS0FBSyxDQUFDLENBQUEsRUFBRyxNQUFPLENBQUEsS0FBTSxTQUFBLEdBQVksS0FBSyxDQUFBLEtBQU0sU0FBQSxHQUFZLElBQUksQ0FBQSxDQUFFLGFBQUEsQ0FBYyxDQUFDLENBQUUsQ0FBQTtBQUNuSCxFQUFBLEtBQUEsTUFBVyxRQUFRLEtBQUEsRUFBTztBQUN4QixJQUFBLEdBQUEsQ0FBSSxLQUFLLElBQUEsS0FBUyxTQUFBLEdBQVksV0FBQSxHQUFjLENBQUEsU0FBQSxFQUFZLElBQUksQ0FBQSxDQUFBLENBQUcsQ0FBQTtBQUMvRCxJQUFBLEtBQUEsTUFBVyxDQUFDLENBQUEsRUFBRyxDQUFDLENBQUEsSUFBSyxNQUFBLENBQU8sUUFBUSxRQUFBLENBQVMsR0FBQSxDQUFJLElBQUksQ0FBRSxDQUFBLEVBQUc7QUFDeEQsTUFBQSxHQUFBLENBQUksSUFBQSxDQUFLLENBQUEsRUFBRyxDQUFDLENBQUEsR0FBQSxFQUFNLFFBQUEsQ0FBUyxJQUFBLENBQUssQ0FBQyxDQUFBLEdBQUksSUFBQSxDQUFLLFNBQUEsQ0FBVSxDQUFDLENBQUEsR0FBSSxDQUFDLENBQUEsQ0FBRSxDQUFBO0FBQUEsSUFDL0Q7QUFDQSxJQUFBLEdBQUEsQ0FBSSxLQUFLLEVBQUUsQ0FBQTtBQUFBLEVBQ2I7QUFDQSxFQUFBLE9BQU8sR0FBQSxDQUFJLEtBQUssSUFBSSxDQUFBO0FBQ3RCOztBQ1ZPLFNBQVMsUUFBUSxJQUFBLEVBQW1EO0FBQ3pFLEVBQUEsTUFBTSxRQUFBLHVCQUFlLEdBQUEsRUFBb0M7QUFDekQsRUFBQSxJQUFJLE9BQUEsR0FBVSxTQUFBO0FBQ2QsRUFBQSxRQUFBLENBQVMsR0FBQSxDQUFJLE9BQUEsRUFBUyxFQUFFLENBQUE7QUFDeEIsRUFBQSxNQUFNLEtBQUEsR0FBUSxJQUFBLENBQUssS0FBQSxDQUFNLE9BQU8sQ0FBQTtBQUNoQyxFQUFBLEtBQUEsSUFBUyxDQUFBLEdBQUksQ0FBQSxFQUFHLENBQUEsR0FBSSxLQUFBLENBQU0sUUFBUSxDQUFBLEVBQUEsRUFBSztBQUNyQyxJQUFBLE1BQU0sSUFBQSxHQUFPLE1BQU0sQ0FBQyxDQUFBLENBQUUsUUFBUSxTQUFBLEVBQVcsRUFBRSxFQUFFLElBQUEsRUFBSztBQUNsRCxJQUFBLElBQUksQ0FBQyxJQUFBLEVBQU07QUFDWCxJQUFBLE1BQU0sTUFBQSxHQUFTLGdDQUFBLENBQWlDLElBQUEsQ0FBSyxJQUFJLENBQUE7QUFDekQsSUFBQSxJQUFJLE1BQUEsRUFBUTtBQUNWLE1BQUEsT0FBQSxHQUFVLE9BQU8sQ0FBQyxDQUFBO0FBQ2xCLE1BQUEsSUFBSSxDQUFDLFNBQVMsR0FBQSxDQUFJLE9BQU8sR0FBRyxRQUFBLENBQVMsR0FBQSxDQUFJLE9BQUEsRUFBUyxFQUFFLENBQUE7QUFDcEQsTUFBQTtBQUFBLElBQ0Y7QUFDQSxJQUFBLE1BQU0sRUFBQSxHQUFLLHVCQUFBLENBQXdCLElBQUEsQ0FBSyxJQUFJLENBQUE7QUFDNUMsSUFBQSxJQUFJLENBQUMsRUFBQSxFQUFJO0FBQ1AsTUFBQSxNQUFNLElBQUksT0FBQSxDQUFRLFFBQUEsRUFBVSxDQUFBLEVBQUcsWUFBWSxDQUFBLENBQUEsRUFBSSxDQUFBLEdBQUksQ0FBQyxDQUFBLGdCQUFBLEVBQW1CLEtBQUEsQ0FBTSxDQUFDLENBQUMsQ0FBQSxDQUFBLENBQUcsQ0FBQTtBQUFBLElBQ3BGO0FBQ0EsSUFBQSxRQUFBLENBQVMsR0FBQSxDQUFJLE9BQU8sQ0FBQSxDQUFHLEVBQUEsQ0FBRyxDQUFDLENBQUMsQ0FBQSxHQUFJLEVBQUEsQ0FBRyxDQUFDLENBQUEsQ0FBRSxPQUFBLENBQVEsVUFBQSxFQUFZLElBQUksQ0FBQTtBQUFBLEVBQ2hFO0FBQ0EsRUFBQSxPQUFPLFFBQUE7QUFDVDtBQUVPLFNBQVMsVUFBQSxDQUFXLE9BQUEsR0FBdUIsRUFBQyxFQUFhO0FBQzlELEVBQUEsTUFBTSxHQUFBLEdBQU0sT0FBQSxDQUFRLEdBQUEsSUFBTyxTQUFBLEVBQVU7QUFDckMsRUFBQSxNQUFNLE1BQUEsR0FBU0YsY0FBQSxDQUFLLEdBQUEsRUFBSyxZQUFZLENBQUE7QUFDckMsRUFBQSxNQUFNLFFBQUEsR0FBV3VCLGtCQUFBLENBQVcsTUFBTSxDQUFBLEdBQUksT0FBQSxDQUFRQyxvQkFBQSxDQUFhLE1BQUEsRUFBUSxNQUFNLENBQUMsQ0FBQSxtQkFBSSxJQUFJLEdBQUEsRUFBb0M7QUFDdEgsRUFBQSxNQUFNLE9BQUEsR0FBVSxjQUFjLE9BQUEsQ0FBUSxPQUFBLElBQVcsUUFBUSxHQUFBLENBQUksR0FBQSxDQUFJLE9BQU8sQ0FBQSxFQUFHLFFBQVEsQ0FBQTtBQUVuRixFQUFBLE1BQU0sTUFBQSxHQUFtQixFQUFFLEdBQUcsY0FBQSxFQUFnQixPQUFBLEVBQVMsT0FBTyxFQUFDLEVBQUcsS0FBQSxFQUFPLEVBQUMsRUFBRTtBQUM1RSxFQUFBLE1BQU0sU0FBUyxDQUFDLFFBQUEsQ0FBUyxHQUFBLENBQUksU0FBUyxLQUFLLEVBQUMsRUFBRyxPQUFBLEtBQVksU0FBQSxHQUFZLEVBQUMsR0FBSSxRQUFBLENBQVMsSUFBSSxPQUFPLENBQUEsSUFBSyxFQUFFLENBQUE7QUFDdkcsRUFBQSxLQUFBLE1BQVcsU0FBUyxNQUFBLEVBQVE7QUFDMUIsSUFBQSxLQUFBLE1BQVcsQ0FBQyxHQUFBLEVBQUssR0FBRyxLQUFLLE1BQUEsQ0FBTyxPQUFBLENBQVEsS0FBSyxDQUFBLEVBQUc7QUFDOUMsTUFBQSxJQUFJLEdBQUEsQ0FBSSxVQUFBLENBQVcsT0FBTyxDQUFBLEVBQUc7QUFDM0IsUUFBQSxNQUFBLENBQU8sS0FBQSxDQUFNLElBQUksS0FBQSxDQUFNLENBQUMsQ0FBQyxDQUFBLEdBQUksR0FBQSxLQUFRLFVBQVUsR0FBQSxLQUFRLEdBQUE7QUFBQSxNQUN6RCxXQUFXLEdBQUEsSUFBTyxjQUFBLElBQWtCLEdBQUEsS0FBUSxRQUFBLElBQVksUUFBUSxnQkFBQSxFQUFrQjtBQUNoRixRQUFDLE1BQUEsQ0FBOEMsR0FBRyxDQUFBLEdBQUksYUFBQSxDQUFjLEtBQUssR0FBRyxDQUFBO0FBQUEsTUFDOUUsQ0FBQSxNQUFPO0FBQ0wsUUFBQSxNQUFBLENBQU8sS0FBQSxDQUFNLEdBQUcsQ0FBQSxHQUFJLEdBQUE7QUFBQSxNQUN0QjtBQUFBLElBQ0Y7QUFBQSxFQUNGO0FBR0EsRUFBQSxJQUFJLE9BQUEsQ0FBUSxHQUFBLENBQUksR0FBQSxDQUFJLE1BQU0sQ0FBQSxFQUFHLE1BQUEsQ0FBTyxNQUFBLEdBQVMsYUFBQSxDQUFjLFFBQUEsRUFBVSxPQUFBLENBQVEsR0FBQSxDQUFJLEdBQUEsQ0FBSSxNQUFNLENBQUMsQ0FBQTtBQUM1RixFQUFBLElBQUksT0FBQSxDQUFRLEdBQUEsQ0FBSSxHQUFBLENBQUksV0FBVyxDQUFBLEVBQUc7QUFDaEMsSUFBQSxNQUFBLENBQU8sY0FBYyxhQUFBLENBQWMsYUFBQSxFQUFlLFFBQVEsR0FBQSxDQUFJLEdBQUEsQ0FBSSxXQUFXLENBQUMsQ0FBQTtBQUFBLEVBQ2hGO0FBQ0EsRUFBQSxJQUFJLE9BQUEsQ0FBUSxJQUFJLFdBQVcsQ0FBQSxJQUFLLFFBQVEsR0FBQSxDQUFJLFlBQUEsS0FBaUIsR0FBQSxFQUFLLE1BQUEsQ0FBTyxTQUFBLEdBQVksS0FBQTtBQUNyRixFQUFBLElBQUksT0FBQSxDQUFRLEdBQUEsQ0FBSSxRQUFBLEtBQWEsTUFBQSxTQUFrQixLQUFBLEdBQVEsS0FBQTtBQUN2RCxFQUFBLE9BQU8sTUFBQTtBQUNUOztBQy9ETyxNQUFNLGFBQUEsR0FBeUI7QUFBQSxFQUNwQyxJQUFBLEVBQU0sUUFBQTtBQUFBLEVBQ04sT0FBQSxFQUFTLG9DQUFBO0FBQUEsRUFDVCxLQUFBLEVBQU8sa0ZBQWtGLE1BQUEsQ0FBTyxJQUFBLENBQUssTUFBTSxDQUFBLENBQUUsSUFBQSxDQUFLLElBQUksQ0FBQyxDQUFBLENBQUEsQ0FBQTtBQUFBLEVBQ3ZILE1BQU0sR0FBQSxDQUFJLEVBQUUsSUFBQSxFQUFNLE1BQUEsRUFBUSxRQUFPLEVBQUc7QUFDbEMsSUFBQSxNQUFNLENBQUMsTUFBQSxHQUFTLE1BQUEsRUFBUSxHQUFBLEVBQUssS0FBSyxJQUFJLElBQUEsQ0FBSyxXQUFBO0FBQzNDLElBQUEsTUFBTSxJQUFBLEdBQU94QixjQUFBLENBQUssU0FBQSxFQUFVLEVBQUcsWUFBWSxDQUFBO0FBQzNDLElBQUEsTUFBTSxXQUFXdUIsa0JBQUEsQ0FBVyxJQUFJLElBQUksT0FBQSxDQUFRQyxvQkFBQSxDQUFhLE1BQU0sTUFBTSxDQUFDLENBQUEsbUJBQUksSUFBSSxJQUFvQyxDQUFDLENBQUMsV0FBVyxFQUFFLENBQUMsQ0FBQyxDQUFBO0FBQ25JLElBQUEsTUFBTSxVQUFVLFFBQUEsQ0FBUyxHQUFBLENBQUksTUFBQSxDQUFPLE9BQU8sS0FBSyxFQUFDO0FBRWpELElBQUEsUUFBUSxNQUFBO0FBQVEsTUFDZCxLQUFLLE1BQUE7QUFDSCxRQUFBLE9BQUEsQ0FBUSxNQUFBLENBQU8sS0FBQSxDQUFNLFVBQUEsQ0FBVyxFQUFFLE9BQUEsRUFBUyxNQUFBLENBQU8sT0FBQSxFQUFTLFNBQUEsRUFBVyxNQUFBLEVBQVEsSUFBQSxFQUFNLENBQUMsQ0FBQTtBQUNyRixRQUFBLE9BQU8sUUFBQSxDQUFTLEVBQUE7QUFBQSxNQUNsQixLQUFLLEtBQUEsRUFBTztBQUNWLFFBQUEsSUFBSSxDQUFDLEdBQUEsRUFBSyxNQUFNLElBQUksT0FBQSxDQUFRLFNBQVMsbUJBQW1CLENBQUE7QUFDeEQsUUFBQSxNQUFNLElBQUssTUFBQSxDQUE4QyxHQUFHLENBQUEsSUFBSyxNQUFBLENBQU8sTUFBTSxHQUFHLENBQUE7QUFDakYsUUFBQSxJQUFJLENBQUEsS0FBTSxNQUFBLEVBQVcsT0FBTyxRQUFBLENBQVMsT0FBQTtBQUNyQyxRQUFBLE9BQUEsQ0FBUSxNQUFBLENBQU8sS0FBQSxDQUFNLENBQUEsRUFBRyxPQUFPLENBQUEsS0FBTSxRQUFBLEdBQVcsSUFBQSxDQUFLLFNBQUEsQ0FBVSxDQUFDLENBQUEsR0FBSSxNQUFBLENBQU8sQ0FBQyxDQUFDO0FBQUEsQ0FBSSxDQUFBO0FBQ2pGLFFBQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLE1BQ2xCO0FBQUEsTUFDQSxLQUFLLEtBQUEsRUFBTztBQUNWLFFBQUEsSUFBSSxDQUFDLE9BQU8sS0FBQSxLQUFVLE1BQUEsUUFBaUIsSUFBSSxPQUFBLENBQVEsU0FBUyx5QkFBeUIsQ0FBQTtBQUNyRixRQUFBLGFBQUEsQ0FBYyxLQUFLLEtBQUssQ0FBQTtBQUN4QixRQUFBLE9BQUEsQ0FBUSxHQUFHLENBQUEsR0FBSSxLQUFBO0FBQ2YsUUFBQTtBQUFBLE1BQ0Y7QUFBQSxNQUNBLEtBQUssT0FBQTtBQUNILFFBQUEsSUFBSSxDQUFDLEdBQUEsRUFBSyxNQUFNLElBQUksT0FBQSxDQUFRLFNBQVMscUJBQXFCLENBQUE7QUFDMUQsUUFBQSxPQUFPLFFBQVEsR0FBRyxDQUFBO0FBQ2xCLFFBQUE7QUFBQSxNQUNGO0FBQ0UsUUFBQSxNQUFNLElBQUksT0FBQSxDQUFRLE9BQUEsRUFBUyxDQUFBLGdCQUFBLEVBQW1CLE1BQU0sQ0FBQSxDQUFBLENBQUcsQ0FBQTtBQUFBO0FBRTNELElBQUEsUUFBQSxDQUFTLEdBQUEsQ0FBSSxNQUFBLENBQU8sT0FBQSxFQUFTLE9BQU8sQ0FBQTtBQUNwQyxJQUFBLE1BQU0sZUFBQSxDQUFnQixJQUFBLEVBQU0sV0FBQSxDQUFZLFFBQVEsR0FBRyxHQUFLLENBQUE7QUFDeEQsSUFBQSxNQUFBLENBQU8sSUFBQSxDQUFLLENBQUEsUUFBQSxFQUFXLElBQUksQ0FBQSxDQUFFLENBQUE7QUFDN0IsSUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsRUFDbEI7QUFDRixDQUFBOztBQ2pEQSxNQUFNLGtCQUF1RCxFQUFFLEdBQUEsRUFBSyxHQUFHLEdBQUEsRUFBSyxDQUFBLEVBQUcsS0FBSyxDQUFBLEVBQUU7QUFDdEYsTUFBTSxTQUE4QyxFQUFFLEdBQUEsRUFBSyxLQUFLLEdBQUEsRUFBSyxRQUFBLEVBQVUsS0FBSyxJQUFBLEVBQUs7QUFHbEYsU0FBUyxXQUFBLENBQVksUUFBZ0IsUUFBQSxFQUF1QztBQUNqRixFQUFBLE1BQU0sTUFBQSxHQUFTLGdCQUFnQixRQUFRLENBQUE7QUFDdkMsRUFBQSxNQUFNLEtBQUEsR0FBQSxDQUFTLE1BQUEsR0FBUyxFQUFBLElBQU0sTUFBQSxFQUFRLFFBQVEsTUFBTSxDQUFBO0FBQ3BELEVBQUEsTUFBTSxDQUFDLEdBQUEsRUFBSyxJQUFJLENBQUEsR0FBSSxLQUFBLENBQU0sTUFBTSxHQUFHLENBQUE7QUFDbkMsRUFBQSxNQUFNLE9BQUEsR0FBVSxHQUFBLENBQUksT0FBQSxDQUFRLHVCQUFBLEVBQXlCLEdBQUcsQ0FBQTtBQUN4RCxFQUFBLE9BQU8sR0FBRyxNQUFBLENBQU8sUUFBUSxDQUFDLENBQUEsRUFBRyxPQUFPLElBQUksSUFBSSxDQUFBLENBQUE7QUFDOUM7QUFHTyxTQUFTLFlBQVksUUFBQSxFQUFnRTtBQUMxRixFQUFBLE1BQU0sTUFBQSx1QkFBYSxHQUFBLEVBQWlDO0FBQ3BELEVBQUEsS0FBQSxNQUFXLE9BQU8sUUFBQSxFQUFVO0FBQzFCLElBQUEsSUFBSSxHQUFBLENBQUksV0FBVyxNQUFBLEVBQVE7QUFDM0IsSUFBQSxNQUFBLENBQU8sR0FBQSxDQUFJLEdBQUEsQ0FBSSxRQUFBLEVBQUEsQ0FBVyxNQUFBLENBQU8sR0FBQSxDQUFJLElBQUksUUFBUSxDQUFBLElBQUssQ0FBQSxJQUFLLEdBQUEsQ0FBSSxTQUFTLENBQUE7QUFBQSxFQUMxRTtBQUNBLEVBQUEsT0FBTyxNQUFBO0FBQ1Q7QUFNTyxNQUFNLFdBQUEsR0FBYztBQUFBLEVBQ3pCLEVBQUUsSUFBQSxFQUFNLEdBQUEsRUFBUSxVQUFBLEVBQVksQ0FBQSxFQUFFO0FBQUEsRUFDOUIsRUFBRSxJQUFBLEVBQU0sR0FBQSxFQUFTLFVBQUEsRUFBWSxHQUFBLEVBQUk7QUFBQSxFQUNqQyxFQUFFLElBQUEsRUFBTSxHQUFBLEVBQVcsVUFBQSxFQUFZLEdBQUEsRUFBSTtBQUFBLEVBQ25DLEVBQUUsSUFBQSxFQUFNLFFBQUEsRUFBVSxVQUFBLEVBQVksR0FBQTtBQUNoQyxDQUFBO0FBRU8sU0FBUyxpQkFBaUIsT0FBQSxFQUF5QjtBQUN4RCxFQUFBLElBQUksU0FBQSxHQUFZLE9BQUE7QUFDaEIsRUFBQSxJQUFJLElBQUEsR0FBTyxDQUFBO0FBQ1gsRUFBQSxJQUFJLEtBQUEsR0FBUSxDQUFBO0FBQ1osRUFBQSxLQUFBLE1BQVcsUUFBUSxXQUFBLEVBQWE7QUFDOUIsSUFBQSxNQUFNLFNBQVMsSUFBQSxDQUFLLEdBQUEsQ0FBSSxTQUFBLEVBQVcsSUFBQSxDQUFLLE9BQU8sSUFBSSxDQUFBO0FBQ25ELElBQUEsSUFBSSxVQUFVLENBQUEsRUFBRztBQUNqQixJQUFBLEtBQUEsSUFBUyxJQUFBLENBQUssSUFBQSxDQUFNLE1BQUEsR0FBUyxHQUFBLEdBQVEsS0FBSyxVQUFVLENBQUE7QUFDcEQsSUFBQSxTQUFBLElBQWEsTUFBQTtBQUNiLElBQUEsSUFBQSxHQUFPLElBQUEsQ0FBSyxJQUFBO0FBQUEsRUFDZDtBQUNBLEVBQUEsT0FBTyxLQUFBO0FBQ1Q7O0FDdkNBLE1BQU0sZUFBQSxHQUFrQiw2Q0FBQTtBQUN4QixNQUFNLFVBQUEsR0FBYSwyQkFBQTtBQVFuQixTQUFTLFNBQUEsR0FBb0I7QUFDM0IsRUFBQSxPQUFPLE9BQUEsQ0FBUSxHQUFBLENBQUksR0FBQSxDQUFJLFNBQVMsQ0FBQSxJQUFLLGVBQUE7QUFDdkM7QUF5QkEsZUFBc0IsbUJBQW1CLFFBQUEsRUFBc0M7QUFDN0UsRUFBQSxNQUFNLElBQUEsR0FBTyxNQUFNLFVBQUEsQ0FBVyxLQUFBLEVBQU8sc0JBQXNCLGtCQUFBLENBQW1CLFFBQVEsQ0FBQyxDQUFBLFNBQUEsQ0FBVyxDQUFBO0FBQ2xHLEVBQUEsT0FBUSxJQUFBLENBQUssS0FBQSxDQUFNLElBQUksQ0FBQSxDQUEwQixJQUFBO0FBQ25EO0FBRUEsU0FBUyxVQUFBLENBQVcsTUFBQSxFQUF3QixJQUFBLEVBQWMsTUFBQSxFQUFtRDtBQUMzRyxFQUFBLE1BQU0sSUFBQSxHQUFxQyxNQUFBO0FBQzNDLEVBQUEsT0FBTyxJQUFJLE9BQUEsQ0FBUSxDQUFDLE9BQUEsRUFBUyxNQUFBLEtBQVc7QUFDdEMsSUFBQSxNQUFNLEdBQUEsR0FBTUosa0JBQUE7QUFBQSxNQUNWLENBQUEsRUFBRyxVQUFVLENBQUEsRUFBRyxJQUFJLENBQUEsQ0FBQTtBQUFBLE1BQ3BCO0FBQUEsUUFDRSxNQUFBO0FBQUEsUUFDQSxJQUFBLEVBQU0sQ0FBQSxFQUFHLFNBQUEsRUFBVyxDQUFBLENBQUEsQ0FBQTtBQUFBLFFBQ3BCLFNBQTBFO0FBQUMsT0FDN0U7QUFBQSxNQUNBLENBQUMsR0FBQSxLQUFRO0FBQ1AsUUFBQSxJQUFJLElBQUEsR0FBTyxFQUFBO0FBQ1gsUUFBQSxHQUFBLENBQUksRUFBQSxDQUFHLE1BQUEsRUFBUSxDQUFDLENBQUEsS0FBTyxRQUFRLENBQUUsQ0FBQTtBQUNqQyxRQUFBLEdBQUEsQ0FBSSxHQUFHLEtBQUEsRUFBTyxNQUFBLENBQVEsSUFBSSxVQUFBLElBQWMsR0FBQSxJQUFPLE1BQU0sT0FBQSxDQUFRLElBQUksQ0FBQSxHQUFJLE1BQUEsQ0FBTyxJQUFJLEtBQUEsQ0FBTSxDQUFBLE9BQUEsRUFBVSxJQUFJLFVBQVUsQ0FBQSxDQUFFLENBQUMsQ0FBRSxDQUFBO0FBQUEsTUFDckg7QUFBQSxLQUNGO0FBQ0EsSUFBQSxHQUFBLENBQUksRUFBQSxDQUFHLFNBQVMsTUFBTSxDQUFBO0FBQ3RCLElBQUEsR0FBQSxDQUFJLElBQUksSUFBSSxDQUFBO0FBQUEsRUFDZCxDQUFDLENBQUE7QUFDSDs7QUMzRE8sTUFBTSxXQUFBLEdBQWM7QUFBQSxFQUN6QixxQ0FBQTtBQUFBLEVBQ0EscUNBQUE7QUFBQSxFQUNBO0FBQ0YsQ0FBQTtBQUVBLE1BQU0sU0FBQSxHQUFZLDRDQUFBO0FBR1gsU0FBUyxhQUFBLEdBQXlCO0FBQ3ZDLEVBQUEsTUFBTSxJQUFBLEdBQU8sT0FBQSxDQUFRLEdBQUEsQ0FBSSxvQkFBQSxJQUF3QkssZ0JBQUEsRUFBUztBQUMxRCxFQUFBLE9BQU8sVUFBVSxJQUFBLENBQUssSUFBSSxDQUFBLElBQUssV0FBQSxDQUFZLFNBQVMsSUFBb0MsQ0FBQTtBQUMxRjtBQUdPLFNBQVMsV0FBVyxVQUFBLEVBQTRCO0FBQ3JELEVBQUEsSUFBSSxDQUFDLGtCQUFBLENBQW1CLElBQUEsQ0FBSyxVQUFVLENBQUEsRUFBRztBQUN4QyxJQUFBLE1BQU0sSUFBSSxLQUFBLENBQU0sQ0FBQSxpQkFBQSxFQUFvQixVQUFVLENBQUEsQ0FBRSxDQUFBO0FBQUEsRUFDbEQ7QUFDQSxFQUFBLE9BQU8sQ0FBQSxFQUFHLFNBQUEsQ0FBVSxTQUFTLENBQUEsVUFBQSxFQUFhLFVBQVUsQ0FBQSxDQUFBO0FBQ3REO0FBTU8sU0FBUyxRQUFRLElBQUEsRUFBc0I7QUFDNUMsRUFBQSxPQUFPLFVBQVUsSUFBSSxDQUFBLG9DQUFBLEVBQXVDLElBQUksQ0FBQSxDQUFBLEVBQUksV0FBQSxDQUFZLENBQUMsQ0FBQyxDQUFBLENBQUE7QUFDcEY7O0FDdkJPLE1BQU0sY0FBQSxHQUEwQjtBQUFBLEVBQ3JDLElBQUEsRUFBTSxTQUFBO0FBQUEsRUFDTixPQUFBLEVBQVMsb0JBQUE7QUFBQSxFQUNULEtBQUEsRUFBTywwREFBQTtBQUFBLEVBQ1AsTUFBTSxHQUFBLENBQUksRUFBRSxJQUFBLEVBQU0sTUFBQSxFQUFRLFFBQU8sRUFBRztBQUNsQyxJQUFBLE1BQU0sQ0FBQyxNQUFBLEdBQVMsVUFBQSxFQUFZLEdBQUcsSUFBSSxJQUFBLENBQUssV0FBQTtBQUV4QyxJQUFBLElBQUksV0FBVyxTQUFBLEVBQVc7QUFDeEIsTUFBQSxJQUFJLENBQUMsWUFBQSxDQUFhLFNBQUEsQ0FBVSxnQkFBZ0IsQ0FBQSxFQUFHO0FBQzdDLFFBQUEsTUFBTSxJQUFJLE9BQUEsQ0FBUSxPQUFBLEVBQVMsdURBQXVELENBQUE7QUFBQSxNQUNwRjtBQUNBLE1BQUEsTUFBTSxPQUFBLEdBQVUsT0FBTyxHQUFHLENBQUE7QUFDMUIsTUFBQSxJQUFJLENBQUMsTUFBQSxDQUFPLFFBQUEsQ0FBUyxPQUFPLENBQUEsSUFBSyxPQUFBLEdBQVUsQ0FBQSxFQUFHLE1BQU0sSUFBSSxPQUFBLENBQVEsT0FBQSxFQUFTLDRCQUE0QixDQUFBO0FBQ3JHLE1BQUEsTUFBQSxDQUFPLElBQUEsQ0FBSyxDQUFBLEVBQUcsT0FBTyxDQUFBLDBCQUFBLEVBQTZCLFdBQUEsQ0FBWSxpQkFBaUIsT0FBTyxDQUFBLEVBQUcsS0FBSyxDQUFDLENBQUEsVUFBQSxDQUFZLENBQUE7QUFDNUcsTUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsSUFDbEI7QUFFQSxJQUFBLElBQUksV0FBVyxXQUFBLEVBQWE7QUFFMUIsTUFBQSxJQUFJLENBQUMsZUFBYyxFQUFHLE1BQU0sSUFBSSxPQUFBLENBQVEsT0FBQSxFQUFTLENBQUEsZ0JBQUEsRUFBbUIsTUFBTSxDQUFBLENBQUEsQ0FBRyxDQUFBO0FBQzdFLE1BQUEsTUFBTSxRQUFBLEdBQVcsR0FBQSxJQUFPLFVBQUEsQ0FBVyxJQUFBLEVBQU0sVUFBVSxDQUFBO0FBQ25ELE1BQUEsTUFBTSxNQUFBLEdBQVMsTUFBTSxrQkFBQSxDQUFtQixRQUFRLENBQUE7QUFDaEQsTUFBQSxNQUFBLENBQU8sS0FBSyxDQUFBLFdBQUEsRUFBYyxNQUFBLENBQU8sTUFBTSxDQUFBLGNBQUEsRUFBaUIsUUFBUSxDQUFBLENBQUUsQ0FBQTtBQUNsRSxNQUFBLE9BQU8sUUFBQSxDQUFTLEVBQUE7QUFBQSxJQUNsQjtBQUVBLElBQUEsTUFBTSxHQUFBLEdBQU0sSUFBSSxTQUFBLENBQVUsTUFBTSxDQUFBO0FBQ2hDLElBQUEsTUFBTSxRQUFBLEdBQVcsTUFBTSxPQUFBLENBQVEsUUFBQSxDQUFrQixLQUFLLEtBQUEsQ0FBTSxRQUFBLEVBQVUsRUFBRSxDQUFBLEVBQUcsRUFBRSxDQUFBO0FBQzdFLElBQUEsT0FBQSxDQUFRLE1BQUEsQ0FBTyxLQUFBO0FBQUEsTUFDYixZQUFZLFFBQUEsRUFBVTtBQUFBLFFBQ3BCLEVBQUUsTUFBQSxFQUFRLFFBQUEsRUFBVSxLQUFLLENBQUMsQ0FBQSxLQUFNLEVBQUUsTUFBQSxFQUFPO0FBQUEsUUFDekMsRUFBRSxRQUFRLFFBQUEsRUFBVSxHQUFBLEVBQUssQ0FBQyxDQUFBLEtBQU0sQ0FBQSxFQUFHLEVBQUUsV0FBQSxDQUFZLEtBQUEsQ0FBTSxHQUFHLEVBQUUsQ0FBQyxPQUFPLENBQUEsQ0FBRSxTQUFBLENBQVUsTUFBTSxDQUFBLEVBQUcsRUFBRSxDQUFDLENBQUEsQ0FBQSxFQUFHO0FBQUEsUUFDL0YsRUFBRSxNQUFBLEVBQVEsUUFBQSxFQUFVLEdBQUEsRUFBSyxDQUFDLENBQUEsS0FBTSxXQUFBLENBQVksQ0FBQSxDQUFFLFNBQUEsRUFBVyxDQUFBLENBQUUsUUFBUSxDQUFBLEVBQUcsT0FBTyxPQUFBLEVBQVE7QUFBQSxRQUNyRixFQUFFLE1BQUEsRUFBUSxRQUFBLEVBQVUsR0FBQSxFQUFLLENBQUMsQ0FBQSxLQUFPLENBQUEsQ0FBRSxNQUFBLEtBQVcsTUFBQSxHQUFTNUIsRUFBTSxNQUFBLENBQU8sQ0FBQSxDQUFFLE1BQU0sQ0FBQSxHQUFJLEVBQUUsTUFBQTtBQUFRLE9BQzNGO0FBQUEsS0FDSDtBQUNBLElBQUEsS0FBQSxNQUFXLENBQUMsUUFBQSxFQUFVLEtBQUssQ0FBQSxJQUFLLFdBQUEsQ0FBWSxRQUFRLENBQUEsRUFBRztBQUNyRCxNQUFBLE1BQUEsQ0FBTyxLQUFLLENBQUEsYUFBQSxFQUFnQixXQUFBLENBQVksS0FBQSxFQUFPLFFBQVEsQ0FBQyxDQUFBLENBQUUsQ0FBQTtBQUFBLElBQzVEO0FBQ0EsSUFBQSxJQUFJLFlBQUEsQ0FBYSxTQUFBLENBQVUsZ0JBQWdCLENBQUEsRUFBRztBQUM1QyxNQUFBLE1BQUEsQ0FBTyxJQUFBLENBQUtBLENBQUEsQ0FBTSxJQUFBLENBQUssbUVBQW1FLENBQUMsQ0FBQTtBQUFBLElBQzdGO0FBQ0EsSUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsRUFDbEI7QUFDRixDQUFBOzs7Ozs7Ozs7OztBQzVEQTtBQUNBO0FBQ0EsQ0FBQSxNQUFNLG1CQUFtQixHQUFHOztBQUU1QixDQUFBLE1BQU0sVUFBVSxHQUFHO0FBQ25CLENBQUEsTUFBTSxnQkFBZ0IsR0FBRyxNQUFNLENBQUMsZ0JBQWdCOzRCQUNyQjs7QUFFM0I7QUFDQSxDQUFBLE1BQU0seUJBQXlCLEdBQUc7O0FBRWxDO0FBQ0E7Q0FDQSxNQUFNLHFCQUFxQixHQUFHLFVBQVUsR0FBRzs7QUFFM0M7QUFDQSxDQUFBLE1BQU0scUJBQXFCLEdBQUc7QUFDOUIsR0FBRSxJQUFJO0FBQ04sR0FBRSxJQUFJO0FBQ04sR0FBRSxJQUFJO0FBQ04sR0FBRSxJQUFJO0FBQ04sR0FBRSxJQUFJO0FBQ04sR0FBRSxHQUFHO0FBQ0wsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1YsR0FBRSxRQUFRO0FBQ1Y7O0FBRUEsQ0FBQSxNQUFNLGFBQWEsR0FBRztBQUN0QixHQUFFLE9BQU87QUFDVCxHQUFFLFVBQVU7QUFDWixHQUFFLE9BQU87QUFDVCxHQUFFLFVBQVU7QUFDWixHQUFFLE9BQU87QUFDVCxHQUFFLFVBQVU7QUFDWixHQUFFLFlBQVk7QUFDZDs7QUFFQSxDQUFBLFNBQWMsR0FBRztBQUNqQixHQUFFLFVBQVU7QUFDWixHQUFFLHlCQUF5QjtBQUMzQixHQUFFLHFCQUFxQjtBQUN2QixHQUFFLGdCQUFnQjtBQUNsQixHQUFFLHFCQUFxQjtBQUN2QixHQUFFLGFBQWE7QUFDZixHQUFFLG1CQUFtQjtHQUNuQix1QkFBdUIsRUFBRSxLQUFLO0dBQzlCLFVBQVUsRUFBRSxLQUFLO0FBQ25COzs7Ozs7Ozs7OztBQ2hFQSxDQUFBLE1BQU0sS0FBSyxHQUFHO0dBQ1osT0FBTyxPQUFPLEtBQUssUUFBUTtHQUMzQixPQUFPLENBQUMsR0FBRztBQUNiLEdBQUUsT0FBTyxDQUFDLEdBQUcsQ0FBQyxVQUFVO0dBQ3RCLGFBQWEsQ0FBQyxJQUFJLENBQUMsT0FBTyxDQUFDLEdBQUcsQ0FBQyxVQUFVO0tBQ3ZDLENBQUMsR0FBRyxJQUFJLEtBQUssT0FBTyxDQUFDLEtBQUssQ0FBQyxRQUFRLEVBQUUsR0FBRyxJQUFJO0FBQ2hELEtBQUksTUFBTSxDQUFBOztBQUVWLENBQUEsT0FBYyxHQUFHOzs7Ozs7Ozs7OztFQ1JqQixNQUFNO0FBQ04sSUFBRSx5QkFBeUI7QUFDM0IsSUFBRSxxQkFBcUI7QUFDdkIsSUFBRSxVQUFVO0FBQ1osR0FBQyxHQUFHNkIsZ0JBQUE7QUFDSixFQUFBLE1BQU0sS0FBSyxHQUFHQyxZQUFBO0FBQ2QsRUFBQSxPQUFPLEdBQUcsTUFBQSxDQUFBLE9BQUEsR0FBaUI7O0FBRTNCO0VBQ0EsTUFBTSxFQUFFLEdBQUcsT0FBQSxDQUFBLEVBQUEsR0FBYTtFQUN4QixNQUFNLE1BQU0sR0FBRyxPQUFBLENBQUEsTUFBQSxHQUFpQjtFQUNoQyxNQUFNLEdBQUcsR0FBRyxPQUFBLENBQUEsR0FBQSxHQUFjO0VBQzFCLE1BQU0sT0FBTyxHQUFHLE9BQUEsQ0FBQSxPQUFBLEdBQWtCO0VBQ2xDLE1BQU0sQ0FBQyxHQUFHLE9BQUEsQ0FBQSxDQUFBLEdBQVk7QUFDdEIsRUFBQSxJQUFJLENBQUMsR0FBRzs7QUFFUixFQUFBLE1BQU0sZ0JBQWdCLEdBQUc7O0FBRXpCO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBLEVBQUEsTUFBTSxxQkFBcUIsR0FBRztBQUM5QixJQUFFLENBQUMsS0FBSyxFQUFFLENBQUMsQ0FBQztBQUNaLElBQUUsQ0FBQyxLQUFLLEVBQUUsVUFBVSxDQUFDO0FBQ3JCLElBQUUsQ0FBQyxnQkFBZ0IsRUFBRSxxQkFBcUIsQ0FBQztBQUMzQzs7QUFFQSxFQUFBLE1BQU0sYUFBYSxHQUFHLENBQUMsS0FBSyxLQUFLO0lBQy9CLEtBQUssTUFBTSxDQUFDLEtBQUssRUFBRSxHQUFHLENBQUMsSUFBSSxxQkFBcUIsRUFBRTtBQUNwRCxNQUFJLEtBQUssR0FBRztTQUNMLEtBQUssQ0FBQyxDQUFDLEVBQUUsS0FBSyxDQUFDLENBQUMsQ0FBQyxDQUFDLENBQUMsSUFBSSxDQUFDLENBQUMsRUFBRSxLQUFLLENBQUMsR0FBRyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUM7U0FDNUMsS0FBSyxDQUFDLENBQUMsRUFBRSxLQUFLLENBQUMsQ0FBQyxDQUFDLENBQUMsQ0FBQyxJQUFJLENBQUMsQ0FBQyxFQUFFLEtBQUssQ0FBQyxHQUFHLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQztBQUNuRCxJQUFBO0FBQ0EsSUFBRSxPQUFPO0FBQ1QsRUFBQTs7RUFFQSxNQUFNLFdBQVcsR0FBRyxDQUFDLElBQUksRUFBRSxLQUFLLEVBQUUsUUFBUSxLQUFLO0FBQy9DLElBQUUsTUFBTSxJQUFJLEdBQUcsYUFBYSxDQUFDLEtBQUs7SUFDaEMsTUFBTSxLQUFLLEdBQUcsQ0FBQztBQUNqQixJQUFFLEtBQUssQ0FBQyxJQUFJLEVBQUUsS0FBSyxFQUFFLEtBQUs7QUFDMUIsSUFBRSxDQUFDLENBQUMsSUFBSSxDQUFDLEdBQUc7QUFDWixJQUFFLEdBQUcsQ0FBQyxLQUFLLENBQUMsR0FBRztBQUNmLElBQUUsT0FBTyxDQUFDLEtBQUssQ0FBQyxHQUFHO0FBQ25CLElBQUUsRUFBRSxDQUFDLEtBQUssQ0FBQyxHQUFHLElBQUksTUFBTSxDQUFDLEtBQUssRUFBRSxRQUFRLEdBQUcsR0FBRyxHQUFHLFNBQVM7QUFDMUQsSUFBRSxNQUFNLENBQUMsS0FBSyxDQUFDLEdBQUcsSUFBSSxNQUFNLENBQUMsSUFBSSxFQUFFLFFBQVEsR0FBRyxHQUFHLEdBQUcsU0FBUztBQUM3RCxFQUFBOztBQUVBO0FBQ0E7O0FBRUE7QUFDQTs7RUFFQSxXQUFXLENBQUMsbUJBQW1CLEVBQUUsYUFBYTtFQUM5QyxXQUFXLENBQUMsd0JBQXdCLEVBQUUsTUFBTTs7QUFFNUM7QUFDQTtBQUNBOztFQUVBLFdBQVcsQ0FBQyxzQkFBc0IsRUFBRSxDQUFDLGFBQWEsRUFBRSxnQkFBZ0IsQ0FBQyxDQUFDLENBQUM7O0FBRXZFO0FBQ0E7O0FBRUEsRUFBQSxXQUFXLENBQUMsYUFBYSxFQUFFLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsaUJBQWlCLENBQUMsQ0FBQyxJQUFJLENBQUM7cUJBQzFDLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsaUJBQWlCLENBQUMsQ0FBQyxJQUFJLENBQUM7cUJBQ2xDLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsaUJBQWlCLENBQUMsQ0FBQyxDQUFDLENBQUM7O0FBRWxELEVBQUEsV0FBVyxDQUFDLGtCQUFrQixFQUFFLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsc0JBQXNCLENBQUMsQ0FBQyxJQUFJLENBQUM7MEJBQy9DLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsc0JBQXNCLENBQUMsQ0FBQyxJQUFJLENBQUM7MEJBQ3ZDLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsc0JBQXNCLENBQUMsQ0FBQyxDQUFDLENBQUM7O0FBRTVEO0FBQ0E7QUFDQTtBQUNBOztFQUVBLFdBQVcsQ0FBQyxzQkFBc0IsRUFBRSxDQUFDLEdBQUcsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLG9CQUFvQjtHQUNuRSxDQUFDLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxpQkFBaUIsQ0FBQyxDQUFDLENBQUMsQ0FBQzs7RUFFL0IsV0FBVyxDQUFDLDJCQUEyQixFQUFFLENBQUMsR0FBRyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsb0JBQW9CO0dBQ3hFLENBQUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLHNCQUFzQixDQUFDLENBQUMsQ0FBQyxDQUFDOztBQUVwQztBQUNBO0FBQ0E7O0VBRUEsV0FBVyxDQUFDLFlBQVksRUFBRSxDQUFDLEtBQUssRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLG9CQUFvQjtHQUMzRCxNQUFNLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxvQkFBb0IsQ0FBQyxDQUFDLElBQUksQ0FBQzs7RUFFMUMsV0FBVyxDQUFDLGlCQUFpQixFQUFFLENBQUMsTUFBTSxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMseUJBQXlCO0dBQ3RFLE1BQU0sRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLHlCQUF5QixDQUFDLENBQUMsSUFBSSxDQUFDOztBQUUvQztBQUNBOztFQUVBLFdBQVcsQ0FBQyxpQkFBaUIsRUFBRSxDQUFDLEVBQUUsZ0JBQWdCLENBQUMsQ0FBQyxDQUFDOztBQUVyRDtBQUNBO0FBQ0E7O0VBRUEsV0FBVyxDQUFDLE9BQU8sRUFBRSxDQUFDLE9BQU8sRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLGVBQWU7R0FDbkQsTUFBTSxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsZUFBZSxDQUFDLENBQUMsSUFBSSxDQUFDOztBQUVyQztBQUNBO0FBQ0E7O0FBRUE7QUFDQTtBQUNBO0FBQ0E7O0VBRUEsV0FBVyxDQUFDLFdBQVcsRUFBRSxDQUFDLEVBQUUsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLFdBQVc7R0FDOUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLFVBQVUsQ0FBQyxDQUFDLENBQUM7SUFDcEIsR0FBRyxDQUFDLENBQUMsQ0FBQyxLQUFLLENBQUMsQ0FBQyxDQUFDLENBQUM7O0FBRWpCLEVBQUEsV0FBVyxDQUFDLE1BQU0sRUFBRSxDQUFDLENBQUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLFNBQVMsQ0FBQyxDQUFDLENBQUMsQ0FBQzs7QUFFM0M7QUFDQTtBQUNBO0VBQ0EsV0FBVyxDQUFDLFlBQVksRUFBRSxDQUFDLFFBQVEsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLGdCQUFnQjtHQUMxRCxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsZUFBZSxDQUFDLENBQUMsQ0FBQztJQUN6QixHQUFHLENBQUMsQ0FBQyxDQUFDLEtBQUssQ0FBQyxDQUFDLENBQUMsQ0FBQzs7QUFFakIsRUFBQSxXQUFXLENBQUMsT0FBTyxFQUFFLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsVUFBVSxDQUFDLENBQUMsQ0FBQyxDQUFDOztFQUU3QyxXQUFXLENBQUMsTUFBTSxFQUFFLGNBQWM7O0FBRWxDO0FBQ0E7QUFDQTtBQUNBLEVBQUEsV0FBVyxDQUFDLHVCQUF1QixFQUFFLENBQUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLHNCQUFzQixDQUFDLENBQUMsUUFBUSxDQUFDO0FBQy9FLEVBQUEsV0FBVyxDQUFDLGtCQUFrQixFQUFFLENBQUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLGlCQUFpQixDQUFDLENBQUMsUUFBUSxDQUFDOztBQUVyRSxFQUFBLFdBQVcsQ0FBQyxhQUFhLEVBQUUsQ0FBQyxTQUFTLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxnQkFBZ0IsQ0FBQyxDQUFDLENBQUMsQ0FBQztxQkFDOUMsQ0FBQyxPQUFPLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxnQkFBZ0IsQ0FBQyxDQUFDLENBQUMsQ0FBQztxQkFDcEMsQ0FBQyxPQUFPLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxnQkFBZ0IsQ0FBQyxDQUFDLENBQUMsQ0FBQztxQkFDcEMsQ0FBQyxHQUFHLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxVQUFVLENBQUMsQ0FBQyxFQUFFO3VCQUN4QixHQUFHLENBQUMsQ0FBQyxDQUFDLEtBQUssQ0FBQyxDQUFDLENBQUMsQ0FBQztxQkFDakIsQ0FBQyxJQUFJLENBQUM7O0FBRXpCLEVBQUEsV0FBVyxDQUFDLGtCQUFrQixFQUFFLENBQUMsU0FBUyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMscUJBQXFCLENBQUMsQ0FBQyxDQUFDLENBQUM7MEJBQ25ELENBQUMsT0FBTyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMscUJBQXFCLENBQUMsQ0FBQyxDQUFDLENBQUM7MEJBQ3pDLENBQUMsT0FBTyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMscUJBQXFCLENBQUMsQ0FBQyxDQUFDLENBQUM7MEJBQ3pDLENBQUMsR0FBRyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsZUFBZSxDQUFDLENBQUMsRUFBRTs0QkFDN0IsR0FBRyxDQUFDLENBQUMsQ0FBQyxLQUFLLENBQUMsQ0FBQyxDQUFDLENBQUM7MEJBQ2pCLENBQUMsSUFBSSxDQUFDOztFQUU5QixXQUFXLENBQUMsUUFBUSxFQUFFLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsSUFBSSxDQUFDLENBQUMsSUFBSSxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsV0FBVyxDQUFDLENBQUMsQ0FBQyxDQUFDO0VBQ2pFLFdBQVcsQ0FBQyxhQUFhLEVBQUUsQ0FBQyxDQUFDLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxJQUFJLENBQUMsQ0FBQyxJQUFJLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxnQkFBZ0IsQ0FBQyxDQUFDLENBQUMsQ0FBQzs7QUFFM0U7QUFDQTtBQUNBLEVBQUEsV0FBVyxDQUFDLGFBQWEsRUFBRSxDQUFDLEVBQUUsWUFBWTtBQUMxQyxnQkFBYyxTQUFTLENBQUMsRUFBRSx5QkFBeUIsQ0FBQyxFQUFFLENBQUM7QUFDdkQsZ0JBQWMsQ0FBQyxhQUFhLEVBQUUseUJBQXlCLENBQUMsSUFBSSxDQUFDO0FBQzdELGdCQUFjLENBQUMsYUFBYSxFQUFFLHlCQUF5QixDQUFDLElBQUksQ0FBQztBQUM3RCxFQUFBLFdBQVcsQ0FBQyxRQUFRLEVBQUUsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsV0FBVyxDQUFDLENBQUMsWUFBWSxDQUFDO0VBQ3pELFdBQVcsQ0FBQyxZQUFZLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxXQUFXLENBQUM7Z0JBQzlCLENBQUMsR0FBRyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsVUFBVSxDQUFDLENBQUMsRUFBRSxDQUFDO2dCQUMzQixDQUFDLEdBQUcsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLEtBQUssQ0FBQyxDQUFDLEVBQUUsQ0FBQztnQkFDdEIsQ0FBQyxZQUFZLENBQUM7RUFDNUIsV0FBVyxDQUFDLFdBQVcsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLE1BQU0sQ0FBQyxFQUFFLElBQUk7RUFDNUMsV0FBVyxDQUFDLGVBQWUsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLFVBQVUsQ0FBQyxFQUFFLElBQUk7O0FBRXBEO0FBQ0E7RUFDQSxXQUFXLENBQUMsV0FBVyxFQUFFLFNBQVM7O0FBRWxDLEVBQUEsV0FBVyxDQUFDLFdBQVcsRUFBRSxDQUFDLE1BQU0sRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLFNBQVMsQ0FBQyxDQUFDLElBQUksQ0FBQyxFQUFFLElBQUk7RUFDOUQsT0FBQSxDQUFBLGdCQUFBLEdBQTJCOztFQUUzQixXQUFXLENBQUMsT0FBTyxFQUFFLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsU0FBUyxDQUFDLENBQUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLFdBQVcsQ0FBQyxDQUFDLENBQUMsQ0FBQztFQUNqRSxXQUFXLENBQUMsWUFBWSxFQUFFLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsU0FBUyxDQUFDLENBQUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLGdCQUFnQixDQUFDLENBQUMsQ0FBQyxDQUFDOztBQUUzRTtBQUNBO0VBQ0EsV0FBVyxDQUFDLFdBQVcsRUFBRSxTQUFTOztBQUVsQyxFQUFBLFdBQVcsQ0FBQyxXQUFXLEVBQUUsQ0FBQyxNQUFNLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxTQUFTLENBQUMsQ0FBQyxJQUFJLENBQUMsRUFBRSxJQUFJO0VBQzlELE9BQUEsQ0FBQSxnQkFBQSxHQUEyQjs7RUFFM0IsV0FBVyxDQUFDLE9BQU8sRUFBRSxDQUFDLENBQUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLFNBQVMsQ0FBQyxDQUFDLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxXQUFXLENBQUMsQ0FBQyxDQUFDLENBQUM7RUFDakUsV0FBVyxDQUFDLFlBQVksRUFBRSxDQUFDLENBQUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLFNBQVMsQ0FBQyxDQUFDLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxnQkFBZ0IsQ0FBQyxDQUFDLENBQUMsQ0FBQzs7QUFFM0U7RUFDQSxXQUFXLENBQUMsaUJBQWlCLEVBQUUsQ0FBQyxDQUFDLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxJQUFJLENBQUMsQ0FBQyxLQUFLLEVBQUUsR0FBRyxDQUFDLENBQUMsQ0FBQyxVQUFVLENBQUMsQ0FBQyxLQUFLLENBQUM7RUFDOUUsV0FBVyxDQUFDLFlBQVksRUFBRSxDQUFDLENBQUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLElBQUksQ0FBQyxDQUFDLEtBQUssRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLFNBQVMsQ0FBQyxDQUFDLEtBQUssQ0FBQzs7QUFFeEU7QUFDQTtFQUNBLFdBQVcsQ0FBQyxnQkFBZ0IsRUFBRSxDQUFDLE1BQU0sRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLElBQUk7R0FDaEQsS0FBSyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsVUFBVSxDQUFDLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsV0FBVyxDQUFDLENBQUMsQ0FBQyxDQUFDLEVBQUUsSUFBSTtFQUN4RCxPQUFBLENBQUEscUJBQUEsR0FBZ0M7O0FBRWhDO0FBQ0E7QUFDQTtBQUNBO0FBQ0EsRUFBQSxXQUFXLENBQUMsYUFBYSxFQUFFLENBQUMsTUFBTSxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsV0FBVyxDQUFDLENBQUMsQ0FBQyxDQUFDO3FCQUN0QyxDQUFDLFNBQVMsQ0FBQztxQkFDWCxDQUFDLENBQUMsRUFBRSxHQUFHLENBQUMsQ0FBQyxDQUFDLFdBQVcsQ0FBQyxDQUFDLENBQUMsQ0FBQztxQkFDekIsQ0FBQyxLQUFLLENBQUM7O0FBRTFCLEVBQUEsV0FBVyxDQUFDLGtCQUFrQixFQUFFLENBQUMsTUFBTSxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsZ0JBQWdCLENBQUMsQ0FBQyxDQUFDLENBQUM7MEJBQzNDLENBQUMsU0FBUyxDQUFDOzBCQUNYLENBQUMsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLENBQUMsZ0JBQWdCLENBQUMsQ0FBQyxDQUFDLENBQUM7MEJBQzlCLENBQUMsS0FBSyxDQUFDOztBQUUvQjtFQUNBLFdBQVcsQ0FBQyxNQUFNLEVBQUUsaUJBQWlCO0FBQ3JDO0VBQ0EsV0FBVyxDQUFDLE1BQU0sRUFBRSwyQkFBMkI7RUFDL0MsV0FBVyxDQUFDLFNBQVMsRUFBRSw2QkFBNkIsRUFBQTs7Ozs7Ozs7Ozs7O0FDNU5wRDtDQUNBLE1BQU0sV0FBVyxHQUFHLE1BQU0sQ0FBQyxNQUFNLENBQUMsRUFBRSxLQUFLLEVBQUUsSUFBSSxFQUFFO0FBQ2pELENBQUEsTUFBTSxTQUFTLEdBQUcsTUFBTSxDQUFDLE1BQU0sQ0FBQyxHQUFHO0NBQ25DLE1BQU0sWUFBWSxHQUFHLE9BQU8sSUFBSTtHQUM5QixJQUFJLENBQUMsT0FBTyxFQUFFO0FBQ2hCLEtBQUksT0FBTztBQUNYLEdBQUE7O0FBRUEsR0FBRSxJQUFJLE9BQU8sT0FBTyxLQUFLLFFBQVEsRUFBRTtBQUNuQyxLQUFJLE9BQU87QUFDWCxHQUFBOztBQUVBLEdBQUUsT0FBTztBQUNULENBQUE7QUFDQSxDQUFBLGNBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUNkakIsQ0FBQSxNQUFNLE9BQU8sR0FBRztBQUNoQixDQUFBLE1BQU0sa0JBQWtCLEdBQUcsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxLQUFLO0dBQ25DLElBQUksT0FBTyxDQUFDLEtBQUssUUFBUSxJQUFJLE9BQU8sQ0FBQyxLQUFLLFFBQVEsRUFBRTtBQUN0RCxLQUFJLE9BQU8sQ0FBQyxLQUFLLENBQUMsR0FBRyxDQUFDLEdBQUcsQ0FBQyxHQUFHLENBQUMsR0FBRyxFQUFFLEdBQUc7QUFDdEMsR0FBQTs7QUFFQSxHQUFFLE1BQU0sSUFBSSxHQUFHLE9BQU8sQ0FBQyxJQUFJLENBQUMsQ0FBQztBQUM3QixHQUFFLE1BQU0sSUFBSSxHQUFHLE9BQU8sQ0FBQyxJQUFJLENBQUMsQ0FBQzs7QUFFN0IsR0FBRSxJQUFJLElBQUksSUFBSSxJQUFJLEVBQUU7S0FDaEIsQ0FBQyxHQUFHLENBQUM7S0FDTCxDQUFDLEdBQUcsQ0FBQztBQUNULEdBQUE7O0FBRUEsR0FBRSxPQUFPLENBQUMsS0FBSyxDQUFDLEdBQUc7QUFDbkIsT0FBTSxDQUFDLElBQUksSUFBSSxDQUFDLElBQUksSUFBSTtBQUN4QixPQUFNLENBQUMsSUFBSSxJQUFJLENBQUMsSUFBSSxJQUFJO0FBQ3hCLE9BQU0sQ0FBQyxHQUFHLENBQUMsR0FBRztPQUNSO0FBQ04sQ0FBQTs7Q0FFQSxNQUFNLG1CQUFtQixHQUFHLENBQUMsQ0FBQyxFQUFFLENBQUMsS0FBSyxrQkFBa0IsQ0FBQyxDQUFDLEVBQUUsQ0FBQzs7QUFFN0QsQ0FBQSxXQUFjLEdBQUc7QUFDakIsR0FBRSxrQkFBa0I7QUFDcEIsR0FBRSxtQkFBbUI7QUFDckI7Ozs7Ozs7Ozs7O0FDMUJBLENBQUEsTUFBTSxLQUFLLEdBQUdELFlBQUE7QUFDZCxDQUFBLE1BQU0sRUFBRSxVQUFVLEVBQUUsZ0JBQWdCLEVBQUUsR0FBR0MsZ0JBQUE7QUFDekMsQ0FBQSxNQUFNLEVBQUUsTUFBTSxFQUFFLEVBQUUsRUFBRSxDQUFDLEVBQUUsR0FBR0MsU0FBQTs7QUFFMUIsQ0FBQSxNQUFNLFlBQVksR0FBR0MsbUJBQUE7Q0FDckIsTUFBTSxFQUFFLGtCQUFrQixFQUFFLEdBQUdDLGtCQUFBOztBQUUvQixDQUFBLE1BQU0sc0JBQXNCLEdBQUcsQ0FBQyxVQUFVLEVBQUUsVUFBVSxLQUFLO0FBQzNELEdBQUUsTUFBTSxXQUFXLEdBQUcsVUFBVSxDQUFDLEtBQUssQ0FBQyxHQUFHO0dBQ3hDLElBQUksV0FBVyxDQUFDLE1BQU0sR0FBRyxVQUFVLENBQUMsTUFBTSxFQUFFO0FBQzlDLEtBQUksT0FBTztBQUNYLEdBQUE7O0FBRUEsR0FBRSxLQUFLLElBQUksQ0FBQyxHQUFHLENBQUMsRUFBRSxDQUFDLEdBQUcsV0FBVyxDQUFDLE1BQU0sRUFBRSxDQUFDLEVBQUUsRUFBRTtBQUMvQyxLQUFJLElBQUksa0JBQWtCLENBQUMsVUFBVSxDQUFDLENBQUMsQ0FBQyxFQUFFLFdBQVcsQ0FBQyxDQUFDLENBQUMsQ0FBQyxLQUFLLENBQUMsRUFBRTtBQUNqRSxPQUFNLE9BQU87QUFDYixLQUFBO0FBQ0EsR0FBQTs7QUFFQSxHQUFFLE9BQU87QUFDVCxDQUFBOztBQUVBLENBQUEsTUFBTSxNQUFNLENBQUM7QUFDYixHQUFFLFdBQVcsQ0FBQyxDQUFDLE9BQU8sRUFBRSxPQUFPLEVBQUU7QUFDakMsS0FBSSxPQUFPLEdBQUcsWUFBWSxDQUFDLE9BQU87O0FBRWxDLEtBQUksSUFBSSxPQUFPLFlBQVksTUFBTSxFQUFFO09BQzdCLElBQUksT0FBTyxDQUFDLEtBQUssS0FBSyxDQUFDLENBQUMsT0FBTyxDQUFDLEtBQUs7U0FDbkMsT0FBTyxDQUFDLGlCQUFpQixLQUFLLENBQUMsQ0FBQyxPQUFPLENBQUMsaUJBQWlCLEVBQUU7QUFDbkUsU0FBUSxPQUFPO0FBQ2YsT0FBQSxDQUFPLE1BQU07U0FDTCxPQUFPLEdBQUcsT0FBTyxDQUFDO0FBQzFCLE9BQUE7QUFDQSxLQUFBLENBQUssTUFBTSxJQUFJLE9BQU8sT0FBTyxLQUFLLFFBQVEsRUFBRTtPQUN0QyxNQUFNLElBQUksU0FBUyxDQUFDLENBQUMsNkNBQTZDLEVBQUUsT0FBTyxPQUFPLENBQUMsRUFBRSxDQUFDO0FBQzVGLEtBQUE7O0FBRUEsS0FBSSxJQUFJLE9BQU8sQ0FBQyxNQUFNLEdBQUcsVUFBVSxFQUFFO09BQy9CLE1BQU0sSUFBSSxTQUFTO0FBQ3pCLFNBQVEsQ0FBQyx1QkFBdUIsRUFBRSxVQUFVLENBQUMsV0FBVztBQUN4RDtBQUNBLEtBQUE7O0FBRUEsS0FBSSxLQUFLLENBQUMsUUFBUSxFQUFFLE9BQU8sRUFBRSxPQUFPO0tBQ2hDLElBQUksQ0FBQyxPQUFPLEdBQUc7QUFDbkIsS0FBSSxJQUFJLENBQUMsS0FBSyxHQUFHLENBQUMsQ0FBQyxPQUFPLENBQUM7QUFDM0I7QUFDQTtBQUNBLEtBQUksSUFBSSxDQUFDLGlCQUFpQixHQUFHLENBQUMsQ0FBQyxPQUFPLENBQUM7O0tBRW5DLE1BQU0sQ0FBQyxHQUFHLE9BQU8sQ0FBQyxJQUFJLEVBQUUsQ0FBQyxLQUFLLENBQUMsT0FBTyxDQUFDLEtBQUssR0FBRyxFQUFFLENBQUMsQ0FBQyxDQUFDLEtBQUssQ0FBQyxHQUFHLEVBQUUsQ0FBQyxDQUFDLENBQUMsSUFBSSxDQUFDOztLQUV2RSxJQUFJLENBQUMsQ0FBQyxFQUFFO09BQ04sTUFBTSxJQUFJLFNBQVMsQ0FBQyxDQUFDLGlCQUFpQixFQUFFLE9BQU8sQ0FBQyxDQUFDO0FBQ3ZELEtBQUE7O0tBRUksSUFBSSxDQUFDLEdBQUcsR0FBRzs7QUFFZjtBQUNBLEtBQUksSUFBSSxDQUFDLEtBQUssR0FBRyxDQUFDLENBQUMsQ0FBQyxDQUFDO0FBQ3JCLEtBQUksSUFBSSxDQUFDLEtBQUssR0FBRyxDQUFDLENBQUMsQ0FBQyxDQUFDO0FBQ3JCLEtBQUksSUFBSSxDQUFDLEtBQUssR0FBRyxDQUFDLENBQUMsQ0FBQyxDQUFDOztBQUVyQixLQUFJLElBQUksSUFBSSxDQUFDLEtBQUssR0FBRyxnQkFBZ0IsSUFBSSxJQUFJLENBQUMsS0FBSyxHQUFHLENBQUMsRUFBRTtBQUN6RCxPQUFNLE1BQU0sSUFBSSxTQUFTLENBQUMsdUJBQXVCO0FBQ2pELEtBQUE7O0FBRUEsS0FBSSxJQUFJLElBQUksQ0FBQyxLQUFLLEdBQUcsZ0JBQWdCLElBQUksSUFBSSxDQUFDLEtBQUssR0FBRyxDQUFDLEVBQUU7QUFDekQsT0FBTSxNQUFNLElBQUksU0FBUyxDQUFDLHVCQUF1QjtBQUNqRCxLQUFBOztBQUVBLEtBQUksSUFBSSxJQUFJLENBQUMsS0FBSyxHQUFHLGdCQUFnQixJQUFJLElBQUksQ0FBQyxLQUFLLEdBQUcsQ0FBQyxFQUFFO0FBQ3pELE9BQU0sTUFBTSxJQUFJLFNBQVMsQ0FBQyx1QkFBdUI7QUFDakQsS0FBQTs7QUFFQTtBQUNBLEtBQUksSUFBSSxDQUFDLENBQUMsQ0FBQyxDQUFDLENBQUMsRUFBRTtPQUNULElBQUksQ0FBQyxVQUFVLEdBQUc7QUFDeEIsS0FBQSxDQUFLLE1BQU07QUFDWCxPQUFNLElBQUksQ0FBQyxVQUFVLEdBQUcsQ0FBQyxDQUFDLENBQUMsQ0FBQyxDQUFDLEtBQUssQ0FBQyxHQUFHLENBQUMsQ0FBQyxHQUFHLENBQUMsQ0FBQyxFQUFFLEtBQUs7QUFDcEQsU0FBUSxJQUFJLFVBQVUsQ0FBQyxJQUFJLENBQUMsRUFBRSxDQUFDLEVBQUU7V0FDdkIsTUFBTSxHQUFHLEdBQUcsQ0FBQztXQUNiLElBQUksR0FBRyxJQUFJLENBQUMsSUFBSSxHQUFHLEdBQUcsZ0JBQWdCLEVBQUU7QUFDbEQsYUFBWSxPQUFPO0FBQ25CLFdBQUE7QUFDQSxTQUFBO0FBQ0EsU0FBUSxPQUFPO09BQ2YsQ0FBTztBQUNQLEtBQUE7O0FBRUEsS0FBSSxJQUFJLENBQUMsS0FBSyxHQUFHLENBQUMsQ0FBQyxDQUFDLENBQUMsR0FBRyxDQUFDLENBQUMsQ0FBQyxDQUFDLENBQUMsS0FBSyxDQUFDLEdBQUcsQ0FBQyxHQUFHO0tBQ3RDLElBQUksQ0FBQyxNQUFNO0FBQ2YsR0FBQTs7R0FFRSxNQUFNLENBQUMsR0FBRztLQUNSLElBQUksQ0FBQyxPQUFPLEdBQUcsQ0FBQyxFQUFFLElBQUksQ0FBQyxLQUFLLENBQUMsQ0FBQyxFQUFFLElBQUksQ0FBQyxLQUFLLENBQUMsQ0FBQyxFQUFFLElBQUksQ0FBQyxLQUFLLENBQUM7QUFDN0QsS0FBSSxJQUFJLElBQUksQ0FBQyxVQUFVLENBQUMsTUFBTSxFQUFFO0FBQ2hDLE9BQU0sSUFBSSxDQUFDLE9BQU8sSUFBSSxDQUFDLENBQUMsRUFBRSxJQUFJLENBQUMsVUFBVSxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUMsQ0FBQztBQUNwRCxLQUFBO0tBQ0ksT0FBTyxJQUFJLENBQUM7QUFDaEIsR0FBQTs7R0FFRSxRQUFRLENBQUMsR0FBRztLQUNWLE9BQU8sSUFBSSxDQUFDO0FBQ2hCLEdBQUE7O0FBRUEsR0FBRSxPQUFPLENBQUMsQ0FBQyxLQUFLLEVBQUU7QUFDbEIsS0FBSSxLQUFLLENBQUMsZ0JBQWdCLEVBQUUsSUFBSSxDQUFDLE9BQU8sRUFBRSxJQUFJLENBQUMsT0FBTyxFQUFFLEtBQUs7QUFDN0QsS0FBSSxJQUFJLEVBQUUsS0FBSyxZQUFZLE1BQU0sQ0FBQyxFQUFFO09BQzlCLElBQUksT0FBTyxLQUFLLEtBQUssUUFBUSxJQUFJLEtBQUssS0FBSyxJQUFJLENBQUMsT0FBTyxFQUFFO0FBQy9ELFNBQVEsT0FBTztBQUNmLE9BQUE7T0FDTSxLQUFLLEdBQUcsSUFBSSxNQUFNLENBQUMsS0FBSyxFQUFFLElBQUksQ0FBQyxPQUFPO0FBQzVDLEtBQUE7O0tBRUksSUFBSSxLQUFLLENBQUMsT0FBTyxLQUFLLElBQUksQ0FBQyxPQUFPLEVBQUU7QUFDeEMsT0FBTSxPQUFPO0FBQ2IsS0FBQTs7QUFFQSxLQUFJLE9BQU8sSUFBSSxDQUFDLFdBQVcsQ0FBQyxLQUFLLENBQUMsSUFBSSxJQUFJLENBQUMsVUFBVSxDQUFDLEtBQUs7QUFDM0QsR0FBQTs7QUFFQSxHQUFFLFdBQVcsQ0FBQyxDQUFDLEtBQUssRUFBRTtBQUN0QixLQUFJLElBQUksRUFBRSxLQUFLLFlBQVksTUFBTSxDQUFDLEVBQUU7T0FDOUIsS0FBSyxHQUFHLElBQUksTUFBTSxDQUFDLEtBQUssRUFBRSxJQUFJLENBQUMsT0FBTztBQUM1QyxLQUFBOztLQUVJLElBQUksSUFBSSxDQUFDLEtBQUssR0FBRyxLQUFLLENBQUMsS0FBSyxFQUFFO0FBQ2xDLE9BQU0sT0FBTztBQUNiLEtBQUE7S0FDSSxJQUFJLElBQUksQ0FBQyxLQUFLLEdBQUcsS0FBSyxDQUFDLEtBQUssRUFBRTtBQUNsQyxPQUFNLE9BQU87QUFDYixLQUFBO0tBQ0ksSUFBSSxJQUFJLENBQUMsS0FBSyxHQUFHLEtBQUssQ0FBQyxLQUFLLEVBQUU7QUFDbEMsT0FBTSxPQUFPO0FBQ2IsS0FBQTtLQUNJLElBQUksSUFBSSxDQUFDLEtBQUssR0FBRyxLQUFLLENBQUMsS0FBSyxFQUFFO0FBQ2xDLE9BQU0sT0FBTztBQUNiLEtBQUE7S0FDSSxJQUFJLElBQUksQ0FBQyxLQUFLLEdBQUcsS0FBSyxDQUFDLEtBQUssRUFBRTtBQUNsQyxPQUFNLE9BQU87QUFDYixLQUFBO0tBQ0ksSUFBSSxJQUFJLENBQUMsS0FBSyxHQUFHLEtBQUssQ0FBQyxLQUFLLEVBQUU7QUFDbEMsT0FBTSxPQUFPO0FBQ2IsS0FBQTtBQUNBLEtBQUksT0FBTztBQUNYLEdBQUE7O0FBRUEsR0FBRSxVQUFVLENBQUMsQ0FBQyxLQUFLLEVBQUU7QUFDckIsS0FBSSxJQUFJLEVBQUUsS0FBSyxZQUFZLE1BQU0sQ0FBQyxFQUFFO09BQzlCLEtBQUssR0FBRyxJQUFJLE1BQU0sQ0FBQyxLQUFLLEVBQUUsSUFBSSxDQUFDLE9BQU87QUFDNUMsS0FBQTs7QUFFQTtBQUNBLEtBQUksSUFBSSxJQUFJLENBQUMsVUFBVSxDQUFDLE1BQU0sSUFBSSxDQUFDLEtBQUssQ0FBQyxVQUFVLENBQUMsTUFBTSxFQUFFO0FBQzVELE9BQU0sT0FBTztBQUNiLEtBQUEsQ0FBSyxNQUFNLElBQUksQ0FBQyxJQUFJLENBQUMsVUFBVSxDQUFDLE1BQU0sSUFBSSxLQUFLLENBQUMsVUFBVSxDQUFDLE1BQU0sRUFBRTtBQUNuRSxPQUFNLE9BQU87QUFDYixLQUFBLENBQUssTUFBTSxJQUFJLENBQUMsSUFBSSxDQUFDLFVBQVUsQ0FBQyxNQUFNLElBQUksQ0FBQyxLQUFLLENBQUMsVUFBVSxDQUFDLE1BQU0sRUFBRTtBQUNwRSxPQUFNLE9BQU87QUFDYixLQUFBOztLQUVJLElBQUksQ0FBQyxHQUFHO0FBQ1osS0FBSSxHQUFHO0FBQ1AsT0FBTSxNQUFNLENBQUMsR0FBRyxJQUFJLENBQUMsVUFBVSxDQUFDLENBQUM7QUFDakMsT0FBTSxNQUFNLENBQUMsR0FBRyxLQUFLLENBQUMsVUFBVSxDQUFDLENBQUM7T0FDNUIsS0FBSyxDQUFDLG9CQUFvQixFQUFFLENBQUMsRUFBRSxDQUFDLEVBQUUsQ0FBQztPQUNuQyxJQUFJLENBQUMsS0FBSyxTQUFTLElBQUksQ0FBQyxLQUFLLFNBQVMsRUFBRTtBQUM5QyxTQUFRLE9BQU87QUFDZixPQUFBLENBQU8sTUFBTSxJQUFJLENBQUMsS0FBSyxTQUFTLEVBQUU7QUFDbEMsU0FBUSxPQUFPO0FBQ2YsT0FBQSxDQUFPLE1BQU0sSUFBSSxDQUFDLEtBQUssU0FBUyxFQUFFO0FBQ2xDLFNBQVEsT0FBTztBQUNmLE9BQUEsQ0FBTyxNQUFNLElBQUksQ0FBQyxLQUFLLENBQUMsRUFBRTtTQUNsQjtBQUNSLE9BQUEsQ0FBTyxNQUFNO0FBQ2IsU0FBUSxPQUFPLGtCQUFrQixDQUFDLENBQUMsRUFBRSxDQUFDO0FBQ3RDLE9BQUE7S0FDQSxDQUFLLFFBQVEsRUFBRSxDQUFDO0FBQ2hCLEdBQUE7O0FBRUEsR0FBRSxZQUFZLENBQUMsQ0FBQyxLQUFLLEVBQUU7QUFDdkIsS0FBSSxJQUFJLEVBQUUsS0FBSyxZQUFZLE1BQU0sQ0FBQyxFQUFFO09BQzlCLEtBQUssR0FBRyxJQUFJLE1BQU0sQ0FBQyxLQUFLLEVBQUUsSUFBSSxDQUFDLE9BQU87QUFDNUMsS0FBQTs7S0FFSSxJQUFJLENBQUMsR0FBRztBQUNaLEtBQUksR0FBRztBQUNQLE9BQU0sTUFBTSxDQUFDLEdBQUcsSUFBSSxDQUFDLEtBQUssQ0FBQyxDQUFDO0FBQzVCLE9BQU0sTUFBTSxDQUFDLEdBQUcsS0FBSyxDQUFDLEtBQUssQ0FBQyxDQUFDO09BQ3ZCLEtBQUssQ0FBQyxlQUFlLEVBQUUsQ0FBQyxFQUFFLENBQUMsRUFBRSxDQUFDO09BQzlCLElBQUksQ0FBQyxLQUFLLFNBQVMsSUFBSSxDQUFDLEtBQUssU0FBUyxFQUFFO0FBQzlDLFNBQVEsT0FBTztBQUNmLE9BQUEsQ0FBTyxNQUFNLElBQUksQ0FBQyxLQUFLLFNBQVMsRUFBRTtBQUNsQyxTQUFRLE9BQU87QUFDZixPQUFBLENBQU8sTUFBTSxJQUFJLENBQUMsS0FBSyxTQUFTLEVBQUU7QUFDbEMsU0FBUSxPQUFPO0FBQ2YsT0FBQSxDQUFPLE1BQU0sSUFBSSxDQUFDLEtBQUssQ0FBQyxFQUFFO1NBQ2xCO0FBQ1IsT0FBQSxDQUFPLE1BQU07QUFDYixTQUFRLE9BQU8sa0JBQWtCLENBQUMsQ0FBQyxFQUFFLENBQUM7QUFDdEMsT0FBQTtLQUNBLENBQUssUUFBUSxFQUFFLENBQUM7QUFDaEIsR0FBQTs7QUFFQTtBQUNBO0dBQ0UsR0FBRyxDQUFDLENBQUMsT0FBTyxFQUFFLFVBQVUsRUFBRSxjQUFjLEVBQUU7QUFDNUMsS0FBSSxJQUFJLE9BQU8sQ0FBQyxVQUFVLENBQUMsS0FBSyxDQUFDLEVBQUU7QUFDbkMsT0FBTSxJQUFJLENBQUMsVUFBVSxJQUFJLGNBQWMsS0FBSyxLQUFLLEVBQUU7QUFDbkQsU0FBUSxNQUFNLElBQUksS0FBSyxDQUFDLGlEQUFpRDtBQUN6RSxPQUFBO0FBQ0E7T0FDTSxJQUFJLFVBQVUsRUFBRTtBQUN0QixTQUFRLE1BQU0sS0FBSyxHQUFHLENBQUMsQ0FBQyxFQUFFLFVBQVUsQ0FBQyxDQUFDLENBQUMsS0FBSyxDQUFDLElBQUksQ0FBQyxPQUFPLENBQUMsS0FBSyxHQUFHLEVBQUUsQ0FBQyxDQUFDLENBQUMsZUFBZSxDQUFDLEdBQUcsRUFBRSxDQUFDLENBQUMsQ0FBQyxVQUFVLENBQUM7U0FDbEcsSUFBSSxDQUFDLEtBQUssSUFBSSxLQUFLLENBQUMsQ0FBQyxDQUFDLEtBQUssVUFBVSxFQUFFO1dBQ3JDLE1BQU0sSUFBSSxLQUFLLENBQUMsQ0FBQyxvQkFBb0IsRUFBRSxVQUFVLENBQUMsQ0FBQztBQUM3RCxTQUFBO0FBQ0EsT0FBQTtBQUNBLEtBQUE7O0FBRUEsS0FBSSxRQUFRLE9BQU87QUFDbkIsT0FBTSxLQUFLLFVBQVU7QUFDckIsU0FBUSxJQUFJLENBQUMsVUFBVSxDQUFDLE1BQU0sR0FBRztTQUN6QixJQUFJLENBQUMsS0FBSyxHQUFHO1NBQ2IsSUFBSSxDQUFDLEtBQUssR0FBRztTQUNiLElBQUksQ0FBQyxLQUFLO1NBQ1YsSUFBSSxDQUFDLEdBQUcsQ0FBQyxLQUFLLEVBQUUsVUFBVSxFQUFFLGNBQWM7U0FDMUM7QUFDUixPQUFNLEtBQUssVUFBVTtBQUNyQixTQUFRLElBQUksQ0FBQyxVQUFVLENBQUMsTUFBTSxHQUFHO1NBQ3pCLElBQUksQ0FBQyxLQUFLLEdBQUc7U0FDYixJQUFJLENBQUMsS0FBSztTQUNWLElBQUksQ0FBQyxHQUFHLENBQUMsS0FBSyxFQUFFLFVBQVUsRUFBRSxjQUFjO1NBQzFDO0FBQ1IsT0FBTSxLQUFLLFVBQVU7QUFDckI7QUFDQTtBQUNBO0FBQ0EsU0FBUSxJQUFJLENBQUMsVUFBVSxDQUFDLE1BQU0sR0FBRztTQUN6QixJQUFJLENBQUMsR0FBRyxDQUFDLE9BQU8sRUFBRSxVQUFVLEVBQUUsY0FBYztTQUM1QyxJQUFJLENBQUMsR0FBRyxDQUFDLEtBQUssRUFBRSxVQUFVLEVBQUUsY0FBYztTQUMxQztBQUNSO0FBQ0E7QUFDQSxPQUFNLEtBQUssWUFBWTtTQUNmLElBQUksSUFBSSxDQUFDLFVBQVUsQ0FBQyxNQUFNLEtBQUssQ0FBQyxFQUFFO1dBQ2hDLElBQUksQ0FBQyxHQUFHLENBQUMsT0FBTyxFQUFFLFVBQVUsRUFBRSxjQUFjO0FBQ3RELFNBQUE7U0FDUSxJQUFJLENBQUMsR0FBRyxDQUFDLEtBQUssRUFBRSxVQUFVLEVBQUUsY0FBYztTQUMxQztBQUNSLE9BQU0sS0FBSyxTQUFTO1NBQ1osSUFBSSxJQUFJLENBQUMsVUFBVSxDQUFDLE1BQU0sS0FBSyxDQUFDLEVBQUU7QUFDMUMsV0FBVSxNQUFNLElBQUksS0FBSyxDQUFDLENBQUMsUUFBUSxFQUFFLElBQUksQ0FBQyxHQUFHLENBQUMsb0JBQW9CLENBQUM7QUFDbkUsU0FBQTtBQUNBLFNBQVEsSUFBSSxDQUFDLFVBQVUsQ0FBQyxNQUFNLEdBQUc7U0FDekI7O0FBRVIsT0FBTSxLQUFLLE9BQU87QUFDbEI7QUFDQTtBQUNBO0FBQ0E7U0FDUTtBQUNSLFdBQVUsSUFBSSxDQUFDLEtBQUssS0FBSyxDQUFDO0FBQzFCLFdBQVUsSUFBSSxDQUFDLEtBQUssS0FBSyxDQUFDO0FBQzFCLFdBQVUsSUFBSSxDQUFDLFVBQVUsQ0FBQyxNQUFNLEtBQUs7V0FDM0I7V0FDQSxJQUFJLENBQUMsS0FBSztBQUNwQixTQUFBO1NBQ1EsSUFBSSxDQUFDLEtBQUssR0FBRztTQUNiLElBQUksQ0FBQyxLQUFLLEdBQUc7U0FDYixJQUFJLENBQUMsVUFBVSxHQUFHO1NBQ2xCO0FBQ1IsT0FBTSxLQUFLLE9BQU87QUFDbEI7QUFDQTtBQUNBO0FBQ0E7QUFDQSxTQUFRLElBQUksSUFBSSxDQUFDLEtBQUssS0FBSyxDQUFDLElBQUksSUFBSSxDQUFDLFVBQVUsQ0FBQyxNQUFNLEtBQUssQ0FBQyxFQUFFO1dBQ3BELElBQUksQ0FBQyxLQUFLO0FBQ3BCLFNBQUE7U0FDUSxJQUFJLENBQUMsS0FBSyxHQUFHO1NBQ2IsSUFBSSxDQUFDLFVBQVUsR0FBRztTQUNsQjtBQUNSLE9BQU0sS0FBSyxPQUFPO0FBQ2xCO0FBQ0E7QUFDQTtBQUNBO1NBQ1EsSUFBSSxJQUFJLENBQUMsVUFBVSxDQUFDLE1BQU0sS0FBSyxDQUFDLEVBQUU7V0FDaEMsSUFBSSxDQUFDLEtBQUs7QUFDcEIsU0FBQTtTQUNRLElBQUksQ0FBQyxVQUFVLEdBQUc7U0FDbEI7QUFDUjtBQUNBO09BQ00sS0FBSyxLQUFLLEVBQUU7U0FDVixNQUFNLElBQUksR0FBRyxNQUFNLENBQUMsY0FBYyxDQUFDLEdBQUcsQ0FBQyxHQUFHOztTQUUxQyxJQUFJLElBQUksQ0FBQyxVQUFVLENBQUMsTUFBTSxLQUFLLENBQUMsRUFBRTtBQUMxQyxXQUFVLElBQUksQ0FBQyxVQUFVLEdBQUcsQ0FBQyxJQUFJO0FBQ2pDLFNBQUEsQ0FBUyxNQUFNO0FBQ2YsV0FBVSxJQUFJLENBQUMsR0FBRyxJQUFJLENBQUMsVUFBVSxDQUFDO0FBQ2xDLFdBQVUsT0FBTyxFQUFFLENBQUMsSUFBSSxDQUFDLEVBQUU7YUFDZixJQUFJLE9BQU8sSUFBSSxDQUFDLFVBQVUsQ0FBQyxDQUFDLENBQUMsS0FBSyxRQUFRLEVBQUU7QUFDeEQsZUFBYyxJQUFJLENBQUMsVUFBVSxDQUFDLENBQUMsQ0FBQztlQUNsQixDQUFDLEdBQUc7QUFDbEIsYUFBQTtBQUNBLFdBQUE7QUFDQSxXQUFVLElBQUksQ0FBQyxLQUFLLEVBQUUsRUFBRTtBQUN4QjtBQUNBLGFBQVksSUFBSSxVQUFVLEtBQUssSUFBSSxDQUFDLFVBQVUsQ0FBQyxJQUFJLENBQUMsR0FBRyxDQUFDLElBQUksY0FBYyxLQUFLLEtBQUssRUFBRTtBQUN0RixlQUFjLE1BQU0sSUFBSSxLQUFLLENBQUMsdURBQXVEO0FBQ3JGLGFBQUE7QUFDQSxhQUFZLElBQUksQ0FBQyxVQUFVLENBQUMsSUFBSSxDQUFDLElBQUk7QUFDckMsV0FBQTtBQUNBLFNBQUE7U0FDUSxJQUFJLFVBQVUsRUFBRTtBQUN4QjtBQUNBO0FBQ0EsV0FBVSxJQUFJLFVBQVUsR0FBRyxDQUFDLFVBQVUsRUFBRSxJQUFJO0FBQzVDLFdBQVUsSUFBSSxjQUFjLEtBQUssS0FBSyxFQUFFO2FBQzVCLFVBQVUsR0FBRyxDQUFDLFVBQVU7QUFDcEMsV0FBQTtXQUNVLElBQUksc0JBQXNCLENBQUMsSUFBSSxDQUFDLFVBQVUsRUFBRSxVQUFVLENBQUMsRUFBRTtBQUNuRSxhQUFZLE1BQU0sY0FBYyxHQUFHLElBQUksQ0FBQyxVQUFVLENBQUMsVUFBVSxDQUFDLEtBQUssQ0FBQyxHQUFHLENBQUMsQ0FBQyxNQUFNO0FBQy9FLGFBQVksSUFBSSxLQUFLLENBQUMsY0FBYyxDQUFDLEVBQUU7ZUFDekIsSUFBSSxDQUFDLFVBQVUsR0FBRztBQUNoQyxhQUFBO0FBQ0EsV0FBQSxDQUFXLE1BQU07YUFDTCxJQUFJLENBQUMsVUFBVSxHQUFHO0FBQzlCLFdBQUE7QUFDQSxTQUFBO1NBQ1E7QUFDUixPQUFBO09BQ007U0FDRSxNQUFNLElBQUksS0FBSyxDQUFDLENBQUMsNEJBQTRCLEVBQUUsT0FBTyxDQUFDLENBQUM7QUFDaEU7QUFDQSxLQUFJLElBQUksQ0FBQyxHQUFHLEdBQUcsSUFBSSxDQUFDLE1BQU07QUFDMUIsS0FBSSxJQUFJLElBQUksQ0FBQyxLQUFLLENBQUMsTUFBTSxFQUFFO0FBQzNCLE9BQU0sSUFBSSxDQUFDLEdBQUcsSUFBSSxDQUFDLENBQUMsRUFBRSxJQUFJLENBQUMsS0FBSyxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUMsQ0FBQztBQUMzQyxLQUFBO0FBQ0EsS0FBSSxPQUFPO0FBQ1gsR0FBQTtBQUNBOztBQUVBLENBQUFDLFFBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUMzVmpCLENBQUEsTUFBTSxNQUFNLEdBQUdMLGVBQUE7Q0FDZixNQUFNLEtBQUssR0FBRyxDQUFDLE9BQU8sRUFBRSxPQUFPLEVBQUUsV0FBVyxHQUFHLEtBQUssS0FBSztBQUN6RCxHQUFFLElBQUksT0FBTyxZQUFZLE1BQU0sRUFBRTtBQUNqQyxLQUFJLE9BQU87QUFDWCxHQUFBO0FBQ0EsR0FBRSxJQUFJO0FBQ04sS0FBSSxPQUFPLElBQUksTUFBTSxDQUFDLE9BQU8sRUFBRSxPQUFPO0dBQ3RDLENBQUcsQ0FBQyxPQUFPLEVBQUUsRUFBRTtLQUNYLElBQUksQ0FBQyxXQUFXLEVBQUU7QUFDdEIsT0FBTSxPQUFPO0FBQ2IsS0FBQTtBQUNBLEtBQUksTUFBTTtBQUNWLEdBQUE7QUFDQSxDQUFBOztBQUVBLENBQUEsT0FBYyxHQUFHOzs7Ozs7Ozs7OztBQ2ZqQixDQUFBLE1BQU0sS0FBSyxHQUFHQSxZQUFBO0FBQ2QsQ0FBQSxNQUFNLEtBQUssR0FBRyxDQUFDLE9BQU8sRUFBRSxPQUFPLEtBQUs7QUFDcEMsR0FBRSxNQUFNLENBQUMsR0FBRyxLQUFLLENBQUMsT0FBTyxFQUFFLE9BQU87QUFDbEMsR0FBRSxPQUFPLENBQUMsR0FBRyxDQUFDLENBQUMsT0FBTyxHQUFHO0FBQ3pCLENBQUE7QUFDQSxDQUFBLE9BQWMsR0FBRzs7Ozs7Ozs7Ozs7QUNMakIsQ0FBQSxNQUFNLEtBQUssR0FBR0EsWUFBQTtBQUNkLENBQUEsTUFBTSxLQUFLLEdBQUcsQ0FBQyxPQUFPLEVBQUUsT0FBTyxLQUFLO0FBQ3BDLEdBQUUsTUFBTSxDQUFDLEdBQUcsS0FBSyxDQUFDLE9BQU8sQ0FBQyxJQUFJLEVBQUUsQ0FBQyxPQUFPLENBQUMsUUFBUSxFQUFFLEVBQUUsQ0FBQyxFQUFFLE9BQU87QUFDL0QsR0FBRSxPQUFPLENBQUMsR0FBRyxDQUFDLENBQUMsT0FBTyxHQUFHO0FBQ3pCLENBQUE7QUFDQSxDQUFBLE9BQWMsR0FBRzs7Ozs7Ozs7Ozs7QUNMakIsQ0FBQSxNQUFNLE1BQU0sR0FBR0EsZUFBQTs7QUFFZixDQUFBLE1BQU0sR0FBRyxHQUFHLENBQUMsT0FBTyxFQUFFLE9BQU8sRUFBRSxPQUFPLEVBQUUsVUFBVSxFQUFFLGNBQWMsS0FBSztBQUN2RSxHQUFFLElBQUksUUFBUSxPQUFPLENBQUMsS0FBSyxRQUFRLEVBQUU7QUFDckMsS0FBSSxjQUFjLEdBQUc7QUFDckIsS0FBSSxVQUFVLEdBQUc7QUFDakIsS0FBSSxPQUFPLEdBQUc7QUFDZCxHQUFBOztBQUVBLEdBQUUsSUFBSTtLQUNGLE9BQU8sSUFBSSxNQUFNO09BQ2YsT0FBTyxZQUFZLE1BQU0sR0FBRyxPQUFPLENBQUMsT0FBTyxHQUFHLE9BQU87T0FDckQ7TUFDRCxDQUFDLEdBQUcsQ0FBQyxPQUFPLEVBQUUsVUFBVSxFQUFFLGNBQWMsQ0FBQyxDQUFDO0dBQy9DLENBQUcsQ0FBQyxPQUFPLEVBQUUsRUFBRTtBQUNmLEtBQUksT0FBTztBQUNYLEdBQUE7QUFDQSxDQUFBO0FBQ0EsQ0FBQSxLQUFjLEdBQUc7Ozs7Ozs7Ozs7O0FDbEJqQixDQUFBLE1BQU0sS0FBSyxHQUFHQSxZQUFBOztBQUVkLENBQUEsTUFBTSxJQUFJLEdBQUcsQ0FBQyxRQUFRLEVBQUUsUUFBUSxLQUFLO0dBQ25DLE1BQU0sRUFBRSxHQUFHLEtBQUssQ0FBQyxRQUFRLEVBQUUsSUFBSSxFQUFFLElBQUk7R0FDckMsTUFBTSxFQUFFLEdBQUcsS0FBSyxDQUFDLFFBQVEsRUFBRSxJQUFJLEVBQUUsSUFBSTtBQUN2QyxHQUFFLE1BQU0sVUFBVSxHQUFHLEVBQUUsQ0FBQyxPQUFPLENBQUMsRUFBRTs7QUFFbEMsR0FBRSxJQUFJLFVBQVUsS0FBSyxDQUFDLEVBQUU7QUFDeEIsS0FBSSxPQUFPO0FBQ1gsR0FBQTs7QUFFQSxHQUFFLE1BQU0sUUFBUSxHQUFHLFVBQVUsR0FBRztBQUNoQyxHQUFFLE1BQU0sV0FBVyxHQUFHLFFBQVEsR0FBRyxFQUFFLEdBQUc7QUFDdEMsR0FBRSxNQUFNLFVBQVUsR0FBRyxRQUFRLEdBQUcsRUFBRSxHQUFHO0dBQ25DLE1BQU0sVUFBVSxHQUFHLENBQUMsQ0FBQyxXQUFXLENBQUMsVUFBVSxDQUFDO0dBQzVDLE1BQU0sU0FBUyxHQUFHLENBQUMsQ0FBQyxVQUFVLENBQUMsVUFBVSxDQUFDOztBQUU1QyxHQUFFLElBQUksU0FBUyxJQUFJLENBQUMsVUFBVSxFQUFFO0FBQ2hDOztBQUVBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7S0FDSSxJQUFJLENBQUMsVUFBVSxDQUFDLEtBQUssSUFBSSxDQUFDLFVBQVUsQ0FBQyxLQUFLLEVBQUU7QUFDaEQsT0FBTSxPQUFPO0FBQ2IsS0FBQTs7QUFFQTtLQUNJLElBQUksVUFBVSxDQUFDLFdBQVcsQ0FBQyxXQUFXLENBQUMsS0FBSyxDQUFDLEVBQUU7T0FDN0MsSUFBSSxVQUFVLENBQUMsS0FBSyxJQUFJLENBQUMsVUFBVSxDQUFDLEtBQUssRUFBRTtBQUNqRCxTQUFRLE9BQU87QUFDZixPQUFBO0FBQ0EsT0FBTSxPQUFPO0FBQ2IsS0FBQTtBQUNBLEdBQUE7O0FBRUE7QUFDQSxHQUFFLE1BQU0sTUFBTSxHQUFHLFVBQVUsR0FBRyxLQUFLLEdBQUc7O0dBRXBDLElBQUksRUFBRSxDQUFDLEtBQUssS0FBSyxFQUFFLENBQUMsS0FBSyxFQUFFO0tBQ3pCLE9BQU8sTUFBTSxHQUFHO0FBQ3BCLEdBQUE7O0dBRUUsSUFBSSxFQUFFLENBQUMsS0FBSyxLQUFLLEVBQUUsQ0FBQyxLQUFLLEVBQUU7S0FDekIsT0FBTyxNQUFNLEdBQUc7QUFDcEIsR0FBQTs7R0FFRSxJQUFJLEVBQUUsQ0FBQyxLQUFLLEtBQUssRUFBRSxDQUFDLEtBQUssRUFBRTtLQUN6QixPQUFPLE1BQU0sR0FBRztBQUNwQixHQUFBOztBQUVBO0FBQ0EsR0FBRSxPQUFPO0FBQ1QsQ0FBQTs7QUFFQSxDQUFBLE1BQWMsR0FBRzs7Ozs7Ozs7Ozs7QUN6RGpCLENBQUEsTUFBTSxNQUFNLEdBQUdBLGVBQUE7QUFDZixDQUFBLE1BQU0sS0FBSyxHQUFHLENBQUMsQ0FBQyxFQUFFLEtBQUssS0FBSyxJQUFJLE1BQU0sQ0FBQyxDQUFDLEVBQUUsS0FBSyxDQUFDLENBQUM7QUFDakQsQ0FBQSxPQUFjLEdBQUc7Ozs7Ozs7Ozs7O0FDRmpCLENBQUEsTUFBTSxNQUFNLEdBQUdBLGVBQUE7QUFDZixDQUFBLE1BQU0sS0FBSyxHQUFHLENBQUMsQ0FBQyxFQUFFLEtBQUssS0FBSyxJQUFJLE1BQU0sQ0FBQyxDQUFDLEVBQUUsS0FBSyxDQUFDLENBQUM7QUFDakQsQ0FBQSxPQUFjLEdBQUc7Ozs7Ozs7Ozs7O0FDRmpCLENBQUEsTUFBTSxNQUFNLEdBQUdBLGVBQUE7QUFDZixDQUFBLE1BQU0sS0FBSyxHQUFHLENBQUMsQ0FBQyxFQUFFLEtBQUssS0FBSyxJQUFJLE1BQU0sQ0FBQyxDQUFDLEVBQUUsS0FBSyxDQUFDLENBQUM7QUFDakQsQ0FBQSxPQUFjLEdBQUc7Ozs7Ozs7Ozs7O0FDRmpCLENBQUEsTUFBTSxLQUFLLEdBQUdBLFlBQUE7QUFDZCxDQUFBLE1BQU0sVUFBVSxHQUFHLENBQUMsT0FBTyxFQUFFLE9BQU8sS0FBSztBQUN6QyxHQUFFLE1BQU0sTUFBTSxHQUFHLEtBQUssQ0FBQyxPQUFPLEVBQUUsT0FBTztBQUN2QyxHQUFFLE9BQU8sQ0FBQyxNQUFNLElBQUksTUFBTSxDQUFDLFVBQVUsQ0FBQyxNQUFNLElBQUksTUFBTSxDQUFDLFVBQVUsR0FBRztBQUNwRSxDQUFBO0FBQ0EsQ0FBQSxZQUFjLEdBQUc7Ozs7Ozs7Ozs7O0FDTGpCLENBQUEsTUFBTSxNQUFNLEdBQUdBLGVBQUE7QUFDZixDQUFBLE1BQU0sT0FBTyxHQUFHLENBQUMsQ0FBQyxFQUFFLENBQUMsRUFBRSxLQUFLO0FBQzVCLEdBQUUsSUFBSSxNQUFNLENBQUMsQ0FBQyxFQUFFLEtBQUssQ0FBQyxDQUFDLE9BQU8sQ0FBQyxJQUFJLE1BQU0sQ0FBQyxDQUFDLEVBQUUsS0FBSyxDQUFDOztBQUVuRCxDQUFBLFNBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUNKakIsQ0FBQSxNQUFNLE9BQU8sR0FBR0EsY0FBQTtBQUNoQixDQUFBLE1BQU0sUUFBUSxHQUFHLENBQUMsQ0FBQyxFQUFFLENBQUMsRUFBRSxLQUFLLEtBQUssT0FBTyxDQUFDLENBQUMsRUFBRSxDQUFDLEVBQUUsS0FBSztBQUNyRCxDQUFBLFVBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUNGakIsQ0FBQSxNQUFNLE9BQU8sR0FBR0EsY0FBQTtBQUNoQixDQUFBLE1BQU0sWUFBWSxHQUFHLENBQUMsQ0FBQyxFQUFFLENBQUMsS0FBSyxPQUFPLENBQUMsQ0FBQyxFQUFFLENBQUMsRUFBRSxJQUFJO0FBQ2pELENBQUEsY0FBYyxHQUFHOzs7Ozs7Ozs7OztBQ0ZqQixDQUFBLE1BQU0sTUFBTSxHQUFHQSxlQUFBO0NBQ2YsTUFBTSxZQUFZLEdBQUcsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEtBQUssS0FBSztHQUNwQyxNQUFNLFFBQVEsR0FBRyxJQUFJLE1BQU0sQ0FBQyxDQUFDLEVBQUUsS0FBSztHQUNwQyxNQUFNLFFBQVEsR0FBRyxJQUFJLE1BQU0sQ0FBQyxDQUFDLEVBQUUsS0FBSztBQUN0QyxHQUFFLE9BQU8sUUFBUSxDQUFDLE9BQU8sQ0FBQyxRQUFRLENBQUMsSUFBSSxRQUFRLENBQUMsWUFBWSxDQUFDLFFBQVE7QUFDckUsQ0FBQTtBQUNBLENBQUEsY0FBYyxHQUFHOzs7Ozs7Ozs7OztBQ05qQixDQUFBLE1BQU0sWUFBWSxHQUFHQSxtQkFBQTtDQUNyQixNQUFNLElBQUksR0FBRyxDQUFDLElBQUksRUFBRSxLQUFLLEtBQUssSUFBSSxDQUFDLElBQUksQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLEtBQUssWUFBWSxDQUFDLENBQUMsRUFBRSxDQUFDLEVBQUUsS0FBSyxDQUFDO0FBQzNFLENBQUEsTUFBYyxHQUFHOzs7Ozs7Ozs7OztBQ0ZqQixDQUFBLE1BQU0sWUFBWSxHQUFHQSxtQkFBQTtDQUNyQixNQUFNLEtBQUssR0FBRyxDQUFDLElBQUksRUFBRSxLQUFLLEtBQUssSUFBSSxDQUFDLElBQUksQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLEtBQUssWUFBWSxDQUFDLENBQUMsRUFBRSxDQUFDLEVBQUUsS0FBSyxDQUFDO0FBQzVFLENBQUEsT0FBYyxHQUFHOzs7Ozs7Ozs7OztBQ0ZqQixDQUFBLE1BQU0sT0FBTyxHQUFHQSxjQUFBO0FBQ2hCLENBQUEsTUFBTSxFQUFFLEdBQUcsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEtBQUssS0FBSyxPQUFPLENBQUMsQ0FBQyxFQUFFLENBQUMsRUFBRSxLQUFLLENBQUMsR0FBRztBQUNuRCxDQUFBLElBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUNGakIsQ0FBQSxNQUFNLE9BQU8sR0FBR0EsY0FBQTtBQUNoQixDQUFBLE1BQU0sRUFBRSxHQUFHLENBQUMsQ0FBQyxFQUFFLENBQUMsRUFBRSxLQUFLLEtBQUssT0FBTyxDQUFDLENBQUMsRUFBRSxDQUFDLEVBQUUsS0FBSyxDQUFDLEdBQUc7QUFDbkQsQ0FBQSxJQUFjLEdBQUc7Ozs7Ozs7Ozs7O0FDRmpCLENBQUEsTUFBTSxPQUFPLEdBQUdBLGNBQUE7QUFDaEIsQ0FBQSxNQUFNLEVBQUUsR0FBRyxDQUFDLENBQUMsRUFBRSxDQUFDLEVBQUUsS0FBSyxLQUFLLE9BQU8sQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEtBQUssQ0FBQyxLQUFLO0FBQ3JELENBQUEsSUFBYyxHQUFHOzs7Ozs7Ozs7OztBQ0ZqQixDQUFBLE1BQU0sT0FBTyxHQUFHQSxjQUFBO0FBQ2hCLENBQUEsTUFBTSxHQUFHLEdBQUcsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEtBQUssS0FBSyxPQUFPLENBQUMsQ0FBQyxFQUFFLENBQUMsRUFBRSxLQUFLLENBQUMsS0FBSztBQUN0RCxDQUFBLEtBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUNGakIsQ0FBQSxNQUFNLE9BQU8sR0FBR0EsY0FBQTtBQUNoQixDQUFBLE1BQU0sR0FBRyxHQUFHLENBQUMsQ0FBQyxFQUFFLENBQUMsRUFBRSxLQUFLLEtBQUssT0FBTyxDQUFDLENBQUMsRUFBRSxDQUFDLEVBQUUsS0FBSyxDQUFDLElBQUk7QUFDckQsQ0FBQSxLQUFjLEdBQUc7Ozs7Ozs7Ozs7O0FDRmpCLENBQUEsTUFBTSxPQUFPLEdBQUdBLGNBQUE7QUFDaEIsQ0FBQSxNQUFNLEdBQUcsR0FBRyxDQUFDLENBQUMsRUFBRSxDQUFDLEVBQUUsS0FBSyxLQUFLLE9BQU8sQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEtBQUssQ0FBQyxJQUFJO0FBQ3JELENBQUEsS0FBYyxHQUFHOzs7Ozs7Ozs7OztBQ0ZqQixDQUFBLE1BQU0sRUFBRSxHQUFHQSxTQUFBO0FBQ1gsQ0FBQSxNQUFNLEdBQUcsR0FBR0MsVUFBQTtBQUNaLENBQUEsTUFBTSxFQUFFLEdBQUdDLFNBQUE7QUFDWCxDQUFBLE1BQU0sR0FBRyxHQUFHQyxVQUFBO0FBQ1osQ0FBQSxNQUFNLEVBQUUsR0FBR0MsU0FBQTtBQUNYLENBQUEsTUFBTSxHQUFHLEdBQUdFLFVBQUE7O0NBRVosTUFBTSxHQUFHLEdBQUcsQ0FBQyxDQUFDLEVBQUUsRUFBRSxFQUFFLENBQUMsRUFBRSxLQUFLLEtBQUs7QUFDakMsR0FBRSxRQUFRLEVBQUU7QUFDWixLQUFJLEtBQUssS0FBSztBQUNkLE9BQU0sSUFBSSxPQUFPLENBQUMsS0FBSyxRQUFRLEVBQUU7U0FDekIsQ0FBQyxHQUFHLENBQUMsQ0FBQztBQUNkLE9BQUE7QUFDQSxPQUFNLElBQUksT0FBTyxDQUFDLEtBQUssUUFBUSxFQUFFO1NBQ3pCLENBQUMsR0FBRyxDQUFDLENBQUM7QUFDZCxPQUFBO09BQ00sT0FBTyxDQUFDLEtBQUs7O0FBRW5CLEtBQUksS0FBSyxLQUFLO0FBQ2QsT0FBTSxJQUFJLE9BQU8sQ0FBQyxLQUFLLFFBQVEsRUFBRTtTQUN6QixDQUFDLEdBQUcsQ0FBQyxDQUFDO0FBQ2QsT0FBQTtBQUNBLE9BQU0sSUFBSSxPQUFPLENBQUMsS0FBSyxRQUFRLEVBQUU7U0FDekIsQ0FBQyxHQUFHLENBQUMsQ0FBQztBQUNkLE9BQUE7T0FDTSxPQUFPLENBQUMsS0FBSzs7QUFFbkIsS0FBSSxLQUFLLEVBQUU7QUFDWCxLQUFJLEtBQUssR0FBRztBQUNaLEtBQUksS0FBSyxJQUFJO0FBQ2IsT0FBTSxPQUFPLEVBQUUsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEtBQUs7O0FBRTNCLEtBQUksS0FBSyxJQUFJO0FBQ2IsT0FBTSxPQUFPLEdBQUcsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEtBQUs7O0FBRTVCLEtBQUksS0FBSyxHQUFHO0FBQ1osT0FBTSxPQUFPLEVBQUUsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEtBQUs7O0FBRTNCLEtBQUksS0FBSyxJQUFJO0FBQ2IsT0FBTSxPQUFPLEdBQUcsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEtBQUs7O0FBRTVCLEtBQUksS0FBSyxHQUFHO0FBQ1osT0FBTSxPQUFPLEVBQUUsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEtBQUs7O0FBRTNCLEtBQUksS0FBSyxJQUFJO0FBQ2IsT0FBTSxPQUFPLEdBQUcsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEtBQUs7O0tBRXhCO09BQ0UsTUFBTSxJQUFJLFNBQVMsQ0FBQyxDQUFDLGtCQUFrQixFQUFFLEVBQUUsQ0FBQyxDQUFDO0FBQ25EO0FBQ0EsQ0FBQTtBQUNBLENBQUEsS0FBYyxHQUFHOzs7Ozs7Ozs7OztBQ25EakIsQ0FBQSxNQUFNLE1BQU0sR0FBR04sZUFBQTtBQUNmLENBQUEsTUFBTSxLQUFLLEdBQUdDLFlBQUE7QUFDZCxDQUFBLE1BQU0sRUFBRSxNQUFNLEVBQUUsRUFBRSxFQUFFLENBQUMsRUFBRSxHQUFHQyxTQUFBOztBQUUxQixDQUFBLE1BQU0sTUFBTSxHQUFHLENBQUMsT0FBTyxFQUFFLE9BQU8sS0FBSztBQUNyQyxHQUFFLElBQUksT0FBTyxZQUFZLE1BQU0sRUFBRTtBQUNqQyxLQUFJLE9BQU87QUFDWCxHQUFBOztBQUVBLEdBQUUsSUFBSSxPQUFPLE9BQU8sS0FBSyxRQUFRLEVBQUU7QUFDbkMsS0FBSSxPQUFPLEdBQUcsTUFBTSxDQUFDLE9BQU87QUFDNUIsR0FBQTs7QUFFQSxHQUFFLElBQUksT0FBTyxPQUFPLEtBQUssUUFBUSxFQUFFO0FBQ25DLEtBQUksT0FBTztBQUNYLEdBQUE7O0dBRUUsT0FBTyxHQUFHLE9BQU8sSUFBSTs7R0FFckIsSUFBSSxLQUFLLEdBQUc7QUFDZCxHQUFFLElBQUksQ0FBQyxPQUFPLENBQUMsR0FBRyxFQUFFO0tBQ2hCLEtBQUssR0FBRyxPQUFPLENBQUMsS0FBSyxDQUFDLE9BQU8sQ0FBQyxpQkFBaUIsR0FBRyxFQUFFLENBQUMsQ0FBQyxDQUFDLFVBQVUsQ0FBQyxHQUFHLEVBQUUsQ0FBQyxDQUFDLENBQUMsTUFBTSxDQUFDO0FBQ3JGLEdBQUEsQ0FBRyxNQUFNO0FBQ1Q7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0EsS0FBSSxNQUFNLGNBQWMsR0FBRyxPQUFPLENBQUMsaUJBQWlCLEdBQUcsRUFBRSxDQUFDLENBQUMsQ0FBQyxhQUFhLENBQUMsR0FBRyxFQUFFLENBQUMsQ0FBQyxDQUFDLFNBQVM7QUFDM0YsS0FBSSxJQUFJO0tBQ0osT0FBTyxDQUFDLElBQUksR0FBRyxjQUFjLENBQUMsSUFBSSxDQUFDLE9BQU8sQ0FBQztBQUMvQyxVQUFTLENBQUMsS0FBSyxJQUFJLEtBQUssQ0FBQyxLQUFLLEdBQUcsS0FBSyxDQUFDLENBQUMsQ0FBQyxDQUFDLE1BQU0sS0FBSyxPQUFPLENBQUMsTUFBTTtPQUM3RDtPQUNBLElBQUksQ0FBQyxLQUFLO2FBQ0osSUFBSSxDQUFDLEtBQUssR0FBRyxJQUFJLENBQUMsQ0FBQyxDQUFDLENBQUMsTUFBTSxLQUFLLEtBQUssQ0FBQyxLQUFLLEdBQUcsS0FBSyxDQUFDLENBQUMsQ0FBQyxDQUFDLE1BQU0sRUFBRTtBQUMzRSxTQUFRLEtBQUssR0FBRztBQUNoQixPQUFBO0FBQ0EsT0FBTSxjQUFjLENBQUMsU0FBUyxHQUFHLElBQUksQ0FBQyxLQUFLLEdBQUcsSUFBSSxDQUFDLENBQUMsQ0FBQyxDQUFDLE1BQU0sR0FBRyxJQUFJLENBQUMsQ0FBQyxDQUFDLENBQUM7QUFDdkUsS0FBQTtBQUNBO0FBQ0EsS0FBSSxjQUFjLENBQUMsU0FBUyxHQUFHO0FBQy9CLEdBQUE7O0FBRUEsR0FBRSxJQUFJLEtBQUssS0FBSyxJQUFJLEVBQUU7QUFDdEIsS0FBSSxPQUFPO0FBQ1gsR0FBQTs7QUFFQSxHQUFFLE1BQU0sS0FBSyxHQUFHLEtBQUssQ0FBQyxDQUFDO0FBQ3ZCLEdBQUUsTUFBTSxLQUFLLEdBQUcsS0FBSyxDQUFDLENBQUMsQ0FBQyxJQUFJO0FBQzVCLEdBQUUsTUFBTSxLQUFLLEdBQUcsS0FBSyxDQUFDLENBQUMsQ0FBQyxJQUFJO0dBQzFCLE1BQU0sVUFBVSxHQUFHLE9BQU8sQ0FBQyxpQkFBaUIsSUFBSSxLQUFLLENBQUMsQ0FBQyxDQUFDLEdBQUcsQ0FBQyxDQUFDLEVBQUUsS0FBSyxDQUFDLENBQUMsQ0FBQyxDQUFDLENBQUMsR0FBRztHQUM1RSxNQUFNLEtBQUssR0FBRyxPQUFPLENBQUMsaUJBQWlCLElBQUksS0FBSyxDQUFDLENBQUMsQ0FBQyxHQUFHLENBQUMsQ0FBQyxFQUFFLEtBQUssQ0FBQyxDQUFDLENBQUMsQ0FBQyxDQUFDLEdBQUc7O0dBRXZFLE9BQU8sS0FBSyxDQUFDLENBQUMsRUFBRSxLQUFLLENBQUMsQ0FBQyxFQUFFLEtBQUssQ0FBQyxDQUFDLEVBQUUsS0FBSyxDQUFDLEVBQUUsVUFBVSxDQUFDLEVBQUUsS0FBSyxDQUFDLENBQUMsRUFBRSxPQUFPO0FBQ3pFLENBQUE7QUFDQSxDQUFBLFFBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUMzRGpCLENBQUEsTUFBTSxLQUFLLEdBQUdGLFlBQUE7QUFDZCxDQUFBLE1BQU0sU0FBUyxHQUFHQyxnQkFBQTtBQUNsQixDQUFBLE1BQU0sTUFBTSxHQUFHQyxlQUFBOztDQUVmLE1BQU0sUUFBUSxHQUFHLENBQUMsT0FBTyxFQUFFLFVBQVUsRUFBRSxPQUFPLEtBQUs7R0FDakQsSUFBSSxDQUFDLFNBQVMsQ0FBQyxhQUFhLENBQUMsUUFBUSxDQUFDLFVBQVUsQ0FBQyxFQUFFO0FBQ3JELEtBQUksT0FBTztBQUNYLEdBQUE7O0FBRUEsR0FBRSxNQUFNLGFBQWEsR0FBRyxpQkFBaUIsQ0FBQyxPQUFPLEVBQUUsT0FBTztBQUMxRCxHQUFFLE9BQU8sYUFBYSxJQUFJLFlBQVksQ0FBQyxhQUFhLEVBQUUsVUFBVTtBQUNoRSxDQUFBOztBQUVBLENBQUEsTUFBTSxpQkFBaUIsR0FBRyxDQUFDLE9BQU8sRUFBRSxPQUFPLEtBQUs7QUFDaEQsR0FBRSxNQUFNLG9CQUFvQjtBQUM1QixLQUFJLE9BQU8sWUFBWSxNQUFNLEdBQUcsT0FBTyxDQUFDLE9BQU8sR0FBRztBQUNsRDs7QUFFQSxHQUFFLE9BQU8sS0FBSyxDQUFDLG9CQUFvQixFQUFFLE9BQU87QUFDNUMsQ0FBQTs7QUFFQSxDQUFBLE1BQU0sWUFBWSxHQUFHLENBQUMsT0FBTyxFQUFFLFVBQVUsS0FBSztBQUM5QyxHQUFFLElBQUksWUFBWSxDQUFDLFVBQVUsQ0FBQyxFQUFFO0tBQzVCLE9BQU8sT0FBTyxDQUFDO0FBQ25CLEdBQUE7O0dBRUUsT0FBTyxDQUFDLFVBQVUsR0FBRzs7QUFFdkIsR0FBRSxRQUFRLFVBQVU7QUFDcEIsS0FBSSxLQUFLLE9BQU87T0FDVixPQUFPLENBQUMsS0FBSyxHQUFHO09BQ2hCLE9BQU8sQ0FBQyxLQUFLLEdBQUc7T0FDaEI7QUFDTixLQUFJLEtBQUssT0FBTztPQUNWLE9BQU8sQ0FBQyxLQUFLLEdBQUc7T0FDaEI7QUFDTjs7R0FFRSxPQUFPLE9BQU8sQ0FBQyxNQUFNO0FBQ3ZCLENBQUE7O0FBRUEsQ0FBQSxNQUFNLFlBQVksR0FBRyxDQUFDLElBQUksS0FBSztBQUMvQixHQUFFLE9BQU8sSUFBSSxDQUFDLFVBQVUsQ0FBQyxLQUFLO0FBQzlCLENBQUE7O0FBRUEsQ0FBQSxVQUFjLEdBQUc7Ozs7Ozs7Ozs7O0FDN0NqQixDQUFBLE1BQU0sUUFBUSxDQUFDO0dBQ2IsV0FBVyxDQUFDLEdBQUc7S0FDYixJQUFJLENBQUMsR0FBRyxHQUFHO0FBQ2YsS0FBSSxJQUFJLENBQUMsR0FBRyxHQUFHLElBQUksR0FBRztBQUN0QixHQUFBOztBQUVBLEdBQUUsR0FBRyxDQUFDLENBQUMsR0FBRyxFQUFFO0tBQ1IsTUFBTSxLQUFLLEdBQUcsSUFBSSxDQUFDLEdBQUcsQ0FBQyxHQUFHLENBQUMsR0FBRztBQUNsQyxLQUFJLElBQUksS0FBSyxLQUFLLFNBQVMsRUFBRTtBQUM3QixPQUFNLE9BQU87QUFDYixLQUFBLENBQUssTUFBTTtBQUNYO0FBQ0EsT0FBTSxJQUFJLENBQUMsR0FBRyxDQUFDLE1BQU0sQ0FBQyxHQUFHO09BQ25CLElBQUksQ0FBQyxHQUFHLENBQUMsR0FBRyxDQUFDLEdBQUcsRUFBRSxLQUFLO0FBQzdCLE9BQU0sT0FBTztBQUNiLEtBQUE7QUFDQSxHQUFBOztBQUVBLEdBQUUsTUFBTSxDQUFDLENBQUMsR0FBRyxFQUFFO0FBQ2YsS0FBSSxPQUFPLElBQUksQ0FBQyxHQUFHLENBQUMsTUFBTSxDQUFDLEdBQUc7QUFDOUIsR0FBQTs7QUFFQSxHQUFFLEdBQUcsQ0FBQyxDQUFDLEdBQUcsRUFBRSxLQUFLLEVBQUU7QUFDbkIsS0FBSSxNQUFNLE9BQU8sR0FBRyxJQUFJLENBQUMsTUFBTSxDQUFDLEdBQUc7O0FBRW5DLEtBQUksSUFBSSxDQUFDLE9BQU8sSUFBSSxLQUFLLEtBQUssU0FBUyxFQUFFO0FBQ3pDO09BQ00sSUFBSSxJQUFJLENBQUMsR0FBRyxDQUFDLElBQUksSUFBSSxJQUFJLENBQUMsR0FBRyxFQUFFO0FBQ3JDLFNBQVEsTUFBTSxRQUFRLEdBQUcsSUFBSSxDQUFDLEdBQUcsQ0FBQyxJQUFJLEVBQUUsQ0FBQyxJQUFJLEVBQUUsQ0FBQztBQUNoRCxTQUFRLElBQUksQ0FBQyxNQUFNLENBQUMsUUFBUTtBQUM1QixPQUFBOztPQUVNLElBQUksQ0FBQyxHQUFHLENBQUMsR0FBRyxDQUFDLEdBQUcsRUFBRSxLQUFLO0FBQzdCLEtBQUE7O0FBRUEsS0FBSSxPQUFPO0FBQ1gsR0FBQTtBQUNBOztBQUVBLENBQUEsUUFBYyxHQUFHOzs7Ozs7Ozs7OztBQ3RDakI7QUFDQTtBQUNBO0FBQ0E7QUFDQTtDQUNBLE1BQU07QUFDTixHQUFFLFVBQVU7QUFDWixHQUFFLHFCQUFxQjtBQUN2QixHQUFFLHFCQUFxQjtBQUN2QixFQUFDLEdBQUdGLGdCQUFBOztBQUVKO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBOztBQUVBO0FBQ0EsQ0FBQSxNQUFNLFVBQVUsR0FBRyxJQUFJLFVBQVUsQ0FBQyxPQUFPO0FBQ3pDLENBQUEsS0FBSyxNQUFNLElBQUksSUFBSSxxQkFBcUIsRUFBRTtHQUN4QyxVQUFVLENBQUMsSUFBSSxDQUFDLFVBQVUsQ0FBQyxDQUFDLENBQUMsQ0FBQyxHQUFHO0FBQ25DLENBQUE7O0FBRUE7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0NBQ0EsTUFBTSxZQUFZLEdBQUcsSUFBSTtBQUN6QixHQUFFLElBQUksS0FBSyxTQUFTLElBQUksVUFBVSxDQUFDLElBQUksQ0FBQyxVQUFVLENBQUMsQ0FBQyxDQUFDLENBQUMsS0FBSzs7QUFFM0Q7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7Q0FDQSxNQUFNLGVBQWUsR0FBRyxJQUFJO0dBQzFCLElBQUksS0FBSyxHQUFHO0dBQ1osSUFBSSxLQUFLLEdBQUc7R0FDWixZQUFZLENBQUMsSUFBSTs7QUFFbkI7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBLENBQUEsTUFBTSxPQUFPLEdBQUcsSUFBSSxJQUFJLElBQUksS0FBSyxTQUFTLElBQUksSUFBSSxJQUFJLEdBQUcsSUFBSSxJQUFJLElBQUk7O0FBRXJFO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7Q0FDQSxNQUFNLFFBQVEsR0FBRyxJQUFJO0dBQ25CLElBQUksS0FBSyxTQUFTO0FBQ3BCLEtBQUksQ0FBQyxJQUFJLElBQUksR0FBRyxJQUFJLElBQUksSUFBSSxHQUFHO0FBQy9CLE1BQUssSUFBSSxJQUFJLEdBQUcsSUFBSSxJQUFJLElBQUksR0FBRztBQUMvQjs7QUFFQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQSxDQUFBLE1BQU0scUJBQXFCLEdBQUcsSUFBSSxJQUFJLE9BQU8sQ0FBQyxJQUFJLENBQUMsSUFBSSxRQUFRLENBQUMsSUFBSSxDQUFDLElBQUksSUFBSSxLQUFLOztBQUVsRjtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7Q0FDQSxNQUFNLGNBQWMsR0FBRyxJQUFJO0dBQ3pCLE9BQU8sQ0FBQyxJQUFJLENBQUM7R0FDYixJQUFJLEtBQUssR0FBRztHQUNaLElBQUksS0FBSyxHQUFHO0FBQ2QsR0FBRSxJQUFJLEtBQUs7O0FBRVg7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0NBQ0EsTUFBTSxrQkFBa0IsR0FBRyxDQUFDLEtBQUssRUFBRSxLQUFLLEVBQUUsS0FBSyxFQUFFLFNBQVMsS0FBSztHQUM3RCxJQUFJLENBQUMsT0FBTyxDQUFDLEtBQUssQ0FBQyxLQUFLLENBQUMsQ0FBQyxFQUFFO0FBQzlCLEtBQUksT0FBTztBQUNYLEdBQUE7QUFDQSxHQUFFLElBQUksS0FBSyxJQUFJLFNBQVMsQ0FBQyxLQUFLLElBQUksS0FBSyxHQUFHLFNBQVMsQ0FBQyxHQUFHLEVBQUU7S0FDckQsT0FBTyxJQUFJLENBQUMsR0FBRyxDQUFDLEtBQUssR0FBRyxLQUFLLEVBQUUsU0FBUyxDQUFDLEdBQUc7QUFDaEQsR0FBQTtBQUNBLEdBQUUsSUFBSSxLQUFLLElBQUksU0FBUyxDQUFDLGFBQWEsSUFBSSxLQUFLLEdBQUcsU0FBUyxDQUFDLFdBQVcsRUFBRTtLQUNyRSxPQUFPLElBQUksQ0FBQyxHQUFHLENBQUMsS0FBSyxHQUFHLEtBQUssRUFBRSxTQUFTLENBQUMsV0FBVztBQUN4RCxHQUFBO0FBQ0EsR0FBRSxJQUFJLEdBQUcsR0FBRyxLQUFLLEdBQUc7R0FDbEIsT0FBTyxPQUFPLENBQUMsS0FBSyxDQUFDLEdBQUcsQ0FBQyxDQUFDLEVBQUU7QUFDOUIsS0FBSSxHQUFHO0FBQ1AsR0FBQTtBQUNBO0FBQ0EsR0FBRSxTQUFTLENBQUMsYUFBYSxHQUFHLFNBQVMsQ0FBQztBQUN0QyxHQUFFLFNBQVMsQ0FBQyxXQUFXLEdBQUcsU0FBUyxDQUFDO0dBQ2xDLFNBQVMsQ0FBQyxLQUFLLEdBQUc7R0FDbEIsU0FBUyxDQUFDLEdBQUcsR0FBRztHQUNoQixPQUFPLElBQUksQ0FBQyxHQUFHLENBQUMsS0FBSyxHQUFHLEtBQUssRUFBRSxHQUFHO0FBQ3BDLENBQUE7O0FBRUE7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0NBQ0EsTUFBTSx5QkFBeUIsR0FBRyxDQUFDLEtBQUssRUFBRSxLQUFLLEVBQUUsS0FBSyxFQUFFLFNBQVMsS0FBSztHQUNwRSxJQUFJLENBQUMsS0FBSyxJQUFJLEtBQUssQ0FBQyxLQUFLLENBQUMsS0FBSyxHQUFHLEVBQUU7S0FDbEMsT0FBTyxLQUFLLEdBQUc7QUFDbkIsR0FBQTtBQUNBO0FBQ0EsR0FBRSxPQUFPLGtCQUFrQixDQUFDLEtBQUssRUFBRSxLQUFLLEVBQUUsS0FBSyxHQUFHLFVBQVUsR0FBRyxVQUFVLEdBQUcsQ0FBQyxFQUFFLFNBQVM7QUFDeEYsQ0FBQTs7QUFFQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7Q0FDQSxNQUFNLGdDQUFnQyxHQUFHLENBQUMsS0FBSyxFQUFFLEtBQUssRUFBRSxLQUFLLEVBQUUsU0FBUyxLQUFLO0dBQzNFLE1BQU0sU0FBUyxHQUFHLGtCQUFrQixDQUFDLEtBQUssRUFBRSxLQUFLLEVBQUUsVUFBVSxFQUFFLFNBQVM7QUFDMUU7QUFDQSxHQUFFLElBQUksUUFBUSxDQUFDLEtBQUssQ0FBQyxTQUFTLENBQUMsQ0FBQyxJQUFJLEtBQUssQ0FBQyxTQUFTLENBQUMsS0FBSyxHQUFHLEVBQUU7QUFDOUQsS0FBSSxJQUFJLEdBQUcsR0FBRyxTQUFTLEdBQUc7QUFDMUIsS0FBSSxNQUFNLEtBQUssR0FBRyxHQUFHLEdBQUc7QUFDeEIsS0FBSSxPQUFPLEdBQUcsR0FBRyxLQUFLLElBQUkscUJBQXFCLENBQUMsS0FBSyxDQUFDLEdBQUcsQ0FBQyxDQUFDLEVBQUU7QUFDN0QsT0FBTSxHQUFHO0FBQ1QsS0FBQTtBQUNBLEtBQUksT0FBTztBQUNYLEdBQUE7R0FDRSxPQUFPLHlCQUF5QixDQUFDLEtBQUssRUFBRSxLQUFLLEVBQUUsS0FBSyxFQUFFLFNBQVM7QUFDakUsQ0FBQTs7QUFFQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7Q0FDQSxNQUFNLHNCQUFzQixHQUFHLENBQUMsS0FBSyxFQUFFLEtBQUssRUFBRSxLQUFLLEVBQUUsU0FBUyxLQUFLO0FBQ25FLEdBQUUsTUFBTSxNQUFNLEdBQUcsS0FBSyxDQUFDLEtBQUssQ0FBQyxLQUFLO0FBQ2xDLEdBQUUsSUFBSSxDQUFDLEtBQUssSUFBSSxDQUFDLE1BQU0sRUFBRTtBQUN6QixLQUFJLE9BQU87QUFDWCxHQUFBO0dBQ0UsTUFBTSxlQUFlLEdBQUcsS0FBSyxJQUFJLE1BQU0sR0FBRyxDQUFDLEdBQUcsQ0FBQztHQUMvQyxJQUFJLEdBQUcsR0FBRyxnQ0FBZ0MsQ0FBQyxLQUFLLEVBQUUsZUFBZSxFQUFFLEtBQUssRUFBRSxTQUFTO0FBQ3JGLEdBQUUsSUFBSSxHQUFHLEtBQUssZUFBZSxFQUFFO0FBQy9CLEtBQUksSUFBSSxDQUFDLEtBQUssSUFBSSxDQUFDLE1BQU0sRUFBRTtBQUMzQixPQUFNLE9BQU87QUFDYixLQUFBO0FBQ0E7S0FDSSxHQUFHLEdBQUcsZ0NBQWdDLENBQUMsS0FBSyxFQUFFLEtBQUssRUFBRSxLQUFLLEVBQUUsU0FBUztBQUN6RSxHQUFBO0FBQ0EsR0FBRSxPQUFPLEtBQUssQ0FBQyxHQUFHLENBQUMsS0FBSyxHQUFHLEVBQUU7QUFDN0IsS0FBSSxNQUFNLElBQUksR0FBRyxnQ0FBZ0MsQ0FBQyxLQUFLLEVBQUUsR0FBRyxHQUFHLENBQUMsRUFBRSxLQUFLLEVBQUUsU0FBUztBQUNsRixLQUFJLElBQUksSUFBSSxLQUFLLEdBQUcsR0FBRyxDQUFDLEVBQUU7T0FDcEI7QUFDTixLQUFBO0FBQ0EsS0FBSSxHQUFHLEdBQUc7QUFDVixHQUFBO0FBQ0EsR0FBRSxPQUFPO0FBQ1QsQ0FBQTs7QUFFQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBLENBQUEsTUFBTSwyQkFBMkIsR0FBRyxDQUFDLEtBQUssRUFBRSxLQUFLLEtBQUs7R0FDcEQsSUFBSSxHQUFHLEdBQUc7QUFDWixHQUFFLE9BQU8sR0FBRyxHQUFHLEtBQUssR0FBRyxxQkFBcUIsSUFBSSxxQkFBcUIsQ0FBQyxLQUFLLENBQUMsR0FBRyxDQUFDLENBQUMsRUFBRTtBQUNuRixLQUFJLEdBQUc7QUFDUCxHQUFBO0FBQ0EsR0FBRSxPQUFPO0FBQ1QsQ0FBQTs7QUFFQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBLENBQUEsTUFBTSxpQkFBaUIsR0FBRyxDQUFDLEtBQUssRUFBRSxLQUFLLEtBQUs7QUFDNUMsR0FBRSxJQUFJLEtBQUssQ0FBQyxLQUFLLENBQUMsS0FBSyxHQUFHLEVBQUU7QUFDNUIsS0FBSSxPQUFPO0FBQ1gsR0FBQTtHQUNFLElBQUksR0FBRyxHQUFHLDJCQUEyQixDQUFDLEtBQUssRUFBRSxLQUFLLEdBQUcsQ0FBQztBQUN4RCxHQUFFLElBQUksR0FBRyxLQUFLLEtBQUssR0FBRyxDQUFDLEVBQUU7QUFDekIsS0FBSSxPQUFPO0FBQ1gsR0FBQTtBQUNBLEdBQUUsT0FBTyxLQUFLLENBQUMsR0FBRyxDQUFDLEtBQUssR0FBRyxFQUFFO0tBQ3pCLE1BQU0sSUFBSSxHQUFHLDJCQUEyQixDQUFDLEtBQUssRUFBRSxHQUFHLEdBQUcsQ0FBQztBQUMzRCxLQUFJLElBQUksSUFBSSxLQUFLLEdBQUcsR0FBRyxDQUFDLEVBQUU7T0FDcEI7QUFDTixLQUFBO0FBQ0EsS0FBSSxHQUFHLEdBQUc7QUFDVixHQUFBO0FBQ0EsR0FBRSxPQUFPO0FBQ1QsQ0FBQTs7QUFFQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0NBQ0EsTUFBTSw0QkFBNEIsR0FBRyxDQUFDLEtBQUssRUFBRSxLQUFLLEVBQUUsU0FBUyxLQUFLO0dBQ2hFLElBQUksR0FBRyxHQUFHO0FBQ1osR0FBRSxLQUFLLElBQUksU0FBUyxHQUFHLENBQUMsRUFBRSxTQUFTLEdBQUcsQ0FBQyxFQUFFLFNBQVMsRUFBRSxFQUFFO0tBQ2xELE1BQU0sSUFBSSxHQUFHLHlCQUF5QixDQUFDLEtBQUssRUFBRSxHQUFHLEVBQUUsSUFBSSxFQUFFLFNBQVM7QUFDdEUsS0FBSSxJQUFJLElBQUksS0FBSyxHQUFHLEVBQUU7QUFDdEIsT0FBTSxPQUFPO0FBQ2IsS0FBQTtBQUNBLEtBQUksR0FBRyxHQUFHO0FBQ1YsS0FBSSxJQUFJLFNBQVMsR0FBRyxDQUFDLEVBQUU7QUFDdkIsT0FBTSxJQUFJLEtBQUssQ0FBQyxHQUFHLENBQUMsS0FBSyxHQUFHLEVBQUU7QUFDOUIsU0FBUSxPQUFPO0FBQ2YsT0FBQTtBQUNBLE9BQU0sR0FBRztBQUNULEtBQUE7QUFDQSxHQUFBO0dBQ0UsTUFBTSxhQUFhLEdBQUcsc0JBQXNCLENBQUMsS0FBSyxFQUFFLEdBQUcsRUFBRSxJQUFJLEVBQUUsU0FBUztBQUMxRSxHQUFFLE9BQU8saUJBQWlCLENBQUMsS0FBSyxFQUFFLGFBQWE7QUFDL0MsQ0FBQTs7QUFFQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0NBQ0EsTUFBTSxtQ0FBbUMsR0FBRyxDQUFDLEtBQUssRUFBRSxLQUFLLEVBQUUsU0FBUyxLQUFLO0dBQ3ZFLElBQUksT0FBTyxDQUFDLEtBQUssQ0FBQyxLQUFLLENBQUMsQ0FBQyxFQUFFO0tBQ3pCLE9BQU8seUJBQXlCLENBQUMsS0FBSyxFQUFFLEtBQUssRUFBRSxLQUFLLEVBQUUsU0FBUztBQUNuRSxHQUFBO0FBQ0EsR0FBRSxPQUFPLGNBQWMsQ0FBQyxLQUFLLENBQUMsS0FBSyxDQUFDLENBQUMsR0FBRyxLQUFLLEdBQUcsQ0FBQyxHQUFHO0FBQ3BELENBQUE7O0FBRUE7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtDQUNBLE1BQU0sMEJBQTBCLEdBQUcsQ0FBQyxLQUFLLEVBQUUsS0FBSyxFQUFFLFNBQVMsS0FBSztHQUM5RCxJQUFJLEdBQUcsR0FBRyxtQ0FBbUMsQ0FBQyxLQUFLLEVBQUUsS0FBSyxFQUFFLFNBQVM7QUFDdkUsR0FBRSxLQUFLLElBQUksU0FBUyxHQUFHLENBQUMsRUFBRSxTQUFTLEdBQUcsQ0FBQyxFQUFFLFNBQVMsRUFBRSxFQUFFO0FBQ3RELEtBQUksSUFBSSxLQUFLLENBQUMsR0FBRyxDQUFDLEtBQUssR0FBRyxFQUFFO0FBQzVCLE9BQU0sT0FBTztBQUNiLEtBQUE7S0FDSSxNQUFNLElBQUksR0FBRyxtQ0FBbUMsQ0FBQyxLQUFLLEVBQUUsR0FBRyxHQUFHLENBQUMsRUFBRSxTQUFTO0FBQzlFLEtBQUksSUFBSSxJQUFJLEtBQUssR0FBRyxHQUFHLENBQUMsRUFBRTtBQUMxQixPQUFNLE9BQU87QUFDYixLQUFBO0FBQ0EsS0FBSSxHQUFHLEdBQUc7QUFDVixHQUFBO0dBQ0UsTUFBTSxhQUFhLEdBQUcsc0JBQXNCLENBQUMsS0FBSyxFQUFFLEdBQUcsRUFBRSxLQUFLLEVBQUUsU0FBUztBQUMzRSxHQUFFLE9BQU8saUJBQWlCLENBQUMsS0FBSyxFQUFFLGFBQWE7QUFDL0MsQ0FBQTs7QUFFQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7Q0FDQSxNQUFNLG1CQUFtQixHQUFHLENBQUMsS0FBSyxFQUFFLEtBQUssRUFBRSxTQUFTLEtBQUs7R0FDdkQsTUFBTSxjQUFjLEdBQUcsNEJBQTRCLENBQUMsS0FBSyxFQUFFLEtBQUssRUFBRSxTQUFTO0dBQzNFLE9BQU8sY0FBYyxLQUFLO09BQ3RCO0FBQ04sT0FBTSwwQkFBMEIsQ0FBQyxLQUFLLEVBQUUsS0FBSyxFQUFFLFNBQVM7QUFDeEQsQ0FBQTs7QUFFQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0EsQ0FBQSxNQUFNLDRCQUE0QixHQUFHLENBQUMsS0FBSyxFQUFFLFVBQVUsS0FBSztHQUMxRCxJQUFJLFFBQVEsR0FBRztHQUNmLElBQUksWUFBWSxDQUFDLEtBQUssQ0FBQyxRQUFRLENBQUMsQ0FBQyxFQUFFO0FBQ3JDLEtBQUksUUFBUTtBQUNaLEdBQUE7QUFDQSxHQUFFLElBQUksS0FBSyxDQUFDLFFBQVEsQ0FBQyxLQUFLLEdBQUcsSUFBSSxLQUFLLENBQUMsUUFBUSxDQUFDLEtBQUssR0FBRyxFQUFFO0FBQzFELEtBQUksUUFBUTtBQUNaLEdBQUE7QUFDQSxHQUFFLElBQUksS0FBSyxDQUFDLFFBQVEsQ0FBQyxLQUFLLEdBQUcsRUFBRTtBQUMvQixLQUFJLFFBQVE7QUFDWixHQUFBO0dBQ0UsT0FBTyxZQUFZLENBQUMsS0FBSyxDQUFDLFFBQVEsQ0FBQyxDQUFDLEdBQUcsUUFBUSxHQUFHO0FBQ3BELENBQUE7O0FBRUE7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtDQUNBLE1BQU0sd0JBQXdCLEdBQUcsS0FBSyxJQUFJO0dBQ3hDLElBQUksTUFBTSxHQUFHO0dBQ2IsSUFBSSxRQUFRLEdBQUc7R0FDZixJQUFJLE1BQU0sR0FBRztHQUNiLE1BQU0sU0FBUyxHQUFHLEVBQUUsS0FBSyxFQUFFLEVBQUUsRUFBRSxHQUFHLEVBQUUsRUFBRSxFQUFFLGFBQWEsRUFBRSxFQUFFLEVBQUUsV0FBVyxFQUFFLEVBQUU7O0FBRTVFLEdBQUUsT0FBTyxNQUFNLEdBQUcsS0FBSyxDQUFDLE1BQU0sRUFBRTtLQUM1QixNQUFNLFVBQVUsR0FBRztBQUN2QixLQUFJLElBQUksS0FBSyxDQUFDLE1BQU0sQ0FBQyxLQUFLLEdBQUcsSUFBSSxLQUFLLENBQUMsTUFBTSxDQUFDLEtBQUssR0FBRyxFQUFFO0FBQ3hELE9BQU0sTUFBTTtBQUNaLEtBQUEsQ0FBSyxNQUFNLElBQUksQ0FBQyxlQUFlLENBQUMsS0FBSyxDQUFDLE1BQU0sQ0FBQyxDQUFDLElBQUksQ0FBQyxjQUFjLENBQUMsS0FBSyxDQUFDLE1BQU0sQ0FBQyxDQUFDLEVBQUU7QUFDbEYsT0FBTSxNQUFNO09BQ047QUFDTixLQUFBOztBQUVBO0FBQ0EsS0FBSSxPQUFPLE1BQU0sR0FBRyxLQUFLLENBQUMsTUFBTSxJQUFJLGVBQWUsQ0FBQyxLQUFLLENBQUMsTUFBTSxDQUFDLENBQUMsRUFBRTtBQUNwRSxPQUFNLE1BQU07QUFDWixLQUFBO0tBQ0ksSUFBSSxDQUFDLGNBQWMsQ0FBQyxLQUFLLENBQUMsTUFBTSxDQUFDLENBQUMsRUFBRTtPQUNsQztBQUNOLEtBQUE7O0FBRUEsS0FBSSxNQUFNLGtCQUFrQixHQUFHLDRCQUE0QixDQUFDLEtBQUssRUFBRSxVQUFVO0FBQzdFLEtBQUksSUFBSSxrQkFBa0IsS0FBSyxFQUFFLEVBQUU7T0FDN0IsTUFBTSxJQUFJLEtBQUssQ0FBQyxLQUFLLENBQUMsUUFBUSxFQUFFLGtCQUFrQjtPQUNsRCxRQUFRLEdBQUcsa0JBQWtCLEdBQUc7QUFDdEMsS0FBQTs7QUFFQTtBQUNBO0tBQ0ksTUFBTSxHQUFHLG1CQUFtQixDQUFDLEtBQUssRUFBRSxNQUFNLEVBQUUsU0FBUztBQUN6RCxHQUFBOztBQUVBLEdBQUUsT0FBTyxNQUFNLEdBQUcsS0FBSyxDQUFDLEtBQUssQ0FBQyxRQUFRO0FBQ3RDLENBQUE7O0FBRUEsQ0FBQSwwQkFBYyxHQUFHOzs7Ozs7Ozs7OztBQ25iakIsQ0FBQSxNQUFNLGdCQUFnQixHQUFHOztBQUV6QjtBQUNBLENBQUEsTUFBTSxLQUFLLENBQUM7QUFDWixHQUFFLFdBQVcsQ0FBQyxDQUFDLEtBQUssRUFBRSxPQUFPLEVBQUU7QUFDL0IsS0FBSSxPQUFPLEdBQUcsWUFBWSxDQUFDLE9BQU87O0FBRWxDLEtBQUksSUFBSSxLQUFLLFlBQVksS0FBSyxFQUFFO09BQzFCO1NBQ0UsS0FBSyxDQUFDLEtBQUssS0FBSyxDQUFDLENBQUMsT0FBTyxDQUFDLEtBQUs7QUFDdkMsU0FBUSxLQUFLLENBQUMsaUJBQWlCLEtBQUssQ0FBQyxDQUFDLE9BQU8sQ0FBQztTQUN0QztBQUNSLFNBQVEsT0FBTztBQUNmLE9BQUEsQ0FBTyxNQUFNO1NBQ0wsT0FBTyxJQUFJLEtBQUssQ0FBQyxLQUFLLENBQUMsR0FBRyxFQUFFLE9BQU87QUFDM0MsT0FBQTtBQUNBLEtBQUE7O0FBRUEsS0FBSSxJQUFJLEtBQUssWUFBWSxVQUFVLEVBQUU7QUFDckM7QUFDQSxPQUFNLElBQUksQ0FBQyxHQUFHLEdBQUcsS0FBSyxDQUFDO0FBQ3ZCLE9BQU0sSUFBSSxDQUFDLEdBQUcsR0FBRyxDQUFDLENBQUMsS0FBSyxDQUFDO09BQ25CLElBQUksQ0FBQyxTQUFTLEdBQUc7QUFDdkIsT0FBTSxPQUFPO0FBQ2IsS0FBQTs7S0FFSSxJQUFJLENBQUMsT0FBTyxHQUFHO0FBQ25CLEtBQUksSUFBSSxDQUFDLEtBQUssR0FBRyxDQUFDLENBQUMsT0FBTyxDQUFDO0FBQzNCLEtBQUksSUFBSSxDQUFDLGlCQUFpQixHQUFHLENBQUMsQ0FBQyxPQUFPLENBQUM7O0FBRXZDO0FBQ0E7QUFDQTtBQUNBLEtBQUksSUFBSSxDQUFDLEdBQUcsR0FBRyxLQUFLLENBQUMsSUFBSSxFQUFFLENBQUMsT0FBTyxDQUFDLGdCQUFnQixFQUFFLEdBQUc7O0FBRXpEO0FBQ0EsS0FBSSxJQUFJLENBQUMsR0FBRyxHQUFHLElBQUksQ0FBQztRQUNiLEtBQUssQ0FBQyxJQUFJO0FBQ2pCO0FBQ0EsUUFBTyxHQUFHLENBQUMsQ0FBQyxJQUFJLElBQUksQ0FBQyxVQUFVLENBQUMsQ0FBQyxDQUFDLElBQUksRUFBRSxDQUFDO0FBQ3pDO0FBQ0E7QUFDQTtBQUNBLFFBQU8sTUFBTSxDQUFDLENBQUMsSUFBSSxDQUFDLENBQUMsTUFBTTs7QUFFM0IsS0FBSSxJQUFJLENBQUMsSUFBSSxDQUFDLEdBQUcsQ0FBQyxNQUFNLEVBQUU7T0FDcEIsTUFBTSxJQUFJLFNBQVMsQ0FBQyxDQUFDLHNCQUFzQixFQUFFLElBQUksQ0FBQyxHQUFHLENBQUMsQ0FBQztBQUM3RCxLQUFBOztBQUVBO0tBQ0ksSUFBSSxJQUFJLENBQUMsR0FBRyxDQUFDLE1BQU0sR0FBRyxDQUFDLEVBQUU7QUFDN0I7QUFDQSxPQUFNLE1BQU0sS0FBSyxHQUFHLElBQUksQ0FBQyxHQUFHLENBQUMsQ0FBQztBQUM5QixPQUFNLElBQUksQ0FBQyxHQUFHLEdBQUcsSUFBSSxDQUFDLEdBQUcsQ0FBQyxNQUFNLENBQUMsQ0FBQyxJQUFJLENBQUMsU0FBUyxDQUFDLENBQUMsQ0FBQyxDQUFDLENBQUMsQ0FBQztPQUNoRCxJQUFJLElBQUksQ0FBQyxHQUFHLENBQUMsTUFBTSxLQUFLLENBQUMsRUFBRTtBQUNqQyxTQUFRLElBQUksQ0FBQyxHQUFHLEdBQUcsQ0FBQyxLQUFLO09BQ3pCLENBQU8sTUFBTSxJQUFJLElBQUksQ0FBQyxHQUFHLENBQUMsTUFBTSxHQUFHLENBQUMsRUFBRTtBQUN0QztBQUNBLFNBQVEsS0FBSyxNQUFNLENBQUMsSUFBSSxJQUFJLENBQUMsR0FBRyxFQUFFO0FBQ2xDLFdBQVUsSUFBSSxDQUFDLENBQUMsTUFBTSxLQUFLLENBQUMsSUFBSSxLQUFLLENBQUMsQ0FBQyxDQUFDLENBQUMsQ0FBQyxDQUFDLEVBQUU7QUFDN0MsYUFBWSxJQUFJLENBQUMsR0FBRyxHQUFHLENBQUMsQ0FBQzthQUNiO0FBQ1osV0FBQTtBQUNBLFNBQUE7QUFDQSxPQUFBO0FBQ0EsS0FBQTs7S0FFSSxJQUFJLENBQUMsU0FBUyxHQUFHO0FBQ3JCLEdBQUE7O0dBRUUsSUFBSSxLQUFLLENBQUMsR0FBRztBQUNmLEtBQUksSUFBSSxJQUFJLENBQUMsU0FBUyxLQUFLLFNBQVMsRUFBRTtPQUNoQyxJQUFJLENBQUMsU0FBUyxHQUFHO0FBQ3ZCLE9BQU0sS0FBSyxJQUFJLENBQUMsR0FBRyxDQUFDLEVBQUUsQ0FBQyxHQUFHLElBQUksQ0FBQyxHQUFHLENBQUMsTUFBTSxFQUFFLENBQUMsRUFBRSxFQUFFO0FBQ2hELFNBQVEsSUFBSSxDQUFDLEdBQUcsQ0FBQyxFQUFFO1dBQ1QsSUFBSSxDQUFDLFNBQVMsSUFBSTtBQUM1QixTQUFBO0FBQ0EsU0FBUSxNQUFNLEtBQUssR0FBRyxJQUFJLENBQUMsR0FBRyxDQUFDLENBQUM7QUFDaEMsU0FBUSxLQUFLLElBQUksQ0FBQyxHQUFHLENBQUMsRUFBRSxDQUFDLEdBQUcsS0FBSyxDQUFDLE1BQU0sRUFBRSxDQUFDLEVBQUUsRUFBRTtBQUMvQyxXQUFVLElBQUksQ0FBQyxHQUFHLENBQUMsRUFBRTthQUNULElBQUksQ0FBQyxTQUFTLElBQUk7QUFDOUIsV0FBQTtBQUNBLFdBQVUsSUFBSSxDQUFDLFNBQVMsSUFBSSxLQUFLLENBQUMsQ0FBQyxDQUFDLENBQUMsUUFBUSxFQUFFLENBQUMsSUFBSTtBQUNwRCxTQUFBO0FBQ0EsT0FBQTtBQUNBLEtBQUE7S0FDSSxPQUFPLElBQUksQ0FBQztBQUNoQixHQUFBOztHQUVFLE1BQU0sQ0FBQyxHQUFHO0tBQ1IsT0FBTyxJQUFJLENBQUM7QUFDaEIsR0FBQTs7R0FFRSxRQUFRLENBQUMsR0FBRztLQUNWLE9BQU8sSUFBSSxDQUFDO0FBQ2hCLEdBQUE7O0FBRUEsR0FBRSxVQUFVLENBQUMsQ0FBQyxLQUFLLEVBQUU7QUFDckI7S0FDSSxLQUFLLEdBQUcsS0FBSyxDQUFDLE9BQU8sQ0FBQyxZQUFZLEVBQUUsRUFBRTs7QUFFMUM7QUFDQTtBQUNBLEtBQUksTUFBTSxRQUFRO0FBQ2xCLE9BQU0sQ0FBQyxJQUFJLENBQUMsT0FBTyxDQUFDLGlCQUFpQixJQUFJLHVCQUF1QjtBQUNoRSxRQUFPLElBQUksQ0FBQyxPQUFPLENBQUMsS0FBSyxJQUFJLFVBQVU7QUFDdkMsS0FBSSxNQUFNLE9BQU8sR0FBRyxRQUFRLEdBQUcsR0FBRyxHQUFHO0FBQ3JDLEtBQUksTUFBTSxNQUFNLEdBQUcsS0FBSyxDQUFDLEdBQUcsQ0FBQyxPQUFPO0tBQ2hDLElBQUksTUFBTSxFQUFFO0FBQ2hCLE9BQU0sT0FBTztBQUNiLEtBQUE7O0FBRUEsS0FBSSxNQUFNLEtBQUssR0FBRyxJQUFJLENBQUMsT0FBTyxDQUFDO0FBQy9CO0FBQ0EsS0FBSSxNQUFNLEVBQUUsR0FBRyxLQUFLLEdBQUcsRUFBRSxDQUFDLENBQUMsQ0FBQyxnQkFBZ0IsQ0FBQyxHQUFHLEVBQUUsQ0FBQyxDQUFDLENBQUMsV0FBVztBQUNoRSxLQUFJLEtBQUssR0FBRyxLQUFLLENBQUMsT0FBTyxDQUFDLEVBQUUsRUFBRSxhQUFhLENBQUMsSUFBSSxDQUFDLE9BQU8sQ0FBQyxpQkFBaUIsQ0FBQztBQUMzRSxLQUFJLEtBQUssQ0FBQyxnQkFBZ0IsRUFBRSxLQUFLOztBQUVqQztBQUNBLEtBQUksS0FBSyxHQUFHLHdCQUF3QixDQUFDLEtBQUs7QUFDMUMsS0FBSSxLQUFLLENBQUMsaUJBQWlCLEVBQUUsS0FBSzs7QUFFbEM7QUFDQSxLQUFJLEtBQUssR0FBRyxLQUFLLENBQUMsT0FBTyxDQUFDLEVBQUUsQ0FBQyxDQUFDLENBQUMsU0FBUyxDQUFDLEVBQUUsZ0JBQWdCO0FBQzNELEtBQUksS0FBSyxDQUFDLFlBQVksRUFBRSxLQUFLOztBQUU3QjtBQUNBLEtBQUksS0FBSyxHQUFHLEtBQUssQ0FBQyxPQUFPLENBQUMsRUFBRSxDQUFDLENBQUMsQ0FBQyxTQUFTLENBQUMsRUFBRSxnQkFBZ0I7QUFDM0QsS0FBSSxLQUFLLENBQUMsWUFBWSxFQUFFLEtBQUs7O0FBRTdCO0FBQ0E7O0tBRUksSUFBSSxTQUFTLEdBQUc7UUFDYixLQUFLLENBQUMsR0FBRztRQUNULEdBQUcsQ0FBQyxJQUFJLElBQUksZUFBZSxDQUFDLElBQUksRUFBRSxJQUFJLENBQUMsT0FBTyxDQUFDO1FBQy9DLElBQUksQ0FBQyxHQUFHO1FBQ1IsS0FBSyxDQUFDLEtBQUs7QUFDbEI7UUFDTyxHQUFHLENBQUMsSUFBSSxJQUFJLFdBQVcsQ0FBQyxJQUFJLEVBQUUsSUFBSSxDQUFDLE9BQU8sQ0FBQzs7S0FFOUMsSUFBSSxLQUFLLEVBQUU7QUFDZjtBQUNBLE9BQU0sU0FBUyxHQUFHLFNBQVMsQ0FBQyxNQUFNLENBQUMsSUFBSSxJQUFJO1NBQ25DLEtBQUssQ0FBQyxzQkFBc0IsRUFBRSxJQUFJLEVBQUUsSUFBSSxDQUFDLE9BQU87QUFDeEQsU0FBUSxPQUFPLENBQUMsQ0FBQyxJQUFJLENBQUMsS0FBSyxDQUFDLEVBQUUsQ0FBQyxDQUFDLENBQUMsZUFBZSxDQUFDO09BQ2pELENBQU87QUFDUCxLQUFBO0FBQ0EsS0FBSSxLQUFLLENBQUMsWUFBWSxFQUFFLFNBQVM7O0FBRWpDO0FBQ0E7QUFDQTtBQUNBLEtBQUksTUFBTSxRQUFRLEdBQUcsSUFBSSxHQUFHO0FBQzVCLEtBQUksTUFBTSxXQUFXLEdBQUcsU0FBUyxDQUFDLEdBQUcsQ0FBQyxJQUFJLElBQUksSUFBSSxVQUFVLENBQUMsSUFBSSxFQUFFLElBQUksQ0FBQyxPQUFPLENBQUM7QUFDaEYsS0FBSSxLQUFLLE1BQU0sSUFBSSxJQUFJLFdBQVcsRUFBRTtBQUNwQyxPQUFNLElBQUksU0FBUyxDQUFDLElBQUksQ0FBQyxFQUFFO1NBQ25CLE9BQU8sQ0FBQyxJQUFJO0FBQ3BCLE9BQUE7T0FDTSxRQUFRLENBQUMsR0FBRyxDQUFDLElBQUksQ0FBQyxLQUFLLEVBQUUsSUFBSTtBQUNuQyxLQUFBO0FBQ0EsS0FBSSxJQUFJLFFBQVEsQ0FBQyxJQUFJLEdBQUcsQ0FBQyxJQUFJLFFBQVEsQ0FBQyxHQUFHLENBQUMsRUFBRSxDQUFDLEVBQUU7QUFDL0MsT0FBTSxRQUFRLENBQUMsTUFBTSxDQUFDLEVBQUU7QUFDeEIsS0FBQTs7S0FFSSxNQUFNLE1BQU0sR0FBRyxDQUFDLEdBQUcsUUFBUSxDQUFDLE1BQU0sRUFBRTtBQUN4QyxLQUFJLEtBQUssQ0FBQyxHQUFHLENBQUMsT0FBTyxFQUFFLE1BQU07QUFDN0IsS0FBSSxPQUFPO0FBQ1gsR0FBQTs7QUFFQSxHQUFFLFVBQVUsQ0FBQyxDQUFDLEtBQUssRUFBRSxPQUFPLEVBQUU7QUFDOUIsS0FBSSxJQUFJLEVBQUUsS0FBSyxZQUFZLEtBQUssQ0FBQyxFQUFFO0FBQ25DLE9BQU0sTUFBTSxJQUFJLFNBQVMsQ0FBQyxxQkFBcUI7QUFDL0MsS0FBQTs7S0FFSSxPQUFPLElBQUksQ0FBQyxHQUFHLENBQUMsSUFBSSxDQUFDLENBQUMsZUFBZSxLQUFLO09BQ3hDO0FBQ04sU0FBUSxhQUFhLENBQUMsZUFBZSxFQUFFLE9BQU8sQ0FBQztTQUN2QyxLQUFLLENBQUMsR0FBRyxDQUFDLElBQUksQ0FBQyxDQUFDLGdCQUFnQixLQUFLO1dBQ25DO0FBQ1YsYUFBWSxhQUFhLENBQUMsZ0JBQWdCLEVBQUUsT0FBTyxDQUFDO0FBQ3BELGFBQVksZUFBZSxDQUFDLEtBQUssQ0FBQyxDQUFDLGNBQWMsS0FBSztBQUN0RCxlQUFjLE9BQU8sZ0JBQWdCLENBQUMsS0FBSyxDQUFDLENBQUMsZUFBZSxLQUFLO0FBQ2pFLGlCQUFnQixPQUFPLGNBQWMsQ0FBQyxVQUFVLENBQUMsZUFBZSxFQUFFLE9BQU87ZUFDekUsQ0FBZTthQUNmLENBQWE7QUFDYjtTQUNBLENBQVM7QUFDVDtLQUNBLENBQUs7QUFDTCxHQUFBOztBQUVBO0FBQ0EsR0FBRSxJQUFJLENBQUMsQ0FBQyxPQUFPLEVBQUU7S0FDYixJQUFJLENBQUMsT0FBTyxFQUFFO0FBQ2xCLE9BQU0sT0FBTztBQUNiLEtBQUE7O0FBRUEsS0FBSSxJQUFJLE9BQU8sT0FBTyxLQUFLLFFBQVEsRUFBRTtBQUNyQyxPQUFNLElBQUk7U0FDRixPQUFPLEdBQUcsSUFBSSxNQUFNLENBQUMsT0FBTyxFQUFFLElBQUksQ0FBQyxPQUFPO09BQ2xELENBQU8sQ0FBQyxPQUFPLEVBQUUsRUFBRTtBQUNuQixTQUFRLE9BQU87QUFDZixPQUFBO0FBQ0EsS0FBQTs7QUFFQSxLQUFJLEtBQUssSUFBSSxDQUFDLEdBQUcsQ0FBQyxFQUFFLENBQUMsR0FBRyxJQUFJLENBQUMsR0FBRyxDQUFDLE1BQU0sRUFBRSxDQUFDLEVBQUUsRUFBRTtBQUM5QyxPQUFNLElBQUksT0FBTyxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUMsQ0FBQyxDQUFDLEVBQUUsT0FBTyxFQUFFLElBQUksQ0FBQyxPQUFPLENBQUMsRUFBRTtBQUN2RCxTQUFRLE9BQU87QUFDZixPQUFBO0FBQ0EsS0FBQTtBQUNBLEtBQUksT0FBTztBQUNYLEdBQUE7QUFDQTs7QUFFQSxDQUFBLEtBQWMsR0FBRzs7QUFFakIsQ0FBQSxNQUFNLEdBQUcsR0FBR0EsZUFBQTtDQUNaLE1BQU0sS0FBSyxHQUFHLElBQUksR0FBRzs7QUFFckIsQ0FBQSxNQUFNLFlBQVksR0FBR0MsbUJBQUE7QUFDckIsQ0FBQSxNQUFNLFVBQVUsR0FBR0MsaUJBQUE7QUFDbkIsQ0FBQSxNQUFNLEtBQUssR0FBR0MsWUFBQTtBQUNkLENBQUEsTUFBTSxNQUFNLEdBQUdDLGVBQUE7QUFDZixDQUFBLE1BQU0sd0JBQXdCLEdBQUdFLCtCQUFBO0NBQ2pDLE1BQU07R0FDSixNQUFNLEVBQUUsRUFBRTtBQUNaLEdBQUUsR0FBRztBQUNMLEdBQUUsQ0FBQztBQUNILEdBQUUsZ0JBQWdCO0FBQ2xCLEdBQUUsZ0JBQWdCO0FBQ2xCLEVBQUMsR0FBR0MsU0FBQTtBQUNKLENBQUEsTUFBTSxFQUFFLHVCQUF1QixFQUFFLFVBQVUsRUFBRSxHQUFHQyxnQkFBQTs7QUFFaEQ7QUFDQSxDQUFBLE1BQU0sWUFBWSxHQUFHLElBQUksTUFBTSxDQUFDLEdBQUcsQ0FBQyxDQUFDLENBQUMsS0FBSyxDQUFDLEVBQUUsR0FBRzs7QUFFakQsQ0FBQSxNQUFNLFNBQVMsR0FBRyxDQUFDLElBQUksQ0FBQyxDQUFDLEtBQUssS0FBSztBQUNuQyxDQUFBLE1BQU0sS0FBSyxHQUFHLENBQUMsSUFBSSxDQUFDLENBQUMsS0FBSyxLQUFLOztBQUUvQjtBQUNBO0FBQ0EsQ0FBQSxNQUFNLGFBQWEsR0FBRyxDQUFDLFdBQVcsRUFBRSxPQUFPLEtBQUs7R0FDOUMsSUFBSSxNQUFNLEdBQUc7QUFDZixHQUFFLE1BQU0sb0JBQW9CLEdBQUcsV0FBVyxDQUFDLEtBQUs7QUFDaEQsR0FBRSxJQUFJLGNBQWMsR0FBRyxvQkFBb0IsQ0FBQyxHQUFHOztBQUUvQyxHQUFFLE9BQU8sTUFBTSxJQUFJLG9CQUFvQixDQUFDLE1BQU0sRUFBRTtLQUM1QyxNQUFNLEdBQUcsb0JBQW9CLENBQUMsS0FBSyxDQUFDLENBQUMsZUFBZSxLQUFLO0FBQzdELE9BQU0sT0FBTyxjQUFjLENBQUMsVUFBVSxDQUFDLGVBQWUsRUFBRSxPQUFPO0tBQy9ELENBQUs7O0FBRUwsS0FBSSxjQUFjLEdBQUcsb0JBQW9CLENBQUMsR0FBRztBQUM3QyxHQUFBOztBQUVBLEdBQUUsT0FBTztBQUNULENBQUE7O0FBRUE7QUFDQTtBQUNBO0FBQ0EsQ0FBQSxNQUFNLGVBQWUsR0FBRyxDQUFDLElBQUksRUFBRSxPQUFPLEtBQUs7QUFDM0MsR0FBRSxJQUFJLEdBQUcsSUFBSSxDQUFDLE9BQU8sQ0FBQyxFQUFFLENBQUMsQ0FBQyxDQUFDLEtBQUssQ0FBQyxFQUFFLEVBQUU7QUFDckMsR0FBRSxLQUFLLENBQUMsTUFBTSxFQUFFLElBQUksRUFBRSxPQUFPO0FBQzdCLEdBQUUsSUFBSSxHQUFHLGFBQWEsQ0FBQyxJQUFJLEVBQUUsT0FBTztBQUNwQyxHQUFFLEtBQUssQ0FBQyxPQUFPLEVBQUUsSUFBSTtBQUNyQixHQUFFLElBQUksR0FBRyxhQUFhLENBQUMsSUFBSSxFQUFFLE9BQU87QUFDcEMsR0FBRSxLQUFLLENBQUMsUUFBUSxFQUFFLElBQUk7QUFDdEIsR0FBRSxJQUFJLEdBQUcsY0FBYyxDQUFDLElBQUksRUFBRSxPQUFPO0FBQ3JDLEdBQUUsS0FBSyxDQUFDLFFBQVEsRUFBRSxJQUFJO0FBQ3RCLEdBQUUsSUFBSSxHQUFHLFlBQVksQ0FBQyxJQUFJLEVBQUUsT0FBTztBQUNuQyxHQUFFLEtBQUssQ0FBQyxPQUFPLEVBQUUsSUFBSTtBQUNyQixHQUFFLE9BQU87QUFDVCxDQUFBOztBQUVBLENBQUEsTUFBTSxHQUFHLEdBQUcsRUFBRSxJQUFJLENBQUMsRUFBRSxJQUFJLEVBQUUsQ0FBQyxXQUFXLEVBQUUsS0FBSyxHQUFHLElBQUksRUFBRSxLQUFLOztBQUU1RCxDQUFBLE1BQU0sa0JBQWtCLEdBQUcsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLENBQUM7R0FDakMsQ0FBQyxHQUFHLENBQUMsQ0FBQyxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUMsQ0FBQyxDQUFDO0lBQ2pCLEdBQUcsQ0FBQyxDQUFDLENBQUMsSUFBSSxDQUFDLElBQUksQ0FBQyxHQUFHLENBQUMsQ0FBQyxDQUFDO0FBQ3pCOztBQUVBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0EsQ0FBQSxNQUFNLGFBQWEsR0FBRyxDQUFDLElBQUksRUFBRSxPQUFPLEtBQUs7QUFDekMsR0FBRSxPQUFPO0FBQ1QsTUFBSyxJQUFJO01BQ0osS0FBSyxDQUFDLEtBQUs7TUFDWCxHQUFHLENBQUMsQ0FBQyxDQUFDLEtBQUssWUFBWSxDQUFDLENBQUMsRUFBRSxPQUFPLENBQUM7TUFDbkMsSUFBSSxDQUFDLEdBQUc7QUFDYixDQUFBOztBQUVBLENBQUEsTUFBTSxZQUFZLEdBQUcsQ0FBQyxJQUFJLEVBQUUsT0FBTyxLQUFLO0FBQ3hDLEdBQUUsTUFBTSxDQUFDLEdBQUcsT0FBTyxDQUFDLEtBQUssR0FBRyxFQUFFLENBQUMsQ0FBQyxDQUFDLFVBQVUsQ0FBQyxHQUFHLEVBQUUsQ0FBQyxDQUFDLENBQUMsS0FBSztBQUN6RDtBQUNBO0FBQ0E7R0FDRSxNQUFNLENBQUMsR0FBRyxPQUFPLENBQUMsaUJBQWlCLEdBQUcsSUFBSSxHQUFHO0FBQy9DLEdBQUUsT0FBTyxJQUFJLENBQUMsT0FBTyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsRUFBRSxDQUFDLEVBQUUsQ0FBQyxFQUFFLENBQUMsRUFBRSxFQUFFLEtBQUs7QUFDN0MsS0FBSSxLQUFLLENBQUMsT0FBTyxFQUFFLElBQUksRUFBRSxDQUFDLEVBQUUsQ0FBQyxFQUFFLENBQUMsRUFBRSxDQUFDLEVBQUUsRUFBRTtBQUN2QyxLQUFJLElBQUk7O0FBRVIsS0FBSSxJQUFJLEdBQUcsQ0FBQyxDQUFDLENBQUMsRUFBRTtBQUNoQixPQUFNLEdBQUcsR0FBRztBQUNaLEtBQUEsQ0FBSyxNQUFNLElBQUksR0FBRyxDQUFDLENBQUMsQ0FBQyxFQUFFO0FBQ3ZCLE9BQU0sR0FBRyxHQUFHLENBQUMsRUFBRSxFQUFFLENBQUMsQ0FBQyxJQUFJLEVBQUUsQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDLENBQUMsR0FBRyxDQUFDLENBQUMsTUFBTTtBQUM1QyxLQUFBLENBQUssTUFBTSxJQUFJLEdBQUcsQ0FBQyxDQUFDLENBQUMsRUFBRTtBQUN2QjtPQUNNLEdBQUcsR0FBRyxDQUFDLEVBQUUsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsQ0FBQyxHQUFHLENBQUMsQ0FBQyxJQUFJO0tBQ2xELENBQUssTUFBTSxJQUFJLEVBQUUsRUFBRTtBQUNuQixPQUFNLEtBQUssQ0FBQyxpQkFBaUIsRUFBRSxFQUFFO0FBQ2pDLE9BQU0sR0FBRyxHQUFHLENBQUMsRUFBRSxFQUFFLENBQUMsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFO1FBQ3pCLEVBQUUsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsQ0FBQyxHQUFHLENBQUMsQ0FBQyxJQUFJO0FBQzNCLEtBQUEsQ0FBSyxNQUFNO0FBQ1g7QUFDQSxPQUFNLEdBQUcsR0FBRyxDQUFDLEVBQUUsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsQ0FBQyxDQUFDLEVBQUU7UUFDcEIsRUFBRSxFQUFFLENBQUMsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxDQUFDLEdBQUcsQ0FBQyxDQUFDLElBQUk7QUFDM0IsS0FBQTs7QUFFQSxLQUFJLEtBQUssQ0FBQyxjQUFjLEVBQUUsR0FBRztBQUM3QixLQUFJLE9BQU87R0FDWCxDQUFHO0FBQ0gsQ0FBQTs7QUFFQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0EsQ0FBQSxNQUFNLGFBQWEsR0FBRyxDQUFDLElBQUksRUFBRSxPQUFPLEtBQUs7QUFDekMsR0FBRSxPQUFPO0FBQ1QsTUFBSyxJQUFJO01BQ0osS0FBSyxDQUFDLEtBQUs7TUFDWCxHQUFHLENBQUMsQ0FBQyxDQUFDLEtBQUssWUFBWSxDQUFDLENBQUMsRUFBRSxPQUFPLENBQUM7TUFDbkMsSUFBSSxDQUFDLEdBQUc7QUFDYixDQUFBOztBQUVBLENBQUEsTUFBTSxZQUFZLEdBQUcsQ0FBQyxJQUFJLEVBQUUsT0FBTyxLQUFLO0FBQ3hDLEdBQUUsS0FBSyxDQUFDLE9BQU8sRUFBRSxJQUFJLEVBQUUsT0FBTztBQUM5QixHQUFFLE1BQU0sQ0FBQyxHQUFHLE9BQU8sQ0FBQyxLQUFLLEdBQUcsRUFBRSxDQUFDLENBQUMsQ0FBQyxVQUFVLENBQUMsR0FBRyxFQUFFLENBQUMsQ0FBQyxDQUFDLEtBQUs7R0FDdkQsTUFBTSxDQUFDLEdBQUcsT0FBTyxDQUFDLGlCQUFpQixHQUFHLElBQUksR0FBRztBQUMvQyxHQUFFLE9BQU8sSUFBSSxDQUFDLE9BQU8sQ0FBQyxDQUFDLEVBQUUsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLENBQUMsRUFBRSxDQUFDLEVBQUUsRUFBRSxLQUFLO0FBQzdDLEtBQUksS0FBSyxDQUFDLE9BQU8sRUFBRSxJQUFJLEVBQUUsQ0FBQyxFQUFFLENBQUMsRUFBRSxDQUFDLEVBQUUsQ0FBQyxFQUFFLEVBQUU7QUFDdkMsS0FBSSxJQUFJOztBQUVSLEtBQUksSUFBSSxHQUFHLENBQUMsQ0FBQyxDQUFDLEVBQUU7QUFDaEIsT0FBTSxHQUFHLEdBQUc7QUFDWixLQUFBLENBQUssTUFBTSxJQUFJLEdBQUcsQ0FBQyxDQUFDLENBQUMsRUFBRTtBQUN2QixPQUFNLEdBQUcsR0FBRyxDQUFDLEVBQUUsRUFBRSxDQUFDLENBQUMsSUFBSSxFQUFFLENBQUMsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLEdBQUcsQ0FBQyxDQUFDLE1BQU07QUFDNUMsS0FBQSxDQUFLLE1BQU0sSUFBSSxHQUFHLENBQUMsQ0FBQyxDQUFDLEVBQUU7QUFDdkIsT0FBTSxJQUFJLENBQUMsS0FBSyxHQUFHLEVBQUU7U0FDYixHQUFHLEdBQUcsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsRUFBRSxFQUFFLENBQUMsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsR0FBRyxDQUFDLENBQUMsSUFBSTtBQUNwRCxPQUFBLENBQU8sTUFBTTtTQUNMLEdBQUcsR0FBRyxDQUFDLEVBQUUsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDLENBQUMsR0FBRyxDQUFDLENBQUMsTUFBTTtBQUNqRCxPQUFBO0tBQ0EsQ0FBSyxNQUFNLElBQUksRUFBRSxFQUFFO0FBQ25CLE9BQU0sS0FBSyxDQUFDLGlCQUFpQixFQUFFLEVBQUU7QUFDakMsT0FBTSxJQUFJLENBQUMsS0FBSyxHQUFHLEVBQUU7QUFDckIsU0FBUSxJQUFJLENBQUMsS0FBSyxHQUFHLEVBQUU7QUFDdkIsV0FBVSxHQUFHLEdBQUcsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsQ0FBQyxDQUFDLEVBQUU7QUFDcEMsWUFBVyxFQUFFLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsQ0FBQyxHQUFHLENBQUMsQ0FBQyxFQUFFO0FBQ2xDLFNBQUEsQ0FBUyxNQUFNO0FBQ2YsV0FBVSxHQUFHLEdBQUcsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsQ0FBQyxDQUFDLEVBQUU7WUFDekIsRUFBRSxFQUFFLENBQUMsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxDQUFDLEdBQUcsQ0FBQyxDQUFDLElBQUk7QUFDL0IsU0FBQTtBQUNBLE9BQUEsQ0FBTyxNQUFNO0FBQ2IsU0FBUSxHQUFHLEdBQUcsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsQ0FBQyxDQUFDLEVBQUU7QUFDbEMsVUFBUyxFQUFFLEVBQUUsQ0FBQyxDQUFDLEdBQUcsQ0FBQyxDQUFDLE1BQU07QUFDMUIsT0FBQTtBQUNBLEtBQUEsQ0FBSyxNQUFNO09BQ0wsS0FBSyxDQUFDLE9BQU87QUFDbkIsT0FBTSxJQUFJLENBQUMsS0FBSyxHQUFHLEVBQUU7QUFDckIsU0FBUSxJQUFJLENBQUMsS0FBSyxHQUFHLEVBQUU7QUFDdkIsV0FBVSxHQUFHLEdBQUcsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFO0FBQy9CLFlBQVcsRUFBRSxFQUFFLENBQUMsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsR0FBRyxDQUFDLENBQUMsRUFBRTtBQUNsQyxTQUFBLENBQVMsTUFBTTtBQUNmLFdBQVUsR0FBRyxHQUFHLENBQUMsRUFBRSxFQUFFLENBQUMsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRTtZQUNwQixFQUFFLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsR0FBRyxDQUFDLENBQUMsSUFBSTtBQUMvQixTQUFBO0FBQ0EsT0FBQSxDQUFPLE1BQU07QUFDYixTQUFRLEdBQUcsR0FBRyxDQUFDLEVBQUUsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsQ0FBQyxDQUFDLEVBQUU7QUFDN0IsVUFBUyxFQUFFLEVBQUUsQ0FBQyxDQUFDLEdBQUcsQ0FBQyxDQUFDLE1BQU07QUFDMUIsT0FBQTtBQUNBLEtBQUE7O0FBRUEsS0FBSSxLQUFLLENBQUMsY0FBYyxFQUFFLEdBQUc7QUFDN0IsS0FBSSxPQUFPO0dBQ1gsQ0FBRztBQUNILENBQUE7O0FBRUEsQ0FBQSxNQUFNLGNBQWMsR0FBRyxDQUFDLElBQUksRUFBRSxPQUFPLEtBQUs7QUFDMUMsR0FBRSxLQUFLLENBQUMsZ0JBQWdCLEVBQUUsSUFBSSxFQUFFLE9BQU87QUFDdkMsR0FBRSxPQUFPO01BQ0osS0FBSyxDQUFDLEtBQUs7TUFDWCxHQUFHLENBQUMsQ0FBQyxDQUFDLEtBQUssYUFBYSxDQUFDLENBQUMsRUFBRSxPQUFPLENBQUM7TUFDcEMsSUFBSSxDQUFDLEdBQUc7QUFDYixDQUFBOztBQUVBLENBQUEsTUFBTSxhQUFhLEdBQUcsQ0FBQyxJQUFJLEVBQUUsT0FBTyxLQUFLO0FBQ3pDLEdBQUUsSUFBSSxHQUFHLElBQUksQ0FBQyxJQUFJO0FBQ2xCLEdBQUUsTUFBTSxDQUFDLEdBQUcsT0FBTyxDQUFDLEtBQUssR0FBRyxFQUFFLENBQUMsQ0FBQyxDQUFDLFdBQVcsQ0FBQyxHQUFHLEVBQUUsQ0FBQyxDQUFDLENBQUMsTUFBTTtBQUMzRCxHQUFFLE9BQU8sSUFBSSxDQUFDLE9BQU8sQ0FBQyxDQUFDLEVBQUUsQ0FBQyxHQUFHLEVBQUUsSUFBSSxFQUFFLENBQUMsRUFBRSxDQUFDLEVBQUUsQ0FBQyxFQUFFLEVBQUUsS0FBSztBQUNyRCxLQUFJLEtBQUssQ0FBQyxRQUFRLEVBQUUsSUFBSSxFQUFFLEdBQUcsRUFBRSxJQUFJLEVBQUUsQ0FBQyxFQUFFLENBQUMsRUFBRSxDQUFDLEVBQUUsRUFBRTtLQUM1QyxJQUFJLGtCQUFrQixDQUFDLENBQUMsRUFBRSxDQUFDLEVBQUUsQ0FBQyxDQUFDLEVBQUU7QUFDckMsT0FBTSxPQUFPO0FBQ2IsS0FBQTs7QUFFQSxLQUFJLE1BQU0sRUFBRSxHQUFHLEdBQUcsQ0FBQyxDQUFDO0FBQ3BCLEtBQUksTUFBTSxFQUFFLEdBQUcsRUFBRSxJQUFJLEdBQUcsQ0FBQyxDQUFDO0FBQzFCLEtBQUksTUFBTSxFQUFFLEdBQUcsRUFBRSxJQUFJLEdBQUcsQ0FBQyxDQUFDO0tBQ3RCLE1BQU0sSUFBSSxHQUFHOztBQUVqQixLQUFJLElBQUksSUFBSSxLQUFLLEdBQUcsSUFBSSxJQUFJLEVBQUU7QUFDOUIsT0FBTSxJQUFJLEdBQUc7QUFDYixLQUFBOztBQUVBO0FBQ0E7QUFDQSxLQUFJLEVBQUUsR0FBRyxPQUFPLENBQUMsaUJBQWlCLEdBQUcsSUFBSSxHQUFHOztLQUV4QyxJQUFJLEVBQUUsRUFBRTtPQUNOLElBQUksSUFBSSxLQUFLLEdBQUcsSUFBSSxJQUFJLEtBQUssR0FBRyxFQUFFO0FBQ3hDO0FBQ0EsU0FBUSxHQUFHLEdBQUc7QUFDZCxPQUFBLENBQU8sTUFBTTtBQUNiO0FBQ0EsU0FBUSxHQUFHLEdBQUc7QUFDZCxPQUFBO0FBQ0EsS0FBQSxDQUFLLE1BQU0sSUFBSSxJQUFJLElBQUksSUFBSSxFQUFFO0FBQzdCO0FBQ0E7T0FDTSxJQUFJLEVBQUUsRUFBRTtBQUNkLFNBQVEsQ0FBQyxHQUFHO0FBQ1osT0FBQTtBQUNBLE9BQU0sQ0FBQyxHQUFHOztBQUVWLE9BQU0sSUFBSSxJQUFJLEtBQUssR0FBRyxFQUFFO0FBQ3hCO0FBQ0E7QUFDQSxTQUFRLElBQUksR0FBRztTQUNQLElBQUksRUFBRSxFQUFFO0FBQ2hCLFdBQVUsQ0FBQyxHQUFHLENBQUMsQ0FBQyxHQUFHO0FBQ25CLFdBQVUsQ0FBQyxHQUFHO0FBQ2QsV0FBVSxDQUFDLEdBQUc7QUFDZCxTQUFBLENBQVMsTUFBTTtBQUNmLFdBQVUsQ0FBQyxHQUFHLENBQUMsQ0FBQyxHQUFHO0FBQ25CLFdBQVUsQ0FBQyxHQUFHO0FBQ2QsU0FBQTtBQUNBLE9BQUEsQ0FBTyxNQUFNLElBQUksSUFBSSxLQUFLLElBQUksRUFBRTtBQUNoQztBQUNBO0FBQ0EsU0FBUSxJQUFJLEdBQUc7U0FDUCxJQUFJLEVBQUUsRUFBRTtBQUNoQixXQUFVLENBQUMsR0FBRyxDQUFDLENBQUMsR0FBRztBQUNuQixTQUFBLENBQVMsTUFBTTtBQUNmLFdBQVUsQ0FBQyxHQUFHLENBQUMsQ0FBQyxHQUFHO0FBQ25CLFNBQUE7QUFDQSxPQUFBOztBQUVBLE9BQU0sSUFBSSxJQUFJLEtBQUssR0FBRyxFQUFFO0FBQ3hCLFNBQVEsRUFBRSxHQUFHO0FBQ2IsT0FBQTs7QUFFQSxPQUFNLEdBQUcsR0FBRyxDQUFDLEVBQUUsSUFBSSxHQUFHLENBQUMsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsRUFBRSxFQUFFLENBQUM7S0FDdkMsQ0FBSyxNQUFNLElBQUksRUFBRSxFQUFFO0FBQ25CLE9BQU0sR0FBRyxHQUFHLENBQUMsRUFBRSxFQUFFLENBQUMsQ0FBQyxJQUFJLEVBQUUsRUFBRSxDQUFDLEVBQUUsRUFBRSxDQUFDLENBQUMsR0FBRyxDQUFDLENBQUMsTUFBTTtLQUM3QyxDQUFLLE1BQU0sSUFBSSxFQUFFLEVBQUU7QUFDbkIsT0FBTSxHQUFHLEdBQUcsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsRUFBRSxFQUFFO1FBQ3JCLEVBQUUsRUFBRSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsQ0FBQyxHQUFHLENBQUMsQ0FBQyxJQUFJO0FBQzNCLEtBQUE7O0FBRUEsS0FBSSxLQUFLLENBQUMsZUFBZSxFQUFFLEdBQUc7O0FBRTlCLEtBQUksT0FBTztHQUNYLENBQUc7QUFDSCxDQUFBOztBQUVBO0FBQ0E7QUFDQSxDQUFBLE1BQU0sWUFBWSxHQUFHLENBQUMsSUFBSSxFQUFFLE9BQU8sS0FBSztBQUN4QyxHQUFFLEtBQUssQ0FBQyxjQUFjLEVBQUUsSUFBSSxFQUFFLE9BQU87QUFDckM7QUFDQSxHQUFFLE9BQU87QUFDVCxNQUFLLElBQUk7TUFDSixPQUFPLENBQUMsRUFBRSxDQUFDLENBQUMsQ0FBQyxJQUFJLENBQUMsRUFBRSxFQUFFO0FBQzNCLENBQUE7O0FBRUEsQ0FBQSxNQUFNLFdBQVcsR0FBRyxDQUFDLElBQUksRUFBRSxPQUFPLEtBQUs7QUFDdkMsR0FBRSxLQUFLLENBQUMsYUFBYSxFQUFFLElBQUksRUFBRSxPQUFPO0FBQ3BDLEdBQUUsT0FBTztBQUNULE1BQUssSUFBSTtBQUNULE1BQUssT0FBTyxDQUFDLEVBQUUsQ0FBQyxPQUFPLENBQUMsaUJBQWlCLEdBQUcsQ0FBQyxDQUFDLE9BQU8sR0FBRyxDQUFDLENBQUMsSUFBSSxDQUFDLEVBQUUsRUFBRTtBQUNuRSxDQUFBOztBQUVBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBLENBQUEsTUFBTSxhQUFhLEdBQUcsS0FBSyxJQUFJLENBQUMsRUFBRTtHQUNoQyxJQUFJLEVBQUUsRUFBRSxFQUFFLEVBQUUsRUFBRSxFQUFFLEVBQUUsR0FBRyxFQUFFLEVBQUU7R0FDekIsRUFBRSxFQUFFLEVBQUUsRUFBRSxFQUFFLEVBQUUsRUFBRSxFQUFFLEdBQUcsS0FBSztBQUMxQixHQUFFLElBQUksR0FBRyxDQUFDLEVBQUUsQ0FBQyxFQUFFO0FBQ2YsS0FBSSxJQUFJLEdBQUc7QUFDWCxHQUFBLENBQUcsTUFBTSxJQUFJLEdBQUcsQ0FBQyxFQUFFLENBQUMsRUFBRTtBQUN0QixLQUFJLElBQUksR0FBRyxDQUFDLEVBQUUsRUFBRSxFQUFFLENBQUMsSUFBSSxFQUFFLEtBQUssR0FBRyxJQUFJLEdBQUcsRUFBRSxDQUFDO0FBQzNDLEdBQUEsQ0FBRyxNQUFNLElBQUksR0FBRyxDQUFDLEVBQUUsQ0FBQyxFQUFFO0FBQ3RCLEtBQUksSUFBSSxHQUFHLENBQUMsRUFBRSxFQUFFLEVBQUUsQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDLEVBQUUsRUFBRSxLQUFLLEdBQUcsSUFBSSxHQUFHLEVBQUUsQ0FBQztHQUMvQyxDQUFHLE1BQU0sSUFBSSxHQUFHLEVBQUU7QUFDbEIsS0FBSSxJQUFJLEdBQUcsQ0FBQyxFQUFFLEVBQUUsSUFBSSxDQUFDO0FBQ3JCLEdBQUEsQ0FBRyxNQUFNO0FBQ1QsS0FBSSxJQUFJLEdBQUcsQ0FBQyxFQUFFLEVBQUUsSUFBSSxDQUFDLEVBQUUsS0FBSyxHQUFHLElBQUksR0FBRyxFQUFFLENBQUM7QUFDekMsR0FBQTs7QUFFQSxHQUFFLElBQUksR0FBRyxDQUFDLEVBQUUsQ0FBQyxFQUFFO0FBQ2YsS0FBSSxFQUFFLEdBQUc7QUFDVCxHQUFBLENBQUcsTUFBTSxJQUFJLEdBQUcsQ0FBQyxFQUFFLENBQUMsRUFBRTtLQUNsQixFQUFFLEdBQUcsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLE1BQU07QUFDM0IsR0FBQSxDQUFHLE1BQU0sSUFBSSxHQUFHLENBQUMsRUFBRSxDQUFDLEVBQUU7QUFDdEIsS0FBSSxFQUFFLEdBQUcsQ0FBQyxDQUFDLEVBQUUsRUFBRSxDQUFDLENBQUMsRUFBRSxDQUFDLEVBQUUsR0FBRyxDQUFDLENBQUMsSUFBSTtHQUMvQixDQUFHLE1BQU0sSUFBSSxHQUFHLEVBQUU7QUFDbEIsS0FBSSxFQUFFLEdBQUcsQ0FBQyxFQUFFLEVBQUUsRUFBRSxDQUFDLENBQUMsRUFBRSxFQUFFLENBQUMsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLEVBQUUsR0FBRyxDQUFDO0dBQ3BDLENBQUcsTUFBTSxJQUFJLEtBQUssRUFBRTtBQUNwQixLQUFJLEVBQUUsR0FBRyxDQUFDLENBQUMsRUFBRSxFQUFFLENBQUMsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLEdBQUcsQ0FBQyxDQUFDLEVBQUU7QUFDbkMsR0FBQSxDQUFHLE1BQU07QUFDVCxLQUFJLEVBQUUsR0FBRyxDQUFDLEVBQUUsRUFBRSxFQUFFLENBQUM7QUFDakIsR0FBQTs7R0FFRSxPQUFPLENBQUMsRUFBRSxJQUFJLENBQUMsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxDQUFDLENBQUMsSUFBSTtBQUM3QixDQUFBOztDQUVBLE1BQU0sT0FBTyxHQUFHLENBQUMsR0FBRyxFQUFFLE9BQU8sRUFBRSxPQUFPLEtBQUs7QUFDM0MsR0FBRSxLQUFLLElBQUksQ0FBQyxHQUFHLENBQUMsRUFBRSxDQUFDLEdBQUcsR0FBRyxDQUFDLE1BQU0sRUFBRSxDQUFDLEVBQUUsRUFBRTtLQUNuQyxJQUFJLENBQUMsR0FBRyxDQUFDLENBQUMsQ0FBQyxDQUFDLElBQUksQ0FBQyxPQUFPLENBQUMsRUFBRTtBQUMvQixPQUFNLE9BQU87QUFDYixLQUFBO0FBQ0EsR0FBQTs7R0FFRSxJQUFJLE9BQU8sQ0FBQyxVQUFVLENBQUMsTUFBTSxJQUFJLENBQUMsT0FBTyxDQUFDLGlCQUFpQixFQUFFO0FBQy9EO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQSxLQUFJLEtBQUssSUFBSSxDQUFDLEdBQUcsQ0FBQyxFQUFFLENBQUMsR0FBRyxHQUFHLENBQUMsTUFBTSxFQUFFLENBQUMsRUFBRSxFQUFFO0FBQ3pDLE9BQU0sS0FBSyxDQUFDLEdBQUcsQ0FBQyxDQUFDLENBQUMsQ0FBQyxNQUFNO09BQ25CLElBQUksR0FBRyxDQUFDLENBQUMsQ0FBQyxDQUFDLE1BQU0sS0FBSyxVQUFVLENBQUMsR0FBRyxFQUFFO1NBQ3BDO0FBQ1IsT0FBQTs7QUFFQSxPQUFNLElBQUksR0FBRyxDQUFDLENBQUMsQ0FBQyxDQUFDLE1BQU0sQ0FBQyxVQUFVLENBQUMsTUFBTSxHQUFHLENBQUMsRUFBRTtBQUMvQyxTQUFRLE1BQU0sT0FBTyxHQUFHLEdBQUcsQ0FBQyxDQUFDLENBQUMsQ0FBQztBQUMvQixTQUFRLElBQUksT0FBTyxDQUFDLEtBQUssS0FBSyxPQUFPLENBQUMsS0FBSztBQUMzQyxhQUFZLE9BQU8sQ0FBQyxLQUFLLEtBQUssT0FBTyxDQUFDLEtBQUs7QUFDM0MsYUFBWSxPQUFPLENBQUMsS0FBSyxLQUFLLE9BQU8sQ0FBQyxLQUFLLEVBQUU7QUFDN0MsV0FBVSxPQUFPO0FBQ2pCLFNBQUE7QUFDQSxPQUFBO0FBQ0EsS0FBQTs7QUFFQTtBQUNBLEtBQUksT0FBTztBQUNYLEdBQUE7O0FBRUEsR0FBRSxPQUFPO0FBQ1QsQ0FBQTs7Ozs7Ozs7Ozs7QUM5akJBLENBQUEsTUFBTSxHQUFHLEdBQUcsTUFBTSxDQUFDLFlBQVk7QUFDL0I7QUFDQSxDQUFBLE1BQU0sVUFBVSxDQUFDO0dBQ2YsV0FBVyxHQUFHLENBQUMsR0FBRztBQUNwQixLQUFJLE9BQU87QUFDWCxHQUFBOztBQUVBLEdBQUUsV0FBVyxDQUFDLENBQUMsSUFBSSxFQUFFLE9BQU8sRUFBRTtBQUM5QixLQUFJLE9BQU8sR0FBRyxZQUFZLENBQUMsT0FBTzs7QUFFbEMsS0FBSSxJQUFJLElBQUksWUFBWSxVQUFVLEVBQUU7T0FDOUIsSUFBSSxJQUFJLENBQUMsS0FBSyxLQUFLLENBQUMsQ0FBQyxPQUFPLENBQUMsS0FBSyxFQUFFO0FBQzFDLFNBQVEsT0FBTztBQUNmLE9BQUEsQ0FBTyxNQUFNO1NBQ0wsSUFBSSxHQUFHLElBQUksQ0FBQztBQUNwQixPQUFBO0FBQ0EsS0FBQTs7QUFFQSxLQUFJLElBQUksR0FBRyxJQUFJLENBQUMsSUFBSSxFQUFFLENBQUMsS0FBSyxDQUFDLEtBQUssQ0FBQyxDQUFDLElBQUksQ0FBQyxHQUFHO0FBQzVDLEtBQUksS0FBSyxDQUFDLFlBQVksRUFBRSxJQUFJLEVBQUUsT0FBTztLQUNqQyxJQUFJLENBQUMsT0FBTyxHQUFHO0FBQ25CLEtBQUksSUFBSSxDQUFDLEtBQUssR0FBRyxDQUFDLENBQUMsT0FBTyxDQUFDO0FBQzNCLEtBQUksSUFBSSxDQUFDLEtBQUssQ0FBQyxJQUFJOztBQUVuQixLQUFJLElBQUksSUFBSSxDQUFDLE1BQU0sS0FBSyxHQUFHLEVBQUU7T0FDdkIsSUFBSSxDQUFDLEtBQUssR0FBRztBQUNuQixLQUFBLENBQUssTUFBTTtPQUNMLElBQUksQ0FBQyxLQUFLLEdBQUcsSUFBSSxDQUFDLFFBQVEsR0FBRyxJQUFJLENBQUMsTUFBTSxDQUFDO0FBQy9DLEtBQUE7O0FBRUEsS0FBSSxLQUFLLENBQUMsTUFBTSxFQUFFLElBQUk7QUFDdEIsR0FBQTs7QUFFQSxHQUFFLEtBQUssQ0FBQyxDQUFDLElBQUksRUFBRTtLQUNYLE1BQU0sQ0FBQyxHQUFHLElBQUksQ0FBQyxPQUFPLENBQUMsS0FBSyxHQUFHLEVBQUUsQ0FBQyxDQUFDLENBQUMsZUFBZSxDQUFDLEdBQUcsRUFBRSxDQUFDLENBQUMsQ0FBQyxVQUFVO0FBQzFFLEtBQUksTUFBTSxDQUFDLEdBQUcsSUFBSSxDQUFDLEtBQUssQ0FBQyxDQUFDOztLQUV0QixJQUFJLENBQUMsQ0FBQyxFQUFFO09BQ04sTUFBTSxJQUFJLFNBQVMsQ0FBQyxDQUFDLG9CQUFvQixFQUFFLElBQUksQ0FBQyxDQUFDO0FBQ3ZELEtBQUE7O0FBRUEsS0FBSSxJQUFJLENBQUMsUUFBUSxHQUFHLENBQUMsQ0FBQyxDQUFDLENBQUMsS0FBSyxTQUFTLEdBQUcsQ0FBQyxDQUFDLENBQUMsQ0FBQyxHQUFHO0FBQ2hELEtBQUksSUFBSSxJQUFJLENBQUMsUUFBUSxLQUFLLEdBQUcsRUFBRTtPQUN6QixJQUFJLENBQUMsUUFBUSxHQUFHO0FBQ3RCLEtBQUE7O0FBRUE7QUFDQSxLQUFJLElBQUksQ0FBQyxDQUFDLENBQUMsQ0FBQyxDQUFDLEVBQUU7T0FDVCxJQUFJLENBQUMsTUFBTSxHQUFHO0FBQ3BCLEtBQUEsQ0FBSyxNQUFNO0FBQ1gsT0FBTSxJQUFJLENBQUMsTUFBTSxHQUFHLElBQUksTUFBTSxDQUFDLENBQUMsQ0FBQyxDQUFDLENBQUMsRUFBRSxJQUFJLENBQUMsT0FBTyxDQUFDLEtBQUs7QUFDdkQsS0FBQTtBQUNBLEdBQUE7O0dBRUUsUUFBUSxDQUFDLEdBQUc7S0FDVixPQUFPLElBQUksQ0FBQztBQUNoQixHQUFBOztBQUVBLEdBQUUsSUFBSSxDQUFDLENBQUMsT0FBTyxFQUFFO0tBQ2IsS0FBSyxDQUFDLGlCQUFpQixFQUFFLE9BQU8sRUFBRSxJQUFJLENBQUMsT0FBTyxDQUFDLEtBQUs7O0tBRXBELElBQUksSUFBSSxDQUFDLE1BQU0sS0FBSyxHQUFHLElBQUksT0FBTyxLQUFLLEdBQUcsRUFBRTtBQUNoRCxPQUFNLE9BQU87QUFDYixLQUFBOztBQUVBLEtBQUksSUFBSSxPQUFPLE9BQU8sS0FBSyxRQUFRLEVBQUU7QUFDckMsT0FBTSxJQUFJO1NBQ0YsT0FBTyxHQUFHLElBQUksTUFBTSxDQUFDLE9BQU8sRUFBRSxJQUFJLENBQUMsT0FBTztPQUNsRCxDQUFPLENBQUMsT0FBTyxFQUFFLEVBQUU7QUFDbkIsU0FBUSxPQUFPO0FBQ2YsT0FBQTtBQUNBLEtBQUE7O0FBRUEsS0FBSSxPQUFPLEdBQUcsQ0FBQyxPQUFPLEVBQUUsSUFBSSxDQUFDLFFBQVEsRUFBRSxJQUFJLENBQUMsTUFBTSxFQUFFLElBQUksQ0FBQyxPQUFPO0FBQ2hFLEdBQUE7O0FBRUEsR0FBRSxVQUFVLENBQUMsQ0FBQyxJQUFJLEVBQUUsT0FBTyxFQUFFO0FBQzdCLEtBQUksSUFBSSxFQUFFLElBQUksWUFBWSxVQUFVLENBQUMsRUFBRTtBQUN2QyxPQUFNLE1BQU0sSUFBSSxTQUFTLENBQUMsMEJBQTBCO0FBQ3BELEtBQUE7O0FBRUEsS0FBSSxJQUFJLElBQUksQ0FBQyxRQUFRLEtBQUssRUFBRSxFQUFFO0FBQzlCLE9BQU0sSUFBSSxJQUFJLENBQUMsS0FBSyxLQUFLLEVBQUUsRUFBRTtBQUM3QixTQUFRLE9BQU87QUFDZixPQUFBO0FBQ0EsT0FBTSxPQUFPLElBQUksS0FBSyxDQUFDLElBQUksQ0FBQyxLQUFLLEVBQUUsT0FBTyxDQUFDLENBQUMsSUFBSSxDQUFDLElBQUksQ0FBQyxLQUFLO0FBQzNELEtBQUEsQ0FBSyxNQUFNLElBQUksSUFBSSxDQUFDLFFBQVEsS0FBSyxFQUFFLEVBQUU7QUFDckMsT0FBTSxJQUFJLElBQUksQ0FBQyxLQUFLLEtBQUssRUFBRSxFQUFFO0FBQzdCLFNBQVEsT0FBTztBQUNmLE9BQUE7QUFDQSxPQUFNLE9BQU8sSUFBSSxLQUFLLENBQUMsSUFBSSxDQUFDLEtBQUssRUFBRSxPQUFPLENBQUMsQ0FBQyxJQUFJLENBQUMsSUFBSSxDQUFDLE1BQU07QUFDNUQsS0FBQTs7QUFFQSxLQUFJLE9BQU8sR0FBRyxZQUFZLENBQUMsT0FBTzs7QUFFbEM7S0FDSSxJQUFJLE9BQU8sQ0FBQyxpQkFBaUI7QUFDakMsUUFBTyxJQUFJLENBQUMsS0FBSyxLQUFLLFVBQVUsSUFBSSxJQUFJLENBQUMsS0FBSyxLQUFLLFVBQVUsQ0FBQyxFQUFFO0FBQ2hFLE9BQU0sT0FBTztBQUNiLEtBQUE7QUFDQSxLQUFJLElBQUksQ0FBQyxPQUFPLENBQUMsaUJBQWlCO0FBQ2xDLFFBQU8sSUFBSSxDQUFDLEtBQUssQ0FBQyxVQUFVLENBQUMsUUFBUSxDQUFDLElBQUksSUFBSSxDQUFDLEtBQUssQ0FBQyxVQUFVLENBQUMsUUFBUSxDQUFDLENBQUMsRUFBRTtBQUM1RSxPQUFNLE9BQU87QUFDYixLQUFBOztBQUVBO0FBQ0EsS0FBSSxJQUFJLElBQUksQ0FBQyxRQUFRLENBQUMsVUFBVSxDQUFDLEdBQUcsQ0FBQyxJQUFJLElBQUksQ0FBQyxRQUFRLENBQUMsVUFBVSxDQUFDLEdBQUcsQ0FBQyxFQUFFO0FBQ3hFLE9BQU0sT0FBTztBQUNiLEtBQUE7QUFDQTtBQUNBLEtBQUksSUFBSSxJQUFJLENBQUMsUUFBUSxDQUFDLFVBQVUsQ0FBQyxHQUFHLENBQUMsSUFBSSxJQUFJLENBQUMsUUFBUSxDQUFDLFVBQVUsQ0FBQyxHQUFHLENBQUMsRUFBRTtBQUN4RSxPQUFNLE9BQU87QUFDYixLQUFBO0FBQ0E7S0FDSTtPQUNFLENBQUMsSUFBSSxDQUFDLE1BQU0sQ0FBQyxPQUFPLEtBQUssSUFBSSxDQUFDLE1BQU0sQ0FBQyxPQUFPO0FBQ2xELE9BQU0sSUFBSSxDQUFDLFFBQVEsQ0FBQyxRQUFRLENBQUMsR0FBRyxDQUFDLElBQUksSUFBSSxDQUFDLFFBQVEsQ0FBQyxRQUFRLENBQUMsR0FBRyxDQUFDLEVBQUU7QUFDbEUsT0FBTSxPQUFPO0FBQ2IsS0FBQTtBQUNBO0FBQ0EsS0FBSSxJQUFJLEdBQUcsQ0FBQyxJQUFJLENBQUMsTUFBTSxFQUFFLEdBQUcsRUFBRSxJQUFJLENBQUMsTUFBTSxFQUFFLE9BQU8sQ0FBQztBQUNuRCxPQUFNLElBQUksQ0FBQyxRQUFRLENBQUMsVUFBVSxDQUFDLEdBQUcsQ0FBQyxJQUFJLElBQUksQ0FBQyxRQUFRLENBQUMsVUFBVSxDQUFDLEdBQUcsQ0FBQyxFQUFFO0FBQ3RFLE9BQU0sT0FBTztBQUNiLEtBQUE7QUFDQTtBQUNBLEtBQUksSUFBSSxHQUFHLENBQUMsSUFBSSxDQUFDLE1BQU0sRUFBRSxHQUFHLEVBQUUsSUFBSSxDQUFDLE1BQU0sRUFBRSxPQUFPLENBQUM7QUFDbkQsT0FBTSxJQUFJLENBQUMsUUFBUSxDQUFDLFVBQVUsQ0FBQyxHQUFHLENBQUMsSUFBSSxJQUFJLENBQUMsUUFBUSxDQUFDLFVBQVUsQ0FBQyxHQUFHLENBQUMsRUFBRTtBQUN0RSxPQUFNLE9BQU87QUFDYixLQUFBO0FBQ0EsS0FBSSxPQUFPO0FBQ1gsR0FBQTtBQUNBOztBQUVBLENBQUEsVUFBYyxHQUFHOztBQUVqQixDQUFBLE1BQU0sWUFBWSxHQUFHUixtQkFBQTtBQUNyQixDQUFBLE1BQU0sRUFBRSxNQUFNLEVBQUUsRUFBRSxFQUFFLENBQUMsRUFBRSxHQUFHQyxTQUFBO0FBQzFCLENBQUEsTUFBTSxHQUFHLEdBQUdDLFVBQUE7QUFDWixDQUFBLE1BQU0sS0FBSyxHQUFHQyxZQUFBO0FBQ2QsQ0FBQSxNQUFNLE1BQU0sR0FBR0MsZUFBQTtBQUNmLENBQUEsTUFBTSxLQUFLLEdBQUdFLFlBQUE7Ozs7Ozs7Ozs7O0FDNUlkLENBQUEsTUFBTSxLQUFLLEdBQUdOLFlBQUE7Q0FDZCxNQUFNLFNBQVMsR0FBRyxDQUFDLE9BQU8sRUFBRSxLQUFLLEVBQUUsT0FBTyxLQUFLO0FBQy9DLEdBQUUsSUFBSTtBQUNOLEtBQUksS0FBSyxHQUFHLElBQUksS0FBSyxDQUFDLEtBQUssRUFBRSxPQUFPO0dBQ3BDLENBQUcsQ0FBQyxPQUFPLEVBQUUsRUFBRTtBQUNmLEtBQUksT0FBTztBQUNYLEdBQUE7QUFDQSxHQUFFLE9BQU8sS0FBSyxDQUFDLElBQUksQ0FBQyxPQUFPO0FBQzNCLENBQUE7QUFDQSxDQUFBLFdBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUNUakIsQ0FBQSxNQUFNLEtBQUssR0FBR0EsWUFBQTs7QUFFZDtBQUNBLENBQUEsTUFBTSxhQUFhLEdBQUcsQ0FBQyxLQUFLLEVBQUUsT0FBTztBQUNyQyxHQUFFLElBQUksS0FBSyxDQUFDLEtBQUssRUFBRSxPQUFPLENBQUMsQ0FBQztNQUN2QixHQUFHLENBQUMsSUFBSSxJQUFJLElBQUksQ0FBQyxHQUFHLENBQUMsQ0FBQyxJQUFJLENBQUMsQ0FBQyxLQUFLLENBQUMsQ0FBQyxJQUFJLENBQUMsR0FBRyxDQUFDLENBQUMsSUFBSSxFQUFFLENBQUMsS0FBSyxDQUFDLEdBQUcsQ0FBQzs7QUFFbkUsQ0FBQSxlQUFjLEdBQUc7Ozs7Ozs7Ozs7O0FDUGpCLENBQUEsTUFBTSxNQUFNLEdBQUdBLGVBQUE7QUFDZixDQUFBLE1BQU0sS0FBSyxHQUFHQyxZQUFBOztDQUVkLE1BQU0sYUFBYSxHQUFHLENBQUMsUUFBUSxFQUFFLEtBQUssRUFBRSxPQUFPLEtBQUs7R0FDbEQsSUFBSSxHQUFHLEdBQUc7R0FDVixJQUFJLEtBQUssR0FBRztHQUNaLElBQUksUUFBUSxHQUFHO0FBQ2pCLEdBQUUsSUFBSTtBQUNOLEtBQUksUUFBUSxHQUFHLElBQUksS0FBSyxDQUFDLEtBQUssRUFBRSxPQUFPO0dBQ3ZDLENBQUcsQ0FBQyxPQUFPLEVBQUUsRUFBRTtBQUNmLEtBQUksT0FBTztBQUNYLEdBQUE7QUFDQSxHQUFFLFFBQVEsQ0FBQyxPQUFPLENBQUMsQ0FBQyxDQUFDLEtBQUs7QUFDMUIsS0FBSSxJQUFJLFFBQVEsQ0FBQyxJQUFJLENBQUMsQ0FBQyxDQUFDLEVBQUU7QUFDMUI7QUFDQSxPQUFNLElBQUksQ0FBQyxHQUFHLElBQUksS0FBSyxDQUFDLE9BQU8sQ0FBQyxDQUFDLENBQUMsS0FBSyxFQUFFLEVBQUU7QUFDM0M7QUFDQSxTQUFRLEdBQUcsR0FBRztBQUNkLFNBQVEsS0FBSyxHQUFHLElBQUksTUFBTSxDQUFDLEdBQUcsRUFBRSxPQUFPO0FBQ3ZDLE9BQUE7QUFDQSxLQUFBO0dBQ0EsQ0FBRztBQUNILEdBQUUsT0FBTztBQUNULENBQUE7QUFDQSxDQUFBLGVBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUN4QmpCLENBQUEsTUFBTSxNQUFNLEdBQUdELGVBQUE7QUFDZixDQUFBLE1BQU0sS0FBSyxHQUFHQyxZQUFBO0NBQ2QsTUFBTSxhQUFhLEdBQUcsQ0FBQyxRQUFRLEVBQUUsS0FBSyxFQUFFLE9BQU8sS0FBSztHQUNsRCxJQUFJLEdBQUcsR0FBRztHQUNWLElBQUksS0FBSyxHQUFHO0dBQ1osSUFBSSxRQUFRLEdBQUc7QUFDakIsR0FBRSxJQUFJO0FBQ04sS0FBSSxRQUFRLEdBQUcsSUFBSSxLQUFLLENBQUMsS0FBSyxFQUFFLE9BQU87R0FDdkMsQ0FBRyxDQUFDLE9BQU8sRUFBRSxFQUFFO0FBQ2YsS0FBSSxPQUFPO0FBQ1gsR0FBQTtBQUNBLEdBQUUsUUFBUSxDQUFDLE9BQU8sQ0FBQyxDQUFDLENBQUMsS0FBSztBQUMxQixLQUFJLElBQUksUUFBUSxDQUFDLElBQUksQ0FBQyxDQUFDLENBQUMsRUFBRTtBQUMxQjtBQUNBLE9BQU0sSUFBSSxDQUFDLEdBQUcsSUFBSSxLQUFLLENBQUMsT0FBTyxDQUFDLENBQUMsQ0FBQyxLQUFLLENBQUMsRUFBRTtBQUMxQztBQUNBLFNBQVEsR0FBRyxHQUFHO0FBQ2QsU0FBUSxLQUFLLEdBQUcsSUFBSSxNQUFNLENBQUMsR0FBRyxFQUFFLE9BQU87QUFDdkMsT0FBQTtBQUNBLEtBQUE7R0FDQSxDQUFHO0FBQ0gsR0FBRSxPQUFPO0FBQ1QsQ0FBQTtBQUNBLENBQUEsZUFBYyxHQUFHOzs7Ozs7Ozs7OztBQ3ZCakIsQ0FBQSxNQUFNLE1BQU0sR0FBR0QsZUFBQTtBQUNmLENBQUEsTUFBTSxLQUFLLEdBQUdDLFlBQUE7QUFDZCxDQUFBLE1BQU0sRUFBRSxHQUFHQyxTQUFBOztBQUVYLENBQUEsTUFBTSxVQUFVLEdBQUcsQ0FBQyxLQUFLLEVBQUUsS0FBSyxLQUFLO0FBQ3JDLEdBQUUsS0FBSyxHQUFHLElBQUksS0FBSyxDQUFDLEtBQUssRUFBRSxLQUFLOztBQUVoQyxHQUFFLElBQUksTUFBTSxHQUFHLElBQUksTUFBTSxDQUFDLE9BQU87QUFDakMsR0FBRSxJQUFJLEtBQUssQ0FBQyxJQUFJLENBQUMsTUFBTSxDQUFDLEVBQUU7QUFDMUIsS0FBSSxPQUFPO0FBQ1gsR0FBQTs7QUFFQSxHQUFFLE1BQU0sR0FBRyxJQUFJLE1BQU0sQ0FBQyxTQUFTO0FBQy9CLEdBQUUsSUFBSSxLQUFLLENBQUMsSUFBSSxDQUFDLE1BQU0sQ0FBQyxFQUFFO0FBQzFCLEtBQUksT0FBTztBQUNYLEdBQUE7O0FBRUEsR0FBRSxNQUFNLEdBQUc7QUFDWCxHQUFFLEtBQUssSUFBSSxDQUFDLEdBQUcsQ0FBQyxFQUFFLENBQUMsR0FBRyxLQUFLLENBQUMsR0FBRyxDQUFDLE1BQU0sRUFBRSxFQUFFLENBQUMsRUFBRTtBQUM3QyxLQUFJLE1BQU0sV0FBVyxHQUFHLEtBQUssQ0FBQyxHQUFHLENBQUMsQ0FBQzs7S0FFL0IsSUFBSSxNQUFNLEdBQUc7QUFDakIsS0FBSSxXQUFXLENBQUMsT0FBTyxDQUFDLENBQUMsVUFBVSxLQUFLO0FBQ3hDO09BQ00sTUFBTSxPQUFPLEdBQUcsSUFBSSxNQUFNLENBQUMsVUFBVSxDQUFDLE1BQU0sQ0FBQyxPQUFPO09BQ3BELFFBQVEsVUFBVSxDQUFDLFFBQVE7QUFDakMsU0FBUSxLQUFLLEdBQUc7V0FDTixJQUFJLE9BQU8sQ0FBQyxVQUFVLENBQUMsTUFBTSxLQUFLLENBQUMsRUFBRTthQUNuQyxPQUFPLENBQUMsS0FBSztBQUN6QixXQUFBLENBQVcsTUFBTTtBQUNqQixhQUFZLE9BQU8sQ0FBQyxVQUFVLENBQUMsSUFBSSxDQUFDLENBQUM7QUFDckMsV0FBQTtBQUNBLFdBQVUsT0FBTyxDQUFDLEdBQUcsR0FBRyxPQUFPLENBQUMsTUFBTTtBQUN0QztBQUNBLFNBQVEsS0FBSyxFQUFFO0FBQ2YsU0FBUSxLQUFLLElBQUk7V0FDUCxJQUFJLENBQUMsTUFBTSxJQUFJLEVBQUUsQ0FBQyxPQUFPLEVBQUUsTUFBTSxDQUFDLEVBQUU7QUFDOUMsYUFBWSxNQUFNLEdBQUc7QUFDckIsV0FBQTtXQUNVO0FBQ1YsU0FBUSxLQUFLLEdBQUc7QUFDaEIsU0FBUSxLQUFLLElBQUk7QUFDakI7V0FDVTtBQUNWO1NBQ1E7V0FDRSxNQUFNLElBQUksS0FBSyxDQUFDLENBQUMsc0JBQXNCLEVBQUUsVUFBVSxDQUFDLFFBQVEsQ0FBQyxDQUFDO0FBQ3hFO0tBQ0EsQ0FBSztBQUNMLEtBQUksSUFBSSxNQUFNLEtBQUssQ0FBQyxNQUFNLElBQUksRUFBRSxDQUFDLE1BQU0sRUFBRSxNQUFNLENBQUMsQ0FBQyxFQUFFO0FBQ25ELE9BQU0sTUFBTSxHQUFHO0FBQ2YsS0FBQTtBQUNBLEdBQUE7O0dBRUUsSUFBSSxNQUFNLElBQUksS0FBSyxDQUFDLElBQUksQ0FBQyxNQUFNLENBQUMsRUFBRTtBQUNwQyxLQUFJLE9BQU87QUFDWCxHQUFBOztBQUVBLEdBQUUsT0FBTztBQUNULENBQUE7QUFDQSxDQUFBLFlBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUM1RGpCLENBQUEsTUFBTSxLQUFLLEdBQUdGLFlBQUE7QUFDZCxDQUFBLE1BQU0sVUFBVSxHQUFHLENBQUMsS0FBSyxFQUFFLE9BQU8sS0FBSztBQUN2QyxHQUFFLElBQUk7QUFDTjtBQUNBO0tBQ0ksT0FBTyxJQUFJLEtBQUssQ0FBQyxLQUFLLEVBQUUsT0FBTyxDQUFDLENBQUMsS0FBSyxJQUFJO0dBQzlDLENBQUcsQ0FBQyxPQUFPLEVBQUUsRUFBRTtBQUNmLEtBQUksT0FBTztBQUNYLEdBQUE7QUFDQSxDQUFBO0FBQ0EsQ0FBQSxLQUFjLEdBQUc7Ozs7Ozs7Ozs7O0FDVmpCLENBQUEsTUFBTSxNQUFNLEdBQUdBLGVBQUE7QUFDZixDQUFBLE1BQU0sVUFBVSxHQUFHQyxpQkFBQTtDQUNuQixNQUFNLEVBQUUsR0FBRyxFQUFFLEdBQUc7QUFDaEIsQ0FBQSxNQUFNLEtBQUssR0FBR0MsWUFBQTtBQUNkLENBQUEsTUFBTSxTQUFTLEdBQUdDLGdCQUFBO0FBQ2xCLENBQUEsTUFBTSxFQUFFLEdBQUdDLFNBQUE7QUFDWCxDQUFBLE1BQU0sRUFBRSxHQUFHRSxTQUFBO0FBQ1gsQ0FBQSxNQUFNLEdBQUcsR0FBR0MsVUFBQTtBQUNaLENBQUEsTUFBTSxHQUFHLEdBQUdDLFVBQUE7O0NBRVosTUFBTSxPQUFPLEdBQUcsQ0FBQyxPQUFPLEVBQUUsS0FBSyxFQUFFLElBQUksRUFBRSxPQUFPLEtBQUs7QUFDbkQsR0FBRSxPQUFPLEdBQUcsSUFBSSxNQUFNLENBQUMsT0FBTyxFQUFFLE9BQU87QUFDdkMsR0FBRSxLQUFLLEdBQUcsSUFBSSxLQUFLLENBQUMsS0FBSyxFQUFFLE9BQU87O0dBRWhDLElBQUksSUFBSSxFQUFFLEtBQUssRUFBRSxJQUFJLEVBQUUsSUFBSSxFQUFFO0FBQy9CLEdBQUUsUUFBUSxJQUFJO0FBQ2QsS0FBSSxLQUFLLEdBQUc7QUFDWixPQUFNLElBQUksR0FBRztBQUNiLE9BQU0sS0FBSyxHQUFHO0FBQ2QsT0FBTSxJQUFJLEdBQUc7QUFDYixPQUFNLElBQUksR0FBRztBQUNiLE9BQU0sS0FBSyxHQUFHO09BQ1I7QUFDTixLQUFJLEtBQUssR0FBRztBQUNaLE9BQU0sSUFBSSxHQUFHO0FBQ2IsT0FBTSxLQUFLLEdBQUc7QUFDZCxPQUFNLElBQUksR0FBRztBQUNiLE9BQU0sSUFBSSxHQUFHO0FBQ2IsT0FBTSxLQUFLLEdBQUc7T0FDUjtLQUNGO0FBQ0osT0FBTSxNQUFNLElBQUksU0FBUyxDQUFDLHVDQUF1QztBQUNqRTs7QUFFQTtHQUNFLElBQUksU0FBUyxDQUFDLE9BQU8sRUFBRSxLQUFLLEVBQUUsT0FBTyxDQUFDLEVBQUU7QUFDMUMsS0FBSSxPQUFPO0FBQ1gsR0FBQTs7QUFFQTtBQUNBOztBQUVBLEdBQUUsS0FBSyxJQUFJLENBQUMsR0FBRyxDQUFDLEVBQUUsQ0FBQyxHQUFHLEtBQUssQ0FBQyxHQUFHLENBQUMsTUFBTSxFQUFFLEVBQUUsQ0FBQyxFQUFFO0FBQzdDLEtBQUksTUFBTSxXQUFXLEdBQUcsS0FBSyxDQUFDLEdBQUcsQ0FBQyxDQUFDOztLQUUvQixJQUFJLElBQUksR0FBRztLQUNYLElBQUksR0FBRyxHQUFHOztBQUVkLEtBQUksV0FBVyxDQUFDLE9BQU8sQ0FBQyxDQUFDLFVBQVUsS0FBSztBQUN4QyxPQUFNLElBQUksVUFBVSxDQUFDLE1BQU0sS0FBSyxHQUFHLEVBQUU7QUFDckMsU0FBUSxVQUFVLEdBQUcsSUFBSSxVQUFVLENBQUMsU0FBUztBQUM3QyxPQUFBO09BQ00sSUFBSSxHQUFHLElBQUksSUFBSTtPQUNmLEdBQUcsR0FBRyxHQUFHLElBQUk7QUFDbkIsT0FBTSxJQUFJLElBQUksQ0FBQyxVQUFVLENBQUMsTUFBTSxFQUFFLElBQUksQ0FBQyxNQUFNLEVBQUUsT0FBTyxDQUFDLEVBQUU7QUFDekQsU0FBUSxJQUFJLEdBQUc7QUFDZixPQUFBLENBQU8sTUFBTSxJQUFJLElBQUksQ0FBQyxVQUFVLENBQUMsTUFBTSxFQUFFLEdBQUcsQ0FBQyxNQUFNLEVBQUUsT0FBTyxDQUFDLEVBQUU7QUFDL0QsU0FBUSxHQUFHLEdBQUc7QUFDZCxPQUFBO0tBQ0EsQ0FBSzs7QUFFTDtBQUNBO0FBQ0EsS0FBSSxJQUFJLElBQUksQ0FBQyxRQUFRLEtBQUssSUFBSSxJQUFJLElBQUksQ0FBQyxRQUFRLEtBQUssS0FBSyxFQUFFO0FBQzNELE9BQU0sT0FBTztBQUNiLEtBQUE7O0FBRUE7QUFDQTtLQUNJLElBQUksQ0FBQyxDQUFDLEdBQUcsQ0FBQyxRQUFRLElBQUksR0FBRyxDQUFDLFFBQVEsS0FBSyxJQUFJO1NBQ3ZDLEtBQUssQ0FBQyxPQUFPLEVBQUUsR0FBRyxDQUFDLE1BQU0sQ0FBQyxFQUFFO0FBQ3BDLE9BQU0sT0FBTztBQUNiLEtBQUEsQ0FBSyxNQUFNLElBQUksR0FBRyxDQUFDLFFBQVEsS0FBSyxLQUFLLElBQUksSUFBSSxDQUFDLE9BQU8sRUFBRSxHQUFHLENBQUMsTUFBTSxDQUFDLEVBQUU7QUFDcEUsT0FBTSxPQUFPO0FBQ2IsS0FBQTtBQUNBLEdBQUE7QUFDQSxHQUFFLE9BQU87QUFDVCxDQUFBOztBQUVBLENBQUEsU0FBYyxHQUFHOzs7Ozs7Ozs7OztBQy9FakI7QUFDQSxDQUFBLE1BQU0sT0FBTyxHQUFHUixjQUFBO0FBQ2hCLENBQUEsTUFBTSxHQUFHLEdBQUcsQ0FBQyxPQUFPLEVBQUUsS0FBSyxFQUFFLE9BQU8sS0FBSyxPQUFPLENBQUMsT0FBTyxFQUFFLEtBQUssRUFBRSxHQUFHLEVBQUUsT0FBTztBQUM3RSxDQUFBLEtBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUNIakIsQ0FBQSxNQUFNLE9BQU8sR0FBR0EsY0FBQTtBQUNoQjtBQUNBLENBQUEsTUFBTSxHQUFHLEdBQUcsQ0FBQyxPQUFPLEVBQUUsS0FBSyxFQUFFLE9BQU8sS0FBSyxPQUFPLENBQUMsT0FBTyxFQUFFLEtBQUssRUFBRSxHQUFHLEVBQUUsT0FBTztBQUM3RSxDQUFBLEtBQWMsR0FBRzs7Ozs7Ozs7Ozs7QUNIakIsQ0FBQSxNQUFNLEtBQUssR0FBR0EsWUFBQTtDQUNkLE1BQU0sVUFBVSxHQUFHLENBQUMsRUFBRSxFQUFFLEVBQUUsRUFBRSxPQUFPLEtBQUs7QUFDeEMsR0FBRSxFQUFFLEdBQUcsSUFBSSxLQUFLLENBQUMsRUFBRSxFQUFFLE9BQU87QUFDNUIsR0FBRSxFQUFFLEdBQUcsSUFBSSxLQUFLLENBQUMsRUFBRSxFQUFFLE9BQU87QUFDNUIsR0FBRSxPQUFPLEVBQUUsQ0FBQyxVQUFVLENBQUMsRUFBRSxFQUFFLE9BQU87QUFDbEMsQ0FBQTtBQUNBLENBQUEsWUFBYyxHQUFHOzs7Ozs7Ozs7OztBQ05qQjtBQUNBO0FBQ0E7QUFDQSxDQUFBLE1BQU0sU0FBUyxHQUFHQSxnQkFBQTtBQUNsQixDQUFBLE1BQU0sT0FBTyxHQUFHQyxjQUFBO0FBQ2hCLENBQUEsUUFBYyxHQUFHLENBQUMsUUFBUSxFQUFFLEtBQUssRUFBRSxPQUFPLEtBQUs7R0FDN0MsTUFBTSxHQUFHLEdBQUc7R0FDWixJQUFJLEtBQUssR0FBRztHQUNaLElBQUksSUFBSSxHQUFHO0FBQ2IsR0FBRSxNQUFNLENBQUMsR0FBRyxRQUFRLENBQUMsSUFBSSxDQUFDLENBQUMsQ0FBQyxFQUFFLENBQUMsS0FBSyxPQUFPLENBQUMsQ0FBQyxFQUFFLENBQUMsRUFBRSxPQUFPLENBQUM7QUFDMUQsR0FBRSxLQUFLLE1BQU0sT0FBTyxJQUFJLENBQUMsRUFBRTtLQUN2QixNQUFNLFFBQVEsR0FBRyxTQUFTLENBQUMsT0FBTyxFQUFFLEtBQUssRUFBRSxPQUFPO0tBQ2xELElBQUksUUFBUSxFQUFFO0FBQ2xCLE9BQU0sSUFBSSxHQUFHO09BQ1AsSUFBSSxDQUFDLEtBQUssRUFBRTtBQUNsQixTQUFRLEtBQUssR0FBRztBQUNoQixPQUFBO0FBQ0EsS0FBQSxDQUFLLE1BQU07T0FDTCxJQUFJLElBQUksRUFBRTtTQUNSLEdBQUcsQ0FBQyxJQUFJLENBQUMsQ0FBQyxLQUFLLEVBQUUsSUFBSSxDQUFDO0FBQzlCLE9BQUE7QUFDQSxPQUFNLElBQUksR0FBRztBQUNiLE9BQU0sS0FBSyxHQUFHO0FBQ2QsS0FBQTtBQUNBLEdBQUE7R0FDRSxJQUFJLEtBQUssRUFBRTtLQUNULEdBQUcsQ0FBQyxJQUFJLENBQUMsQ0FBQyxLQUFLLEVBQUUsSUFBSSxDQUFDO0FBQzFCLEdBQUE7O0dBRUUsTUFBTSxNQUFNLEdBQUc7R0FDZixLQUFLLE1BQU0sQ0FBQyxHQUFHLEVBQUUsR0FBRyxDQUFDLElBQUksR0FBRyxFQUFFO0FBQ2hDLEtBQUksSUFBSSxHQUFHLEtBQUssR0FBRyxFQUFFO0FBQ3JCLE9BQU0sTUFBTSxDQUFDLElBQUksQ0FBQyxHQUFHO0tBQ3JCLENBQUssTUFBTSxJQUFJLENBQUMsR0FBRyxJQUFJLEdBQUcsS0FBSyxDQUFDLENBQUMsQ0FBQyxDQUFDLEVBQUU7QUFDckMsT0FBTSxNQUFNLENBQUMsSUFBSSxDQUFDLEdBQUc7QUFDckIsS0FBQSxDQUFLLE1BQU0sSUFBSSxDQUFDLEdBQUcsRUFBRTtPQUNmLE1BQU0sQ0FBQyxJQUFJLENBQUMsQ0FBQyxFQUFFLEVBQUUsR0FBRyxDQUFDLENBQUM7S0FDNUIsQ0FBSyxNQUFNLElBQUksR0FBRyxLQUFLLENBQUMsQ0FBQyxDQUFDLENBQUMsRUFBRTtPQUN2QixNQUFNLENBQUMsSUFBSSxDQUFDLENBQUMsRUFBRSxFQUFFLEdBQUcsQ0FBQyxDQUFDO0FBQzVCLEtBQUEsQ0FBSyxNQUFNO0FBQ1gsT0FBTSxNQUFNLENBQUMsSUFBSSxDQUFDLENBQUMsRUFBRSxHQUFHLENBQUMsR0FBRyxFQUFFLEdBQUcsQ0FBQyxDQUFDO0FBQ25DLEtBQUE7QUFDQSxHQUFBO0FBQ0EsR0FBRSxNQUFNLFVBQVUsR0FBRyxNQUFNLENBQUMsSUFBSSxDQUFDLE1BQU07QUFDdkMsR0FBRSxNQUFNLFFBQVEsR0FBRyxPQUFPLEtBQUssQ0FBQyxHQUFHLEtBQUssUUFBUSxHQUFHLEtBQUssQ0FBQyxHQUFHLEdBQUcsTUFBTSxDQUFDLEtBQUs7R0FDekUsT0FBTyxVQUFVLENBQUMsTUFBTSxHQUFHLFFBQVEsQ0FBQyxNQUFNLEdBQUcsVUFBVSxHQUFHO0FBQzVELENBQUE7Ozs7Ozs7Ozs7O0FDOUNBLENBQUEsTUFBTSxLQUFLLEdBQUdELFlBQUE7QUFDZCxDQUFBLE1BQU0sVUFBVSxHQUFHQyxpQkFBQTtDQUNuQixNQUFNLEVBQUUsR0FBRyxFQUFFLEdBQUc7QUFDaEIsQ0FBQSxNQUFNLFNBQVMsR0FBR0MsZ0JBQUE7QUFDbEIsQ0FBQSxNQUFNLE9BQU8sR0FBR0MsY0FBQTs7QUFFaEI7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTtBQUNBO0FBQ0E7QUFDQTs7Q0FFQSxNQUFNLE1BQU0sR0FBRyxDQUFDLEdBQUcsRUFBRSxHQUFHLEVBQUUsT0FBTyxHQUFHLEVBQUUsS0FBSztBQUMzQyxHQUFFLElBQUksR0FBRyxLQUFLLEdBQUcsRUFBRTtBQUNuQixLQUFJLE9BQU87QUFDWCxHQUFBOztBQUVBLEdBQUUsR0FBRyxHQUFHLElBQUksS0FBSyxDQUFDLEdBQUcsRUFBRSxPQUFPO0FBQzlCLEdBQUUsR0FBRyxHQUFHLElBQUksS0FBSyxDQUFDLEdBQUcsRUFBRSxPQUFPO0dBQzVCLElBQUksVUFBVSxHQUFHOztHQUVqQixLQUFLLEVBQUUsS0FBSyxNQUFNLFNBQVMsSUFBSSxHQUFHLENBQUMsR0FBRyxFQUFFO0FBQzFDLEtBQUksS0FBSyxNQUFNLFNBQVMsSUFBSSxHQUFHLENBQUMsR0FBRyxFQUFFO09BQy9CLE1BQU0sS0FBSyxHQUFHLFlBQVksQ0FBQyxTQUFTLEVBQUUsU0FBUyxFQUFFLE9BQU87QUFDOUQsT0FBTSxVQUFVLEdBQUcsVUFBVSxJQUFJLEtBQUssS0FBSztPQUNyQyxJQUFJLEtBQUssRUFBRTtBQUNqQixTQUFRLFNBQVM7QUFDakIsT0FBQTtBQUNBLEtBQUE7QUFDQTtBQUNBO0FBQ0E7QUFDQTtLQUNJLElBQUksVUFBVSxFQUFFO0FBQ3BCLE9BQU0sT0FBTztBQUNiLEtBQUE7QUFDQSxHQUFBO0FBQ0EsR0FBRSxPQUFPO0FBQ1QsQ0FBQTs7QUFFQSxDQUFBLE1BQU0sNEJBQTRCLEdBQUcsQ0FBQyxJQUFJLFVBQVUsQ0FBQyxXQUFXLENBQUM7QUFDakUsQ0FBQSxNQUFNLGNBQWMsR0FBRyxDQUFDLElBQUksVUFBVSxDQUFDLFNBQVMsQ0FBQzs7Q0FFakQsTUFBTSxZQUFZLEdBQUcsQ0FBQyxHQUFHLEVBQUUsR0FBRyxFQUFFLE9BQU8sS0FBSztBQUM1QyxHQUFFLElBQUksR0FBRyxLQUFLLEdBQUcsRUFBRTtBQUNuQixLQUFJLE9BQU87QUFDWCxHQUFBOztBQUVBLEdBQUUsSUFBSSxHQUFHLENBQUMsTUFBTSxLQUFLLENBQUMsSUFBSSxHQUFHLENBQUMsQ0FBQyxDQUFDLENBQUMsTUFBTSxLQUFLLEdBQUcsRUFBRTtBQUNqRCxLQUFJLElBQUksR0FBRyxDQUFDLE1BQU0sS0FBSyxDQUFDLElBQUksR0FBRyxDQUFDLENBQUMsQ0FBQyxDQUFDLE1BQU0sS0FBSyxHQUFHLEVBQUU7QUFDbkQsT0FBTSxPQUFPO0FBQ2IsS0FBQSxDQUFLLE1BQU0sSUFBSSxPQUFPLENBQUMsaUJBQWlCLEVBQUU7QUFDMUMsT0FBTSxHQUFHLEdBQUc7QUFDWixLQUFBLENBQUssTUFBTTtBQUNYLE9BQU0sR0FBRyxHQUFHO0FBQ1osS0FBQTtBQUNBLEdBQUE7O0FBRUEsR0FBRSxJQUFJLEdBQUcsQ0FBQyxNQUFNLEtBQUssQ0FBQyxJQUFJLEdBQUcsQ0FBQyxDQUFDLENBQUMsQ0FBQyxNQUFNLEtBQUssR0FBRyxFQUFFO0FBQ2pELEtBQUksSUFBSSxPQUFPLENBQUMsaUJBQWlCLEVBQUU7QUFDbkMsT0FBTSxPQUFPO0FBQ2IsS0FBQSxDQUFLLE1BQU07QUFDWCxPQUFNLEdBQUcsR0FBRztBQUNaLEtBQUE7QUFDQSxHQUFBOztBQUVBLEdBQUUsTUFBTSxLQUFLLEdBQUcsSUFBSSxHQUFHO0dBQ3JCLElBQUksRUFBRSxFQUFFO0FBQ1YsR0FBRSxLQUFLLE1BQU0sQ0FBQyxJQUFJLEdBQUcsRUFBRTtBQUN2QixLQUFJLElBQUksQ0FBQyxDQUFDLFFBQVEsS0FBSyxHQUFHLElBQUksQ0FBQyxDQUFDLFFBQVEsS0FBSyxJQUFJLEVBQUU7T0FDN0MsRUFBRSxHQUFHLFFBQVEsQ0FBQyxFQUFFLEVBQUUsQ0FBQyxFQUFFLE9BQU87QUFDbEMsS0FBQSxDQUFLLE1BQU0sSUFBSSxDQUFDLENBQUMsUUFBUSxLQUFLLEdBQUcsSUFBSSxDQUFDLENBQUMsUUFBUSxLQUFLLElBQUksRUFBRTtPQUNwRCxFQUFFLEdBQUcsT0FBTyxDQUFDLEVBQUUsRUFBRSxDQUFDLEVBQUUsT0FBTztBQUNqQyxLQUFBLENBQUssTUFBTTtBQUNYLE9BQU0sS0FBSyxDQUFDLEdBQUcsQ0FBQyxDQUFDLENBQUMsTUFBTTtBQUN4QixLQUFBO0FBQ0EsR0FBQTs7QUFFQSxHQUFFLElBQUksS0FBSyxDQUFDLElBQUksR0FBRyxDQUFDLEVBQUU7QUFDdEIsS0FBSSxPQUFPO0FBQ1gsR0FBQTs7QUFFQSxHQUFFLElBQUk7QUFDTixHQUFFLElBQUksRUFBRSxJQUFJLEVBQUUsRUFBRTtBQUNoQixLQUFJLFFBQVEsR0FBRyxPQUFPLENBQUMsRUFBRSxDQUFDLE1BQU0sRUFBRSxFQUFFLENBQUMsTUFBTSxFQUFFLE9BQU87QUFDcEQsS0FBSSxJQUFJLFFBQVEsR0FBRyxDQUFDLEVBQUU7QUFDdEIsT0FBTSxPQUFPO0FBQ2IsS0FBQSxDQUFLLE1BQU0sSUFBSSxRQUFRLEtBQUssQ0FBQyxLQUFLLEVBQUUsQ0FBQyxRQUFRLEtBQUssSUFBSSxJQUFJLEVBQUUsQ0FBQyxRQUFRLEtBQUssSUFBSSxDQUFDLEVBQUU7QUFDakYsT0FBTSxPQUFPO0FBQ2IsS0FBQTtBQUNBLEdBQUE7O0FBRUE7QUFDQSxHQUFFLEtBQUssTUFBTSxFQUFFLElBQUksS0FBSyxFQUFFO0FBQzFCLEtBQUksSUFBSSxFQUFFLElBQUksQ0FBQyxTQUFTLENBQUMsRUFBRSxFQUFFLE1BQU0sQ0FBQyxFQUFFLENBQUMsRUFBRSxPQUFPLENBQUMsRUFBRTtBQUNuRCxPQUFNLE9BQU87QUFDYixLQUFBOztBQUVBLEtBQUksSUFBSSxFQUFFLElBQUksQ0FBQyxTQUFTLENBQUMsRUFBRSxFQUFFLE1BQU0sQ0FBQyxFQUFFLENBQUMsRUFBRSxPQUFPLENBQUMsRUFBRTtBQUNuRCxPQUFNLE9BQU87QUFDYixLQUFBOztBQUVBLEtBQUksS0FBSyxNQUFNLENBQUMsSUFBSSxHQUFHLEVBQUU7QUFDekIsT0FBTSxJQUFJLENBQUMsU0FBUyxDQUFDLEVBQUUsRUFBRSxNQUFNLENBQUMsQ0FBQyxDQUFDLEVBQUUsT0FBTyxDQUFDLEVBQUU7QUFDOUMsU0FBUSxPQUFPO0FBQ2YsT0FBQTtBQUNBLEtBQUE7O0FBRUEsS0FBSSxPQUFPO0FBQ1gsR0FBQTs7R0FFRSxJQUFJLE1BQU0sRUFBRTtHQUNaLElBQUksUUFBUSxFQUFFO0FBQ2hCO0FBQ0E7R0FDRSxJQUFJLFlBQVksR0FBRyxFQUFFO0tBQ25CLENBQUMsT0FBTyxDQUFDLGlCQUFpQjtLQUMxQixFQUFFLENBQUMsTUFBTSxDQUFDLFVBQVUsQ0FBQyxNQUFNLEdBQUcsRUFBRSxDQUFDLE1BQU0sR0FBRztHQUM1QyxJQUFJLFlBQVksR0FBRyxFQUFFO0tBQ25CLENBQUMsT0FBTyxDQUFDLGlCQUFpQjtLQUMxQixFQUFFLENBQUMsTUFBTSxDQUFDLFVBQVUsQ0FBQyxNQUFNLEdBQUcsRUFBRSxDQUFDLE1BQU0sR0FBRztBQUM5QztHQUNFLElBQUksWUFBWSxJQUFJLFlBQVksQ0FBQyxVQUFVLENBQUMsTUFBTSxLQUFLLENBQUM7QUFDMUQsT0FBTSxFQUFFLENBQUMsUUFBUSxLQUFLLEdBQUcsSUFBSSxZQUFZLENBQUMsVUFBVSxDQUFDLENBQUMsQ0FBQyxLQUFLLENBQUMsRUFBRTtBQUMvRCxLQUFJLFlBQVksR0FBRztBQUNuQixHQUFBOztBQUVBLEdBQUUsS0FBSyxNQUFNLENBQUMsSUFBSSxHQUFHLEVBQUU7QUFDdkIsS0FBSSxRQUFRLEdBQUcsUUFBUSxJQUFJLENBQUMsQ0FBQyxRQUFRLEtBQUssR0FBRyxJQUFJLENBQUMsQ0FBQyxRQUFRLEtBQUs7QUFDaEUsS0FBSSxRQUFRLEdBQUcsUUFBUSxJQUFJLENBQUMsQ0FBQyxRQUFRLEtBQUssR0FBRyxJQUFJLENBQUMsQ0FBQyxRQUFRLEtBQUs7S0FDNUQsSUFBSSxFQUFFLEVBQUU7T0FDTixJQUFJLFlBQVksRUFBRTtBQUN4QixTQUFRLElBQUksQ0FBQyxDQUFDLE1BQU0sQ0FBQyxVQUFVLElBQUksQ0FBQyxDQUFDLE1BQU0sQ0FBQyxVQUFVLENBQUMsTUFBTTthQUNqRCxDQUFDLENBQUMsTUFBTSxDQUFDLEtBQUssS0FBSyxZQUFZLENBQUMsS0FBSzthQUNyQyxDQUFDLENBQUMsTUFBTSxDQUFDLEtBQUssS0FBSyxZQUFZLENBQUMsS0FBSzthQUNyQyxDQUFDLENBQUMsTUFBTSxDQUFDLEtBQUssS0FBSyxZQUFZLENBQUMsS0FBSyxFQUFFO0FBQ25ELFdBQVUsWUFBWSxHQUFHO0FBQ3pCLFNBQUE7QUFDQSxPQUFBO0FBQ0EsT0FBTSxJQUFJLENBQUMsQ0FBQyxRQUFRLEtBQUssR0FBRyxJQUFJLENBQUMsQ0FBQyxRQUFRLEtBQUssSUFBSSxFQUFFO1NBQzdDLE1BQU0sR0FBRyxRQUFRLENBQUMsRUFBRSxFQUFFLENBQUMsRUFBRSxPQUFPO1NBQ2hDLElBQUksTUFBTSxLQUFLLENBQUMsSUFBSSxNQUFNLEtBQUssRUFBRSxFQUFFO0FBQzNDLFdBQVUsT0FBTztBQUNqQixTQUFBO0FBQ0EsT0FBQSxDQUFPLE1BQU0sSUFBSSxFQUFFLENBQUMsUUFBUSxLQUFLLElBQUksSUFBSSxDQUFDLENBQUMsQ0FBQyxJQUFJLENBQUMsRUFBRSxDQUFDLE1BQU0sQ0FBQyxFQUFFO0FBQzdELFNBQVEsT0FBTztBQUNmLE9BQUE7QUFDQSxLQUFBO0tBQ0ksSUFBSSxFQUFFLEVBQUU7T0FDTixJQUFJLFlBQVksRUFBRTtBQUN4QixTQUFRLElBQUksQ0FBQyxDQUFDLE1BQU0sQ0FBQyxVQUFVLElBQUksQ0FBQyxDQUFDLE1BQU0sQ0FBQyxVQUFVLENBQUMsTUFBTTthQUNqRCxDQUFDLENBQUMsTUFBTSxDQUFDLEtBQUssS0FBSyxZQUFZLENBQUMsS0FBSzthQUNyQyxDQUFDLENBQUMsTUFBTSxDQUFDLEtBQUssS0FBSyxZQUFZLENBQUMsS0FBSzthQUNyQyxDQUFDLENBQUMsTUFBTSxDQUFDLEtBQUssS0FBSyxZQUFZLENBQUMsS0FBSyxFQUFFO0FBQ25ELFdBQVUsWUFBWSxHQUFHO0FBQ3pCLFNBQUE7QUFDQSxPQUFBO0FBQ0EsT0FBTSxJQUFJLENBQUMsQ0FBQyxRQUFRLEtBQUssR0FBRyxJQUFJLENBQUMsQ0FBQyxRQUFRLEtBQUssSUFBSSxFQUFFO1NBQzdDLEtBQUssR0FBRyxPQUFPLENBQUMsRUFBRSxFQUFFLENBQUMsRUFBRSxPQUFPO1NBQzlCLElBQUksS0FBSyxLQUFLLENBQUMsSUFBSSxLQUFLLEtBQUssRUFBRSxFQUFFO0FBQ3pDLFdBQVUsT0FBTztBQUNqQixTQUFBO0FBQ0EsT0FBQSxDQUFPLE1BQU0sSUFBSSxFQUFFLENBQUMsUUFBUSxLQUFLLElBQUksSUFBSSxDQUFDLENBQUMsQ0FBQyxJQUFJLENBQUMsRUFBRSxDQUFDLE1BQU0sQ0FBQyxFQUFFO0FBQzdELFNBQVEsT0FBTztBQUNmLE9BQUE7QUFDQSxLQUFBO0FBQ0EsS0FBSSxJQUFJLENBQUMsQ0FBQyxDQUFDLFFBQVEsS0FBSyxFQUFFLElBQUksRUFBRSxDQUFDLElBQUksUUFBUSxLQUFLLENBQUMsRUFBRTtBQUNyRCxPQUFNLE9BQU87QUFDYixLQUFBO0FBQ0EsR0FBQTs7QUFFQTtBQUNBO0FBQ0E7R0FDRSxJQUFJLEVBQUUsSUFBSSxRQUFRLElBQUksQ0FBQyxFQUFFLElBQUksUUFBUSxLQUFLLENBQUMsRUFBRTtBQUMvQyxLQUFJLE9BQU87QUFDWCxHQUFBOztHQUVFLElBQUksRUFBRSxJQUFJLFFBQVEsSUFBSSxDQUFDLEVBQUUsSUFBSSxRQUFRLEtBQUssQ0FBQyxFQUFFO0FBQy9DLEtBQUksT0FBTztBQUNYLEdBQUE7O0FBRUE7QUFDQTtBQUNBO0FBQ0EsR0FBRSxJQUFJLFlBQVksSUFBSSxZQUFZLEVBQUU7QUFDcEMsS0FBSSxPQUFPO0FBQ1gsR0FBQTs7QUFFQSxHQUFFLE9BQU87QUFDVCxDQUFBOztBQUVBO0NBQ0EsTUFBTSxRQUFRLEdBQUcsQ0FBQyxDQUFDLEVBQUUsQ0FBQyxFQUFFLE9BQU8sS0FBSztHQUNsQyxJQUFJLENBQUMsQ0FBQyxFQUFFO0FBQ1YsS0FBSSxPQUFPO0FBQ1gsR0FBQTtBQUNBLEdBQUUsTUFBTSxJQUFJLEdBQUcsT0FBTyxDQUFDLENBQUMsQ0FBQyxNQUFNLEVBQUUsQ0FBQyxDQUFDLE1BQU0sRUFBRSxPQUFPO0FBQ2xELEdBQUUsT0FBTyxJQUFJLEdBQUcsQ0FBQyxHQUFHO09BQ2QsSUFBSSxHQUFHLENBQUMsR0FBRztPQUNYLENBQUMsQ0FBQyxRQUFRLEtBQUssR0FBRyxJQUFJLENBQUMsQ0FBQyxRQUFRLEtBQUssSUFBSSxHQUFHO09BQzVDO0FBQ04sQ0FBQTs7QUFFQTtDQUNBLE1BQU0sT0FBTyxHQUFHLENBQUMsQ0FBQyxFQUFFLENBQUMsRUFBRSxPQUFPLEtBQUs7R0FDakMsSUFBSSxDQUFDLENBQUMsRUFBRTtBQUNWLEtBQUksT0FBTztBQUNYLEdBQUE7QUFDQSxHQUFFLE1BQU0sSUFBSSxHQUFHLE9BQU8sQ0FBQyxDQUFDLENBQUMsTUFBTSxFQUFFLENBQUMsQ0FBQyxNQUFNLEVBQUUsT0FBTztBQUNsRCxHQUFFLE9BQU8sSUFBSSxHQUFHLENBQUMsR0FBRztPQUNkLElBQUksR0FBRyxDQUFDLEdBQUc7T0FDWCxDQUFDLENBQUMsUUFBUSxLQUFLLEdBQUcsSUFBSSxDQUFDLENBQUMsUUFBUSxLQUFLLElBQUksR0FBRztPQUM1QztBQUNOLENBQUE7O0FBRUEsQ0FBQSxRQUFjLEdBQUc7Ozs7Ozs7Ozs7O0FDdFBqQjtBQUNBLENBQUEsTUFBTSxVQUFVLEdBQUdILFNBQUE7QUFDbkIsQ0FBQSxNQUFNLFNBQVMsR0FBR0MsZ0JBQUE7QUFDbEIsQ0FBQSxNQUFNLE1BQU0sR0FBR0MsZUFBQTtBQUNmLENBQUEsTUFBTSxXQUFXLEdBQUdDLGtCQUFBO0FBQ3BCLENBQUEsTUFBTSxLQUFLLEdBQUdDLFlBQUE7QUFDZCxDQUFBLE1BQU0sS0FBSyxHQUFHRSxjQUFBO0FBQ2QsQ0FBQSxNQUFNLEtBQUssR0FBR0MsWUFBQTtBQUNkLENBQUEsTUFBTSxHQUFHLEdBQUdDLFVBQUE7QUFDWixDQUFBLE1BQU0sSUFBSSxHQUFHQyxXQUFBO0FBQ2IsQ0FBQSxNQUFNLEtBQUssR0FBR0MsWUFBQTtBQUNkLENBQUEsTUFBTSxLQUFLLEdBQUdDLFlBQUE7QUFDZCxDQUFBLE1BQU0sS0FBSyxHQUFHQyxZQUFBO0FBQ2QsQ0FBQSxNQUFNLFVBQVUsR0FBR0MsaUJBQUE7QUFDbkIsQ0FBQSxNQUFNLE9BQU8sR0FBR0MsY0FBQTtBQUNoQixDQUFBLE1BQU0sUUFBUSxHQUFHQyxlQUFBO0FBQ2pCLENBQUEsTUFBTSxZQUFZLEdBQUdDLG1CQUFBO0FBQ3JCLENBQUEsTUFBTSxZQUFZLEdBQUdDLG1CQUFBO0FBQ3JCLENBQUEsTUFBTSxJQUFJLEdBQUdDLFdBQUE7QUFDYixDQUFBLE1BQU0sS0FBSyxHQUFHQyxZQUFBO0FBQ2QsQ0FBQSxNQUFNLEVBQUUsR0FBR0MsU0FBQTtBQUNYLENBQUEsTUFBTSxFQUFFLEdBQUdDLFNBQUE7QUFDWCxDQUFBLE1BQU0sRUFBRSxHQUFHQyxTQUFBO0FBQ1gsQ0FBQSxNQUFNLEdBQUcsR0FBR0MsVUFBQTtBQUNaLENBQUEsTUFBTSxHQUFHLEdBQUdDLFVBQUE7QUFDWixDQUFBLE1BQU0sR0FBRyxHQUFHQyxVQUFBO0FBQ1osQ0FBQSxNQUFNLEdBQUcsR0FBR0MsVUFBQTtBQUNaLENBQUEsTUFBTSxNQUFNLEdBQUdDLGFBQUE7QUFDZixDQUFBLE1BQU0sUUFBUSxHQUFHQyxlQUFBO0FBQ2pCLENBQUEsTUFBTSxVQUFVLEdBQUdDLGlCQUFBO0FBQ25CLENBQUEsTUFBTSxLQUFLLEdBQUdDLFlBQUE7QUFDZCxDQUFBLE1BQU0sU0FBUyxHQUFHQyxnQkFBQTtBQUNsQixDQUFBLE1BQU0sYUFBYSxHQUFHQyxvQkFBQTtBQUN0QixDQUFBLE1BQU0sYUFBYSxHQUFHQyxvQkFBQTtBQUN0QixDQUFBLE1BQU0sYUFBYSxHQUFHQyxvQkFBQTtBQUN0QixDQUFBLE1BQU0sVUFBVSxHQUFHQyxpQkFBQTtBQUNuQixDQUFBLE1BQU0sVUFBVSxHQUFHQyxZQUFBO0FBQ25CLENBQUEsTUFBTSxPQUFPLEdBQUdDLGNBQUE7QUFDaEIsQ0FBQSxNQUFNLEdBQUcsR0FBR0MsVUFBQTtBQUNaLENBQUEsTUFBTSxHQUFHLEdBQUdDLFVBQUE7QUFDWixDQUFBLE1BQU0sVUFBVSxHQUFHQyxpQkFBQTtBQUNuQixDQUFBLE1BQU0sYUFBYSxHQUFHQyxlQUFBO0FBQ3RCLENBQUEsTUFBTSxNQUFNLEdBQUdDLGFBQUE7QUFDZixDQUFBckMsUUFBYyxHQUFHO0FBQ2pCLEdBQUUsS0FBSztBQUNQLEdBQUUsS0FBSztBQUNQLEdBQUUsS0FBSztBQUNQLEdBQUUsR0FBRztBQUNMLEdBQUUsSUFBSTtBQUNOLEdBQUUsS0FBSztBQUNQLEdBQUUsS0FBSztBQUNQLEdBQUUsS0FBSztBQUNQLEdBQUUsVUFBVTtBQUNaLEdBQUUsT0FBTztBQUNULEdBQUUsUUFBUTtBQUNWLEdBQUUsWUFBWTtBQUNkLEdBQUUsWUFBWTtBQUNkLEdBQUUsSUFBSTtBQUNOLEdBQUUsS0FBSztBQUNQLEdBQUUsRUFBRTtBQUNKLEdBQUUsRUFBRTtBQUNKLEdBQUUsRUFBRTtBQUNKLEdBQUUsR0FBRztBQUNMLEdBQUUsR0FBRztBQUNMLEdBQUUsR0FBRztBQUNMLEdBQUUsR0FBRztBQUNMLEdBQUUsTUFBTTtBQUNSLEdBQUUsUUFBUTtBQUNWLEdBQUUsVUFBVTtBQUNaLEdBQUUsS0FBSztBQUNQLEdBQUUsU0FBUztBQUNYLEdBQUUsYUFBYTtBQUNmLEdBQUUsYUFBYTtBQUNmLEdBQUUsYUFBYTtBQUNmLEdBQUUsVUFBVTtBQUNaLEdBQUUsVUFBVTtBQUNaLEdBQUUsT0FBTztBQUNULEdBQUUsR0FBRztBQUNMLEdBQUUsR0FBRztBQUNMLEdBQUUsVUFBVTtBQUNaLEdBQUUsYUFBYTtBQUNmLEdBQUUsTUFBTTtBQUNSLEdBQUUsTUFBTTtBQUNSLEdBQUUsRUFBRSxFQUFFLFVBQVUsQ0FBQyxFQUFFO0FBQ25CLEdBQUUsR0FBRyxFQUFFLFVBQVUsQ0FBQyxHQUFHO0FBQ3JCLEdBQUUsTUFBTSxFQUFFLFVBQVUsQ0FBQyxDQUFDO0FBQ3RCLEdBQUUsbUJBQW1CLEVBQUUsU0FBUyxDQUFDLG1CQUFtQjtBQUNwRCxHQUFFLGFBQWEsRUFBRSxTQUFTLENBQUMsYUFBYTtBQUN4QyxHQUFFLGtCQUFrQixFQUFFLFdBQVcsQ0FBQyxrQkFBa0I7QUFDcEQsR0FBRSxtQkFBbUIsRUFBRSxXQUFXLENBQUMsbUJBQW1CO0FBQ3REOzs7Ozs7O0FDakZBLE1BQU0sR0FBQSxHQUFNLGFBQWEsUUFBUSxDQUFBO0FBQ2pDLE1BQU0sWUFBQSxHQUFlLDBEQUFBO0FBQ3JCLE1BQU0sY0FBQSxHQUFpQixFQUFBLEdBQUssRUFBQSxHQUFLLEVBQUEsR0FBSyxHQUFBO0FBUXRDLGVBQXNCLGNBQUEsQ0FBZSxTQUFpQixNQUFBLEVBQWlDO0FBQ3JGLEVBQUEsSUFBSSxDQUFDLE1BQUEsQ0FBTyxTQUFBLElBQWEsTUFBQSxDQUFPLGdCQUFnQixZQUFBLEVBQWM7QUFDOUQsRUFBQSxNQUFNLEtBQUEsR0FBUSxNQUFNLGFBQUEsQ0FBMkIsbUJBQW1CLENBQUE7QUFDbEUsRUFBQSxJQUFJLFNBQVMsS0FBQSxFQUFPLE1BQUE7QUFDcEIsRUFBQSxJQUFJLENBQUMsS0FBQSxJQUFTLElBQUEsQ0FBSyxLQUFJLEdBQUksS0FBQSxDQUFNLFlBQVksY0FBQSxFQUFnQjtBQUMzRCxJQUFBLE1BQUEsR0FBUyxNQUFNLFdBQUEsRUFBWSxDQUFFLEtBQUEsQ0FBTSxNQUFNLE1BQVMsQ0FBQTtBQUNsRCxJQUFBLElBQUksTUFBQSxFQUFRLE1BQU0sY0FBQSxDQUFlLG1CQUFBLEVBQXFCLEVBQUUsV0FBVyxJQUFBLENBQUssR0FBQSxFQUFJLEVBQUcsTUFBQSxFQUFRLENBQUE7QUFBQSxFQUN6RjtBQUNBLEVBQUEsTUFBTSxPQUFBLEdBQVUsY0FBQSxDQUFlLE9BQUEsRUFBUyxNQUFNLENBQUE7QUFDOUMsRUFBQSxJQUFJLE9BQUEsRUFBUyxHQUFBLENBQUksSUFBQSxDQUFLLE9BQU8sQ0FBQTtBQUMvQjtBQUdPLFNBQVMsY0FBQSxDQUFlLFNBQWlCLE1BQUEsRUFBZ0Q7QUFDOUYsRUFBQSxJQUFJLENBQUMsTUFBQSxJQUFVLENBQUMsTUFBQSxDQUFPLEtBQUEsQ0FBTSxNQUFNLENBQUEsSUFBSyxDQUFDLE1BQUEsQ0FBTyxLQUFBLENBQU0sT0FBTyxDQUFBLEVBQUcsT0FBTyxNQUFBO0FBQ3ZFLEVBQUEsSUFBSSxDQUFDLE1BQUEsQ0FBTyxFQUFBLENBQUcsTUFBQSxFQUFRLE9BQU8sR0FBRyxPQUFPLE1BQUE7QUFDeEMsRUFBQSxNQUFNLElBQUEsR0FBTyxNQUFBLENBQU8sSUFBQSxDQUFLLE9BQUEsRUFBUyxNQUFNLENBQUE7QUFDeEMsRUFBQSxNQUFNLElBQUEsR0FBTyxDQUFBLEdBQUEsRUFBTSxNQUFNLENBQUEsd0JBQUEsRUFBMkIsT0FBTyxDQUFBLGdDQUFBLENBQUE7QUFDM0QsRUFBQSxPQUFPLFNBQVMsT0FBQSxHQUFVbEMsQ0FBQSxDQUFNLEtBQUssQ0FBQSxFQUFHLElBQUkscUNBQXFDLENBQUEsR0FBSSxJQUFBO0FBQ3ZGO0FBR08sU0FBUyxhQUFBLENBQWMsU0FBaUIsY0FBQSxFQUFpQztBQUM5RSxFQUFBLE1BQU0sT0FBQSxHQUFVLE1BQUEsQ0FBTyxNQUFBLENBQU8sT0FBTyxDQUFBO0FBQ3JDLEVBQUEsT0FBTyxVQUFVLENBQUMsTUFBQSxDQUFPLFVBQVUsT0FBQSxDQUFRLE9BQUEsRUFBUyxjQUFjLENBQUEsR0FBSSxLQUFBO0FBQ3hFO0FBRUEsU0FBUyxXQUFBLEdBQStCO0FBQ3RDLEVBQUEsT0FBTyxJQUFJLE9BQUEsQ0FBUSxDQUFDLE9BQUEsRUFBUyxNQUFBLEtBQVc7QUFDdEMsSUFBQSxNQUFNLEdBQUEsR0FBTXdFLGNBQUEsQ0FBSSxZQUFBLEVBQWMsRUFBRSxPQUFBLEVBQVMsSUFBQSxFQUFNLE9BQUEsRUFBUyxFQUFFLE1BQUEsRUFBUSxrQkFBQSxFQUFtQixFQUFFLEVBQUcsQ0FBQyxHQUFBLEtBQVE7QUFDakcsTUFBQSxJQUFJLElBQUEsR0FBTyxFQUFBO0FBQ1gsTUFBQSxHQUFBLENBQUksWUFBWSxNQUFNLENBQUE7QUFDdEIsTUFBQSxHQUFBLENBQUksRUFBQSxDQUFHLE1BQUEsRUFBUSxDQUFDLENBQUEsS0FBZSxRQUFRLENBQUUsQ0FBQTtBQUN6QyxNQUFBLEdBQUEsQ0FBSSxFQUFBLENBQUcsT0FBTyxNQUFNO0FBQ2xCLFFBQUEsSUFBSTtBQUNGLFVBQUEsT0FBQSxDQUFTLElBQUEsQ0FBSyxLQUFBLENBQU0sSUFBSSxDQUFBLENBQTBCLE9BQU8sQ0FBQTtBQUFBLFFBQzNELFNBQVMsR0FBQSxFQUFLO0FBQ1osVUFBQSxNQUFBLENBQU8sR0FBRyxDQUFBO0FBQUEsUUFDWjtBQUFBLE1BQ0YsQ0FBQyxDQUFBO0FBQUEsSUFDSCxDQUFDLENBQUE7QUFDRCxJQUFBLEdBQUEsQ0FBSSxFQUFBLENBQUcsV0FBVyxNQUFNLEdBQUEsQ0FBSSxRQUFRLElBQUksS0FBQSxDQUFNLFNBQVMsQ0FBQyxDQUFDLENBQUE7QUFDekQsSUFBQSxHQUFBLENBQUksRUFBQSxDQUFHLFNBQVMsTUFBTSxDQUFBO0FBQUEsRUFDeEIsQ0FBQyxDQUFBO0FBQ0g7O0FDckNPLE1BQU0sYUFBQSxHQUF5QjtBQUFBLEVBQ3BDLElBQUEsRUFBTSxRQUFBO0FBQUEsRUFDTixPQUFBLEVBQVMsZ0NBQUE7QUFBQSxFQUNULEtBQUEsRUFBTyxnQ0FBQTtBQUFBLEVBQ1AsTUFBTSxHQUFBLENBQUksRUFBRSxJQUFBLEVBQU0sUUFBTyxFQUFHO0FBQzFCLElBQUEsTUFBTSxTQUFrQixFQUFDO0FBQ3pCLElBQUEsTUFBTSxTQUFTLENBQUMsYUFBQSxDQUFjLE9BQUEsQ0FBUSxRQUFBLENBQVMsTUFBTSxVQUFVLENBQUE7QUFDL0QsSUFBQSxNQUFBLENBQU8sSUFBQSxDQUFLLEVBQUUsSUFBQSxFQUFNLE1BQUEsRUFBUSxFQUFBLEVBQUksUUFBUSxNQUFBLEVBQVEsT0FBQSxDQUFRLFFBQUEsQ0FBUyxJQUFBLEVBQU0sQ0FBQTtBQUN2RSxJQUFBLE1BQUEsQ0FBTyxJQUFBLENBQUssRUFBRSxJQUFBLEVBQU0sWUFBQSxFQUFjLEVBQUEsRUFBSTlDLGtCQUFBLENBQVcsU0FBQSxFQUFXLENBQUEsRUFBRyxNQUFBLEVBQVEsU0FBQSxFQUFVLEVBQUcsQ0FBQTtBQUNwRixJQUFBLE1BQUEsQ0FBTyxLQUFLLEVBQUUsSUFBQSxFQUFNLGVBQWUsRUFBQSxFQUFJQSxrQkFBQSxDQUFXLGlCQUFpQixDQUFBLElBQUssQ0FBQyxDQUFDLE9BQUEsQ0FBUSxJQUFJLEdBQUEsQ0FBSSxRQUFRLEdBQUcsTUFBQSxFQUFRLGVBQUEsSUFBbUIsQ0FBQTtBQUVoSSxJQUFBLE1BQU0sSUFBQSxHQUFPLElBQUksR0FBQSxDQUFJLE1BQUEsQ0FBTyxVQUFVLFVBQUEsQ0FBVyxNQUFBLENBQU8sV0FBVyxDQUFDLENBQUE7QUFDcEUsSUFBQSxJQUFJLENBQUMsSUFBQSxDQUFLLEtBQUEsQ0FBTSxPQUFBLEVBQVM7QUFDdkIsTUFBQSxJQUFJO0FBQ0YsUUFBQSxNQUFNLEVBQUUsT0FBQSxFQUFRLEdBQUksTUFBTStDLGlCQUFBLENBQU8sS0FBSyxRQUFRLENBQUE7QUFDOUMsUUFBQSxNQUFBLENBQU8sSUFBQSxDQUFLLEVBQUUsSUFBQSxFQUFNLEtBQUEsRUFBTyxFQUFBLEVBQUksSUFBQSxFQUFNLE1BQUEsRUFBUSxDQUFBLEVBQUcsSUFBQSxDQUFLLFFBQVEsQ0FBQSxJQUFBLEVBQU8sT0FBTyxJQUFJLENBQUE7QUFBQSxNQUNqRixTQUFTLEdBQUEsRUFBSztBQUNaLFFBQUEsTUFBQSxDQUFPLElBQUEsQ0FBSyxFQUFFLElBQUEsRUFBTSxLQUFBLEVBQU8sSUFBSSxLQUFBLEVBQU8sTUFBQSxFQUFRLENBQUEsRUFBRyxJQUFBLENBQUssUUFBUSxDQUFBLEVBQUEsRUFBTSxHQUFBLENBQThCLElBQUEsSUFBUSxPQUFPLElBQUksQ0FBQTtBQUFBLE1BQ3ZIO0FBQUEsSUFDRjtBQUVBLElBQUEsTUFBTSxNQUFPLE1BQUEsQ0FBTyxJQUFBLENBQUssR0FBRyxDQUFBLENBQTJCLEdBQUEsQ0FBSSxDQUFDLENBQUEsS0FBTTtBQUNoRSxNQUFBLE1BQU0sQ0FBQSxHQUFJLE9BQUEsQ0FBUSxHQUFBLENBQUksR0FBQSxDQUFJLENBQUMsQ0FBQyxDQUFBO0FBQzVCLE1BQUEsT0FBTyxFQUFFLElBQUEsRUFBTSxHQUFBLENBQUksQ0FBQyxDQUFBLEVBQUcsS0FBSyxDQUFBLEtBQU0sTUFBQSxFQUFXLEtBQUEsRUFBTyxDQUFBLEdBQUksS0FBSyxDQUFDLENBQUEsR0FBSSxJQUFJLEtBQUEsRUFBTyxnQkFBQSxDQUFpQixDQUFDLENBQUEsRUFBRTtBQUFBLElBQ25HLENBQUMsQ0FBQTtBQUNELElBQUEsTUFBTSxRQUFTLE1BQUEsQ0FBTyxJQUFBLENBQUssV0FBVyxDQUFBLENBQWlCLElBQUksQ0FBQyxDQUFBLE1BQU8sRUFBRSxJQUFBLEVBQU0sR0FBRyxFQUFBLEVBQUksWUFBQSxDQUFhLFNBQUEsQ0FBVSxDQUFDLEdBQUUsQ0FBRSxDQUFBO0FBRTlHLElBQUEsSUFBSSxJQUFBLENBQUssTUFBTSxJQUFBLEVBQU07QUFDbkIsTUFBQSxPQUFBLENBQVEsT0FBTyxLQUFBLENBQU0sSUFBQSxDQUFLLFNBQUEsQ0FBVSxFQUFFLFNBQVMsV0FBQSxFQUFhLFFBQUEsRUFBVSxZQUFBLEVBQWMsTUFBQSxFQUFRLEtBQUssS0FBQSxFQUFNLEVBQUcsSUFBQSxFQUFNLENBQUMsSUFBSSxJQUFJLENBQUE7QUFBQSxJQUMzSCxDQUFBLE1BQU87QUFDTCxNQUFBLE9BQUEsQ0FBUSxNQUFBLENBQU8sS0FBQSxDQUFNLENBQUEsR0FBQSxFQUFNLFdBQVcsS0FBSyxZQUFZLENBQUE7O0FBQUEsQ0FBTyxDQUFBO0FBQzlELE1BQUEsS0FBQSxNQUFXLEtBQUssTUFBQSxFQUFRO0FBQ3RCLFFBQUEsT0FBQSxDQUFRLE1BQUEsQ0FBTyxNQUFNLENBQUEsRUFBRyxDQUFBLENBQUUsS0FBS3pFLENBQUEsQ0FBTSxLQUFBLENBQU0sTUFBTSxDQUFBLEdBQUlBLENBQUEsQ0FBTSxJQUFJLE1BQU0sQ0FBQyxJQUFJLENBQUEsQ0FBRSxJQUFBLENBQUssT0FBTyxFQUFFLENBQUMsQ0FBQSxDQUFBLEVBQUksQ0FBQSxDQUFFLE1BQU07QUFBQSxDQUFJLENBQUE7QUFBQSxNQUM3RztBQUNBLE1BQUEsT0FBQSxDQUFRLE9BQU8sS0FBQSxDQUFNO0FBQUEsRUFBS0EsQ0FBQSxDQUFNLElBQUEsQ0FBSyxhQUFhLENBQUM7QUFBQSxDQUFJLENBQUE7QUFDdkQsTUFBQSxLQUFBLE1BQVcsS0FBSyxHQUFBLEVBQUs7QUFDbkIsUUFBQSxPQUFBLENBQVEsTUFBQSxDQUFPLE1BQU0sQ0FBQSxFQUFBLEVBQUssQ0FBQSxDQUFFLEtBQUssTUFBQSxDQUFPLEVBQUUsQ0FBQyxDQUFBLENBQUEsRUFBSSxDQUFBLENBQUUsR0FBQSxHQUFNLEVBQUUsS0FBQSxHQUFRQSxDQUFBLENBQU0sS0FBSyxTQUFTLENBQUMsS0FBS0EsQ0FBQSxDQUFNLElBQUEsQ0FBSyxDQUFBLENBQUUsS0FBSyxDQUFDO0FBQUEsQ0FBSSxDQUFBO0FBQUEsTUFDcEg7QUFDQSxNQUFBLElBQUksZUFBYyxFQUFHO0FBQ25CLFFBQUEsT0FBQSxDQUFRLE9BQU8sS0FBQSxDQUFNO0FBQUEsRUFBS0EsQ0FBQSxDQUFNLElBQUEsQ0FBSyxPQUFPLENBQUM7QUFBQSxTQUFBLEVBQWMsTUFBTSxHQUFBLENBQUksQ0FBQyxDQUFBLEtBQU0sQ0FBQSxFQUFHLEVBQUUsSUFBSSxDQUFBLENBQUEsRUFBSSxDQUFBLENBQUUsRUFBQSxHQUFLLElBQUksQ0FBQyxDQUFBLENBQUUsQ0FBQSxDQUFFLElBQUEsQ0FBSyxHQUFHLENBQUM7QUFBQSxDQUFJLENBQUE7QUFDdEgsUUFBQSxPQUFBLENBQVEsTUFBQSxDQUFPLE1BQU0sQ0FBQSxTQUFBLEVBQVksT0FBQSxDQUFRLFFBQVEsR0FBQSxDQUFJLElBQUEsSUFBUSxLQUFLLENBQUM7QUFBQSxDQUFJLENBQUE7QUFBQSxNQUN6RTtBQUFBLElBQ0Y7QUFDQSxJQUFBLE9BQU8sTUFBQSxDQUFPLE1BQU0sQ0FBQyxDQUFBLEtBQU0sRUFBRSxFQUFFLENBQUEsR0FBSSxRQUFBLENBQVMsRUFBQSxHQUFLLFFBQUEsQ0FBUyxPQUFBO0FBQUEsRUFDNUQ7QUFDRixDQUFBOztBQy9ETyxNQUFNLGNBQUEsR0FBMEI7QUFBQSxFQUNyQyxJQUFBLEVBQU0sU0FBQTtBQUFBLEVBQ04sT0FBQSxFQUFTLDJCQUFBO0FBQUEsRUFDVCxLQUFBLEVBQU8scUJBQUE7QUFBQSxFQUNQLE1BQU0sR0FBQSxDQUFJLEVBQUUsSUFBQSxFQUFNLFFBQU8sRUFBRztBQUMxQixJQUFBLE1BQU0sSUFBQSxHQUFPO0FBQUEsTUFDWCxPQUFBLEVBQVMsV0FBQTtBQUFBLE1BQ1QsUUFBQSxFQUFVLFlBQUE7QUFBQSxNQUNWLFFBQUEsRUFBVSxTQUFBO0FBQUEsTUFDVixJQUFBLEVBQU0sUUFBUSxRQUFBLENBQVMsSUFBQTtBQUFBLE1BQ3ZCLFVBQVUsQ0FBQSxFQUFHLE9BQUEsQ0FBUSxRQUFRLENBQUEsQ0FBQSxFQUFJLFFBQVEsSUFBSSxDQUFBO0FBQUEsS0FDL0M7QUFDQSxJQUFBLElBQUksSUFBQSxDQUFLLE1BQU0sSUFBQSxFQUFNO0FBQ25CLE1BQUEsT0FBQSxDQUFRLE9BQU8sS0FBQSxDQUFNLElBQUEsQ0FBSyxTQUFBLENBQVUsSUFBSSxJQUFJLElBQUksQ0FBQTtBQUFBLElBQ2xELENBQUEsTUFBTztBQUNMLE1BQUEsT0FBQSxDQUFRLE9BQU8sS0FBQSxDQUFNLENBQUEsR0FBQSxFQUFNLElBQUEsQ0FBSyxPQUFPLEtBQUssSUFBQSxDQUFLLFFBQVEsQ0FBQSxNQUFBLEVBQVMsSUFBQSxDQUFLLFFBQVEsQ0FBQSxNQUFBLEVBQVMsSUFBQSxDQUFLLElBQUksQ0FBQSxDQUFBLEVBQUksS0FBSyxRQUFRO0FBQUEsQ0FBSSxDQUFBO0FBQUEsSUFDeEg7QUFDQSxJQUFBLE1BQU0sTUFBQSxHQUFTLE1BQU0sYUFBQSxDQUFrQyxtQkFBbUIsQ0FBQTtBQUMxRSxJQUFBLE1BQU0sR0FBQSxHQUFNLGNBQUEsQ0FBZSxXQUFBLEVBQWEsTUFBQSxFQUFRLE1BQU0sQ0FBQTtBQUN0RCxJQUFBLElBQUksR0FBQSxFQUFLLE1BQUEsQ0FBTyxJQUFBLENBQUssR0FBRyxDQUFBO0FBQ3hCLElBQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLEVBQ2xCO0FBQ0YsQ0FBQTs7QUNwQkEsTUFBTSxpQkFBQSxHQUFvQiwwQ0FBQTtBQUUxQixNQUFNLEdBQUEsR0FBTSx3QkFBQTtBQUNaLE1BQU0sYUFBQSxHQUFnQiw4QkFBQTtBQVV0QixlQUFzQixvQkFBb0IsS0FBQSxFQUFzQztBQUM5RSxFQUFBLE1BQU0sS0FBQSxHQUFRLE9BQUEsQ0FBUSxHQUFBLENBQUksR0FBQSxDQUFJLFdBQVcsQ0FBQSxJQUFLLGlCQUFBO0FBQzlDLEVBQUEsTUFBTSxPQUFBLEdBQVUsS0FBSyxTQUFBLENBQVU7QUFBQSxJQUM3QixVQUFVLEtBQUEsQ0FBTSxHQUFBO0FBQUEsSUFDaEIsTUFBTSxLQUFBLENBQU0sS0FBQTtBQUFBLElBQ1osTUFBTSxLQUFBLENBQU0sSUFBQTtBQUFBLElBQ1osWUFBWSxLQUFBLENBQU07QUFBQSxHQUNuQixDQUFBO0FBQ0QsRUFBQSxNQUFNLEdBQUEsR0FBTSxNQUFNLGFBQUEsQ0FBYyxNQUFBLEVBQVEsVUFBVSxhQUFhLENBQUEsU0FBQSxDQUFBLEVBQWEsT0FBTyxPQUFPLENBQUE7QUFDMUYsRUFBQSxPQUFRLElBQUEsQ0FBSyxLQUFBLENBQU0sR0FBRyxDQUFBLENBQTJCLFFBQUE7QUFDbkQ7QUFHTyxTQUFTLFlBQVksUUFBQSxFQUE0QjtBQUN0RCxFQUFBLE1BQU0sTUFBQSxHQUFtQyxFQUFFLFFBQUEsRUFBVSxFQUFDLEVBQUcsT0FBTyxFQUFDLEVBQUcsS0FBQSxFQUFPLEVBQUMsRUFBRTtBQUM5RSxFQUFBLEtBQUEsTUFBVyxLQUFLLFFBQUEsRUFBVTtBQUN4QixJQUFBLE1BQU0sQ0FBQSxHQUFJLGlFQUFBLENBQWtFLElBQUEsQ0FBSyxDQUFDLENBQUE7QUFDbEYsSUFBQSxNQUFNLEdBQUEsR0FBTSxDQUFDLENBQUEsR0FBSSxPQUFBLEdBQVUsQ0FBQSxDQUFFLENBQUMsQ0FBQSxLQUFNLE1BQUEsR0FBUyxVQUFBLEdBQWEsQ0FBQSxDQUFFLENBQUMsQ0FBQSxLQUFNLFFBQVEsT0FBQSxHQUFVLE9BQUE7QUFDckYsSUFBQSxNQUFBLENBQU8sR0FBRyxDQUFBLENBQUUsSUFBQSxDQUFLLElBQUssQ0FBQSxDQUFFLENBQUMsSUFBSSxDQUFBLEVBQUEsRUFBSyxDQUFBLENBQUUsQ0FBQyxDQUFDLENBQUEsSUFBQSxFQUFPLEVBQUUsQ0FBQyxDQUFDLEtBQUssQ0FBQSxDQUFFLENBQUMsSUFBSyxDQUFDLENBQUE7QUFBQSxFQUNqRTtBQUNBLEVBQUEsT0FBTyxNQUFBLENBQU8sUUFBUSxNQUFNLENBQUEsQ0FDekIsT0FBTyxDQUFDLEdBQUcsS0FBSyxDQUFBLEtBQU0sTUFBTSxNQUFBLEdBQVMsQ0FBQyxFQUN0QyxHQUFBLENBQUksQ0FBQyxDQUFDLEtBQUEsRUFBTyxLQUFLLENBQUEsS0FBTSxDQUFBLElBQUEsRUFBTyxLQUFLOztBQUFBLEVBQU8sS0FBQSxDQUFNLEdBQUEsQ0FBSSxDQUFDLENBQUEsS0FBTSxDQUFBLEVBQUEsRUFBSyxDQUFDLENBQUEsQ0FBRSxDQUFBLENBQUUsSUFBQSxDQUFLLElBQUksQ0FBQztBQUFBLENBQUksQ0FBQSxDQUNwRixLQUFLLElBQUksQ0FBQTtBQUNkO0FBRUEsU0FBUyxhQUFBLENBQWMsTUFBQSxFQUFnQixJQUFBLEVBQWMsS0FBQSxFQUFlLElBQUEsRUFBZ0M7QUFDbEcsRUFBQSxPQUFPLElBQUksT0FBQSxDQUFRLENBQUMsT0FBQSxFQUFTLE1BQUEsS0FBVztBQUN0QyxJQUFBLE1BQU0sR0FBQSxHQUFNdUIsa0JBQUE7QUFBQSxNQUNWLENBQUEsRUFBRyxHQUFHLENBQUEsRUFBRyxJQUFJLENBQUEsQ0FBQTtBQUFBLE1BQ2I7QUFBQSxRQUNFLE1BQUE7QUFBQSxRQUNBLE9BQUEsRUFBUztBQUFBLFVBQ1AsYUFBQSxFQUFlLFNBQVMsS0FBSyxDQUFBLENBQUE7QUFBQSxVQUM3QixNQUFBLEVBQVEsNkJBQUE7QUFBQSxVQUNSLFlBQUEsRUFBYyxnQkFBQTtBQUFBLFVBQ2QsR0FBSSxJQUFBLEdBQU8sRUFBRSxjQUFBLEVBQWdCLGtCQUFBLEtBQXVCO0FBQUM7QUFDdkQsT0FDRjtBQUFBLE1BQ0EsQ0FBQyxHQUFBLEtBQVE7QUFDUCxRQUFBLElBQUksSUFBQSxHQUFPLEVBQUE7QUFDWCxRQUFBLEdBQUEsQ0FBSSxFQUFBLENBQUcsTUFBQSxFQUFRLENBQUMsQ0FBQSxLQUFPLFFBQVEsQ0FBRSxDQUFBO0FBQ2pDLFFBQUEsR0FBQSxDQUFJLEVBQUEsQ0FBRyxPQUFPLE1BQUEsQ0FBUSxHQUFBLENBQUksY0FBYyxHQUFBLElBQU8sR0FBQSxHQUFNLFFBQVEsSUFBSSxDQUFBLEdBQUksT0FBTyxJQUFJLEtBQUEsQ0FBTSxVQUFVLEdBQUEsQ0FBSSxVQUFVLEtBQUssSUFBSSxDQUFBLENBQUUsQ0FBQyxDQUFFLENBQUE7QUFBQSxNQUM5SDtBQUFBLEtBQ0Y7QUFDQSxJQUFBLEdBQUEsQ0FBSSxFQUFBLENBQUcsU0FBUyxNQUFNLENBQUE7QUFDdEIsSUFBQSxHQUFBLENBQUksSUFBSSxJQUFJLENBQUE7QUFBQSxFQUNkLENBQUMsQ0FBQTtBQUNIOztBQy9EQSxNQUFNLEdBQUEsR0FBTW1ELG9CQUFVQywyQkFBUSxDQUFBO0FBTzlCLE1BQU0sb0JBQUEsR0FBdUIsMENBQUE7QUFnQjdCLGVBQXNCLGFBQWEsT0FBQSxFQUEwQztBQUMzRSxFQUFBLElBQUksQ0FBQyxhQUFBLEVBQWMsSUFBSyxDQUFDLFFBQVEsTUFBQSxFQUFRO0FBQ3ZDLElBQUEsTUFBTSxJQUFJLE1BQU0sZ0RBQWdELENBQUE7QUFBQSxFQUNsRTtBQUNBLEVBQUEsTUFBTSxLQUFBLEdBQVF4RSxjQUFBLENBQUssT0FBQSxDQUFRLEdBQUEsRUFBSyxRQUFRLENBQUE7QUFHeEMsRUFBQSxNQUFNSyxtQkFBVSxLQUFBLEVBQU8sQ0FBQSxpQ0FBQSxFQUFvQyxPQUFBLENBQVEsR0FBQSxDQUFJLGFBQWEsb0JBQW9CO0FBQUEsQ0FBQSxFQUFNLEVBQUUsSUFBQSxFQUFNLEdBQUEsRUFBTyxDQUFBO0FBQzdILEVBQUEsTUFBTSxPQUFPLENBQUMsU0FBQSxFQUFXLFlBQVksWUFBQSxFQUFjLE9BQUEsRUFBUyxRQUFRLEdBQUcsQ0FBQTtBQUN2RSxFQUFBLElBQUksT0FBQSxDQUFRLE1BQUEsRUFBUSxJQUFBLENBQUssSUFBQSxDQUFLLFdBQVcsQ0FBQTtBQUN6QyxFQUFBLE1BQU0sRUFBRSxNQUFBLEVBQU8sR0FBSSxNQUFNLEdBQUEsQ0FBSSxLQUFBLEVBQU8sSUFBQSxFQUFNLEVBQUUsR0FBQSxFQUFLLE9BQUEsQ0FBUSxHQUFBLEVBQUssQ0FBQTtBQUM5RCxFQUFBLE9BQU8sT0FBTyxJQUFBLEVBQUs7QUFDckI7O0FDMUJPLE1BQU0sY0FBQSxHQUEwQjtBQUFBLEVBQ3JDLElBQUEsRUFBTSxTQUFBO0FBQUEsRUFDTixPQUFBLEVBQVMsK0JBQUE7QUFBQSxFQUNULEtBQUEsRUFBTyx1RkFBQTtBQUFBLEVBQ1AsTUFBQSxFQUFRLElBQUE7QUFBQSxFQUNSLE1BQU0sR0FBQSxDQUFJLEVBQUUsSUFBQSxFQUFNLFFBQU8sRUFBRztBQUMxQixJQUFBLElBQUksQ0FBQyxhQUFBLEVBQWMsSUFBSyxDQUFDLElBQUEsQ0FBSyxLQUFBLENBQU0sU0FBUyxDQUFBLEVBQUc7QUFDOUMsTUFBQSxNQUFNLElBQUksT0FBQSxDQUFRLE9BQUEsRUFBUyxDQUFBLHlCQUFBLENBQTJCLENBQUE7QUFBQSxJQUN4RDtBQUNBLElBQUEsTUFBTSxDQUFDLE1BQUEsRUFBUSxNQUFNLENBQUEsR0FBSSxJQUFBLENBQUssV0FBQTtBQUM5QixJQUFBLFFBQVEsTUFBQTtBQUFRLE1BQ2QsS0FBSyxPQUFBLEVBQVM7QUFDWixRQUFBLE1BQU0sS0FBQSxHQUFRLE1BQUEsSUFBVSxDQUFBLENBQUEsRUFBSSxXQUFXLENBQUEsTUFBQSxDQUFBO0FBQ3ZDLFFBQUEsTUFBTSxXQUFXb0UsK0JBQUEsQ0FBYSxLQUFBLEVBQU8sQ0FBQyxLQUFBLEVBQU8sZUFBZSxLQUFLLENBQUEsRUFBRyxFQUFFLFFBQUEsRUFBVSxRQUFRLENBQUEsQ0FBRSxNQUFNLElBQUksQ0FBQSxDQUFFLE9BQU8sT0FBTyxDQUFBO0FBQ3BILFFBQUEsTUFBTSxJQUFBLEdBQU8sWUFBWSxRQUFRLENBQUE7QUFDakMsUUFBQSxJQUFJLElBQUEsQ0FBSyxLQUFBLENBQU0sU0FBUyxDQUFBLEVBQUc7QUFDekIsVUFBQSxPQUFBLENBQVEsTUFBQSxDQUFPLE1BQU0sSUFBSSxDQUFBO0FBQ3pCLFVBQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLFFBQ2xCO0FBQ0EsUUFBQSxNQUFNLE1BQU0sTUFBTSxtQkFBQSxDQUFvQixFQUFFLEdBQUEsRUFBSyxDQUFBLENBQUEsRUFBSSxXQUFXLENBQUEsQ0FBQSxFQUFJLEtBQUEsRUFBTyxDQUFBLEdBQUEsRUFBTSxXQUFXLElBQUksSUFBQSxFQUFNLFVBQUEsRUFBWSxJQUFJLElBQUEsQ0FBSyxXQUFXLEdBQUcsQ0FBQTtBQUNySSxRQUFBLE1BQUEsQ0FBTyxJQUFBLENBQUssQ0FBQSxlQUFBLEVBQWtCLEdBQUcsQ0FBQSxDQUFFLENBQUE7QUFDbkMsUUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsTUFDbEI7QUFBQSxNQUNBLEtBQUssU0FBQSxFQUFXO0FBQ2QsUUFBQSxNQUFNLEdBQUEsR0FBTSxVQUFBLENBQVcsSUFBQSxFQUFNLEtBQUEsRUFBTyxNQUFNLENBQUE7QUFDMUMsUUFBQSxNQUFNLEdBQUEsR0FBTSxNQUFNLFlBQUEsQ0FBYSxFQUFFLEtBQUssTUFBQSxJQUFVLEdBQUEsRUFBSyxHQUFBLEVBQUssTUFBQSxFQUFRLENBQUMsQ0FBQyxJQUFBLENBQUssS0FBQSxDQUFNLFNBQVMsR0FBRyxDQUFBO0FBQzNGLFFBQUEsTUFBQSxDQUFPLEtBQUssR0FBRyxDQUFBO0FBQ2YsUUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsTUFDbEI7QUFBQSxNQUNBLEtBQUssS0FBQTtBQUNILFFBQUEsSUFBSSxDQUFDLE1BQUEsRUFBUSxNQUFNLElBQUksT0FBQSxDQUFRLFNBQVMsNEJBQTRCLENBQUE7QUFDcEUsUUFBQSxPQUFBLENBQVEsTUFBQSxDQUFPLEtBQUEsQ0FBTSxVQUFBLENBQVcsTUFBTSxJQUFJLElBQUksQ0FBQTtBQUM5QyxRQUFBLE9BQU8sUUFBQSxDQUFTLEVBQUE7QUFBQSxNQUNsQjtBQUNFLFFBQUEsTUFBTSxJQUFJLE9BQUEsQ0FBUSxPQUFBLEVBQVMsOEJBQThCLENBQUE7QUFBQTtBQUM3RCxFQUNGO0FBQ0YsQ0FBQTs7QUM5Q0EsTUFBTSxjQUFBLEdBQWlCLCtFQUFBO0FBR2hCLE1BQU0sVUFBQSxHQUFhO0FBQUEsRUFDeEIsRUFBRSxJQUFBLEVBQU0saUJBQUEsRUFBbUIsS0FBQSxFQUFPLHlCQUFBLEVBQTBCO0FBQUEsRUFDNUQsRUFBRSxJQUFBLEVBQU0sNkJBQUEsRUFBK0IsS0FBQSxFQUFPLDZCQUFBLEVBQThCO0FBQUEsRUFDNUUsRUFBRSxJQUFBLEVBQU0sZ0JBQUEsRUFBa0IsS0FBQSxFQUFPLDZCQUFBO0FBQ25DLENBQUE7QUFJQSxlQUFzQixJQUFBLENBQUssUUFBQSxFQUFvQixPQUFBLEVBQWlCLE9BQUEsR0FBVSxFQUFBLEVBQW1CO0FBQzNGLEVBQUEsTUFBTSxRQUFRLFFBQUEsS0FBYSxNQUFBLEdBQVMsa0JBQUEsR0FBcUIsUUFBQSxLQUFhLFNBQVMsV0FBQSxHQUFjLHNCQUFBO0FBQzdGLEVBQUEsTUFBTSxJQUFBLEdBQU8sQ0FBQSxFQUFHLEtBQUssQ0FBQSxFQUFBLEVBQUssUUFBQSxDQUFTLGFBQWEsQ0FBQSxFQUFBLEVBQUssT0FBTyxDQUFBLEVBQUcsT0FBQSxHQUFVO0FBQUEsTUFBQSxFQUFXLE9BQU8sV0FBVyxFQUFFLENBQUEsQ0FBQTtBQUN4RyxFQUFBLE1BQU0sT0FBTyxJQUFBLENBQUssU0FBQSxDQUFVLEVBQUUsSUFBQSxFQUFNLFFBQUEsRUFBVSxVQUFVLENBQUE7QUFDeEQsRUFBQSxNQUFNLElBQUksT0FBQSxDQUFjLENBQUMsT0FBQSxFQUFTLE1BQUEsS0FBVztBQUMzQyxJQUFBLE1BQU0sR0FBQSxHQUFNckQsa0JBQUEsQ0FBUSxjQUFBLEVBQWdCLEVBQUUsTUFBQSxFQUFRLE1BQUEsRUFBUSxPQUFBLEVBQVMsRUFBRSxjQUFBLEVBQWdCLGtCQUFBLEVBQW1CLEVBQUUsRUFBRyxDQUFDLEdBQUEsS0FBUTtBQUNoSCxNQUFBLEdBQUEsQ0FBSSxNQUFBLEVBQU87QUFDWCxNQUFBLEdBQUEsQ0FBSSxFQUFBLENBQUcsS0FBQSxFQUFPLE1BQU0sT0FBQSxFQUFTLENBQUE7QUFBQSxJQUMvQixDQUFDLENBQUE7QUFDRCxJQUFBLEdBQUEsQ0FBSSxFQUFBLENBQUcsU0FBUyxNQUFNLENBQUE7QUFDdEIsSUFBQSxHQUFBLENBQUksSUFBSSxJQUFJLENBQUE7QUFBQSxFQUNkLENBQUMsQ0FBQTtBQUNIOztBQ3ZCTyxNQUFNLFVBQUEsR0FBc0I7QUFBQSxFQUNqQyxJQUFBLEVBQU0sS0FBQTtBQUFBLEVBQ04sT0FBQSxFQUFTLDBCQUFBO0FBQUEsRUFDVCxLQUFBLEVBQU8sdURBQUE7QUFBQSxFQUNQLE1BQUEsRUFBUSxJQUFBO0FBQUEsRUFDUixNQUFNLEdBQUEsQ0FBSSxFQUFFLElBQUEsRUFBTSxRQUFPLEVBQUc7QUFDMUIsSUFBQSxJQUFJLENBQUMsYUFBQSxFQUFjLFFBQVMsSUFBSSxPQUFBLENBQVEsU0FBUyxDQUFBLHFCQUFBLENBQXVCLENBQUE7QUFDeEUsSUFBQSxNQUFNLENBQUMsTUFBQSxFQUFRLEdBQUcsSUFBSSxJQUFJLElBQUEsQ0FBSyxXQUFBO0FBQy9CLElBQUEsSUFBSSxXQUFXLFlBQUEsRUFBYztBQUMzQixNQUFBLEtBQUEsTUFBVyxDQUFDLENBQUEsRUFBRyxJQUFJLENBQUEsSUFBSyxVQUFBLENBQVcsU0FBUSxFQUFHO0FBQzVDLFFBQUEsT0FBQSxDQUFRLE1BQUEsQ0FBTyxLQUFBLENBQU0sQ0FBQSxFQUFHLENBQUEsR0FBSSxDQUFDLEtBQUssSUFBQSxDQUFLLElBQUksQ0FBQSxFQUFBLEVBQUssSUFBQSxDQUFLLEtBQUssQ0FBQTtBQUFBLENBQUssQ0FBQTtBQUFBLE1BQ2pFO0FBQ0EsTUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsSUFDbEI7QUFDQSxJQUFBLElBQUksV0FBVyxNQUFBLEVBQVE7QUFDckIsTUFBQSxNQUFNLEdBQUEsR0FBTSxVQUFBLENBQVcsSUFBQSxFQUFNLEtBQUEsRUFBTyxNQUFNLENBQUE7QUFDMUMsTUFBQSxJQUFJLENBQUMsYUFBYSxJQUFBLENBQUssR0FBRyxHQUFHLE1BQU0sSUFBSSxPQUFBLENBQVEsT0FBQSxFQUFTLGtDQUFrQyxDQUFBO0FBQzFGLE1BQUEsTUFBTSxJQUFBLENBQUssR0FBQSxFQUFLLElBQUEsQ0FBSyxJQUFBLENBQUssR0FBRyxLQUFLLGNBQUEsRUFBZ0IsVUFBQSxDQUFXLElBQUEsRUFBTSxTQUFTLENBQUMsQ0FBQTtBQUM3RSxNQUFBLE1BQUEsQ0FBTyxLQUFLLENBQUEsTUFBQSxFQUFTLFVBQUEsQ0FBVyxDQUFDLENBQUEsQ0FBRSxLQUFLLENBQUEsQ0FBRSxDQUFBO0FBQzFDLE1BQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLElBQ2xCO0FBQ0EsSUFBQSxNQUFNLElBQUksT0FBQSxDQUFRLE9BQUEsRUFBUyx3QkFBd0IsQ0FBQTtBQUFBLEVBQ3JEO0FBQ0YsQ0FBQTs7QUNiTyxTQUFTLHdCQUF3QixRQUFBLEVBQWlDO0FBQ3ZFLEVBQUEsUUFBQSxDQUNHLFNBQVMsWUFBWSxDQUFBLENBQ3JCLFFBQUEsQ0FBUyxhQUFhLEVBQ3RCLFFBQUEsQ0FBUyxlQUFlLENBQUEsQ0FDeEIsUUFBQSxDQUFTLGFBQWEsQ0FBQSxDQUN0QixRQUFBLENBQVMsYUFBYSxDQUFBLENBQ3RCLFNBQVMsV0FBVyxDQUFBLENBQ3BCLFFBQUEsQ0FBUyxjQUFjLEVBQ3ZCLFFBQUEsQ0FBUyxhQUFhLENBQUEsQ0FDdEIsUUFBQSxDQUFTLGNBQWMsQ0FBQSxDQUN2QixRQUFBLENBQVMsYUFBYSxDQUFBLENBQ3RCLFNBQVMsY0FBYyxDQUFBLENBRXZCLFNBQVMsY0FBYyxDQUFBLENBQ3ZCLFNBQVMsVUFBVSxDQUFBO0FBQ3hCOztBQ1ZBLE1BQU0sWUFBQSxHQUFlLDBIQUFBO0FBRWQsTUFBTSxhQUFBLENBQWM7QUFBQSxFQUN6QixZQUE2QixNQUFBLEVBQWtCO0FBQWxCLElBQUEsSUFBQSxDQUFBLE1BQUEsR0FBQSxNQUFBO0FBQUEsRUFBbUI7QUFBQTtBQUFBLEVBR2hELE1BQUEsR0FBaUI7QUFDZixJQUFBLE1BQU0sUUFBQSxHQUFXLE9BQUEsQ0FBUSxHQUFBLENBQUksR0FBQSxDQUFJLFlBQVksQ0FBQTtBQUM3QyxJQUFBLElBQUksVUFBVSxPQUFPLFFBQUE7QUFDckIsSUFBQSxJQUFJLElBQUEsQ0FBSyxNQUFBLENBQU8sV0FBQSxLQUFnQixVQUFBLEVBQVksT0FBTyxZQUFBO0FBQ25ELElBQUEsT0FBTyxTQUFBLENBQVUsT0FBQTtBQUFBLEVBQ25CO0FBQUEsRUFFQSxNQUFNLEtBQUssTUFBQSxFQUF5QztBQUNsRCxJQUFBLE1BQU0sTUFBQSxHQUFTLEtBQUssTUFBQSxFQUFPO0FBQzNCLElBQUEsSUFBSSxNQUFBLENBQU8sVUFBQSxDQUFXLGFBQWEsQ0FBQSxFQUFHO0FBR3BDLE1BQUE7QUFBQSxJQUNGO0FBQ0EsSUFBQSxNQUFNLElBQUEsR0FBTyxJQUFBLENBQUssU0FBQSxDQUFVLEVBQUUsUUFBUSxDQUFBO0FBQ3RDLElBQUEsTUFBTSxJQUFJLE9BQUEsQ0FBYyxDQUFDLE9BQUEsRUFBUyxNQUFBLEtBQVc7QUFDM0MsTUFBQSxNQUFNLEdBQUEsR0FBTUEsa0JBQUE7QUFBQSxRQUNWLE1BQUE7QUFBQSxRQUNBLEVBQUUsTUFBQSxFQUFRLE1BQUEsRUFBUSxPQUFBLEVBQVMsRUFBRSxjQUFBLEVBQWdCLGtCQUFBLEVBQW9CLGdCQUFBLEVBQWtCLE1BQUEsQ0FBTyxVQUFBLENBQVcsSUFBSSxDQUFBLEVBQUUsRUFBRyxTQUFTLEdBQUEsRUFBSTtBQUFBLFFBQzNILENBQUMsR0FBQSxLQUFRO0FBQ1AsVUFBQSxHQUFBLENBQUksTUFBQSxFQUFPO0FBQ1gsVUFBQSxHQUFBLENBQUksRUFBQSxDQUFHLEtBQUEsRUFBTyxNQUFNLE9BQUEsRUFBUyxDQUFBO0FBQUEsUUFDL0I7QUFBQSxPQUNGO0FBQ0EsTUFBQSxHQUFBLENBQUksRUFBQSxDQUFHLFNBQUEsRUFBVyxNQUFNLEdBQUEsQ0FBSSxTQUFTLENBQUE7QUFDckMsTUFBQSxHQUFBLENBQUksRUFBQSxDQUFHLFNBQVMsTUFBTSxDQUFBO0FBQ3RCLE1BQUEsR0FBQSxDQUFJLElBQUksSUFBSSxDQUFBO0FBQUEsSUFDZCxDQUFDLENBQUE7QUFBQSxFQUNIO0FBQ0Y7O0FDeENPLE1BQU0sa0JBQUEsQ0FBbUI7QUFBQSxFQU85QixXQUFBLENBQTZCLFFBQWtCLE9BQUEsRUFBMkI7QUFBN0MsSUFBQSxJQUFBLENBQUEsTUFBQSxHQUFBLE1BQUE7QUFON0IsSUFBQSxJQUFBLENBQWlCLFNBQTJCLEVBQUM7QUFDN0MsSUFBQSxJQUFBLENBQWlCLFlBQVlzRCxzQkFBQSxFQUFXO0FBTXRDLElBQUEsSUFBQSxDQUFLLE9BQUEsR0FBVSxPQUFBLENBQVEsT0FBQSxJQUFXLE1BQUEsQ0FBTyxTQUFBO0FBQ3pDLElBQUEsSUFBQSxDQUFLLEdBQUEsR0FBTSxRQUFRLFNBQUEsSUFBYSxFQUFBO0FBQ2hDLElBQUEsSUFBQSxDQUFLLElBQUEsR0FBTyxJQUFJLGFBQUEsQ0FBYyxNQUFNLENBQUE7QUFBQSxFQUN0QztBQUFBLEVBRUEsTUFBQSxDQUFPLE1BQWMsSUFBQSxFQUFtRTtBQUN0RixJQUFBLElBQUksQ0FBQyxJQUFBLENBQUssT0FBQSxJQUFXLEtBQUssTUFBQSxDQUFPLE1BQUEsSUFBVSxLQUFLLEdBQUEsRUFBSztBQUNyRCxJQUFBLElBQUEsQ0FBSyxPQUFPLElBQUEsQ0FBSztBQUFBLE1BQ2YsSUFBQTtBQUFBLE1BQ0EsU0FBUyxJQUFBLENBQUssU0FBQTtBQUFBLE1BQ2QsRUFBQSxFQUFBLGlCQUFJLElBQUksSUFBQSxFQUFLLEVBQUUsV0FBQSxFQUFZO0FBQUEsTUFDM0IsR0FBQSxFQUFLLFdBQUE7QUFBQSxNQUNMLElBQUksQ0FBQSxFQUFHLE9BQUEsQ0FBUSxRQUFRLENBQUEsQ0FBQSxFQUFJLFFBQVEsSUFBSSxDQUFBLENBQUE7QUFBQSxNQUN2QyxJQUFBLEVBQU0sUUFBUSxRQUFBLENBQVMsSUFBQTtBQUFBLE1BQ3ZCLEdBQUEsRUFBSyxLQUFLLE1BQUEsQ0FBTyxXQUFBO0FBQUEsTUFDakI7QUFBQSxLQUNELENBQUE7QUFBQSxFQUNIO0FBQUEsRUFFQSxNQUFNLEtBQUEsR0FBdUI7QUFDM0IsSUFBQSxJQUFJLENBQUMsSUFBQSxDQUFLLE9BQUEsSUFBVyxJQUFBLENBQUssTUFBQSxDQUFPLFdBQVcsQ0FBQSxFQUFHO0FBQy9DLElBQUEsTUFBTSxRQUFRLElBQUEsQ0FBSyxNQUFBLENBQU8sT0FBTyxDQUFBLEVBQUcsSUFBQSxDQUFLLE9BQU8sTUFBTSxDQUFBO0FBRXRELElBQUEsTUFBTSxPQUFBLENBQVEsS0FBSyxDQUFDLElBQUEsQ0FBSyxLQUFLLElBQUEsQ0FBSyxLQUFLLENBQUEsQ0FBRSxLQUFBLENBQU0sTUFBTSxNQUFTLEdBQUcsSUFBSSxPQUFBLENBQVEsQ0FBQyxDQUFBLEtBQU0sVUFBQSxDQUFXLENBQUEsRUFBRyxHQUFHLENBQUEsQ0FBRSxLQUFBLEVBQU8sQ0FBQyxDQUFDLENBQUE7QUFBQSxFQUNuSDtBQUNGOztBQzNCQSxNQUFNLE1BQUEsR0FBUyxhQUFhLElBQUksQ0FBQTtBQUVoQyxlQUFzQixLQUFLLElBQUEsRUFBaUM7QUFDMUQsRUFBQSxNQUFNLE9BQUEsR0FBVSxLQUFLLEdBQUEsRUFBSTtBQUN6QixFQUFBLE1BQU0sSUFBQSxHQUFPLFVBQVUsSUFBSSxDQUFBO0FBQzNCLEVBQUEsTUFBTSxTQUFTLFVBQUEsQ0FBVyxFQUFFLFNBQVMsSUFBQSxDQUFLLEtBQUEsQ0FBTSxTQUErQixDQUFBO0FBRS9FLEVBQUEsSUFBSSxJQUFBLENBQUssTUFBTSxPQUFBLEVBQVM7QUFDdEIsSUFBQSxNQUFBLENBQU8sU0FBUyxPQUFPLENBQUE7QUFBQSxFQUN6QjtBQUNBLEVBQUEsTUFBQSxDQUFPLEtBQUEsQ0FBTSxDQUFBLEdBQUEsRUFBTSxXQUFXLENBQUEsU0FBQSxFQUFZLE9BQUEsQ0FBUSxPQUFPLENBQUEsRUFBQSxFQUFLLE9BQUEsQ0FBUSxRQUFRLENBQUEsQ0FBQSxFQUFJLE9BQUEsQ0FBUSxJQUFJLENBQUEsQ0FBQSxDQUFHLENBQUE7QUFFakcsRUFBQSxZQUFBLENBQWEsS0FBSyxNQUFNLENBQUE7QUFDeEIsRUFBQSxNQUFNLFNBQUEsR0FBWSxJQUFJLGtCQUFBLENBQW1CLE1BQUEsRUFBUSxFQUFFLE9BQUEsRUFBUyxDQUFDLElBQUEsQ0FBSyxLQUFBLENBQU0sY0FBYyxDQUFBLEVBQUcsQ0FBQTtBQUV6RixFQUFBLE1BQU0sUUFBQSxHQUFXLElBQUksZUFBQSxFQUFnQjtBQUNyQyxFQUFBLHVCQUFBLENBQXdCLFFBQVEsQ0FBQTtBQUVoQyxFQUFBLElBQUksSUFBQSxDQUFLLE1BQU0sT0FBQSxFQUFTO0FBQ3RCLElBQUEsT0FBQSxDQUFRLE1BQUEsQ0FBTyxLQUFBLENBQU0sQ0FBQSxFQUFHLFdBQVc7QUFBQSxDQUFJLENBQUE7QUFDdkMsSUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsRUFDbEI7QUFFQSxFQUFBLE1BQU0sSUFBQSxHQUFPLElBQUEsQ0FBSyxXQUFBLENBQVksQ0FBQyxDQUFBO0FBQy9CLEVBQUEsSUFBSSxDQUFDLElBQUEsSUFBUSxJQUFBLENBQUssS0FBQSxDQUFNLElBQUEsSUFBUSxDQUFDLElBQUEsRUFBTTtBQUNyQyxJQUFBLE9BQUEsQ0FBUSxPQUFPLEtBQUEsQ0FBTSxVQUFBLENBQVcsUUFBQSxDQUFTLElBQUEsRUFBTSxDQUFDLENBQUE7QUFDaEQsSUFBQSxPQUFPLFFBQUEsQ0FBUyxFQUFBO0FBQUEsRUFDbEI7QUFFQSxFQUFBLE1BQU0sT0FBQSxHQUFVLFFBQUEsQ0FBUyxPQUFBLENBQVEsSUFBSSxDQUFBO0FBQ3JDLEVBQUEsSUFBSSxDQUFDLE9BQUEsRUFBUztBQUNaLElBQUEsTUFBQSxDQUFPLEtBQUEsQ0FBTSxDQUFBLGlCQUFBLEVBQW9CLElBQUksQ0FBQSwrQkFBQSxDQUFpQyxDQUFBO0FBQ3RFLElBQUEsT0FBTyxRQUFBLENBQVMsS0FBQTtBQUFBLEVBQ2xCO0FBQ0EsRUFBQSxJQUFJLElBQUEsQ0FBSyxNQUFNLElBQUEsRUFBTTtBQUNuQixJQUFBLE9BQUEsQ0FBUSxNQUFBLENBQU8sS0FBQSxDQUFNLGlCQUFBLENBQWtCLE9BQU8sQ0FBQyxDQUFBO0FBQy9DLElBQUEsT0FBTyxRQUFBLENBQVMsRUFBQTtBQUFBLEVBQ2xCO0FBR0EsRUFBQSxJQUFJLENBQUMsT0FBQSxDQUFRLEdBQUEsQ0FBSSxzQkFBc0IsWUFBQSxDQUFhLFNBQUEsQ0FBVSxlQUFlLENBQUEsRUFBRztBQUM5RSxJQUFBLEtBQUssZUFBZSxXQUFBLEVBQWEsTUFBTSxDQUFBLENBQUUsS0FBQSxDQUFNLE1BQU0sTUFBUyxDQUFBO0FBQUEsRUFDaEU7QUFFQSxFQUFBLElBQUk7QUFDRixJQUFBLE1BQU0sT0FBTyxNQUFNLE9BQUEsQ0FBUSxJQUFJLEVBQUUsSUFBQSxFQUFNLEVBQUUsR0FBRyxJQUFBLEVBQU0sV0FBQSxFQUFhLElBQUEsQ0FBSyxZQUFZLEtBQUEsQ0FBTSxDQUFDLEdBQUUsRUFBRyxNQUFBLEVBQVEsUUFBUSxDQUFBO0FBQzVHLElBQUEsU0FBQSxDQUFVLE1BQUEsQ0FBTyxTQUFBLEVBQVcsRUFBRSxJQUFBLEVBQU0sT0FBQSxDQUFRLElBQUEsRUFBTSxJQUFBLEVBQU0sRUFBQSxFQUFJLElBQUEsQ0FBSyxHQUFBLEVBQUksR0FBSSxPQUFBLEVBQVMsQ0FBQTtBQUNsRixJQUFBLE9BQU8sSUFBQTtBQUFBLEVBQ1QsU0FBUyxHQUFBLEVBQUs7QUFDWixJQUFBLElBQUksZUFBZSxPQUFBLEVBQVM7QUFDMUIsTUFBQSxNQUFBLENBQU8sS0FBQSxDQUFNLElBQUksT0FBTyxDQUFBO0FBQ3hCLE1BQUEsSUFBSSxJQUFJLElBQUEsRUFBTSxNQUFBLENBQU8sS0FBSyxDQUFBLE1BQUEsRUFBUyxHQUFBLENBQUksSUFBSSxDQUFBLENBQUUsQ0FBQTtBQUM3QyxNQUFBLFNBQUEsQ0FBVSxNQUFBLENBQU8sU0FBUyxFQUFFLElBQUEsRUFBTSxRQUFRLElBQUEsRUFBTSxJQUFBLEVBQU0sR0FBQSxDQUFJLElBQUEsRUFBTSxDQUFBO0FBQ2hFLE1BQUEsT0FBTyxHQUFBLENBQUksUUFBQTtBQUFBLElBQ2I7QUFFQSxJQUFBLE1BQUEsQ0FBTyxNQUFNLENBQUEsZ0JBQUEsRUFBb0IsR0FBQSxDQUFjLFNBQVMsTUFBQSxDQUFPLEdBQUcsQ0FBQyxDQUFBLENBQUUsQ0FBQTtBQUNyRSxJQUFBLE9BQU8sUUFBQSxDQUFTLFFBQUE7QUFBQSxFQUNsQixDQUFBLFNBQUU7QUFDQSxJQUFBLE1BQU0sVUFBVSxLQUFBLEVBQU07QUFBQSxFQUN4QjtBQUNGOztBQ2hGQSxNQUFNLENBQUMsS0FBSyxDQUFBLEdBQUksT0FBQSxDQUFRLFFBQUEsQ0FBUyxLQUFLLEtBQUEsQ0FBTSxHQUFHLENBQUEsQ0FBRSxHQUFBLENBQUksTUFBTSxDQUFBO0FBQzNELElBQUksUUFBUSxFQUFBLEVBQUk7QUFDZCxFQUFBLE9BQUEsQ0FBUSxNQUFBLENBQU8sS0FBQSxDQUFNLENBQUEsdUNBQUEsRUFBMEMsT0FBQSxDQUFRLFNBQVMsSUFBSSxDQUFBO0FBQUEsQ0FBSyxDQUFBO0FBQ3pGLEVBQUEsT0FBQSxDQUFRLElBQUEsQ0FBSyxTQUFTLEtBQUssQ0FBQTtBQUM3QjtBQUVBLElBQUEsQ0FBSyxPQUFBLENBQVEsSUFBQSxDQUFLLEtBQUEsQ0FBTSxDQUFDLENBQUMsQ0FBQSxDQUFFLElBQUE7QUFBQSxFQUMxQixDQUFDLElBQUEsS0FBUztBQUNSLElBQUEsT0FBQSxDQUFRLFFBQUEsR0FBVyxJQUFBO0FBQUEsRUFDckIsQ0FBQTtBQUFBLEVBQ0EsQ0FBQyxHQUFBLEtBQWlCO0FBQ2hCLElBQUEsT0FBQSxDQUFRLE1BQUEsQ0FBTyxLQUFBLENBQU0sQ0FBQSxXQUFBLEVBQWMsTUFBQSxDQUFPLEdBQUcsQ0FBQztBQUFBLENBQUksQ0FBQTtBQUNsRCxJQUFBLE9BQUEsQ0FBUSxXQUFXLFFBQUEsQ0FBUyxRQUFBO0FBQUEsRUFDOUI7QUFDRixDQUFBIiwieF9nb29nbGVfaWdub3JlTGlzdCI6WzIsMTQsNDIsNDMsNDQsNDUsNDYsNDcsNDgsNDksNTAsNTEsNTIsNTMsNTQsNTUsNTYsNTcsNTgsNTksNjAsNjEsNjIsNjMsNjQsNjUsNjYsNjcsNjgsNjksNzAsNzEsNzIsNzMsNzQsNzUsNzYsNzcsNzgsNzksODAsODEsODIsODMsODQsODUsODYsODcsODhdfQ==
