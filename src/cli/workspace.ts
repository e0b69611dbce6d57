// Opening the workspace a command works on (`--workspace DIR`, default the current directory).
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { openStoresSync, DiscoveredStores } from '../core/store/discover';
import { ParsedArgs, stringOption, UsageError } from './args';
import { CliIo } from './command';

/** Opens and loads the stores; a missing workspace or tickets root is a usage error (exit 2). */
export function openWorkspace(args: ParsedArgs, io: CliIo): DiscoveredStores {
  const dir = resolve(io.cwd, stringOption(args, 'workspace') ?? '.');
  if (!existsSync(dir)) throw new UsageError(`workspace ${dir} does not exist`);
  const stores = openStoresSync(dir);
  if (!stores.main.exists) {
    throw new UsageError(`no ticket store in ${dir} (expected ${stores.location.ticketsRoot}; see .yoi/workspace.toml [ticket.backend].root)`);
  }
  return stores;
}
