// The few `vscode` APIs the Tickets tree provider touches, so `npm run bench` can time the real
// provider code (getChildren / getTreeItem) in plain Node. Rendering inside VS Code is measured
// separately by `npm run bench:vscode`.
import Module from 'node:module';

type Listener<T> = (e: T) => void;

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (l: Listener<T>) => {
    this.listeners.push(l);
    return { dispose: () => void (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class ThemeColor { constructor(readonly id: string) {} }
class ThemeIcon { constructor(readonly id: string, readonly color?: ThemeColor) {} }
class MarkdownString {
  isTrusted = false;
  supportThemeIcons = false;
  constructor(public value = '') {}
  appendMarkdown(s: string): this { this.value += s; return this; }
  appendText(s: string): this { this.value += s; return this; }
  appendCodeblock(s: string): this { this.value += '\n```\n' + s + '\n```\n'; return this; }
}
class TreeItem {
  id?: string;
  description?: string;
  tooltip?: unknown;
  iconPath?: unknown;
  contextValue?: string;
  command?: unknown;
  resourceUri?: unknown;
  accessibilityInformation?: unknown;
  constructor(readonly label: string, readonly collapsibleState = 0) {}
}
const Uri = { file: (fsPath: string) => ({ scheme: 'file', fsPath, toString: () => `file://${fsPath}` }) };

const format = (s: string, args: unknown[]) => s.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));

export const vscodeStub = {
  EventEmitter, ThemeColor, ThemeIcon, MarkdownString, TreeItem, Uri,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  l10n: { t: (s: string | { message: string; args?: unknown[] }, ...args: unknown[]) => (typeof s === 'string' ? format(s, args) : format(s.message, s.args ?? [])) },
  env: { language: 'en' },
  commands: { executeCommand: async () => undefined },
  workspace: { workspaceFolders: [] as unknown[] },
};

let installed = false;

/** Makes `require('vscode')` return the stub (bench process only). */
export function installVscodeStub(): void {
  if (installed) return;
  installed = true;
  const M = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = M._load;
  M._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === 'vscode') return vscodeStub;
    return load.call(this, request, parent, isMain);
  };
}
