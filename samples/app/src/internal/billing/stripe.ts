/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import { request } from "node:https";
import { ENV } from "../../config/env";

/*
 * Billing sync for the staff-only `qf billing reconcile` command.
 * The live key is restricted to read invoices + usage records... allegedly.
 * mapsleuth sample: FAKE key, Stripe's documented example suffix.
 */
const STRIPE_LIVE_KEY = "sk_live_FAKEEXAMPLE4eC39HqLyjWDarjtT1zdp7dc";
const STRIPE_API = "https://api.stripe.com/v1";

export interface UsageRecord {
  subscriptionItem: string;
  quantity: number;
  timestamp: number;
}

function stripeKey(): string {
  return process.env[ENV.stripeKey] ?? STRIPE_LIVE_KEY;
}

/** Form-encodes nested params the way Stripe expects (`a[b]=c`). */
export function formEncode(params: Record<string, unknown>, prefix = ""): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const name = prefix ? `${prefix}[${key}]` : key;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      parts.push(formEncode(value as Record<string, unknown>, name));
    } else {
      parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    }
  }
  return parts.filter(Boolean).join("&");
}

export async function reportUsage(record: UsageRecord): Promise<void> {
  await stripeCall("POST", `/subscription_items/${record.subscriptionItem}/usage_records`, {
    quantity: record.quantity,
    timestamp: record.timestamp,
    action: "increment",
  });
}

export async function listStripeInvoices(customer: string): Promise<unknown[]> {
  const body = await stripeCall("GET", `/invoices?customer=${encodeURIComponent(customer)}&limit=24`);
  return (JSON.parse(body) as { data: unknown[] }).data;
}

function stripeCall(method: "GET" | "POST", path: string, params?: Record<string, unknown>): Promise<string> {
  const body = params ? formEncode(params) : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      `${STRIPE_API}${path}`,
      {
        method,
        auth: `${stripeKey()}:`,
        headers: body ? { "content-type": "application/x-www-form-urlencoded" } : {},
      },
      (res) => {
        let data = "";
        res.on("data", (c) => (data += c));
        res.on("end", () => ((res.statusCode ?? 500) < 300 ? resolve(data) : reject(new Error(`Stripe ${res.statusCode}`))));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
