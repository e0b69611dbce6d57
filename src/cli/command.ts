// The contract every subcommand module implements; `commands.ts` lists them for the dispatcher.
import { OptionSpec, ParsedArgs } from './args';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

/** Exit codes shared by all commands. */
export const EXIT = {
  ok: 0,
  /** The command ran but found something wrong (e.g. show: no such ticket; doctor: errors). */
  failure: 1,
  /** Bad usage, or no ticket store in the workspace. */
  usage: 2,
} as const;

export interface CliCommand {
  name: string;
  /** One line for `help`. */
  summary: string;
  /** Usage line(s) after the program name. */
  usage: string;
  options: OptionSpec[];
  run(args: ParsedArgs, io: CliIo): number | Promise<number>;
}

/** Options most commands accept. */
export const WORKSPACE_OPTION: OptionSpec = { name: 'workspace', value: true };
export const JSON_OPTION: OptionSpec = { name: 'json', value: false };
export const HELP_OPTION: OptionSpec = { name: 'help', value: false };
