/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import kleur from "kleur";
import type { Command } from "../cli/registry";
import { ApiClient } from "../api/client";
import { PATHS } from "../api/endpoints";
import { writeCredentials, decodeJwt } from "../api/auth";
import { QfError, ExitCode } from "../api/errors";
import type { WhoAmI } from "../api/types";
import { sleep } from "../util/retry";
import { formatDuration } from "../util/duration";
import { stringFlag } from "../cli/argv";

interface DeviceCode {
  device_code: string;
  user_code: string;
  verification_uri: string;
  interval: number;
  expires_in: number;
}

interface TokenResponse {
  access_token?: string;
  expires_in?: number;
  error?: "authorization_pending" | "slow_down" | "expired_token" | "access_denied";
}

const CLIENT_ID = "qf-cli-public-7c1d";

/**
 * OAuth 2.0 device authorization grant (RFC 8628). The user confirms the
 * code in a browser; we poll the token endpoint meanwhile.
 */
export const loginCommand: Command = {
  name: "login",
  summary: "log in to Quillfeather",
  usage: "qf login [--token TOKEN]. Without --token, opens a device-code flow in your browser.",
  async run({ args, config, logger }) {
    const api = new ApiClient(config);
    const pasted = stringFlag(args, "token");
    let token: string;
    let expiresIn: number | undefined;

    if (pasted) {
      token = pasted;
    } else {
      const code = await api.post<DeviceCode>(PATHS.deviceCode, { client_id: CLIENT_ID, scope: "projects deploy logs" }, { anonymous: true });
      logger.info(`Open ${kleur.underline(code.verification_uri)} and enter ${kleur.bold().cyan(code.user_code)}`);
      logger.info(kleur.gray(`(code expires in ${formatDuration(code.expires_in * 1000, true)})`));
      const deadline = Date.now() + code.expires_in * 1000;
      let interval = code.interval * 1000;
      for (;;) {
        if (Date.now() > deadline) throw new QfError("auth", "the login code expired; run `qf login` again");
        await sleep(interval);
        const res = await api.post<TokenResponse>(
          PATHS.token,
          { client_id: CLIENT_ID, device_code: code.device_code, grant_type: "urn:ietf:params:oauth:grant-type:device_code" },
          { anonymous: true },
        );
        if (res.access_token) {
          token = res.access_token;
          expiresIn = res.expires_in;
          break;
        }
        if (res.error === "slow_down") interval += 5_000;
        else if (res.error === "access_denied") throw new QfError("auth", "login was denied in the browser");
        else if (res.error === "expired_token") throw new QfError("auth", "the login code expired");
      }
    }

    process.env.QF_API_TOKEN = token; // so the whoami call below uses it
    const me = await api.get<WhoAmI>(PATHS.whoami);
    const claims = decodeJwt(token);
    await writeCredentials(config.profile, {
      token,
      email: me.email,
      expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000).toISOString() : typeof claims?.exp === "number" ? new Date(claims.exp * 1000).toISOString() : undefined,
    });
    logger.info(`${kleur.green("Logged in")} as ${me.email} (${me.org})`);
    return ExitCode.Ok;
  },
};
