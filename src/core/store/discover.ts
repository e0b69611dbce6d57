// One call per workspace folder (multi-root: the adapter calls it for each folder).
import { resolveWorkspace, WorkspaceLocation } from '../workspace/discover';
import { LoadOptions, TicketStore } from './ticketStore';
import { OverlayStore } from './overlay';

export interface DiscoveredStores {
  location: WorkspaceLocation;
  /** The root store (`[ticket.backend].root`). */
  main: TicketStore;
  /** The orchestration worktree's copy, when the tickets root lies inside the workspace. */
  orchestration?: TicketStore;
  overlay: OverlayStore;
}

/** Resolves config and creates (unloaded) stores for a workspace folder. */
export function discoverStores(folderPath: string): DiscoveredStores {
  const location = resolveWorkspace(folderPath);
  const main = new TicketStore(location.ticketsRoot);
  const orchestration = location.orchestration.ticketsRoot ? new TicketStore(location.orchestration.ticketsRoot) : undefined;
  return { location, main, orchestration, overlay: new OverlayStore(main, orchestration) };
}

/** discoverStores + synchronous load of both stores (CLI). */
export function openStoresSync(folderPath: string): DiscoveredStores {
  const d = discoverStores(folderPath);
  d.main.loadSync();
  d.orchestration?.loadSync();
  return d;
}

/** discoverStores + batched asynchronous load of both stores (extension host). */
export async function openStores(folderPath: string, opts?: LoadOptions): Promise<DiscoveredStores> {
  const d = discoverStores(folderPath);
  await d.main.load(opts);
  await d.orchestration?.load(opts);
  return d;
}
