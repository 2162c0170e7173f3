// Where the copydesk binary comes from. No downloads, ever: the order is
//   1. the COPYDESK_SERVER_PATH environment variable (tests, development),
//   2. the copydesk.server.path setting,
//   3. the binary bundled in the extension (server/copydesk, platform-specific .vsix),
//   4. `copydesk` on PATH.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type ServerSource = 'environment' | 'setting' | 'bundled' | 'PATH';

export interface ResolvedServer {
  command: string;
  source: ServerSource;
}

export interface ResolveInput {
  env: NodeJS.ProcessEnv;
  setting: string | undefined;
  extensionPath: string;
  workspaceFolder?: string;
  platform?: NodeJS.Platform;
  isExecutable?: (file: string) => boolean;
}

/** A configured path that does not exist: reported, never silently skipped. */
export class ServerNotFound extends Error {
  constructor(message: string, readonly configured: boolean) {
    super(message);
  }
}

export function defaultIsExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function expandPath(p: string, workspaceFolder?: string): string {
  let out = p.trim();
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) out = path.join(os.homedir(), out.slice(1));
  if (workspaceFolder) out = out.split('${workspaceFolder}').join(workspaceFolder);
  if (workspaceFolder && !path.isAbsolute(out)) out = path.join(workspaceFolder, out);
  return out;
}

export function resolveServer(input: ResolveInput): ResolvedServer {
  const platform = input.platform ?? process.platform;
  const isExe = input.isExecutable ?? defaultIsExecutable;
  const exe = platform === 'win32' ? 'copydesk.exe' : 'copydesk';
  const p = platform === 'win32' ? path.win32 : path.posix;

  const fromEnv = input.env.COPYDESK_SERVER_PATH?.trim();
  if (fromEnv) {
    if (isExe(fromEnv)) return { command: fromEnv, source: 'environment' };
    throw new ServerNotFound(`COPYDESK_SERVER_PATH is set to "${fromEnv}", which is not an executable file.`, true);
  }
  const fromSetting = input.setting?.trim();
  if (fromSetting) {
    const p = expandPath(fromSetting, input.workspaceFolder);
    if (isExe(p)) return { command: p, source: 'setting' };
    throw new ServerNotFound(`The setting copydesk.server.path is "${fromSetting}", which is not an executable file.`, true);
  }
  const bundled = p.join(input.extensionPath, 'server', exe);
  if (isExe(bundled)) return { command: bundled, source: 'bundled' };
  for (const dir of (input.env.PATH ?? input.env.Path ?? '').split(p.delimiter)) {
    if (!dir) continue;
    const candidate = p.join(dir, exe);
    if (isExe(candidate)) return { command: candidate, source: 'PATH' };
  }
  throw new ServerNotFound(
    'The copydesk language server was not found: no COPYDESK_SERVER_PATH, no copydesk.server.path setting, ' +
      'no binary bundled in this extension and no `copydesk` on PATH.',
    false,
  );
}
