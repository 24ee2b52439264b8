# Messages and labels built by the web handlers and the stores (Rust `Msg` keys and
# `t_in` labels), grouped by module.

## store::api_tokens
tokens-already-revoked = 这个令牌已经吊销或不存在。

## store::attempts
attempt-reload-retry = 请刷新页面后重试。
attempt-no-such-question = 没有这道题，请刷新页面后重试。

## store::certificates
certs-already-revoked = 这份证书已经撤销或已被新证书取代，无需再撤销。

## store::courses (import errors; the import summary is printed for the operator)
course-import-no-item = { $slug }：没有编码为 { $code } 的事项
course-import-bureaus-differ = { $slug }：bureaus { $named } 与事项的责任单位 { $expected } 不一致
course-version-already-published = 这个版本已经发布，不能再修改。请重新开始编辑。
course-published-not-deletable = 已发布的版本不能删除。
course-import-created = { $name }: 新建课程，第 { $number } 版
course-import-new-version = { $name }: 内容有变化，发布第 { $number } 版
course-import-unchanged = { $name }: 无变化（第 { $number } 版）
course-import-failed = { $name }: 导入失败：{ $error }

## store::training
training-closed-no-enrol = 这场培训已取消或已结束，不能再报名。
training-session-closed = 这场培训已经结束或已取消。
training-leave-already-decided = 这份请假已经处理过了。
training-no-report-back-needed = 这份请假不需要销假，或已经销假。

## store::transfer_impact (the worker's open training obligations)
impact-enrolled = 已报名培训“{ $title }”（{ $at }）
impact-makeups = “{ $item }”有 { $count } 次请假缺席的培训待补训
impact-disqualified = “{ $item }”因无故缺席被取消培训资格，须重新报名

## store::transfers
transfer-already-pending = 该社工已有一份待审批的调整申请，请等待组织部审批或先撤回
transfer-already-pending-raced = 该社工已有一份待审批的调整申请
transfer-not-pending-decide = 该申请{ $status }，不能再审批
transfer-not-pending-withdraw = 该申请{ $status }，不能撤回
transfer-no-longer-worker = 该账号已不是全科社工，不能执行此调整，请驳回
transfer-center-changed = 该社工的所在中心已与申请时不同，请驳回后重新申请

## store::users (the unit an account belongs to)
users-city-role-no-unit = 角色 { $role } 属于全市，不能指定所属单位
users-role-needs-bureau = 角色 { $role } 必须指定所属部门的编码
users-role-needs-town = 角色 { $role } 必须指定所属镇（街道）的编码
users-role-needs-center = 角色 { $role } 必须指定所属党群服务中心的编码
users-no-such-bureau = 没有编码为 { $code } 的部门
users-no-such-town = 没有编码为 { $code } 的镇（街道）
users-no-such-center = 没有编码为 { $code } 的党群服务中心

## store::supervision::stability (who stands behind a number of the report)
stab-fact-window = 一站式服务窗口，{ $since } 起在本中心
stab-fact-serving = { $position }，{ $since } 起在本中心
stab-fact-tenure = 在本中心 { $days } 天（{ $since } 起）
stab-fact-new = { $since } 起在本中心，至 { $to } 共 { $days } 天
stab-fact-requested = 申请{ $kind }（{ $status }）
stab-fact-approved = 批准{ $kind }
stab-fact-approved-from = 批准{ $kind }，{ $date } 起生效
stab-fact-rejected = 驳回{ $kind }
stab-fact-pending = 申请{ $kind }，待组织部审批
stab-fact-moved-to = 调往{ $center }
stab-fact-left = 离岗
stab-fact-absent = { $at }《{ $title }》旷训
stab-fact-overdue = 请假 { $from } 至 { $to }，应于 { $due } 前销假，{ $back }
stab-fact-back-late = { $date } 才销假
stab-fact-not-back = 至今未销假
stab-kind-other = 调整

## mail::transport (kept on the outbox row, in the default language)
mail-error-address = 收件地址无效：{ $detail }
mail-error-build = 邮件无法生成：{ $detail }
mail-error-file = 写入邮件文件失败：{ $detail }
mail-error-smtp = SMTP 发送失败：{ $detail }

## web (shared)
field-problem = { $field }：{ $problem }
users-username-taken = 用户名 { $username } 已被使用，请换一个

## web::admin_users
admin-users-choose-role = 请选择角色
admin-users-password-reset = 密码已重置，该账号的所有登录会话已结束。

## web::roster
roster-choose-category = 请选择人员类别
roster-choose-position = 请选择岗位
roster-choose-posting = 请选择在岗状态
roster-choose-own-center = 请选择本镇（街道）的一个中心
roster-cause-hire = 新入职
roster-cause-return = 抽调结束返岗
roster-cause-correction = 管理员更正
roster-cause-other = 其他
roster-field-town = 镇中心
roster-field-zone = 融合发展区

## web::transfers
transfers-bad-status = 状态只能是 pending、approved、rejected 或 withdrawn
transfers-choose-worker = 请从花名册中选择要调整的社工
transfers-choose-kind = 请选择调整类型
transfers-choose-decision = 请选择批准或驳回

## web::attendance (check-in, leave, report-back)
checkin-choose-session = 请选择要签到的培训。
checkin-not-enrolled = 您没有报名这场培训，不能签到。如需参加请联系培训师。
checkin-session-closed = 这场培训已结束或已取消，不能签到。
checkin-too-early = 签到从培训开始前 { $minutes } 分钟开放，请稍后再试。
checkin-over = 培训已经结束，签到已关闭。
checkin-bad-code = 签到码不正确或已过期：签到码每分钟更新，请输入培训现场当前显示的签到码。
checkin-done-already = 您已经签到过了，无需重复签到。
checkin-done-late = 签到成功。您迟到了，本次记为迟到。
checkin-done = 签到成功。
leave-choose-kind = 请选择请假类型：病假、事假或公假
leave-field-reason = 请假事由
leave-choose-sessions = 请选择要请假的培训场次
leave-not-enrolled = 所选培训中有您未报名的场次，无需为它请假。请刷新页面后重新选择。
leave-session-problem = “{ $title }”：{ $problem }
leave-not-started = 请假还没有开始，不能销假。

## web::training_admin
leave-choose-decision = 请选择批准或驳回。
leave-field-comment = 审批意见

## web::sessions
sessions-closed-no-edit = 已结束或已取消的培训不能修改。
sessions-no-such-town = 没有这个镇（街道）
sessions-no-such-center = 没有这个党群服务中心
sessions-no-such-worker = 没有这个全科社工账号，请检查用户名
sessions-bad-mark = 考勤状态无效：请选择 出勤、迟到、请假、旷训 或 未标记
sessions-closed-no-mark = 培训已结束，考勤不能再修改。

## web::centers
centers-choose-town = 请选择所属镇（街道）。

## web::course_author (the draft's forms)
course-form-number-range = { $field }须为 0–{ $max } 的整数
course-form-per-category-line = 按分类抽题第 { $line } 行应写成“分类=数量”
course-form-per-category-count = 按分类抽题的数量
course-form-max-attempts = 最多次数
course-form-cooldown = 冷却时间
course-form-minutes = 预计学习时间
course-form-body-too-long = 模块正文过长，请拆成几个模块
course-form-line-problem = 第 { $line } 行：{ $problem }
course-form-choose-change-kind = 请选择本次修改是“重大修订”还是“文字修订”。
course-form-fix-before-publish = 发布前请先解决以下问题。

## web::catalog (uploading the item catalog)
catalog-upload-unreadable = 上传内容无法读取，请重新选择文件上传。
catalog-upload-broken = 上传中断，请重新上传。
catalog-upload-too-large = 文件超过 2 MB，请拆分后分批导入。
catalog-upload-missing = 没有收到文件：请选择一个 CSV 或 TOML 文件再导入。
catalog-upload-not-utf8 = 文件不是 UTF-8 编码：请在 Excel 中“另存为 CSV UTF-8”后再导入。

## web::certificates
certs-no-such-item = 没有这个事项编码，请从列表中选择事项。
certs-verify-not-found = 没有这个证书。请核对证书上的二维码或链接是否完整。

## web::course_view
question-kind-single = 单选题
question-kind-multi = 多选题
question-kind-true-false = 判断题
question-kind-short = 简答题
course-analysis-no-version = 这门课程还没有发布的版本，暂无统计。

## web::attempts
attempt-time-up-submitted = 测验时间已到，答卷已按已保存的答案交卷。
attempt-no-answer = （未作答）

## web::auth, web::account
login-throttled = 登录失败次数过多，已暂停登录。请 { $minutes } 分钟后再试，或联系管理员重置密码。
login-failed = 用户名或密码不正确，或账号已停用。请检查后重试。
account-wrong-password = 当前密码不正确，请重新输入。

## web::api_tokens
tokens-field-name = 令牌名称
tokens-choose-scope = 请选择令牌可读取的范围：全市或某个镇（街道）。

## web::session, web::language, web::handling, web::health
form-too-large = 提交的表单超过 { $max } KB 的上限，请缩短内容（例如把长模块拆成几个）后重新提交。
form-field-too-long = “{ $field }”一栏太长：最多 { $max } 个字，现有 { $actual } 个。请缩短后重新提交。
request-timeout = 服务器处理这个请求超过了 { $seconds } 秒，已不再等待。如果您刚才是在保存或提交，请先刷新页面看看是否已经生效，再决定是否重做；如果一直如此，请联系管理员。
api-page-out-of-range = page 须是 1 到 { $max } 之间的整数。
api-per-page-out-of-range = per_page 须是 1 到 { $max } 之间的整数。
form-unreadable = 提交的内容过大或无法读取，请缩短后重试。
form-invalid = 表单内容有误（{ $detail }），请检查后重新提交。
lang-choose = 请选择“中文”或“English” / Choose 中文 or English
handling-bad-selection = 所选事项无效，请刷新页面后重新勾选。
health-db-down = 数据库无响应

## web::reports (the stability report and the monthly bulletin, pages and downloads)
stab-notes-period = { rep-period }：{ $from } 至 { $to }
stab-people-bad-metric = 统计项“{ $metric }”无法识别，请从队伍稳定报表中点击数字进入
stab-people-no-place = 请指定党群服务中心（center）或镇（街道）（town），请从队伍稳定报表中点击数字进入
stab-people-no-such-place = 没有编码为“{ $code }”的党群服务中心或镇（街道），请从队伍稳定报表中点击数字进入
bull-no-previous-month = { $month } 没有上一个月可比较，请选择其他月份
bull-month-name = { $year }年{ $month }月
bull-short-center = { $name }（{ $window }/{ $required }）
bull-mom-head-now = { $figure }（本月 { $month }）
bull-mom-head-before = { $figure }（上月 { $month }）
bull-mom-head-delta = { $figure }（增减）
