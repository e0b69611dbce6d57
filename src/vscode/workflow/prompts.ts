// Inputs and confirmations of the workflow commands: single-line inputs, longer texts (an input
// box with a "write in an editor" button: the text is composed in a real Markdown document and
// taken when it is saved), pickers, and modal confirmations. Every prompt can be answered in
// advance through the command's options, so tests never see one.
import * as vscode from 'vscode';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AskTextOptions {
  title: string;
  prompt: string;
  placeHolder?: string;
  value?: string;
  /** Empty input is a valid answer (optional texts). */
  optional?: boolean;
  /** Offer "write in an editor" for multi-line text (default true). */
  multiline?: boolean;
  /** Hint shown at the top of the compose document. */
  composeHint?: string;
  validate?(v: string): string | undefined;
}

export class Prompts {
  constructor(private readonly composeDir: string) {}

  /** One line of text; undefined = cancelled. */
  async line(o: AskTextOptions): Promise<string | undefined> {
    const v = await vscode.window.showInputBox({
      title: o.title, prompt: o.prompt, placeHolder: o.placeHolder, value: o.value, ignoreFocusOut: true,
      validateInput: (s) => o.validate?.(s) ?? (!o.optional && !s.trim() ? vscode.l10n.t('Please enter some text.') : undefined),
    });
    return v === undefined ? undefined : v;
  }

  /** A text that may span lines: an input box whose title button opens a compose document. */
  async text(o: AskTextOptions): Promise<string | undefined> {
    if (o.multiline === false) return this.line(o);
    const box = vscode.window.createInputBox();
    const composeButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: vscode.l10n.t('Write in an editor (several lines, Markdown)') };
    box.title = o.title;
    box.prompt = `${o.prompt} ${vscode.l10n.t('(Use the button above to write several lines in an editor.)')}`;
    box.placeholder = o.placeHolder;
    box.value = o.value ?? '';
    box.ignoreFocusOut = true;
    box.buttons = [composeButton];
    const answer = await new Promise<{ value?: string; compose?: boolean }>((resolve) => {
      box.onDidChangeValue((s) => { box.validationMessage = o.validate?.(s); });
      box.onDidAccept(() => {
        const s = box.value;
        const err = o.validate?.(s) ?? (!o.optional && !s.trim() ? vscode.l10n.t('Please enter some text.') : undefined);
        if (err) { box.validationMessage = err; return; }
        resolve({ value: s });
        box.hide();
      });
      box.onDidTriggerButton((b) => { if (b === composeButton) { resolve({ compose: true, value: box.value }); box.hide(); } });
      box.onDidHide(() => resolve({}));
      box.show();
    });
    box.dispose();
    if (!answer.compose) return answer.value;
    return this.compose(o.title, o.composeHint ?? o.prompt, answer.value ?? o.value ?? '', o.optional ?? false);
  }

  /** Opens a Markdown document to write in; resolves with its text when saved, undefined when closed unsaved. */
  async compose(title: string, hint: string, initial: string, optional = false): Promise<string | undefined> {
    mkdirSync(this.composeDir, { recursive: true, mode: 0o700 });
    const file = join(this.composeDir, `${title.replace(/[^\w.-]+/g, '-').slice(0, 40)}-${Date.now()}.md`);
    writeFileSync(file, initial, { mode: 0o600 });
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    void vscode.window.showInformationMessage(vscode.l10n.t('{0}: {1} Save the document to apply it; close it without saving to cancel.', title, hint));
    const result = await new Promise<string | undefined>((resolve) => {
      const subs: vscode.Disposable[] = [];
      const finish = (v: string | undefined) => { for (const s of subs) s.dispose(); resolve(v); };
      subs.push(
        vscode.workspace.onDidSaveTextDocument((d) => {
          if (d.uri.fsPath !== file) return;
          const text = d.getText();
          if (!optional && !text.trim()) { void vscode.window.showWarningMessage(vscode.l10n.t('The text is empty: write something and save again, or close the document to cancel.')); return; }
          finish(text);
        }),
        vscode.workspace.onDidCloseTextDocument((d) => { if (d.uri.fsPath === file) finish(undefined); }),
      );
    });
    // Close the compose document (it was saved, so nothing is lost) and remove its file.
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (tab.input instanceof vscode.TabInputText && tab.input.uri.fsPath === file) await vscode.window.tabGroups.close(tab, true);
    }
    rmSync(file, { force: true });
    return result;
  }

  async pick<T extends vscode.QuickPickItem>(items: T[], title: string, placeHolder: string): Promise<T | undefined> {
    return vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true, matchOnDescription: true, matchOnDetail: true });
  }

  /** A modal confirmation; `skip` (an explicit option) answers yes without asking. */
  async confirm(message: string, detail: string, button: string, skip?: boolean): Promise<boolean> {
    if (skip === true) return true;
    const r = await vscode.window.showWarningMessage(message, { modal: true, detail }, button);
    return r === button;
  }
}
