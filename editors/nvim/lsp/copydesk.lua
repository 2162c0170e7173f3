-- copydesk language server configuration for Neovim >= 0.11.
--
-- Neovim picks this file up from any 'runtimepath' entry, so with the plugin installed
--     vim.lsp.enable('copydesk')
-- is all that is needed. Override any field with vim.lsp.config('copydesk', { ... }), e.g.
--     vim.lsp.config('copydesk', { settings = { copydesk = { style = 'guardian' } } })
---@type vim.lsp.Config
return {
  -- Resolved lazily at start, so $COPYDESK_SERVER_PATH or setup({ cmd = ... }) can change
  -- after startup (see require('copydesk').server_cmd()).
  cmd = function(dispatchers, config)
    local cmd = require('copydesk').server_cmd({ strict = true })
    return vim.lsp.rpc.start(cmd, dispatchers, { cwd = config and config.root_dir or nil })
  end,
  filetypes = { 'markdown' },
  root_markers = { 'copydesk.toml', '.copydesk.toml', '.git' },
  -- Forwarded to the server (initializationOptions, workspace/configuration and
  -- workspace/didChangeConfiguration). Keys: style ('ap'|'guardian'),
  -- rules ({ ['date/month-abbrev'] = 'off'|'error'|'warning'|'info'|'hint' }),
  -- boilerplate = { library = { 'path', ... } }, debounceMs.
  settings = { copydesk = vim.empty_dict() },
  -- This client runs copydesk.applySnippet (registered in vim.lsp.commands below), so
  -- fixes with a [SOURCE] placeholder come as snippets with a tab stop (vim.snippet).
  capabilities = { experimental = { copydeskSnippets = true } },
  before_init = function(params, config)
    require('copydesk').register_commands()
    -- an empty Lua table would be sent as a JSON array: make sure `copydesk` is an object
    config.settings = config.settings or {}
    if config.settings.copydesk == nil or vim.tbl_isempty(config.settings.copydesk) then
      config.settings.copydesk = vim.empty_dict()
    end
    if params.initializationOptions == nil then
      params.initializationOptions = config.settings
    end
  end,
}
