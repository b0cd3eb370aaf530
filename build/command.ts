// The shape of one CLI sub-command. Each lives in build/commands/<name>.ts and exports `command`.
export interface Command {
  name: string;
  /** One line for `ttforge --help`. */
  summary: string;
  /** Full usage text for `ttforge <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throw UserError for bad input: the CLI prints it without a stack. */
  run(argv: string[]): Promise<number>;
}
