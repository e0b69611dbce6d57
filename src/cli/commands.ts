// Registry of subcommands. To add one, create `src/cli/<name>.ts` exporting a CliCommand and add it here.
import { CliCommand } from './command';
import { doctorCommand } from './doctor';
import { listCommand } from './list';
import { pluginCommand } from './pluginCheck';
import { showCommand } from './show';
import { WORKFLOW_COMMANDS } from './workflow';

export const COMMANDS: CliCommand[] = [listCommand, showCommand, doctorCommand, pluginCommand, ...WORKFLOW_COMMANDS];
