/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import type { ParsedArgs } from "./argv";
import type { QfConfig } from "../config/schema";
import type { Logger } from "../util/logger";

/** What every command receives. */
export interface CommandContext {
  args: ParsedArgs;
  config: QfConfig;
  logger: Logger;
}

/** A top-level verb such as `qf deploy`. */
export interface Command {
  name: string;
  aliases?: string[];
  summary: string;
  usage: string;
  /** Hidden commands are for Quillfeather staff and are not listed in `--help`. */
  hidden?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

export class CommandRegistry {
  private readonly byName = new Map<string, Command>();
  private readonly order: Command[] = [];

  register(command: Command): this {
    for (const key of [command.name, ...(command.aliases ?? [])]) {
      if (this.byName.has(key)) {
        throw new Error(`command name collision: ${key}`);
      }
      this.byName.set(key, command);
    }
    this.order.push(command);
    return this;
  }

  resolve(name: string): Command | undefined {
    const exact = this.byName.get(name);
    if (exact) return exact;
    // Accept unambiguous prefixes: `qf dep` -> `qf deploy`.
    const matches = this.order.filter((c) => !c.hidden && c.name.startsWith(name));
    return matches.length === 1 ? matches[0] : undefined;
  }

  list(includeHidden = false): Command[] {
    return this.order.filter((c) => includeHidden || !c.hidden);
  }
}
