-- A real client: headless Neovim opens a request, reads the diagnostics
-- sdrs-lint server publishes, applies the preferred quick fix with
-- Neovim's own workspace-edit code, writes the file, and checks its bytes.
-- Runs on Neovim 0.7 (Debian 12's), whose API is vim.lsp.start_client and
-- buf_attach_client; newer versions have both too.
-- Started by scripts/test-editors.sh with SDRS_LINT (the command) and
-- REQUEST (a copy of tests/editors/request.json) in the environment.

local function fail(message)
  io.stderr:write("neovim.lua: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local function run()
  local command = assert(os.getenv("SDRS_LINT"), "SDRS_LINT is not set")
  local request = assert(os.getenv("REQUEST"), "REQUEST is not set")
  vim.cmd("edit " .. vim.fn.fnameescape(request))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = "json"
  local client_id = vim.lsp.start_client({
    name = "sdrs-lint",
    cmd = { command, "server" },
    root_dir = vim.fn.fnamemodify(request, ":h"),
  })
  if not client_id then return fail("the client did not start") end
  vim.lsp.buf_attach_client(buf, client_id)

  local function codes()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = d.user_data and d.user_data.lsp or d
      table.insert(found, string.format("%d:%d %s", d.lnum + 1, d.col + 1, tostring(lsp.code)))
    end
    table.sort(found)
    return table.concat(found, ", ")
  end

  if not vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
    return fail("no diagnostics were published")
  end
  -- Line 3: `  "description": "😀 web", "server_id": "403B…"`. The ID comes
  -- after an emoji (two UTF-16 code units, four bytes); Neovim counts
  -- columns in bytes.
  local expected = "3:43 id-uppercase, 4:11 name-charset"
  if codes() ~= expected then
    return fail("diagnostics: " .. codes() .. ", expected " .. expected)
  end

  -- The cursor at the start of line 3, as a user would put it; the line's
  -- diagnostics go with the request, as vim.lsp.buf.code_action() sends them.
  vim.api.nvim_win_set_cursor(0, { 3, 0 })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf) }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 20000)
  local chosen
  local titles = {}
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(titles, action.title)
      if action.isPreferred and action.kind == "quickfix" then chosen = action end
    end
  end
  if not chosen then return fail("no preferred quick fix among: " .. table.concat(titles, " | ")) end
  local client = vim.lsp.get_client_by_id(client_id)
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  vim.cmd("silent write")

  local file = io.open(request, "rb")
  local text = file:read("*a")
  file:close()
  local want = '  "description": "😀 web", "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f",\n'
  if not text:find(want, 1, true) then
    return fail("after the fix the file is:\n" .. text)
  end
  -- The change reaches the server: the fixed finding goes away.
  local fixed = vim.wait(20000, function() return codes() == "4:11 name-charset" end, 20)
  if not fixed then return fail("diagnostics after the fix: " .. codes()) end
  io.stdout:write("neovim.lua: diagnostics, quick fix '" .. chosen.title .. "' applied, file checked\n")
  vim.lsp.stop_client(client_id)
  vim.cmd("qall!")
end

local ok, err = pcall(run)
if not ok then fail(tostring(err)) end
