-- End-to-end: no server anywhere -> a readable error, no client, and :checkhealth says so.
-- run.sh starts this one with COPYDESK_SERVER_PATH pointing at a file that does not exist
-- and PATH without copydesk.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.load_plugin()
local messages = {}
local orig_notify = vim.notify
vim.notify = function(msg, ...) messages[#messages + 1] = tostring(msg); return orig_notify(msg, ...) end
vim.lsp.enable('copydesk')

H.test('missing server: no client, clear error with install hint', function()
  local path = H.fixture('harbor.md')
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  H.eq(vim.bo[buf].filetype, 'markdown', 'filetype')
  local ok, err = pcall(require('copydesk').server_cmd, { strict = true })
  H.check(not ok and tostring(err):find('language server not found', 1, true), 'strict server_cmd error: %s', tostring(err))
  H.check(tostring(err):find('COPYDESK_SERVER_PATH', 1, true), 'error names the env var')
  vim.wait(500, function() return false end, 20) -- let a (failing) start happen
  H.eq(#vim.lsp.get_clients({ name = 'copydesk', bufnr = buf }), 0, 'clients')
end)

H.test(':checkhealth copydesk reports the missing server as an error', function()
  vim.cmd('checkhealth copydesk')
  local text = H.text(vim.api.nvim_get_current_buf())
  H.check(text:find('server not found', 1, true), 'health text: %s', text)
  H.check(text:find('ERROR', 1, true), 'health has an ERROR')
end)

H.test(':help copydesk works after :helptags', function()
  local doc = vim.fn.tempname()
  vim.fn.mkdir(doc .. '/doc', 'p')
  vim.fn.writefile(vim.fn.readfile(H.plugin_root .. '/doc/copydesk.txt', 'b'), doc .. '/doc/copydesk.txt', 'b')
  vim.cmd('helptags ' .. vim.fn.fnameescape(doc .. '/doc'))
  vim.opt.rtp:append(doc)
  for _, tag in ipairs({ 'copydesk', 'copydesk-install', 'copydesk-settings', ':CopydeskRestart', 'copydesk.setup()' }) do
    vim.cmd('help ' .. tag)
    H.eq(vim.bo.filetype, 'help', 'help buffer for ' .. tag)
    vim.cmd('close')
  end
end)

H.finish()
