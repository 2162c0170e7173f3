// Unit tests of the server lookup order (no VS Code needed): npm run test:unit
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { resolveServer, ServerNotFound, expandPath } = require('../../out/server.cjs');

const ext = '/ext';
const bundled = path.join(ext, 'server', 'copydesk');
const exists = (files) => (f) => files.includes(f);

test('environment variable wins over everything', () => {
  const r = resolveServer({ env: { COPYDESK_SERVER_PATH: '/env/copydesk', PATH: '/usr/bin' }, setting: '/set/copydesk',
    extensionPath: ext, isExecutable: exists(['/env/copydesk', '/set/copydesk', bundled, '/usr/bin/copydesk']) });
  assert.deepEqual(r, { command: '/env/copydesk', source: 'environment' });
});

test('setting before the bundled binary, with ~ and ${workspaceFolder} expanded', () => {
  const r = resolveServer({ env: {}, setting: '${workspaceFolder}/bin/copydesk', workspaceFolder: '/ws',
    extensionPath: ext, isExecutable: exists(['/ws/bin/copydesk', bundled]) });
  assert.deepEqual(r, { command: '/ws/bin/copydesk', source: 'setting' });
  assert.equal(expandPath('~/x', undefined), path.join(require('node:os').homedir(), 'x'));
});

test('bundled binary before PATH', () => {
  const r = resolveServer({ env: { PATH: '/usr/bin' }, setting: '', extensionPath: ext,
    isExecutable: exists([bundled, '/usr/bin/copydesk']) });
  assert.deepEqual(r, { command: bundled, source: 'bundled' });
});

test('PATH last', () => {
  const r = resolveServer({ env: { PATH: ['/a', '/usr/bin'].join(path.delimiter) }, setting: '', extensionPath: ext,
    isExecutable: exists(['/usr/bin/copydesk']) });
  assert.deepEqual(r, { command: '/usr/bin/copydesk', source: 'PATH' });
});

test('a configured path that does not exist is an error, not a silent fallback', () => {
  assert.throws(() => resolveServer({ env: { COPYDESK_SERVER_PATH: '/nope' }, setting: '', extensionPath: ext,
    isExecutable: exists([bundled]) }), (e) => e instanceof ServerNotFound && e.configured && /COPYDESK_SERVER_PATH/.test(e.message));
  assert.throws(() => resolveServer({ env: {}, setting: '/nope', extensionPath: ext, isExecutable: exists([bundled]) }),
    (e) => e instanceof ServerNotFound && /copydesk\.server\.path/.test(e.message));
});

test('nothing found: a ServerNotFound naming every place looked at', () => {
  assert.throws(() => resolveServer({ env: { PATH: '/usr/bin' }, setting: '', extensionPath: ext, isExecutable: () => false }),
    (e) => e instanceof ServerNotFound && !e.configured && /PATH/.test(e.message) && /bundled/.test(e.message));
});

test('windows looks for copydesk.exe', () => {
  const r = resolveServer({ env: { PATH: 'C:\\bin' }, setting: '', extensionPath: ext, platform: 'win32',
    isExecutable: (f) => f.endsWith('copydesk.exe') && f.startsWith('C:\\bin') });
  assert.equal(r.source, 'PATH');
});
