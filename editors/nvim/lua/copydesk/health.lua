--- :checkhealth copydesk
local M = {}

function M.check()
  local h = vim.health
  local cd = require('copydesk')
  h.start('copydesk: Neovim')
  local v = vim.version()
  local vs = ('%d.%d.%d'):format(v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.11') == 1 then
    h.ok('Neovim ' .. vs .. ' (vim.lsp.enable("copydesk") supported)')
  elseif vim.fn.has('nvim-0.10') == 1 then
    h.warn('Neovim ' .. vs .. ': use require("copydesk").setup() (vim.lsp.enable needs 0.11)')
  else
    h.error('Neovim ' .. vs .. ' is too old', { 'copydesk needs Neovim 0.10 or newer' })
  end

  h.start('copydesk: server')
  local ok, cmd = pcall(cd.server_cmd)
  if not ok then
    h.error(tostring(cmd))
  elseif vim.fn.executable(cmd[1]) ~= 1 then
    h.error('server not found: ' .. cmd[1], { cd.install_hint })
  else
    h.ok('server executable: ' .. vim.fn.exepath(cmd[1]) .. ' (command: ' .. table.concat(cmd, ' ') .. ')')
    local out = vim.fn.system({ cmd[1], '--version' })
    if vim.v.shell_error == 0 and out:match('^copydesk %d') then
      h.ok('version: ' .. vim.trim(out))
    else
      h.error('`' .. cmd[1] .. ' --version` failed: ' .. vim.trim(out))
    end
  end

  h.start('copydesk: clients')
  local clients = cd.clients()
  if #clients == 0 then
    h.info('no copydesk client running (open a Markdown buffer; is vim.lsp.enable("copydesk") or setup() called?)')
  end
  for _, c in ipairs(clients) do
    local names = {}
    for b in pairs(c.attached_buffers or {}) do
      names[#names + 1] = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(b), ':~:.')
    end
    h.ok(('client %d attached to %d buffer(s): %s (root %s)'):format(
      c.id, #names, table.concat(names, ', '), tostring(c.root_dir)))
  end
end

return M
