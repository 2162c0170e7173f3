-- Only user commands here: nothing starts at load time (vim.lsp.enable('copydesk') or
-- require('copydesk').setup() does that).
if vim.g.loaded_copydesk then return end
vim.g.loaded_copydesk = true

local function cd() return require('copydesk') end

vim.api.nvim_create_user_command('CopydeskRestart', function() cd().restart() end,
  { desc = 'Restart the copydesk language server' })
vim.api.nvim_create_user_command('CopydeskInfo', function()
  vim.notify(table.concat(cd().info_lines(), '\n'), vim.log.levels.INFO)
end, { desc = 'Show the copydesk server, its version and the running clients' })
vim.api.nvim_create_user_command('CopydeskExplain', function(a) cd().explain_under_cursor(a.args) end,
  { nargs = '?', desc = 'Show the documentation of the copydesk rule under the cursor (or the given rule id)' })
vim.api.nvim_create_user_command('CopydeskFixAll', function() cd().fix_all() end,
  { desc = 'Apply all safe copydesk fixes in the buffer' })
