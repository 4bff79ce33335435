// Ambient declarations for dependencies that ship no typings.
// (We deliberately avoid @types/* packages in the release toolchain.)

declare module "ms" {
  function ms(value: string): number;
  function ms(value: number, options?: { long: boolean }): string;
  export default ms;
}

declare module "semver" {
  const semver: {
    valid(v: string): string | null;
    gt(a: string, b: string): boolean;
    lt(a: string, b: string): boolean;
    satisfies(v: string, range: string): boolean;
    coerce(v: string): { version: string } | null;
    diff(a: string, b: string): string | null;
    major(v: string): number;
  };
  export default semver;
}
