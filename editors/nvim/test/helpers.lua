-- Tiny test harness for the headless Neovim end-to-end tests (no framework needed).
-- Each test prints "ok - <name>" or "not ok - <name>: <reason>"; H.finish() prints
-- "RESULT passed=N failed=M" and exits non-zero when something failed.
local H = {}

H.plugin_root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h')
H.repo_root = vim.fn.fnamemodify(H.plugin_root, ':h:h')
H.TIMEOUT = tonumber(os.getenv('COPYDESK_TEST_TIMEOUT_MS') or '') or 20000
H.passed, H.failed = 0, 0

local function out(s) io.stdout:write(s .. '\n') end
H.log = function(...) out('  # ' .. table.concat(vim.tbl_map(tostring, { ... }), ' ')) end

--- Put the plugin on 'runtimepath' as a plugin manager would, with filetype detection on.
function H.load_plugin()
  vim.opt.rtp:prepend(H.plugin_root)
  vim.cmd('filetype on')
  vim.cmd('runtime plugin/copydesk.lua')
end

-- a code action filter that matches more than one action would open vim.ui.select and
-- wait for input forever in headless mode: record it and pick nothing instead
H.selects = {}
vim.ui.select = function(items, opts, on_choice)
  local titles = vim.tbl_map(function(i)
    return (opts and opts.format_item) and opts.format_item(i) or vim.inspect(i)
  end, items)
  H.selects[#H.selects + 1] = titles
  io.stdout:write('  # vim.ui.select called (ambiguous filter): ' .. table.concat(titles, ' | ') .. '\n')
  on_choice(nil, nil)
end

function H.test(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    H.passed = H.passed + 1
    out('ok - ' .. name)
  else
    H.failed = H.failed + 1
    out('not ok - ' .. name .. ': ' .. tostring(err):gsub('\n', '\n    '))
  end
end

function H.check(cond, msg, ...)
  if not cond then error(select('#', ...) > 0 and msg:format(...) or msg, 2) end
end

function H.eq(got, want, what)
  if not vim.deep_equal(got, want) then
    error(('%s: expected %s, got %s'):format(what or 'value', vim.inspect(want), vim.inspect(got)), 2)
  end
end

function H.wait(cond, msg, timeout)
  if not vim.wait(timeout or H.TIMEOUT, cond, 20) then error('timed out waiting: ' .. msg, 2) end
end

--- Copy a draft from editors/test-fixtures into a fresh temp dir (tests edit it).
function H.fixture(name)
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local src = H.repo_root .. '/editors/test-fixtures/' .. name
  local dst = dir .. '/' .. name
  vim.fn.writefile(vim.fn.readfile(src, 'b'), dst, 'b')
  return dst
end

function H.lines(buf) return vim.api.nvim_buf_get_lines(buf, 0, -1, false) end
function H.text(buf) return table.concat(H.lines(buf), '\n') end

--- 0-based line number of the first line containing `needle` (plain).
function H.find_line(buf, needle)
  for i, l in ipairs(H.lines(buf)) do
    if l:find(needle, 1, true) then return i - 1, l end
  end
  error('line not found: ' .. needle, 2)
end

function H.copydesk_diags(buf, code)
  return vim.tbl_filter(function(d)
    return d.source == 'copydesk' and (code == nil or d.code == code)
  end, vim.diagnostic.get(buf))
end

function H.codes(buf)
  local set = {}
  for _, d in ipairs(H.copydesk_diags(buf)) do set[tostring(d.code)] = true end
  local list = vim.tbl_keys(set)
  table.sort(list)
  return list
end

function H.client(buf)
  local c = vim.lsp.get_clients({ bufnr = buf, name = 'copydesk' })[1]
  H.check(c ~= nil, 'no copydesk client attached to buffer %d', buf)
  return c
end

--- Open a fixture copy and wait until the copydesk client is attached and initialised.
function H.open(name)
  local path = H.fixture(name)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  H.eq(vim.bo[buf].filetype, 'markdown', 'filetype')
  H.wait(function()
    local c = vim.lsp.get_clients({ bufnr = buf, name = 'copydesk' })[1]
    return c ~= nil and c.initialized
  end, 'copydesk client attached to ' .. path)
  return buf, path
end

function H.wait_codes(buf, want, msg)
  H.wait(function() return vim.deep_equal(H.codes(buf), want) end,
    (msg or 'diagnostic codes') .. ' = ' .. vim.inspect(want))
end

function H.dump_diags(buf)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    H.log(('%d:%d-%d:%d sev=%s %s %s'):format(d.lnum, d.col, d.end_lnum, d.end_col, d.severity,
      tostring(d.code), d.message:gsub('\n', ' ')))
  end
end

function H.finish()
  out(('RESULT passed=%d failed=%d'):format(H.passed, H.failed))
  for _, c in ipairs(vim.lsp.get_clients()) do c:stop() end
  if not vim.wait(2000, function() return #vim.lsp.get_clients() == 0 end, 20) then
    for _, c in ipairs(vim.lsp.get_clients()) do c.rpc.terminate() end
    vim.wait(2000, function() return #vim.lsp.get_clients() == 0 end, 20)
  end
  if H.failed > 0 then vim.cmd('cquit 1') else vim.cmd('qall!') end
end

return H
