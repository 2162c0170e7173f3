-- End-to-end: require('copydesk').setup() — on 0.11 through vim.lsp.config/enable, and with
-- COPYDESK_TEST_LEGACY=1 through the Neovim 0.10 path (FileType autocmd + vim.lsp.start).
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.load_plugin()
local legacy = os.getenv('COPYDESK_TEST_LEGACY') == '1'
local server = os.getenv('COPYDESK_SERVER_PATH')
vim.env.COPYDESK_SERVER_PATH = nil -- setup({ cmd }) must be what finds the server
require('copydesk').setup({
  cmd = { server, 'server' },
  settings = { copydesk = { rules = { ['date/month-abbrev'] = 'hint' } } },
  _legacy = legacy,
})
local mode = legacy and 'vim.lsp.start fallback' or 'vim.lsp.enable'
local buf

H.test('setup() attaches (' .. mode .. ')', function()
  buf = H.open('harbor.md')
  H.eq(require('copydesk').server_cmd(), { server, 'server' }, 'server command from setup()')
  H.eq(H.client(buf).name, 'copydesk', 'client name')
end)

H.test('setup() settings reach the server (' .. mode .. ')', function()
  H.wait(function() return #H.copydesk_diags(buf, 'date/month-abbrev') > 0 end, 'date/month-abbrev diagnostic')
  H.eq(H.copydesk_diags(buf, 'date/month-abbrev')[1].severity, vim.diagnostic.severity.HINT, 'severity from settings')
end)

H.test('a second Markdown buffer reuses the client (' .. mode .. ')', function()
  local id = H.client(buf).id
  local b2 = H.open('harbor.md')
  H.eq(H.client(b2).id, id, 'same client')
end)

H.finish()
