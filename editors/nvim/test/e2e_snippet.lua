-- End-to-end: quick fixes with a [SOURCE] placeholder arrive as the client-side command
-- copydesk.applySnippet (the plugin declares experimental.copydeskSnippets) and are
-- inserted with vim.snippet.expand, so the writer types over the placeholder.
-- Run: nvim --headless -u NONE -l editors/nvim/test/e2e_snippet.lua
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.load_plugin()
vim.lsp.enable('copydesk')

local CLAIM = 'attribution/unattributed-claim'
local buf

--- Type `keys` as the writer would (after the snippet's own pending keys), then <Esc>.
local function type_keys(keys)
  local esc = vim.api.nvim_replace_termcodes('<Esc>', true, false, true)
  vim.api.nvim_feedkeys(keys .. esc, 'x', false)
end

--- Apply the quick fix whose title contains `needle` on the claim diagnostic of line `lnum`.
local function apply_fix(lnum, needle)
  local d = vim.tbl_filter(function(x) return x.lnum == lnum end, H.copydesk_diags(buf, CLAIM))[1]
  H.check(d ~= nil, '%s diagnostic on line %d', CLAIM, lnum)
  vim.api.nvim_win_set_cursor(0, { lnum + 1, d.col + 1 })
  local seen = {}
  vim.lsp.buf.code_action({
    apply = true,
    context = { only = { 'quickfix' } },
    filter = function(a)
      seen[#seen + 1] = a
      return a.title:find(needle, 1, true) ~= nil
    end,
  })
  return seen
end

H.test('the plugin declares the snippet capability and runs no server command for it', function()
  buf = H.open('claims.md')
  local c = H.client(buf)
  H.eq(c.capabilities.experimental and c.capabilities.experimental.copydeskSnippets, true,
    'experimental.copydeskSnippets sent')
  local provider = c.server_capabilities.executeCommandProvider
  H.check(not vim.tbl_contains(provider and provider.commands or {}, 'copydesk.applySnippet'),
    'server does not list copydesk.applySnippet')
  H.check(vim.lsp.commands['copydesk.applySnippet'] ~= nil, 'client-side command registered')
  H.wait(function() return #H.copydesk_diags(buf, CLAIM) == 1 end, 'the unattributed-claim diagnostic')
end)

H.test('"according to [SOURCE]" fix: the placeholder is selected and typed over', function()
  local lnum, before = H.find_line(buf, 'highest total in the region')
  local seen = apply_fix(lnum, 'according to')
  local action
  H.wait(function()
    action = vim.tbl_filter(function(a) return a.title:find('according to', 1, true) end, seen)[1]
    return vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1]:find('according to source', 1, true)
  end, 'snippet inserted')
  H.eq(action.edit, nil, 'the action carries no plain edit')
  H.eq(action.command.command, 'copydesk.applySnippet', 'the action runs the snippet command')
  H.eq(action.command.arguments[1].snippet, ', according to ${1:source}', 'snippet text')
  H.check(vim.snippet.active(), 'a snippet session is active')
  type_keys('the state auditor')
  local after = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1]
  H.eq(after, (before:gsub('in the region%.', 'in the region, according to the state auditor.')), 'line after typing')
  H.wait(function() return #H.copydesk_diags(buf, CLAIM) == 0 end, 'claim diagnostic cleared')
end)

H.test('", [SOURCE] said." fix at the end of a line types over the placeholder too', function()
  local para = 'The county spent $1 million on road salt last winter, the highest total in the state.'
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { '', para })
  local lnum = vim.api.nvim_buf_line_count(buf) - 1
  H.wait(function()
    return #vim.tbl_filter(function(d) return d.lnum == lnum end, H.copydesk_diags(buf, CLAIM)) == 1
  end, 'a claim diagnostic on the new paragraph')
  apply_fix(lnum, 'said.')
  H.wait(function()
    return vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1]:find(', source said.', 1, true)
  end, 'snippet inserted at the end of the line')
  type_keys('the county')
  H.eq(vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1],
    'The county spent $1 million on road salt last winter, the highest total in the state, the county said.', 'line after typing')
end)

H.test('a snippet computed for an older version is refused', function()
  local text = H.text(buf)
  local c = H.client(buf)
  local notes = {}
  local notify = vim.notify
  vim.notify = function(msg, level) notes[#notes + 1] = { msg, level } end
  local ok = require('copydesk').apply_snippet({
    command = 'copydesk.applySnippet',
    arguments = { {
      uri = vim.uri_from_bufnr(buf),
      version = vim.lsp.util.buf_versions[buf] - 1,
      range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
      snippet = 'STALE ${1:x}',
    } },
  }, { client_id = c.id })
  vim.notify = notify
  H.eq(ok, false, 'apply_snippet result')
  H.check(#notes == 1 and notes[1][1]:find('changed since', 1, true) and notes[1][2] == vim.log.levels.WARN,
    'one warning about the changed buffer: %s', vim.inspect(notes))
  H.eq(H.text(buf), text, 'buffer unchanged')
end)

H.finish()
