// npm run package            -> copydesk-linux-x64-<version>.vsix with the copydesk binary inside
// npm run package:universal  -> copydesk-<version>.vsix without a binary (uses PATH / settings)
//
// The binary is taken from $COPYDESK_SERVER_PATH, else <repo>/target/release/copydesk
// (or $CARGO_TARGET_DIR/release/copydesk). Build it first with `cargo build --release`.
// Everything runs offline.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repo = path.resolve(here, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const universal = process.argv.includes('--universal');
const target = process.env.VSCE_TARGET || 'linux-x64';
const run = (cmd, args) => execFileSync(cmd, args, { cwd: here, stdio: 'inherit' });

run(process.execPath, ['esbuild.mjs']);

const serverDir = path.join(here, 'server');
fs.rmSync(serverDir, { recursive: true, force: true });
let out;
const vsce = path.join(here, 'node_modules', '@vscode', 'vsce', 'vsce');
if (universal) {
  out = `copydesk-${pkg.version}.vsix`;
  run(process.execPath, [vsce, 'package', '--no-dependencies', '-o', out]);
} else {
  const candidates = [
    process.env.COPYDESK_SERVER_PATH,
    process.env.CARGO_TARGET_DIR && path.join(process.env.CARGO_TARGET_DIR, 'release', 'copydesk'),
    path.join(repo, 'target', 'release', 'copydesk'),
  ].filter(Boolean);
  const binary = candidates.find((p) => fs.existsSync(p));
  if (!binary) {
    console.error(`no copydesk binary found (tried ${candidates.join(', ')}); run \`cargo build --release\` ` +
      'or set COPYDESK_SERVER_PATH, or use `npm run package:universal`');
    process.exit(1);
  }
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`bundling ${binary} (${version}) for ${target}`);
  fs.mkdirSync(serverDir, { recursive: true });
  fs.copyFileSync(binary, path.join(serverDir, 'copydesk'));
  fs.chmodSync(path.join(serverDir, 'copydesk'), 0o755);
  try { // debug info is most of the size; keep the symbols
    execFileSync('strip', ['--strip-debug', path.join(serverDir, 'copydesk')]);
  } catch { console.log('strip not available: bundling the binary as is'); }
  out = `copydesk-${target}-${pkg.version}.vsix`;
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--target', target, '-o', out]);
}
console.log(`built ${path.join(here, out)}`);
