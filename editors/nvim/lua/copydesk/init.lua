--- copydesk: news copy-editing language server for Markdown.
---
--- On Neovim >= 0.11 nothing here needs to be called: `vim.lsp.enable('copydesk')` uses
--- lsp/copydesk.lua. `setup()` is a convenience (and the way to run on Neovim 0.10).
local M = {}

local NAME = 'copydesk'
local INSTALL_HINT = 'Install the copydesk binary (`cargo install --path .` in the copydesk checkout) '
  .. 'so that it is on $PATH, or set $COPYDESK_SERVER_PATH, or call '
  .. "require('copydesk').setup({ cmd = { '/path/to/copydesk', 'server' } }). See :help copydesk-install"

M.defaults = {
  --- Full server command (list). nil = $COPYDESK_SERVER_PATH, else `copydesk` on $PATH.
  cmd = nil,
  filetypes = { 'markdown' },
  root_markers = { 'copydesk.toml', '.copydesk.toml', '.git' },
  --- Settings sent to the server, under the `copydesk` key.
  settings = nil,
  --- false: only configure, do not call vim.lsp.enable().
  enable = true,
}
M.options = vim.deepcopy(M.defaults)

local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients

--- The server command: setup({cmd}) > $COPYDESK_SERVER_PATH > `copydesk` on $PATH.
--- With { strict = true } raise a readable error when no executable is found.
---@param opts? { strict?: boolean }
---@return string[]
function M.server_cmd(opts)
  local cmd
  if M.options.cmd then
    cmd = vim.deepcopy(M.options.cmd)
  else
    local env = vim.env.COPYDESK_SERVER_PATH
    if env and env ~= '' then
      cmd = { env, 'server' }
    else
      local exe = vim.fn.exepath('copydesk')
      cmd = { exe ~= '' and exe or 'copydesk', 'server' }
    end
  end
  if opts and opts.strict and vim.fn.executable(cmd[1]) ~= 1 then
    error(('copydesk: language server not found (%s). %s'):format(cmd[1], INSTALL_HINT), 0)
  end
  return cmd
end

M.install_hint = INSTALL_HINT

--- Running copydesk clients (optionally only those attached to `bufnr`).
---@param bufnr? integer
function M.clients(bufnr)
  return get_clients({ name = NAME, bufnr = bufnr })
end

--- true: configure through vim.lsp.config/vim.lsp.enable (0.11+); false: vim.lsp.start (0.10).
local function modern()
  return vim.fn.has('nvim-0.11') == 1 and vim.lsp.config ~= nil and vim.lsp.enable ~= nil
    and not M.options._legacy
end

--- The effective settings table ({ copydesk = {...} }).
local function current_settings()
  if modern() then
    local cfg = vim.lsp.config[NAME]
    return cfg and cfg.settings or { copydesk = {} }
  end
  return M.options.settings or { copydesk = {} }
end

--- Config for vim.lsp.start() on 0.10 (and for the restart command).
local function start_config(bufnr, root_dir)
  local cfg
  if modern() then
    cfg = vim.deepcopy(vim.lsp.config[NAME] or {})
  else
    local file = vim.api.nvim_get_runtime_file('lsp/copydesk.lua', false)[1]
    cfg = file and dofile(file) or {}
    cfg.filetypes = M.options.filetypes
    cfg.root_markers = M.options.root_markers
    cfg.settings = M.options.settings or cfg.settings
  end
  cfg.name = NAME
  -- 0.10's vim.lsp.start takes a command list (function commands get no config there)
  if type(cfg.cmd) == 'function' and not modern() then cfg.cmd = M.server_cmd({ strict = true }) end
  if type(cfg.root_dir) ~= 'string' then
    cfg.root_dir = root_dir or vim.fs.root(bufnr, cfg.root_markers or M.options.root_markers)
    -- vim.lsp.start on 0.10 wants a root; 0.11 runs without one (single-file mode), like enable()
    if not cfg.root_dir and not modern() then cfg.root_dir = vim.fn.getcwd() end
  end
  return cfg
end

local function start_buffer(bufnr, root_dir)
  local cfg = start_config(bufnr, root_dir)
  return vim.lsp.start(cfg, { bufnr = bufnr })
end

---@param opts? table see M.defaults
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  if modern() then
    local cfg = { filetypes = M.options.filetypes, root_markers = M.options.root_markers }
    if M.options.settings then cfg.settings = M.options.settings end
    vim.lsp.config(NAME, cfg)
    if M.options.enable then vim.lsp.enable(NAME) end
    return
  end
  -- Neovim 0.10: start the client ourselves on FileType
  local group = vim.api.nvim_create_augroup('copydesk', { clear = true })
  if not M.options.enable then return end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.options.filetypes,
    callback = function(ev)
      if vim.bo[ev.buf].buftype ~= '' then return end
      local ok, err = pcall(start_buffer, ev.buf)
      if not ok then vim.notify(tostring(err), vim.log.levels.ERROR) end
    end,
  })
  -- buffers already open
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(M.options.filetypes, vim.bo[b].filetype) then
      pcall(start_buffer, b)
    end
  end
end

--- Change settings at run time: merged into the client settings and pushed with
--- workspace/didChangeConfiguration. Example: update_settings({ style = 'guardian' }).
---@param copydesk_settings table the inner table (without the `copydesk` key)
function M.update_settings(copydesk_settings)
  local merged = vim.tbl_deep_extend('force', current_settings(), { copydesk = copydesk_settings })
  if modern() then
    vim.lsp.config(NAME, { settings = merged })
  else
    M.options.settings = merged
  end
  for _, c in ipairs(M.clients()) do
    c.settings = merged
    if c.notify then
      c:notify('workspace/didChangeConfiguration', { settings = merged })
    else
      c.notify('workspace/didChangeConfiguration', { settings = merged })
    end
  end
end

--- Stop every copydesk client and start a fresh one for each buffer they served.
function M.restart()
  local targets = {}
  local old = M.clients()
  for _, c in ipairs(old) do
    for b in pairs(c.attached_buffers or {}) do targets[#targets + 1] = { buf = b, root = c.root_dir } end
    if c.stop then c:stop() else vim.lsp.stop_client(c.id) end
  end
  local function gone()
    for _, c in ipairs(old) do
      if vim.lsp.get_client_by_id(c.id) then return false end
    end
    return true
  end
  if not vim.wait(3000, gone, 20) then
    -- the server did not exit after shutdown/exit: terminate the process
    for _, c in ipairs(old) do
      if vim.lsp.get_client_by_id(c.id) and c.rpc and c.rpc.terminate then c.rpc.terminate() end
    end
    vim.wait(3000, gone, 20)
  end
  for _, t in ipairs(targets) do
    if vim.api.nvim_buf_is_valid(t.buf) then
      local ok, err = pcall(start_buffer, t.buf, t.root)
      if not ok then vim.notify(tostring(err), vim.log.levels.ERROR) end
    end
  end
end

--- Lines describing the server and the running clients (for :CopydeskInfo).
function M.info_lines()
  local lines = {}
  local ok, cmd = pcall(M.server_cmd)
  lines[#lines + 1] = 'server command: ' .. (ok and table.concat(cmd, ' ') or tostring(cmd))
  if ok and vim.fn.executable(cmd[1]) == 1 then
    local v = vim.fn.system({ cmd[1], '--version' })
    lines[#lines + 1] = 'server version: ' .. vim.trim(v)
  else
    lines[#lines + 1] = 'server: NOT FOUND. ' .. INSTALL_HINT
  end
  local clients = M.clients()
  lines[#lines + 1] = ('clients: %d'):format(#clients)
  for _, c in ipairs(clients) do
    local bufs = vim.tbl_map(function(b) return vim.api.nvim_buf_get_name(b) end,
      vim.tbl_keys(c.attached_buffers or {}))
    lines[#lines + 1] = ('  id=%d root=%s buffers=%s'):format(c.id, tostring(c.root_dir), table.concat(bufs, ', '))
  end
  lines[#lines + 1] = 'settings: ' .. vim.inspect(current_settings(), { newline = ' ', indent = '' })
  return lines
end

--- Rule id of the copydesk diagnostic under the cursor, if any.
function M.rule_under_cursor()
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  local best
  for _, d in ipairs(vim.diagnostic.get(0, { lnum = row - 1 })) do
    if d.source == 'copydesk' and d.code then
      local covers = d.col <= col and (d.end_lnum > d.lnum or col <= d.end_col)
      if covers or not best then best = d end
    end
  end
  return best and tostring(best.code) or nil
end

--- Markdown documentation of a rule: workspace/executeCommand copydesk.explainRule,
--- falling back to `copydesk rules <id>`.
---@param rule string
---@return string|nil doc, string|nil err
function M.explain(rule)
  local client = M.clients(vim.api.nvim_get_current_buf())[1] or M.clients()[1]
  if client then
    local req = client.request_sync and function(...) return client:request_sync(...) end
      or function(...) return client.request_sync(...) end
    local res = req('workspace/executeCommand', { command = 'copydesk.explainRule', arguments = { rule } }, 10000, 0)
    if res and not res.err and type(res.result) == 'string' and res.result ~= '' then return res.result end
  end
  local ok, cmd = pcall(M.server_cmd)
  if ok and vim.fn.executable(cmd[1]) == 1 then
    local out = vim.fn.system({ cmd[1], 'rules', rule })
    if vim.v.shell_error == 0 and out ~= '' then return out end
  end
  return nil, 'no documentation found for ' .. rule
end

--- Open the documentation of `rule` (default: the rule under the cursor) in a scratch window.
function M.explain_under_cursor(rule)
  rule = (rule and rule ~= '') and rule or M.rule_under_cursor()
  if not rule then
    vim.notify('copydesk: no copydesk diagnostic under the cursor', vim.log.levels.WARN)
    return
  end
  local doc, err = M.explain(rule)
  if not doc then
    vim.notify('copydesk: ' .. err, vim.log.levels.ERROR)
    return
  end
  vim.cmd('botright new')
  local b = vim.api.nvim_get_current_buf()
  vim.bo[b].buftype = 'nofile'
  vim.bo[b].bufhidden = 'wipe'
  vim.bo[b].swapfile = false
  vim.api.nvim_buf_set_lines(b, 0, -1, false, vim.split(doc, '\n', { plain = true }))
  vim.bo[b].modifiable = false
  vim.bo[b].filetype = 'markdown'
  pcall(vim.api.nvim_buf_set_name, b, 'copydesk://rule/' .. rule)
  return b
end

--- The client-side command the server sends, in code actions, for fixes with a placeholder
--- ([SOURCE], [SPEAKER]) to clients declaring `experimental.copydeskSnippets`.
M.APPLY_SNIPPET = 'copydesk.applySnippet'

--- Byte column of an LSP position on its line.
local function byte_col(bufnr, pos, encoding)
  local line = vim.api.nvim_buf_get_lines(bufnr, pos.line, pos.line + 1, false)[1] or ''
  if encoding == 'utf-8' then return math.min(pos.character, #line) end
  local ok, col
  if vim.fn.has('nvim-0.11') == 1 then
    ok, col = pcall(vim.str_byteindex, line, encoding, pos.character, false)
  else
    ok, col = pcall(vim.str_byteindex, line, pos.character, encoding == 'utf-16')
  end
  return ok and math.min(col, #line) or #line
end

--- Handler of copydesk.applySnippet (vim.lsp.commands): inserts the snippet over the range
--- with vim.snippet.expand, so the placeholder is selected and typing replaces it.
--- Refuses (returns false) when the buffer changed since the fix was computed.
--- Arguments: { uri, version, range, snippet } (see the server's code_actions.rs).
---@param command lsp.Command
---@param ctx? table handler context (client_id)
---@return boolean inserted
function M.apply_snippet(command, ctx)
  local args = command and command.arguments and command.arguments[1]
  if type(args) ~= 'table' or type(args.uri) ~= 'string' or type(args.range) ~= 'table'
    or type(args.snippet) ~= 'string' then
    vim.notify('copydesk: bad ' .. M.APPLY_SNIPPET .. ' arguments: ' .. vim.inspect(args), vim.log.levels.ERROR)
    return false
  end
  local bufnr = vim.uri_to_bufnr(args.uri)
  vim.fn.bufload(bufnr)
  if vim.lsp.util.buf_versions[bufnr] ~= args.version then
    vim.notify('copydesk: the buffer changed since this fix was computed; try the code action again',
      vim.log.levels.WARN)
    return false
  end
  local client = ctx and ctx.client_id and vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or 'utf-16'
  local win = vim.fn.bufwinid(bufnr)
  if win == -1 then
    vim.api.nvim_win_set_buf(0, bufnr)
  else
    vim.api.nvim_set_current_win(win)
  end
  local s, e = args.range.start, args.range['end']
  local scol, ecol = byte_col(bufnr, s, encoding), byte_col(bufnr, e, encoding)
  vim.api.nvim_buf_set_text(bufnr, s.line, scol, e.line, ecol, {})
  -- vim.snippet.expand inserts at the cursor, which may have to sit just past the end of
  -- the line (a fix at the end of a paragraph): allow that while placing it
  local ve = vim.wo.virtualedit
  vim.wo.virtualedit = 'onemore'
  local ok, err = pcall(function()
    vim.api.nvim_win_set_cursor(0, { s.line + 1, scol })
    vim.snippet.expand(args.snippet)
  end)
  vim.wo.virtualedit = ve
  if not ok then
    vim.notify('copydesk: could not insert the snippet: ' .. tostring(err), vim.log.levels.ERROR)
    return false
  end
  return true
end

--- Registers the client-side commands in vim.lsp.commands (done when a client starts).
function M.register_commands()
  vim.lsp.commands[M.APPLY_SNIPPET] = vim.lsp.commands[M.APPLY_SNIPPET]
    or function(command, ctx) M.apply_snippet(command, ctx) end
end

--- Apply every safe fix in the buffer (code action kind source.fixAll.copydesk).
function M.fix_all()
  local last = vim.api.nvim_buf_line_count(0)
  vim.lsp.buf.code_action({
    context = { only = { 'source.fixAll.copydesk' }, diagnostics = {} },
    apply = true,
    range = { start = { 1, 0 }, ['end'] = { last, 0 } },
  })
end

return M
