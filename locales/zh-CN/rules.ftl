# Messages and labels of the rules (src/domain), grouped by module. A rule returns a
# `Msg` with one of these keys; the web layer says it in the reader's language.

## Shared
# Between the items of a list inside a sentence (names of certified workers).
rules-list-separator = 、

## domain::accounts
accounts-cannot-disable-self = 不能停用自己的账号：请让另一位管理员操作。
accounts-cannot-drop-own-admin = 不能取消自己的管理员角色：请让另一位管理员操作。

## domain::attempt (instead of the quiz's start button)
attempt-modules-unfinished = 请先学完全部模块再参加测验（已完成 { $done }/{ $total }）。
attempt-already-passed = 您已通过本版本的测验，无需再考。
attempt-no-attempts-left = 本版本测验最多可参加 { $max } 次，您的次数已用完。请联系培训师安排补训。
attempt-cooling-down = 上次测验未通过，请复习后于 { $until } 之后再考。

## domain::catalog (importing items; each message is shown with its line)
catalog-no-rows = 文件里没有任何事项：请至少写一行数据
catalog-too-many-rows = 一次最多导入 { $max } 个事项，请拆分文件
catalog-duplicate-code = 编码 { $code } 与第 { $first } 行重复
catalog-protected-code = 编码 { $code } 是实施方案附件2中的常办事项，不能通过导入修改；请换一个编码
catalog-no-bureaus = 责任单位为空：请填写至少一个责任单位（多个用“、”分隔）
catalog-unknown-bureau = 未知的责任单位“{ $bureau }”：请使用系统中的部门名称或编码
catalog-bad-common = “是否常办”一栏的值“{ $value }”无效：请填 是 或 否
catalog-bad-seq = 序号“{ $value }”无效：请填 1 到 100000 之间的整数，或留空
catalog-unreadable-header = 无法读取表头：{ $error }
catalog-missing-columns = 表头缺少必需的列：需要 编码、事项名称、责任单位（可选 是否常办、序号）
catalog-unreadable-row = 这一行无法解析：{ $error }
catalog-bad-toml = TOML 格式错误：{ $error }

## domain::certification
cert-gap-modules = 学习模块：已完成 { $done }/{ $total }
cert-gap-session-pending = 已报名的必修培训尚未结束
cert-gap-make-up = 有 { $open } 次请假缺席的培训待补训
cert-gap-disqualified = 旷训次数过多，须重新报名参加培训
cert-gap-quiz = 测验尚未通过
cert-bad-months = 证书有效期“{ $value }”无效，请填写 1–120 之间的月数（默认 24 个月）。
cert-state-active = 有效
cert-state-expiring = 即将到期
cert-state-expired = 已过期
cert-state-revoked = 已撤销
cert-state-superseded = 已换新

## domain::course (what blocks publishing a version: a field and a message)
course-field-modules = modules
course-no-modules = 课程至少需要一个学习模块
course-field-module = 模块 { $number }
course-field-module-titled = 模块 { $number }（{ $title }）
course-module-title-empty = 模块标题不能为空
course-module-body-empty = 模块正文不能为空
course-module-minutes = 预计学习时间须为 1–240 分钟
course-field-bank = 题库
course-bank-empty = 题库至少需要一道题
course-field-question = 第 { $number } 题（{ $title }）
course-single-one-correct = 单选题必须恰好有一个正确选项，现在有 { $correct } 个
course-single-two-choices = 单选题至少需要两个选项
course-multi-weights = 多选题正权重之和须为 100%，现在是 { $positive }%
course-short-full-marks = 简答题至少要有一个得满分的答案
course-question-text-empty = 题目文字不能为空
course-field-pass = 及格线
course-pass-range = 及格线须在 1–100 之间
course-field-time-limit = 时间限制
course-time-limit-range = 时间限制须在 1–600 分钟之间
course-field-draw = 抽题数量
course-draw-too-many = 每次抽 { $draw } 题，超过了题库的 { $bank } 题
course-field-draw-category = 抽题数量（{ $category }）
course-draw-category-too-many = 分类“{ $category }”每次抽 { $draw } 题，但题库中只有 { $have } 题

## domain::cst (dates and times typed in forms)
cst-bad-time = 时间“{ $input }”格式不对，应为 2026-12-01 09:00 这样的北京时间
cst-bad-date = 日期“{ $input }”格式不对，应为 2026-12-01

## domain::handling
handling-bad-threshold = 所需认证人数“{ $value }”无效，请填写 1–20 之间的整数。
handling-mode-not-delegated = 不受理
handling-mode-direct = 直办
handling-mode-proxy = 代办
handling-explain-not-delegated = 不受理 — 本事项未下放到本中心，请引导群众到镇（街道）党群服务中心或市级部门办理
handling-explain-proxy = 代办 — 需 { $required } 名已认证社工，现有 { $certified } 名
handling-explain-direct = 直办 — { $certified }/{ $required } 已认证：{ $names }
handling-holder = { $name }（至 { $until }）
handling-holder-expiring = { $name }（至 { $until }，即将到期）
handling-forecast-direct = 如无人续证或补充认证，{ $until } 之后转为代办
handling-forecast-proxy = 再有 { $missing } 名社工取得认证即可直办

## domain::names (identifiers and titles typed in forms)
names-bad-username = 用户名须为 3–32 位小写字母、数字或 _ . -，例如 zhangsan01
names-bad-code = 编码 { $code } 无效：只能用 1–32 位英文字母、数字、_ 或 -
names-title-empty = { $field }不能为空
names-title-too-long = { $field }不能超过 { $max } 个字
names-title-control = { $field }含有不可见的控制字符，请删除后重试
names-bad-email = 邮箱地址“{ $email }”格式不对，例如 zhangsan@zhaoyuan.gov.cn；也可以留空
names-bad-phone = 联系电话“{ $phone }”格式不对：只能填数字、空格、+ 和 -，如 0535-8211234

## domain::password
password-too-short = 密码至少需要 { $min } 个字符，请换一个更长的密码
password-too-long = 密码不能超过 { $max } 个字符
password-same-as-username = 密码不能与用户名相同，请换一个
password-common = 这个密码太常见（在最常用的 3000 个密码之列），很容易被猜中，请换一个
password-mismatch = 两次输入的密码不一致，请重新输入

## domain::quiz (between the correct choices of a question)
quiz-answer-separator = ；

## domain::staffing (labels of the roster's codes)
staffing-category-fulltime = 专职人员
staffing-category-graduate2020 = 2020届招考大学生
staffing-category-other = 其他
staffing-position-window = 一站式服务窗口
staffing-position-specialised = 专业窗口
staffing-posting-serving = 在岗
staffing-posting-seconded = 抽调中
staffing-posting-departed = 已离岗

## domain::staffing
staffing-needs-transfer = 全科社工在岗期间不能直接停用账号或更改角色：调整须经市委组织部批准。请镇管理员在“人员调整”中提交申请；确属登记错误的，由管理员在社工页面登记更正。
staffing-correction-note-missing = 请填写更正说明：原记录错在哪里、依据是什么
staffing-correction-note-too-long = 更正说明最多 500 字
staffing-correction-before-latest = 更正的生效日期不能早于该社工最近一条记录的日期 { $latest }；历史记录只能追加，不能改写
staffing-correction-too-far = 更正的生效日期最多只能在一年之内
staffing-bad-month = 月份“{ $month }”无法识别，请按 2026-11 的格式填写
staffing-period-reversed = 结束日期不能早于开始日期
staffing-period-too-long = 统计期间最长三年，请缩短
staffing-day-out-of-range = 日期“{ $day }”超出范围，请填写 2000 年至 2100 年之间的日期
staffing-month-not-begun = { $year } 年 { $month } 月尚未开始，还没有督查通报；请选择本月或以前的月份
staffing-change-flat = 持平

## domain::training (leave kinds are `leave-kind-*` in training.ftl)
training-sick-leave-too-late = 病假最迟须在培训开始后 { $hours } 小时内补请，已超过期限。请联系镇（街道）管理员说明情况。
training-leave-after-start = 请假须在培训开始之前提出；开始之后只能补请病假。如有特殊情况请联系镇（街道）管理员。
training-leave-dates-reversed = 请假结束日期不能早于开始日期。
training-leave-too-long = 一次请假不能超过 90 天，请分段申请。
training-session-outside-leave = 所选培训在 { $day }，不在请假日期之内；请调整请假日期。
training-no-room = 名额不足：容量 { $capacity } 人，已报名 { $enrolled } 人，本次要加入 { $adding } 人。请减少人数或扩大容量。
training-reject-needs-comment = 驳回请假时请填写意见，告诉全科社工原因。
training-session-ends-too-early = 结束时间须晚于开始时间
training-session-no-place = 请填写培训地点或线上链接
training-session-bad-capacity = 容量须为 1–2000 之间的整数
training-session-no-items = 请至少选择一个培训事项

## domain::transfer (kinds are `transfer-kind-*` in roster.ftl)
transfer-status-pending = 待组织部审批
transfer-status-approved = 已批准
transfer-status-rejected = 已驳回
transfer-status-withdrawn = 已撤回
transfer-reason-missing = 请填写调整理由
transfer-reason-too-long = 调整理由最多 500 字
transfer-destination-too-long = 去向最多 200 字
transfer-worker-departed = 该社工已离岗，无需再申请调整
transfer-starts-before-today = 生效日期不能早于今天
transfer-starts-too-far = 生效日期最多只能在一年之内
transfer-pending-from = 该社工已有一项自 { $date } 起生效的调整，请在该日之后再提交新的申请
transfer-end-only-secondment = 只有抽调需要填写结束日期
transfer-choose-center = 请选择调往的中心
transfer-other-town = 只能调往本镇（街道）的中心；跨镇调动请由两镇协商后分别办理
transfer-same-place = 调往的中心和岗位与现在相同，请重新选择
transfer-secondment-work-missing = 请填写抽调去从事的工作
transfer-already-seconded = 该社工正在抽调中
transfer-secondment-ends-early = 抽调结束日期不能早于开始日期
transfer-replacement-zone-only = “无法胜任予以调整”只适用于党建融合发展区的社工；镇中心的社工请选择其他类型
transfer-center-only-move = 只有调动需要选择调往的中心
transfer-comment-too-long = 审批意见最多 500 字
transfer-reject-needs-comment = 驳回时请填写审批意见，说明理由

## store::supervision::stability (what a number of the stability report counts)
stab-metric-headcount = 窗口人数
stab-metric-serving = 在岗人数
stab-metric-requested = 申请调整
stab-metric-approved = 批准调整
stab-metric-rejected = 驳回调整
stab-metric-departures = 离开人数
stab-metric-tenure = 任职天数
stab-metric-new = 任职不满90天
stab-metric-absences = 旷训
stab-metric-overdue = 销假逾期
stab-metric-pending = 待审批申请
