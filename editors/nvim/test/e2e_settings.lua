-- End-to-end: settings given with vim.lsp.config('copydesk', { settings = { copydesk = ... } })
-- reach the server at start (rule levels), with the real `copydesk server`.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.load_plugin()
vim.lsp.config('copydesk', {
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

H.test('turning the rule back on at run time flags the repeated paragraph', function()
  require('copydesk').update_settings({ rules = { ['boilerplate/duplicate-paragraph'] = 'warning' } })
  H.wait(function() return #H.copydesk_diags(buf, 'boilerplate/duplicate-paragraph') == 1 end,
    'duplicate-paragraph diagnostic after didChangeConfiguration')
  H.eq(H.copydesk_diags(buf, 'time/am-pm')[1].severity, vim.diagnostic.severity.ERROR,
    'time/am-pm still error (settings merged)')
end)

H.finish()
