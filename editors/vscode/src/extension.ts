// copydesk for VS Code: starts `copydesk server` over stdio for Markdown documents and
// forwards the copydesk.* settings to it.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  ClientCapabilities,
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  FeatureState,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  StaticFeature,
  TransportKind,
} from 'vscode-languageclient/node';
import { expandPath, resolveServer, ServerNotFound } from './server';

const SECTION = 'copydesk';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('copydesk');
const RULE_SCHEME = 'copydesk-rule';
/** Client-side command that inserts a fix as a snippet (the server sends it in code actions). */
const APPLY_SNIPPET = 'copydesk.applySnippet';

/**
 * Declares `experimental.copydeskSnippets`: this client runs copydesk.applySnippet, so the
 * server sends fixes with a placeholder ([SOURCE]) as that command instead of a plain edit.
 */
class SnippetFeature implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    capabilities.experimental = { ...(capabilities.experimental as object | undefined), copydeskSnippets: true };
  }
  initialize(): void {}
  getState(): FeatureState {
    return { kind: 'static' };
  }
  clear(): void {}
}

/** The argument of copydesk.applySnippet (server: code_actions::ApplySnippetArgs). */
interface SnippetArgs {
  uri: string;
  version: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  snippet: string;
}

/**
 * Inserts `snippet` over `range` in the document `uri`, if it is still at `version`, so
 * the placeholder is a tab stop the writer types over. Returns whether it was inserted.
 */
async function applySnippet(args: SnippetArgs): Promise<boolean> {
  if (!args || typeof args.snippet !== 'string' || !args.range || typeof args.uri !== 'string') {
    output.error(`${APPLY_SNIPPET}: bad arguments ${JSON.stringify(args)}`);
    return false;
  }
  const uri = client ? client.protocol2CodeConverter.asUri(args.uri) : vscode.Uri.parse(args.uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.version !== args.version) {
    void vscode.window.showWarningMessage('copydesk: the document changed since this fix was computed; try the quick fix again.');
    return false;
  }
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  const editor = await vscode.window.showTextDocument(doc, visible?.viewColumn);
  const { start, end } = args.range;
  const range = new vscode.Range(start.line, start.character, end.line, end.character);
  return editor.insertSnippet(new vscode.SnippetString(args.snippet), range);
}

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let traceChannel: TraceChannel;

/**
 * The LSP trace goes to its own channel, switched by the copydesk.trace.server setting.
 * (vscode-languageclient traces only when its trace channel's log level is Trace; a
 * LogOutputChannel's level can only be changed by hand, so this channel reports the level
 * the setting asks for.)
 */
class TraceChannel implements vscode.LogOutputChannel {
  readonly name = 'copydesk LSP trace';
  private readonly out = vscode.window.createOutputChannel(this.name);
  private readonly changed = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.changed.event;
  get logLevel(): vscode.LogLevel {
    const v = vscode.workspace.getConfiguration(SECTION).get<string>('trace.server', 'off');
    return v === 'off' ? vscode.LogLevel.Off : vscode.LogLevel.Trace;
  }
  refresh(): void {
    this.changed.fire(this.logLevel);
  }
  private line(level: string, message: string | Error, args: unknown[]): void {
    const text = [message instanceof Error ? message.stack ?? message.message : message, ...args.map(String)].join(' ');
    this.out.appendLine(`${new Date().toISOString()} [${level}] ${text}`);
  }
  trace(message: string, ...args: unknown[]): void { this.line('trace', message, args); }
  debug(message: string, ...args: unknown[]): void { this.line('debug', message, args); }
  info(message: string, ...args: unknown[]): void { this.line('info', message, args); }
  warn(message: string, ...args: unknown[]): void { this.line('warn', message, args); }
  error(message: string | Error, ...args: unknown[]): void { this.line('error', message, args); }
  append(value: string): void { this.out.append(value); }
  appendLine(value: string): void { this.out.appendLine(value); }
  replace(value: string): void { this.out.replace(value); }
  clear(): void { this.out.clear(); }
  show(columnOrPreserve?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserve === 'boolean') this.out.show(columnOrPreserve);
    else this.out.show(columnOrPreserve, preserveFocus);
  }
  hide(): void { this.out.hide(); }
  dispose(): void { this.changed.dispose(); this.out.dispose(); }
}
const ruleDocs = new Map<string, string>();

function folderPath(uri?: vscode.Uri): string | undefined {
  const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath;
}

/** Value of a setting only when the user set it somewhere (so copydesk.toml still applies otherwise). */
function explicit<T>(config: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const i = config.inspect<T>(key);
  return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
}

/** The `copydesk` settings object the server understands (see the server contract). */
export function serverSettings(scope?: vscode.Uri): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const out: Record<string, unknown> = {};
  const style = explicit<string>(config, 'style');
  if (style) out.style = style;
  const rules = config.get<Record<string, string>>('rules');
  if (rules && Object.keys(rules).length > 0) out.rules = rules;
  const library = explicit<string[]>(config, 'boilerplate.library');
  if (library) out.boilerplate = { library: library.map((p) => expandPath(p, folderPath(scope))) };
  const debounce = config.get<number | null>('debounceMs');
  if (typeof debounce === 'number') out.debounceMs = debounce;
  return out;
}

async function showNotFound(ctx: vscode.ExtensionContext, err: ServerNotFound) {
  output.error(err.message);
  const install = 'How to install';
  const settings = 'Open Settings';
  const pick = await vscode.window.showErrorMessage(`copydesk: ${err.message}`, install, settings);
  if (pick === install) {
    // vsce stores the README as readme.md inside the package
    const name = ['README.md', 'readme.md'].find((n) => fs.existsSync(path.join(ctx.extensionPath, n))) ?? 'README.md';
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(ctx.extensionUri, name));
  } else if (pick === settings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'copydesk.server.path');
  }
}

async function start(ctx: vscode.ExtensionContext): Promise<void> {
  let server;
  try {
    server = resolveServer({
      env: process.env,
      setting: vscode.workspace.getConfiguration(SECTION).get<string>('server.path'),
      extensionPath: ctx.extensionPath,
      workspaceFolder: folderPath(),
    });
  } catch (e) {
    if (e instanceof ServerNotFound) {
      void showNotFound(ctx, e);
      return;
    }
    throw e;
  }
  output.info(`starting ${server.command} server (found via ${server.source})`);
  const serverOptions: ServerOptions = {
    run: { command: server.command, args: ['server'], transport: TransportKind.stdio },
    debug: {
      command: server.command,
      args: ['server'],
      transport: TransportKind.stdio,
      options: { env: { ...process.env, COPYDESK_LOG: 'copydesk=debug' } },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    outputChannel: output,
    traceOutputChannel: traceChannel,
    initializationOptions: { copydesk: serverSettings() },
    middleware: {
      workspace: {
        // answer the server's workspace/configuration pull with the same object we push
        configuration: async (params, token, next) => {
          const rest = await next(params, token);
          if (!Array.isArray(rest)) return rest;
          return params.items.map((item, i) =>
            item.section === SECTION
              ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
              : rest[i],
          );
        },
      },
    },
  };
  client = new LanguageClient('copydesk', 'copydesk', serverOptions, clientOptions);
  client.registerFeature(new SnippetFeature());
  try {
    await client.start();
  } catch (e) {
    output.error(`the copydesk server failed to start: ${String(e)}`);
    void vscode.window.showErrorMessage(`copydesk: the server (${server.command}) failed to start. See the output.`, 'Show Output')
      .then((p) => p && output.show());
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (e) {
      output.warn(`stopping the server: ${String(e)}`);
    }
  }
}

function pushSettings(): void {
  if (!client || !client.isRunning()) return;
  void client.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { copydesk: serverSettings() },
  });
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') return;
  const doc = editor.document;
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      range,
      FIX_ALL_KIND.value,
    )) ?? [];
  const action = actions.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind) && (a.edit || a.command));
  if (!action) {
    void vscode.window.showInformationMessage('copydesk: nothing to fix automatically in this document.');
    return;
  }
  if (action.edit) await vscode.workspace.applyEdit(action.edit);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

function ruleAt(editor: vscode.TextEditor): string | undefined {
  const pos = editor.selection.active;
  const mine = vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter((d) => d.source === 'copydesk' && d.code !== undefined);
  const hit = mine.find((d) => d.range.contains(pos)) ?? mine.find((d) => d.range.start.line === pos.line);
  if (!hit) return undefined;
  const code = hit.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

async function explainRule(ruleArg?: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  let rule = typeof ruleArg === 'string' ? ruleArg : editor ? ruleAt(editor) : undefined;
  if (!rule) {
    rule = await vscode.window.showInputBox({ prompt: 'copydesk rule id (no copydesk diagnostic under the cursor)', placeHolder: 'date/month-abbrev' });
    if (!rule) return;
  }
  if (!client || !client.isRunning()) {
    void vscode.window.showErrorMessage('copydesk: the server is not running.');
    return;
  }
  let doc: unknown;
  try {
    doc = await client.sendRequest(ExecuteCommandRequest.type, { command: 'copydesk.explainRule', arguments: [rule] });
  } catch (e) {
    void vscode.window.showErrorMessage(`copydesk: ${String((e as Error).message ?? e)}`);
    return;
  }
  if (typeof doc !== 'string' || doc === '') {
    void vscode.window.showWarningMessage(`copydesk: no documentation for ${rule}.`);
    return;
  }
  ruleDocs.set(rule, doc);
  const uri = vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${rule}.md` });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
}

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('copydesk', { log: true });
  traceChannel = new TraceChannel();
  ctx.subscriptions.push(
    output,
    traceChannel,
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, {
      provideTextDocumentContent: (uri) => ruleDocs.get(uri.path.replace(/^\//, '').replace(/\.md$/, '')) ?? '',
    }),
    vscode.commands.registerCommand('copydesk.restartServer', async () => {
      await stop();
      await start(ctx);
    }),
    vscode.commands.registerCommand('copydesk.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('copydesk.fixAll', fixAll),
    vscode.commands.registerCommand(APPLY_SNIPPET, applySnippet),
    vscode.commands.registerCommand('copydesk.explainRuleUnderCursor', explainRule),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration('copydesk.trace.server')) traceChannel.refresh();
      if (e.affectsConfiguration('copydesk.server.path')) {
        output.info('copydesk.server.path changed: restarting the server');
        await stop();
        await start(ctx);
      } else {
        pushSettings();
      }
    }),
  );
  await start(ctx);
}

export function deactivate(): Thenable<void> | undefined {
  return client ? stop() : undefined;
}
