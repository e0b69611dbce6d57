// Finds the ticket store(s) of one workspace folder: the root store (from config) and the
// orchestration worktree's copy `<root>/<worktree_dir>/<worktree_name>/<tickets root relative path>`.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Problem } from '../problems';
import { OrchestrationSettings, readTicketConfig, TicketConfig } from './config';
import { isJapaneseLanguage } from './language';

export interface OrchestrationLocation extends OrchestrationSettings {
  /** Absolute path of the orchestration worktree. */
  worktreePath: string;
  /** Absolute path of the tickets root inside that worktree (undefined if the root is outside the workspace). */
  ticketsRoot?: string;
  worktreeExists: boolean;
  ticketsRootExists: boolean;
}

export interface WorkspaceLocation {
  /** Absolute workspace folder (the one containing `.yoi`). */
  workspaceRoot: string;
  yoiDir: string;
  hasYoiDir: boolean;
  config: TicketConfig;
  /** Absolute tickets root. */
  ticketsRoot: string;
  /** Tickets root relative to the workspace root, `/`-separated; undefined when outside it. */
  ticketsRootRelative?: string;
  ticketsRootExists: boolean;
  language?: string;
  japanese: boolean;
  orchestration: OrchestrationLocation;
  problems: Problem[];
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** Resolves the ticket stores of a workspace folder. Never throws for bad config. */
export function resolveWorkspace(folderPath: string): WorkspaceLocation {
  const workspaceRoot = resolve(folderPath);
  const yoiDir = join(workspaceRoot, '.yoi');
  const config = readTicketConfig(workspaceRoot);
  const ticketsRoot = isAbsolute(config.root) ? resolve(config.root) : resolve(workspaceRoot, config.root);
  const rel = relative(workspaceRoot, ticketsRoot);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  const ticketsRootRelative = inside ? rel.split(sep).join('/') : undefined;
  const o = config.orchestration;
  const worktreePath = resolve(workspaceRoot, o.worktreeDir, o.worktreeName);
  const orchTickets = ticketsRootRelative !== undefined ? join(worktreePath, ...ticketsRootRelative.split('/')) : undefined;
  return {
    workspaceRoot,
    yoiDir,
    hasYoiDir: isDir(yoiDir),
    config,
    ticketsRoot,
    ticketsRootRelative,
    ticketsRootExists: isDir(ticketsRoot),
    language: config.language,
    japanese: isJapaneseLanguage(config.language),
    orchestration: {
      ...o,
      worktreePath,
      ticketsRoot: orchTickets,
      worktreeExists: existsSync(worktreePath),
      ticketsRootExists: orchTickets !== undefined && isDir(orchTickets),
    },
    problems: config.problems,
  };
}
