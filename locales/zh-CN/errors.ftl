# Messages said by the server's rules and errors (Rust `Msg` keys).

msg-test-sentence = 已有 { $count } 项：{ $what }
msg-test-label = 测试

error-unauthenticated = 请先登录。
error-forbidden = 您的账号无权访问此页面。如确需访问，请联系管理员调整权限。
error-not-found = 找不到您要的页面或记录，它可能已被删除。请从首页重新进入。
error-csrf = 页面已过期或来源不明，操作未执行。请刷新页面后重试。
error-internal = 服务器内部出错，操作未执行。请稍后重试；如果问题持续，请联系管理员。
error-raced = 这项操作已经由另一个请求完成，请刷新页面查看。
error-status-400 = 请求内容有误，请检查后重试。
error-status-403 = 您的账号无权执行此操作。
error-status-404 = 找不到您要的页面或记录。请从首页重新进入。
error-status-405 = 此地址不接受这种请求方式，请从页面上的按钮或链接进入。
error-status-413 = 提交的内容过大，请缩小文件或内容后重试。
error-status-415 = 提交的内容格式不对，请使用页面上的表单提交。
error-status-429 = 请求过于频繁，请稍后再试。
error-status-other = 请求未能完成，请返回上一页重试。
error-api-token-needed = 缺少有效的接口令牌：请在请求头加入 Authorization: Bearer <令牌>。令牌由系统管理员在“接口令牌”页面签发，吊销后即失效。
error-api-token-scope = 这个接口令牌只能读取它所属镇（街道）的中心。请使用全市令牌，或该镇（街道）的令牌。
error-bad-query = 网址中的参数有误（{ $detail }），请从页面上的链接进入。
