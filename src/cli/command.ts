/** A sub-command: its help text and its entry point (argv without the command name). */
export interface Command {
  readonly summary: string;
  readonly help: string;
  run(argv: string[]): Promise<void>;
}
