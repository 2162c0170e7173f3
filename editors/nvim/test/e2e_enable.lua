-- End-to-end: the plugin as a user installs it, started by vim.lsp.enable('copydesk') alone,
-- against the real `copydesk server` ($COPYDESK_SERVER_PATH).
-- Run: nvim --headless -u NONE -l editors/nvim/test/e2e_enable.lua
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.load_plugin()
vim.lsp.enable('copydesk') -- no setup() call: lsp/copydesk.lua comes from 'runtimepath'

local DUP = 'Residents can comment on the timetable at the Rue Méndez library 📚 until the end of the month.'
local buf

local function has_codes(want)
  return function()
    local have = {}
    for _, c in ipairs(H.codes(buf)) do have[c] = true end
    for _, w in ipairs(want) do if not have[w] then return false end end
    return true
  end
end

H.test('attaches to a Markdown buffer with vim.lsp.enable only', function()
  buf = H.open('harbor.md')
  local c = H.client(buf)
  H.eq(c.name, 'copydesk', 'client name')
  H.check(c.config.cmd ~= nil, 'client has a cmd')
end)

H.test('publishes diagnostics with rule ids and source', function()
  H.wait(has_codes({ 'boilerplate/duplicate-paragraph', 'date/month-abbrev', 'time/am-pm' }),
    'the three expected rule ids')
  H.dump_diags(buf)
  for _, d in ipairs(H.copydesk_diags(buf)) do
    H.check(type(d.message) == 'string' and d.message ~= '', 'diagnostic has a message')
  end
end)

H.test('positions are byte columns on a line with accents and emoji', function()
  local lnum, line = H.find_line(buf, 'February 4, 2019')
  local byte_col = line:find('February', 1, true) - 1
  local utf16_col = vim.str_utfindex(line, 'utf-16', byte_col)
  local char_col = vim.str_utfindex(line, 'utf-32', byte_col)
  -- the fixture must make the three differ, or this test proves nothing
  H.check(byte_col ~= utf16_col and utf16_col ~= char_col, 'fixture columns differ (%d/%d/%d)',
    byte_col, utf16_col, char_col)
  local d = H.copydesk_diags(buf, 'date/month-abbrev')
  d = vim.tbl_filter(function(x) return x.lnum == lnum end, d)[1]
  H.check(d ~= nil, 'date/month-abbrev diagnostic on line %d', lnum)
  H.eq(d.col, byte_col, 'date diagnostic start column (bytes)')
  H.check(d.end_lnum == lnum and d.end_col > d.col and d.end_col <= #line,
    'date diagnostic end %d:%d inside the line', d.end_lnum, d.end_col)
  H.check(vim.startswith(line:sub(d.col + 1, d.end_col), 'February'), 'range text starts with February: %q',
    line:sub(d.col + 1, d.end_col))

  local tl, tline = H.find_line(buf, '4:23am')
  local t = vim.tbl_filter(function(x) return x.lnum == tl end, H.copydesk_diags(buf, 'time/am-pm'))[1]
  H.check(t ~= nil, 'time/am-pm diagnostic on line %d', tl)
  H.check(tline:sub(t.col + 1, t.end_col):find('4:23am', 1, true) ~= nil,
    'time range covers 4:23am: %q', tline:sub(t.col + 1, t.end_col))

  local dups = H.copydesk_diags(buf, 'boilerplate/duplicate-paragraph')
  H.eq(#dups, 1, 'number of duplicate-paragraph diagnostics')
  local lines = H.lines(buf)
  local last_dup
  for i, l in ipairs(lines) do if l == DUP then last_dup = i - 1 end end
  H.eq(dups[1].lnum, last_dup, 'duplicate flagged on the later copy')
  H.eq(dups[1].col, 0, 'duplicate starts at column 0')
  -- the paragraph has an accent and an emoji: its end is a byte column, not UTF-16/characters
  H.eq({ dups[1].end_lnum, dups[1].end_col }, { last_dup, #DUP }, 'duplicate ends at the end of its line (bytes)')
end)

H.test('hover on a date answers with Markdown', function()
  local lnum, line = H.find_line(buf, 'February 4, 2019')
  vim.api.nvim_win_set_cursor(0, { lnum + 1, line:find('February', 1, true) + 1 })
  local c = H.client(buf)
  local params = vim.lsp.util.make_position_params(0, c.offset_encoding)
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, H.TIMEOUT)
  local r = res and res[c.id] and res[c.id].result
  H.check(r and r.contents, 'hover result: %s', vim.inspect(res))
  local md = vim.lsp.util.convert_input_to_markdown_lines(r.contents)
  local text = table.concat(md, '\n')
  H.log('hover: ' .. text:gsub('\n', ' '))
  H.check(text:find('2019', 1, true) ~= nil, 'hover mentions the year: %q', text)
end)

H.test('quick fix via vim.lsp.buf.code_action({ apply = true, filter }) fixes the date', function()
  local lnum, line = H.find_line(buf, 'February 4, 2019')
  vim.api.nvim_win_set_cursor(0, { lnum + 1, line:find('February', 1, true) + 1 })
  vim.lsp.buf.code_action({
    apply = true,
    context = { only = { 'quickfix' } },
    filter = function(a)
      return a.kind == 'quickfix' and a.isPreferred == true and a.title:find('Feb.', 1, true) ~= nil
    end,
  })
  H.wait(function() return vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1]:find('Feb. 4, 2019', 1, true) end,
    'line fixed to Feb. 4, 2019')
  local after = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1]
  H.eq(after, (line:gsub('February 4', 'Feb. 4')), 'fixed line')
  H.wait(function()
    return #vim.tbl_filter(function(d) return d.lnum == lnum end, H.copydesk_diags(buf, 'date/month-abbrev')) == 0
  end, 'date diagnostic cleared')
end)

H.test('unsafe quick fix deletes the repeated paragraph', function()
  local d = H.copydesk_diags(buf, 'boilerplate/duplicate-paragraph')[1]
  H.check(d ~= nil, 'duplicate-paragraph diagnostic present')
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, 3 })
  vim.lsp.buf.code_action({
    apply = true,
    context = { only = { 'quickfix' } },
    filter = function(a) return a.title:find('Delete the repeated paragraph', 1, true) ~= nil end,
  })
  H.wait(function()
    return #vim.tbl_filter(function(l) return l == DUP end, H.lines(buf)) == 1
  end, 'one copy of the paragraph left')
  H.wait(function() return #H.copydesk_diags(buf, 'boilerplate/duplicate-paragraph') == 0 end,
    'duplicate diagnostic cleared')
end)

H.test(':CopydeskFixAll applies the safe fixes (source.fixAll.copydesk)', function()
  H.check(#H.copydesk_diags(buf, 'time/am-pm') > 0, 'time/am-pm diagnostic present before fix all')
  vim.cmd('CopydeskFixAll')
  H.wait(function() return H.text(buf):find('4:23 a.m.', 1, true) ~= nil end, 'time fixed to 4:23 a.m.')
  H.wait(function() return #H.copydesk_diags(buf, 'time/am-pm') == 0 end, 'time/am-pm diagnostic cleared')
end)

H.test('settings change live: style guardian flags the AP date', function()
  local lnum = H.find_line(buf, 'Feb. 4, 2019')
  local function date_diag_on_line()
    for _, d in ipairs(H.copydesk_diags(buf)) do
      if d.lnum == lnum and tostring(d.code):match('^date/') then return true end
    end
    return false
  end
  H.check(not date_diag_on_line(), 'AP: no date diagnostic on the fixed line')
  require('copydesk').update_settings({ style = 'guardian' })
  H.wait(date_diag_on_line, 'guardian: a date/ diagnostic on "Feb. 4, 2019"')
  require('copydesk').update_settings({ style = 'ap' })
  H.wait(function() return not date_diag_on_line() end, 'back to AP: date diagnostic gone')
end)

H.test(':CopydeskExplain shows the rule documentation', function()
  local doc = require('copydesk').explain('boilerplate/duplicate-paragraph')
  H.check(type(doc) == 'string' and doc:find('What it does', 1, true), 'explainRule doc: %s', vim.inspect(doc))
  local win = vim.api.nvim_get_current_win()
  vim.cmd('CopydeskExplain boilerplate/duplicate-paragraph')
  local b = vim.api.nvim_get_current_buf()
  H.check(b ~= buf, 'explain opened a new buffer')
  H.check(H.text(b):find('What it does', 1, true), 'explain buffer has the doc')
  vim.cmd('close')
  H.eq(vim.api.nvim_get_current_win(), win, 'back in the draft window')
end)

H.test(':CopydeskRestart starts a new client that publishes again', function()
  local old = H.client(buf).id
  vim.cmd('CopydeskRestart')
  H.wait(function()
    local c = vim.lsp.get_clients({ bufnr = buf, name = 'copydesk' })[1]
    return c ~= nil and c.id ~= old and c.initialized
  end, 'a new copydesk client')
  -- repeat a paragraph so that the new server has something to publish
  local l5 = H.find_line(buf, 'The harbor board voted')
  local para = vim.api.nvim_buf_get_lines(buf, l5, l5 + 2, false)
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { '', para[1], para[2] })
  H.wait(function()
    local c = vim.lsp.get_clients({ bufnr = buf, name = 'copydesk' })[1]
    return c and c.id ~= old and #vim.tbl_filter(function(d) return d.lnum > l5 + 2 end,
      H.copydesk_diags(buf, 'boilerplate/duplicate-paragraph')) == 1
  end, 'duplicate-paragraph from the new client')
  local info = table.concat(require('copydesk').info_lines(), '\n')
  H.check(info:find('clients: 1', 1, true), 'CopydeskInfo lists one client: %s', info)
end)

H.test(':checkhealth copydesk reports version, server and client', function()
  vim.cmd('checkhealth copydesk')
  local text = H.text(vim.api.nvim_get_current_buf())
  H.log((text:gsub('\n', '\n  # ')))
  H.check(text:find('Neovim 0%.1[1-9]') or text:find('Neovim %d+%.%d+'), 'Neovim version line')
  H.check(text:find('version: copydesk %d+%.%d+%.%d+'), 'server --version line')
  H.check(text:find('client %d+ attached to 1 buffer') ~= nil, 'attached client line')
  H.check(not text:find('ERROR', 1, true), 'no ERROR in health report')
end)

H.finish()
