/**
 * Version of the CLI. Rewritten by `scripts/release.sh` on build-01 before
 * every release; do not edit by hand.
 */
export const CLI_VERSION = "2.4.0";

/** Git revision the release was cut from. */
export const CLI_REVISION = "9f3c2e1";

/** Minimum API level this client speaks. */
export const API_LEVEL = 7;
