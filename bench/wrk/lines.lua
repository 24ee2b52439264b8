-- Posts forms prepared by bench_prepare, one line per open attempt:
--   cookie <TAB> attempt id <TAB> answer-save body <TAB> submit body
-- MODE=save: each request saves an answer in a random attempt (attempts stay open).
-- MODE=submit: each request submits the next attempt; each thread takes its own lines,
-- and counts the requests beyond its lines so the run can say it ran out.
-- MODE=login: LINES holds user names; each request logs one in.
local mode = os.getenv("MODE")
local path = os.getenv("LINES")
local lines = {}
local thread_count = tonumber(os.getenv("THREADS") or "2")
counter = 0
nlines = 0

local function split(s)
  local out = {}
  for field in string.gmatch(s, "[^\t]+") do
    out[#out + 1] = field
  end
  return out
end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  local i = 0
  for line in io.lines(path) do
    if mode ~= "submit" or i % thread_count == id then
      lines[#lines + 1] = split(line)
    end
    i = i + 1
  end
  counter = 0
  nlines = #lines
end

local login_cookie = os.getenv("LOGIN_PRE_COOKIE")
local login_csrf = os.getenv("LOGIN_CSRF")

function request()
  counter = counter + 1
  local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
  if mode == "login" then
    local user = lines[math.random(#lines)][1]
    form["Cookie"] = login_cookie
    return wrk.format("POST", "/login", form,
      "_csrf=" .. login_csrf .. "&username=" .. user .. "&password=synth-password")
  end
  local l
  if mode == "submit" then
    l = lines[((counter - 1) % #lines) + 1]
  else
    l = lines[math.random(#lines)]
  end
  form["Cookie"] = l[1]
  if mode == "submit" then
    return wrk.format("POST", "/attempts/" .. l[2] .. "/submit", form, l[4])
  end
  return wrk.format("POST", "/attempts/" .. l[2] .. "/answer", form, l[3])
end

function done(summary, latency, requests)
  if mode == "submit" then
    local used = 0
    for _, t in ipairs(threads) do
      local c = t:get("counter")
      local n = t:get("nlines")
      if c > n then used = used + (c - n) end
    end
    io.write(string.format("Beyond prepared attempts: %d\n", used))
  end
end
