-- End-to-end: settings given with vim.lsp.config('copydesk', { settings = { copydesk = ... } })
-- reach the server at start (rule levels), with the real `copydesk server`. This client
-- also offers only UTF-16 positions (like VS Code), so the server's UTF-16 mapping is
-- checked here and its UTF-8 mapping in e2e_enable.lua.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.load_plugin()
vim.lsp.config('copydesk', {
  capabilities = { general = { positionEncodings = { 'utf-16' } } },
  settings = {
    copydesk = {
      rules = { ['boilerplate/duplicate-paragraph'] = 'off', ['time/am-pm'] = 'error' },
    },
  },
})
vim.lsp.enable('copydesk')

local buf
H.test('attaches with user settings from vim.lsp.config', function()
  buf = H.open('harbor.md')
  local c = H.client(buf)
  H.eq(c.settings.copydesk.rules['time/am-pm'], 'error', 'client settings')
end)

H.test('rule levels from settings: one rule off, one raised to error', function()
  H.wait(function() return #H.copydesk_diags(buf, 'time/am-pm') > 0 end, 'time/am-pm diagnostic')
  H.wait(function() return #H.copydesk_diags(buf, 'date/month-abbrev') > 0 end, 'date/month-abbrev diagnostic')
  H.dump_diags(buf)
  H.eq(H.copydesk_diags(buf, 'time/am-pm')[1].severity, vim.diagnostic.severity.ERROR, 'time/am-pm severity')
  H.eq(#H.copydesk_diags(buf, 'boilerplate/duplicate-paragraph'), 0, 'duplicate-paragraph diagnostics (off)')
end)

H.test('UTF-16 positions map to the right byte columns (accents and emoji before the date)', function()
  H.eq(H.client(buf).offset_encoding, 'utf-16', 'negotiated position encoding')
  local lnum, line = H.find_line(buf, 'February 4, 2019')
  local d = vim.tbl_filter(function(x) return x.lnum == lnum end, H.copydesk_diags(buf, 'date/month-abbrev'))[1]
  H.check(d ~= nil, 'date/month-abbrev diagnostic on line %d', lnum)
  H.eq(d.col, line:find('February', 1, true) - 1, 'start column (bytes)')
end)

H.test('UTF-16 end column after an emoji maps to the end of the line in bytes', function()
  require('copydesk').update_settings({ rules = { ['boilerplate/duplicate-paragraph'] = 'warning' } })
  H.wait(function() return #H.copydesk_diags(buf, 'boilerplate/duplicate-paragraph') == 1 end, 'duplicate diagnostic')
  local d = H.copydesk_diags(buf, 'boilerplate/duplicate-paragraph')[1]
  local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  H.check(line:find('📚', 1, true), 'the flagged line has the emoji')
  H.eq({ d.end_lnum, d.end_col }, { d.lnum, #line }, 'end position (bytes)')
  require('copydesk').update_settings({ rules = { ['boilerplate/duplicate-paragraph'] = 'off' } })
  H.wait(function() return #H.copydesk_diags(buf, 'boilerplate/duplicate-paragraph') == 0 end, 'duplicate off again')
end)

H.test('turning the rule back on at run time flags the repeated paragraph', function()
  require('copydesk').update_settings({ rules = { ['boilerplate/duplicate-paragraph'] = 'warning' } })
  H.wait(function() return #H.copydesk_diags(buf, 'boilerplate/duplicate-paragraph') == 1 end,
    'duplicate-paragraph diagnostic after didChangeConfiguration')
  H.eq(H.copydesk_diags(buf, 'time/am-pm')[1].severity, vim.diagnostic.severity.ERROR,
    'time/am-pm still error (settings merged)')
end)

H.finish()
