/*
 * Copyright (c) 2019-2024 Quillfeather Labs, Inc. All rights reserved.
 * CONFIDENTIAL AND PROPRIETARY.
 */
import kleur from "kleur";

const FRAMES = ["\u280b", "\u2819", "\u2839", "\u2838", "\u283c", "\u2834", "\u2826", "\u2827", "\u2807", "\u280f"];

/** A tiny terminal spinner that degrades to plain lines when not a TTY. */
export class Spinner {
  private timer?: NodeJS.Timeout;
  private frame = 0;
  private text: string;

  constructor(text: string, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.text = text;
  }

  start(): this {
    if (!this.stream.isTTY) {
      this.stream.write(`${this.text}...\n`);
      return this;
    }
    this.timer = setInterval(() => this.render(), 80);
    this.timer.unref();
    return this;
  }

  update(text: string): void {
    this.text = text;
    if (!this.stream.isTTY) this.stream.write(`${text}...\n`);
  }

  succeed(text = this.text): void {
    this.stop(`${kleur.green("\u2714")} ${text}`);
  }

  fail(text = this.text): void {
    this.stop(`${kleur.red("\u2716")} ${text}`);
  }

  private render(): void {
    const f = FRAMES[(this.frame = (this.frame + 1) % FRAMES.length)];
    this.stream.write(`\r${kleur.cyan(f)} ${this.text}\u001b[K`);
  }

  private stop(finalLine: string): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stream.write(this.stream.isTTY ? `\r${finalLine}\u001b[K\n` : `${finalLine}\n`);
  }
}
