// The plugin inspector in VS Code: the Plugins view, plugin.toml diagnostics, inspector pages and
// their commands. One call from extension.ts. Registering is cheap: discovery starts when the view
// or a plugin.toml asks for it, and the inspector worker (jco) on the first inspection.
import * as vscode from 'vscode';
import { basename, extname, join } from 'node:path';
import { MANIFEST_FILE, SelfCheckResult } from '../../core/plugins';
import { PLUGIN_DIAGNOSTICS_NAME, PluginDiagnostics } from './pluginDiagnostics';
import { PluginInspectorPanels, revealFinding } from './inspectorPanels';
import { packagePathFor, packageStatus } from './model';
import { PluginPackages } from './pluginPackages';
import { INSPECT_COMMAND, PluginsViewProvider, PluginTreeNode, REVEAL_FINDING_COMMAND } from './pluginsView';
import { statusLabel } from './presentation';

export const PLUGINS_VIEW_ID = 'yoi.plugins';

export interface PluginFeatures {
  packages: PluginPackages;
  view: PluginsViewProvider;
  treeView: vscode.TreeView<PluginTreeNode>;
  diagnostics: PluginDiagnostics;
  /** Name of the Problems collection (`yoi-plugins`). */
  diagnosticsName: string;
  inspector: PluginInspectorPanels;
}

/** A command argument: a tree node, an explorer/editor Uri, or a path. */
function pathOf(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.scheme === 'file' ? arg.fsPath : undefined;
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'path' in arg && typeof (arg as { path: unknown }).path === 'string' && 'kind' in arg) return (arg as { path: string }).path;
  return undefined;
}

function activeFile(test: (p: string) => boolean): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri ?? activeTabUri();
  return uri?.scheme === 'file' && test(uri.fsPath) ? uri.fsPath : undefined;
}

function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
}

const isPluginInput = (p: string) => basename(p) === MANIFEST_FILE || extname(p) === '.yoi-plugin';

export function registerPluginFeatures(context: vscode.ExtensionContext): PluginFeatures {
  const log = vscode.window.createOutputChannel('yoi Plugins', { log: true });
  const packages = new PluginPackages({ workerPath: join(context.extensionPath, 'dist', 'pluginWorker.js'), log });
  const view = new PluginsViewProvider(packages);
  const treeView = vscode.window.createTreeView(PLUGINS_VIEW_ID, { treeDataProvider: view, showCollapseAll: true });
  const diagnostics = new PluginDiagnostics(packages);
  const inspector = new PluginInspectorPanels(context, packages, log);

  const inspect = async (arg?: unknown) => {
    let path = pathOf(arg) ?? activeFile(isPluginInput);
    if (!path) {
      await vscode.window.withProgress({ location: { viewId: PLUGINS_VIEW_ID } }, () => packages.start());
      const items = packages.packages().map((p) => ({
        label: p.state?.report?.package?.manifest?.name || basename(p.path),
        description: p.state?.report ? statusLabel(packageStatus(p.state.report)) : undefined,
        detail: p.display,
        path: p.path,
      }));
      if (!items.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No plugin packages were found in this workspace.'));
        return;
      }
      path = (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Plugin package to inspect') }))?.path;
    }
    if (path) await inspector.open(packagePathFor(path));
  };

  const inspectWasm = async (arg?: unknown) => {
    let path = pathOf(arg) ?? activeFile((p) => extname(p) === '.wasm');
    if (!path) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: vscode.l10n.t('Inspect'),
        filters: { [vscode.l10n.t('WebAssembly')]: ['wasm'] },
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      });
      path = picked?.[0]?.scheme === 'file' ? picked[0].fsPath : undefined;
    }
    if (path) await inspector.open(path);
  };

  const selfCheck = async (): Promise<SelfCheckResult | undefined> => {
    try {
      const { result, stats } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the plugin inspector runtime…') },
        () => packages.selfCheck({ panic: true }),
      );
      log.info(`Plugin inspector self-check: ${JSON.stringify({ result, stats })}`);
      if (result.decodeOk && result.panicSurfaced) {
        void vscode.window.showInformationMessage(vscode.l10n.t(
          'Plugin inspector runtime OK: WebAssembly tools loaded ({0}) in {1} ms; a deliberate wasm-tools panic was contained and the worker will be replaced.',
          result.runtime.source, result.elapsedMs,
        ));
      } else {
        void vscode.window.showWarningMessage(vscode.l10n.t('Plugin inspector runtime check incomplete: decoding {0}, panic contained {1}. See the “yoi Plugins” output.', String(result.decodeOk), String(result.panicSurfaced ?? false)));
      }
      return result;
    } catch (e) {
      log.error(`Plugin inspector self-check failed: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('The plugin inspector runtime check failed: {0}', (e as Error).message));
      return undefined;
    }
  };

  context.subscriptions.push(
    log, packages, view, treeView, diagnostics, inspector,
    vscode.commands.registerCommand('yoi.plugins.refresh', () => vscode.window.withProgress({ location: { viewId: PLUGINS_VIEW_ID } }, () => packages.refresh())),
    vscode.commands.registerCommand(INSPECT_COMMAND, inspect),
    vscode.commands.registerCommand('yoi.plugins.inspectWasm', inspectWasm),
    vscode.commands.registerCommand(REVEAL_FINDING_COMMAND, (path?: unknown, index?: unknown) => {
      if (typeof path === 'string' && typeof index === 'number') return revealFinding(packages, path, index, inspector);
    }),
    vscode.commands.registerCommand('yoi.plugins.openManifest', async (arg?: unknown) => {
      const path = pathOf(arg);
      if (path) await vscode.window.showTextDocument(vscode.Uri.file(join(packagePathFor(path), MANIFEST_FILE)));
    }),
    vscode.commands.registerCommand('yoi.plugins.copyReport', async (arg?: unknown) => {
      const path = pathOf(arg);
      if (!path) return;
      const state = await packages.inspect(packagePathFor(path));
      if (!state.report) return;
      await vscode.env.clipboard.writeText(JSON.stringify(state.report, null, 2) + '\n');
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Report copied to the clipboard as JSON.'), 3000);
    }),
    vscode.commands.registerCommand('yoi.plugins.selfCheck', selfCheck),
  );
  return { packages, view, treeView, diagnostics, diagnosticsName: PLUGIN_DIAGNOSTICS_NAME, inspector };
}
