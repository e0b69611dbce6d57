// The plugin inspector inside the real extension host, on a workspace of plugin packages (the
// shared fixtures and yoi's templates, a broken package, hostile .wasm files): lazy worker start,
// the Plugins view's statuses, plugin.toml diagnostics (ranges, save, component change), the
// inspector page, Inspect WebAssembly, hostile input within bounded time, and the crash path
// through the real bundled worker (dist/pluginWorker.js + dist/wasm-tools/).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { YoiApi } from '../../../../src/extension';
import type { SelfCheckResult } from '../../../../src/core/plugins';
import { packageStatus } from '../../../../src/vscode/plugins/model';
import { packLikeYoi } from '../../../unit/plugins/helpers/zipBuilder';
import { api, waitFor, workspaceDir } from '../../util';

const inspectorTabs = () => vscode.window.tabGroups.all
  .flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('yoi.pluginInspector'));

describe('Plugin inspector (fixture packages)', () => {
  let yoi: YoiApi;
  let ws: string;
  const pkg = (rel: string) => join(ws, ...rel.split('/'));

  before(async () => {
    yoi = await api<YoiApi>();
    ws = workspaceDir();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activation neither starts discovery nor the inspector worker', () => {
    assert.equal(yoi.plugins.packages.started, false, 'discovery waits for the view, a plugin.toml or a command');
    assert.equal(yoi.plugins.packages.inspectorStarted, false, 'no worker (and no jco) during activation');
    assert.ok(yoi.activationMs < 2000, `activation took ${yoi.activationMs} ms`);
  });

  it('the Plugins view lists every package with yoi status and the runtime verdict', async () => {
    await vscode.commands.executeCommand('yoi.plugins.focus');
    await waitFor(() => yoi.plugins.treeView.visible, 'the Plugins view is visible');
    await waitFor(() => yoi.plugins.packages.started, 'the visible view started discovery');
    await yoi.plugins.packages.ready();
    const nodes = await yoi.plugins.view.getChildren();
    const rows = nodes.map((n) => {
      const item = yoi.plugins.view.getTreeItem(n);
      return { label: String(item.label), description: String(item.description), icon: (item.iconPath as vscode.ThemeIcon).id, context: item.contextValue };
    });
    assert.deepEqual(rows.map((r) => r.description), [
      'Rejected · .yoi/plugins/legacy-core',
      'Active · .yoi/plugins/tool-valid',
      'Rejected · broken',
      'Rejected · hostile/big-manifest',
      'Rejected · packages/instance-valid',
      'Rejected · runtime would reject · templates/rust-component-instance',
      'Partial · runtime would reject · templates/rust-component-tool',
    ]);
    assert.deepEqual(rows.map((r) => r.icon), ['error', 'pass-filled', 'error', 'error', 'error', 'error', 'circle-slash']);
    assert.equal(rows[1].label, 'Fixture Tool');
    assert.equal(rows[1].context, 'yoi.plugin.package.directory.active');
    assert.equal(rows[6].context, 'yoi.plugin.package.directory.partial.runtimeReject');
    // The same verdicts as the core computes.
    const statuses = yoi.plugins.packages.packages().map((p) => [p.display, packageStatus(p.state!.report!).yoi]);
    assert.deepEqual(statuses.map((s) => s[1]), ['rejected', 'active', 'rejected', 'rejected', 'rejected', 'rejected', 'partial']);
    assert.ok(yoi.plugins.packages.inspectorStarted, 'the first inspection started the worker');
  });

  it('package rows have the findings first, then runtime, world, component, surfaces, tools and permissions', async () => {
    const nodes = await yoi.plugins.view.getChildren();
    const valid = nodes.find((n) => n.path === pkg('.yoi/plugins/tool-valid'))!;
    const kids = await yoi.plugins.view.getChildren(valid);
    const labels = kids.map((k) => { const i = yoi.plugins.view.getTreeItem(k); return `${i.label}: ${i.description}`; });
    assert.deepEqual(labels, [
      'Runtime: wasm-component',
      'World: yoi:plugin/tool@1.0.0',
      'Component: plugin.component.wasm · 702 B · component',
      'Surfaces: tool, wasm',
      'Tools: 1',
      'Permissions: 2',
    ]);
    const tools = await yoi.plugins.view.getChildren(kids[4]);
    assert.equal(yoi.plugins.view.getTreeItem(tools[0]).label, 'fixture_echo');

    const broken = nodes.find((n) => n.path === pkg('broken'))!;
    const findings = (await yoi.plugins.view.getChildren(broken)).filter((k) => k.kind === 'finding').map((k) => yoi.plugins.view.getTreeItem(k));
    assert.deepEqual(findings.map((i) => [i.label, i.description]), [
      ['plugin schema/API version is unsupported', 'yoi plugin check · plugin.toml:1'],
      ['plugin manifest id is not a safe local id', 'yoi plugin check · plugin.toml:2'],
    ]);
    assert.equal(findings[0].command?.command, 'yoi.plugins.revealFinding');
  });

  it('findings are diagnostics on plugin.toml at the offending value', async () => {
    const uri = vscode.Uri.file(join(pkg('broken'), 'plugin.toml'));
    const diags = await waitFor(() => { const d = vscode.languages.getDiagnostics(uri); return d.length === 2 ? d : undefined; }, 'two diagnostics on broken/plugin.toml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const byCode = new Map(diags.map((d) => [String(d.code), d]));
    const sv = byCode.get('manifest.schema-version')!;
    assert.equal(doc.getText(sv.range), '2');
    assert.equal(sv.range.start.line, 0);
    assert.equal(sv.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(sv.source, 'yoi plugin check');
    assert.equal(doc.getText(byCode.get('manifest.unsafe-id')!.range), '"fixture/broken"');
    // Fixture packages the runtime would refuse carry their binary findings on `runtime.component`.
    const tmpl = vscode.Uri.file(join(pkg('templates/rust-component-tool'), 'plugin.toml'));
    const placeholder = await waitFor(() => vscode.languages.getDiagnostics(tmpl).find((d) => d.code === 'binary.placeholder'), 'placeholder diagnostic');
    const tdoc = await vscode.workspace.openTextDocument(tmpl);
    assert.equal(tdoc.getText(placeholder.range), '"plugin.component.wasm"');
    assert.equal(placeholder.source, 'runtime would reject');
    // A hostile 1 MiB plugin.toml: yoi's size bound, reported on the first line without reading it for ranges.
    const big = await waitFor(() => vscode.languages.getDiagnostics(vscode.Uri.file(join(pkg('hostile/big-manifest'), 'plugin.toml'))).find((d) => d.code === 'manifest.too-large'), 'too-large diagnostic');
    assert.deepEqual([big.range.start.line, big.range.end.line], [0, 0]);
  });

  it('saving plugin.toml re-inspects the package and updates its diagnostics', async () => {
    const uri = vscode.Uri.file(join(pkg('broken'), 'plugin.toml'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, doc.lineAt(0).range, 'schema_version = 1');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    const diags = await waitFor(() => { const d = vscode.languages.getDiagnostics(uri); return d.length === 1 ? d : undefined; }, 'only the unsafe id left');
    assert.equal(diags[0].code, 'manifest.unsafe-id');
    assert.equal(doc.getText(diags[0].range), '"fixture/broken"');
  });

  it('a changed component file updates the diagnostics (and the view)', async () => {
    const uri = vscode.Uri.file(join(pkg('broken'), 'plugin.toml'));
    const component = join(pkg('broken'), 'plugin.component.wasm');
    const original = readFileSync(component);
    writeFileSync(component, 'this is not a component\n');
    const d = await waitFor(() => vscode.languages.getDiagnostics(uri).find((x) => x.code === 'binary.not-wasm'), 'binary.not-wasm after the component changed');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(d.range), '"plugin.component.wasm"');
    assert.equal(d.source, 'runtime would reject');
    assert.ok(yoi.plugins.packages.find(pkg('broken'))!.state!.report!.verdict.runtimeWouldReject.length > 0);
    writeFileSync(component, original);
    await waitFor(() => !vscode.languages.getDiagnostics(uri).some((x) => x.code === 'binary.not-wasm'), 'the finding goes away with the real component back');
  });

  it('packages appear and disappear with their folders', async () => {
    cpSync(pkg('.yoi/plugins/tool-valid'), pkg('.yoi/plugins/copied'), { recursive: true });
    await waitFor(() => yoi.plugins.packages.find(pkg('.yoi/plugins/copied'))?.state?.report, 'a new store package is discovered and inspected');
    assert.equal(yoi.plugins.packages.find(pkg('.yoi/plugins/copied'))!.state!.report!.check!.status, 'active');
    const tmplManifest = vscode.Uri.file(join(pkg('templates/rust-component-instance'), 'plugin.toml'));
    await waitFor(() => vscode.languages.getDiagnostics(tmplManifest).length > 0, 'template diagnostics present');
    rmSync(pkg('templates/rust-component-instance'), { recursive: true, force: true });
    await waitFor(() => !yoi.plugins.packages.find(pkg('templates/rust-component-instance')), 'a deleted package leaves the view');
    await waitFor(() => vscode.languages.getDiagnostics(tmplManifest).length === 0, 'and its diagnostics go');
  });

  it('the inspector page opens once per package and receives the report', async () => {
    const valid = pkg('.yoi/plugins/tool-valid');
    await vscode.commands.executeCommand('yoi.plugins.inspect', vscode.Uri.file(join(valid, 'plugin.toml')));
    const snap = await waitFor(() => yoi.plugins.inspector.lastSnapshot(valid), 'a snapshot after the page said ready');
    assert.equal(snap.title, 'Fixture Tool');
    assert.deepEqual([snap.status.yoi, snap.status.runtimeWouldReject, snap.summary], ['active', false, 'ok']);
    assert.match(snap.artifact!.wit!, /export call: func\(tool-name: string, input-json: string\) -> string;/);
    assert.deepEqual(snap.artifact!.exports.map((e) => [e.name, e.ok]), [['call', true]]);
    assert.equal(snap.artifact!.modules.length, 1);
    assert.match(snap.package!.digest!, /^sha256:[0-9a-f]{64}$/);
    await vscode.commands.executeCommand('yoi.plugins.inspect', vscode.Uri.file(valid));
    assert.equal(inspectorTabs().length, 1, 'opening it again reveals the same page');

    const rejected = pkg('packages/instance-valid');
    await vscode.commands.executeCommand('yoi.plugins.inspect', { kind: 'package', path: rejected });
    const r = await waitFor(() => yoi.plugins.inspector.lastSnapshot(rejected), 'the rejected package page');
    assert.equal(r.status.yoi, 'rejected');
    assert.deepEqual(r.findings.map((f) => f.id), ['static.host-api', 'static.host-api', 'binary.too-many-instances']);
    assert.ok(r.findings.every((f) => f.revealable));
    assert.equal(inspectorTabs().length, 2);
    assert.deepEqual(yoi.plugins.inspector.cspViolations, []);
  });

  it('Copy report as JSON puts the full report on the clipboard', async () => {
    await vscode.commands.executeCommand('yoi.plugins.copyReport', { kind: 'package', path: pkg('.yoi/plugins/tool-valid') });
    const json = JSON.parse(await vscode.env.clipboard.readText());
    assert.equal(json.schema, 'yoi-vscode/plugin-inspection@1');
    assert.equal(json.check.status, 'active');
  });

  it('Inspect WebAssembly shows a standalone .wasm (kind, WIT, exports, sizes)', async () => {
    const file = pkg('hostile/valid.component.wasm');
    await vscode.commands.executeCommand('yoi.plugins.inspectWasm', vscode.Uri.file(file));
    const s = await waitFor(() => yoi.plugins.inspector.lastSnapshot(file), 'the .wasm page');
    assert.deepEqual([s.inputKind, s.status.yoi, s.artifact!.kind, s.artifact!.size], ['wasm', 'wasm', 'component', 702]);
    assert.match(s.artifact!.wit!, /world root/);
    assert.equal(s.package, undefined);
  });

  it('hostile files (truncated, corrupted, oversized) give findings within a bounded time', async () => {
    for (const [name, expected] of [['truncated.wasm', /^binary\./], ['corrupted.wasm', /^binary\./], ['oversized.wasm', /^binary\.too-large$/]] as const) {
      const t0 = Date.now();
      const state = await yoi.plugins.packages.inspect(pkg(`hostile/${name}`), { force: true });
      const ms = Date.now() - t0;
      assert.ok(ms < 25_000, `${name} took ${ms} ms`);
      const errors = state.report!.findings.filter((f) => f.severity === 'error');
      assert.ok(errors.length > 0 && errors.some((f) => expected.test(f.id)), `${name}: ${JSON.stringify(state.report!.findings.map((f) => f.id))}`);
      assert.equal(state.error, undefined);
    }
    // Through the page too: the host stays responsive and the page gets the findings.
    await vscode.commands.executeCommand('yoi.plugins.inspectWasm', vscode.Uri.file(pkg('hostile/truncated.wasm')));
    const s = await waitFor(() => yoi.plugins.inspector.lastSnapshot(pkg('hostile/truncated.wasm')), 'the truncated file page');
    assert.ok(s.findings.some((f) => f.severity === 'error'));
  });

  it('crash path: a wasm-tools panic in the bundled worker is contained, then inspection works on a fresh worker', async () => {
    const before = yoi.plugins.packages.inspectorStats()!;
    const result = await vscode.commands.executeCommand<SelfCheckResult>('yoi.plugins.selfCheck');
    assert.ok(result, 'self-check returned');
    assert.equal(result.decodeOk, true);
    assert.equal(result.panicSurfaced, true, `panic surfaced as an error: ${result.panicMessage}`);
    assert.equal(result.runtime.source, 'bundled');
    assert.match(result.runtime.path.replace(/\\/g, '/'), /\/dist\/wasm-tools\/wasm-tools\.mjs$/);
    const after = yoi.plugins.packages.inspectorStats()!;
    assert.ok(after.replaced > before.replaced, 'the poisoned worker was replaced');
    const state = await yoi.plugins.packages.inspect(pkg('.yoi/plugins/tool-valid'), { force: true });
    assert.equal(state.report!.artifact!.inspection, 'done');
    assert.equal(state.report!.verdict.summary, 'ok');
    assert.ok(yoi.plugins.packages.inspectorStats()!.started > after.started, 'a fresh worker served the next inspection');
  });

  it('yoi.plugins.extraFolders lists packages outside the workspace (folders and .yoi-plugin archives), live', async () => {
    const extra = mkdtempSync(join(tmpdir(), 'yoi-it-extra-plugins-'));
    const config = vscode.workspace.getConfiguration('yoi.plugins');
    try {
      const valid = pkg('.yoi/plugins/tool-valid');
      cpSync(valid, join(extra, 'vendor-tool'), { recursive: true });
      const files = { 'plugin.toml': readFileSync(join(valid, 'plugin.toml')), 'plugin.component.wasm': readFileSync(join(valid, 'plugin.component.wasm')) };
      writeFileSync(join(extra, 'vendor.yoi-plugin'), packLikeYoi(files));
      await config.update('extraFolders', [extra], vscode.ConfigurationTarget.Global);
      const name = basename(extra);
      const rows = await waitFor(async () => {
        await yoi.plugins.packages.ready();
        const found = yoi.plugins.packages.packages().filter((p) => p.source === 'extra');
        return found.length === 2 && found.every((p) => p.state?.report) ? found : undefined;
      }, 'the two extra packages, inspected');
      assert.deepEqual(rows.map((p) => [p.display, p.kind, packageStatus(p.state!.report!).yoi]), [
        [`${name}/vendor-tool`, 'directory', 'active'],
        [`${name}/vendor.yoi-plugin`, 'archive', 'active'],
      ]);
      const archiveNode = (await yoi.plugins.view.getChildren()).find((n) => n.path === join(extra, 'vendor.yoi-plugin'))!;
      assert.equal(yoi.plugins.view.getTreeItem(archiveNode).contextValue, 'yoi.plugin.package.archive.active');
      // Files outside the workspace are watched too (a new watcher takes a moment to start
      // reporting, so the change is repeated until it is seen).
      const component = join(extra, 'vendor-tool', 'plugin.component.wasm');
      let n = 0;
      await waitFor(async () => {
        writeFileSync(component, `not a component ${n++}`);
        await new Promise((r) => setTimeout(r, 1000));
        return yoi.plugins.packages.find(join(extra, 'vendor-tool'))?.state?.report?.verdict.runtimeWouldReject.length;
      }, 'the changed component is re-inspected');
    } finally {
      await config.update('extraFolders', undefined, vscode.ConfigurationTarget.Global);
      await waitFor(() => !yoi.plugins.packages.packages().some((p) => p.source === 'extra'), 'extra packages gone with the setting');
      rmSync(extra, { recursive: true, force: true });
    }
  });

  it('closing the pages forgets them', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => yoi.plugins.inspector.openPanels().length === 0, 'all inspector pages disposed');
    assert.deepEqual(yoi.plugins.inspector.cspViolations, []);
  });
});
