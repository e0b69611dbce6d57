// How plugin packages and findings are presented (tree, diagnostics, quick picks): localized
// status labels and icons. yoi's own status and the runtime verdict are always labelled apart.
import * as vscode from 'vscode';
import type { Severity } from '../../core/plugins';
import type { PluginPackageStatus } from '../../shared/protocol';

export function yoiStatusLabel(s: PluginPackageStatus['yoi']): string {
  switch (s) {
    case 'active': return vscode.l10n.t('Active');
    case 'partial': return vscode.l10n.t('Partial');
    case 'rejected': return vscode.l10n.t('Rejected');
    case 'wasm': return vscode.l10n.t('WebAssembly file');
  }
}

/** "Active", "Active · runtime would reject", … */
export function statusLabel(s: PluginPackageStatus): string {
  return s.runtimeWouldReject ? vscode.l10n.t('{0} · runtime would reject', yoiStatusLabel(s.yoi)) : yoiStatusLabel(s.yoi);
}

const STATUS_ICONS: Record<PluginPackageStatus['icon'], [string, string]> = {
  active: ['pass-filled', 'testing.iconPassed'],
  'wasm-ok': ['pass', 'testing.iconPassed'],
  warnings: ['pass', 'problemsWarningIcon.foreground'],
  partial: ['warning', 'problemsWarningIcon.foreground'],
  'runtime-reject': ['circle-slash', 'problemsErrorIcon.foreground'],
  rejected: ['error', 'problemsErrorIcon.foreground'],
};

export function statusIcon(s: PluginPackageStatus): vscode.ThemeIcon {
  const [icon, color] = STATUS_ICONS[s.icon];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

export function severityIcon(s: Severity): vscode.ThemeIcon {
  switch (s) {
    case 'error': return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case 'warning': return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    case 'info': return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
  }
}

export function diagnosticSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error': return vscode.DiagnosticSeverity.Error;
    case 'warning': return vscode.DiagnosticSeverity.Warning;
    case 'info': return vscode.DiagnosticSeverity.Information;
  }
}

let nf: Intl.NumberFormat | undefined;
export function bytesLabel(n: number): string {
  nf ??= new Intl.NumberFormat(vscode.env.language || 'en', { maximumFractionDigits: 1 });
  if (n < 1024) return vscode.l10n.t('{0} B', nf.format(n));
  if (n < 1024 * 1024) return vscode.l10n.t('{0} KiB', nf.format(n / 1024));
  return vscode.l10n.t('{0} MiB', nf.format(n / (1024 * 1024)));
}
