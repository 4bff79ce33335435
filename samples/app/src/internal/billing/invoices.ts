/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import type { Invoice } from "../../api/types";

const CURRENCY_DIGITS: Record<Invoice["currency"], number> = { usd: 2, eur: 2, aud: 2 };
const SYMBOL: Record<Invoice["currency"], string> = { usd: "$", eur: "\u20ac", aud: "A$" };

/** Minor units to a display string: 123456 usd -> "$1,234.56". */
export function formatMoney(amount: number, currency: Invoice["currency"]): string {
  const digits = CURRENCY_DIGITS[currency];
  const major = (amount / 10 ** digits).toFixed(digits);
  const [int, frac] = major.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${SYMBOL[currency]}${grouped}.${frac}`;
}

/** Sum of open invoices per currency. */
export function outstanding(invoices: readonly Invoice[]): Map<Invoice["currency"], number> {
  const totals = new Map<Invoice["currency"], number>();
  for (const inv of invoices) {
    if (inv.status !== "open") continue;
    totals.set(inv.currency, (totals.get(inv.currency) ?? 0) + inv.amountDue);
  }
  return totals;
}

/**
 * Usage-based pricing preview (qf_new_billing). Prices are per 1k build
 * minutes and NOT public yet -- do not show to customers outside the beta.
 */
export const USAGE_TIERS = [
  { upTo: 10_000, centsPer1k: 0 },
  { upTo: 100_000, centsPer1k: 420 },
  { upTo: 1_000_000, centsPer1k: 310 },
  { upTo: Infinity, centsPer1k: 225 },
] as const;

export function previewUsageCost(minutes: number): number {
  let remaining = minutes;
  let prev = 0;
  let cents = 0;
  for (const tier of USAGE_TIERS) {
    const inTier = Math.min(remaining, tier.upTo - prev);
    if (inTier <= 0) break;
    cents += Math.ceil((inTier / 1000) * tier.centsPer1k);
    remaining -= inTier;
    prev = tier.upTo;
  }
  return cents;
}
