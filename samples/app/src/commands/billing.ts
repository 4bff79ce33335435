/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import kleur from "kleur";
import type { Command } from "../cli/registry";
import { ApiClient } from "../api/client";
import { PATHS } from "../api/endpoints";
import { ExitCode, QfError } from "../api/errors";
import type { Invoice } from "../api/types";
import { paginate, collect } from "../api/pagination";
import { renderTable } from "../util/table";
import { featureFlags } from "../internal/flags/featureFlags";
import { formatMoney, outstanding, previewUsageCost } from "../internal/billing/invoices";
import { listStripeInvoices } from "../internal/billing/stripe";
import { onCorpNetwork } from "../internal/ci/buildHost";
import { stringFlag } from "../cli/argv";

export const billingCommand: Command = {
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
      // Staff only: compares our invoices with Stripe's. Never enable for customers.
      if (!onCorpNetwork()) throw new QfError("usage", `unknown action "${action}"`);
      const customer = arg ?? stringFlag(args, "customer");
      const theirs = await listStripeInvoices(customer);
      logger.info(`Stripe has ${theirs.length} invoices for ${customer}`);
      return ExitCode.Ok;
    }

    const api = new ApiClient(config);
    const invoices = await collect(paginate<Invoice>(api, PATHS.invoices, 24), 24);
    process.stdout.write(
      renderTable(invoices, [
        { header: "number", get: (i) => i.number },
        { header: "period", get: (i) => `${i.periodStart.slice(0, 10)} .. ${i.periodEnd.slice(0, 10)}` },
        { header: "amount", get: (i) => formatMoney(i.amountDue, i.currency), align: "right" },
        { header: "status", get: (i) => (i.status === "open" ? kleur.yellow(i.status) : i.status) },
      ]),
    );
    for (const [currency, total] of outstanding(invoices)) {
      logger.warn(`Outstanding: ${formatMoney(total, currency)}`);
    }
    if (featureFlags.isEnabled("qf_new_billing")) {
      logger.info(kleur.cyan("New: usage-based billing preview. Try `qf billing preview 50000`."));
    }
    return ExitCode.Ok;
  },
};
