## Devolve — 简体中文（默认语言）。模板中的所有文字都在这里。

app-name = 公共服务下沉培训认证平台
app-city = 招远市
footer = 招远市公共服务下沉工作专班 · 依据《2021年公共服务下沉工作实施方案》（招政办发〔2021〕7号）
demo-banner = 演示数据：本系统当前运行在演示模式，所有人员和数据均为虚构，仅供体验。

## 角色
role-admin = 工作专班管理员
role-trainer = 部门培训师
role-manager = 镇（街道）管理员
role-worker = 全科社工
role-orgdept = 市委组织部

## 导航
nav-home = 首页
nav-items = 下沉事项
nav-my-items = 本部门事项
nav-towns = 镇（街道）
nav-centers = 党群服务中心
nav-my-centers = 本镇中心
nav-users = 账号管理
nav-catalog = 事项导入
nav-audit = 操作日志
nav-account = 我的账号
nav-logout = 退出登录

## 通用
common-save = 保存
common-cancel = 取消
common-back = 返回
common-prev = 上一页
common-next = 下一页
common-page = 第 { $number } / { $pages } 页，共 { $total } 条
common-yes = 是
common-no = 否
common-none = 暂无
common-search = 搜索
common-code = 编码
common-name = 名称
common-actions = 操作
common-not-yet-title = 尚未开放的功能
common-not-yet-intro = 以下功能正在建设中，本版本还不能使用：

## 登录
login-title = 登录
login-heading = 登录公共服务下沉培训认证平台
login-intro = 部门培训师、镇（街道）管理员、全科社工、组织部和工作专班请使用分配的账号登录。
login-username = 用户名
login-password = 密码
login-submit = 登录
login-forgot = 忘记密码请联系本单位管理员重置。
login-password-changed = 密码已修改，所有登录会话均已结束。请用新密码重新登录。

## 错误页
error-title-bad-request = 请求有误
error-title-forbidden = 无权访问
error-title-not-found = 未找到
error-title-too-many = 请求过于频繁
error-title-unavailable = 服务器繁忙
error-title-generic = 出错了
error-status = 错误代码 { $status }
error-go-home = 返回首页
error-go-back = 返回上一页

## 各角色首页
home-admin-title = 工作专班首页
home-admin-heading = 全市公共服务下沉概况
home-stat-items = 下沉事项
home-stat-common = 其中常办事项
home-stat-towns = 镇（街道）
home-stat-centers = 党群服务中心
home-stat-zones = 其中党建融合发展区
home-stat-pilots = 试点发展区
home-accounts = 各角色账号数
home-recent = 最近操作
home-admin-todo-4 = 人员稳定、抽调审批与每月督查通报

home-trainer-title = 培训师首页
home-trainer-heading = 本部门负责的下沉事项
home-trainer-intro = 共 { $count } 个事项由您所在的部门负责培训。
home-trainer-courses = 编写和发布课程

home-manager-title = 镇（街道）管理员首页
home-manager-heading = 本镇（街道）党群服务中心
home-manager-workers = 本镇（街道）共有 { $count } 名全科社工账号。
home-manager-add-zone = 新建党建融合发展区中心
home-manager-todo-1 = 全科社工花名册与岗位
home-manager-todo-3 = 提交人员抽调申请（须经市委组织部同意）

home-worker-title = 全科社工首页
home-worker-heading = 您好，{ $name }
home-worker-center = 所在中心
home-worker-town = 所属镇（街道）
home-worker-items = 全市共有 { $count } 个常办事项下沉到党群服务中心。
home-worker-learn = 进入学习

home-orgdept-title = 组织部首页
home-orgdept-heading = 各镇（街道）全科社工概况
home-orgdept-todo-1 = 审批全科社工抽调、调整申请
home-orgdept-todo-2 = 人员稳定性统计与每月督查通报

## 事项
items-title = 下沉事项
items-heading = 下沉事项清单
items-intro = 实施方案附件2列出的 36 个常办事项，以及工作专班导入的其他基本事项。
items-intro-bureau = 以下是您所在部门负责的下沉事项。
items-search-placeholder = 按名称或编码搜索
items-common-only = 只看常办事项
items-seq = 序号
items-name = 事项名称
items-bureaus = 责任单位
items-common = 常办
items-empty = 没有符合条件的事项。
item-title = 事项详情
item-code = 事项编码
item-source = 来源
item-source-plan = 实施方案附件2（常办事项）
item-source-import = 工作专班导入
item-course-link = 查看本事项课程

## 中心与镇街
centers-title = 党群服务中心
centers-heading = 党群服务中心
centers-intro = 每个镇（街道）设一个镇级党群服务中心，下设党建融合发展区党群服务中心。
centers-level = 层级
centers-level-town = 镇（街道）中心
centers-level-zone = 党建融合发展区
centers-pilot = 试点
centers-demo = 演示
centers-town = 所属镇（街道）
centers-workers = 全科社工
centers-new-zone = 新建党建融合发展区中心
center-title = 中心详情
center-roster = 全科社工
center-roster-empty = 暂无全科社工账号。
center-roster-hidden = 人员名单仅对本镇（街道）管理员、组织部和工作专班可见。
center-offices = “1+7”运行模式中的 7 个站办
center-offices-delegated = 由{ $bureau }下沉
center-window = “一窗受理”综合窗口
center-window-note = 镇（街道）中心至少配备 3 名全科社工，党建融合发展区中心至少 2 名。配备达标检查将在后续版本开放。
towns-title = 镇（街道）
towns-heading = 14 个镇（街道）
towns-centers = 中心数
towns-zones = 发展区
towns-workers = 全科社工
town-title = 镇（街道）详情
zone-new-title = 新建党建融合发展区中心
zone-new-intro = 实施方案没有列出各发展区的名单，由工作专班或镇（街道）管理员在此录入。
zone-town = 所属镇（街道）
zone-town-choose = 请选择
zone-name = 中心名称
zone-name-hint = 例如：玲珑镇台上党建融合发展区党群服务中心
zone-pilot = 列为 15 个试点发展区之一
zone-create = 创建

## 账号管理
users-title = 账号管理
users-heading = 账号管理
users-new = 新建账号
users-filter-role = 按角色筛选
users-all-roles = 全部角色
users-username = 用户名
users-display-name = 姓名
users-role = 角色
users-email = 邮箱（用于通知，可不填）
users-unit = 所属单位
users-status = 状态
users-active = 启用
users-inactive = 已停用
users-empty = 没有符合条件的账号。
user-new-title = 新建账号
user-new-unit-hint = 按角色填写所属单位：培训师选部门，镇（街道）管理员选镇（街道），全科社工选中心；工作专班和组织部不需要。
user-bureau = 所属部门（培训师）
user-town = 所属镇（街道）（管理员）
user-center = 所属中心（全科社工）
user-choose = 请选择
user-password = 初始密码
user-password-hint = 至少 8 个字符，不能与用户名相同。
user-confirm = 再次输入密码
user-create = 创建账号
user-title = 账号详情
user-created = 创建时间
user-password-changed = 最近改密
user-disable = 停用账号
user-disable-hint = 停用后该账号立即退出所有登录，且无法再登录。
user-enable = 重新启用账号
user-reset = 重置密码
user-reset-hint = 重置后该账号的所有登录会话都会结束。
user-change-role = 调整角色
user-change-role-hint = 调整角色会结束该账号的所有登录会话，并记入操作日志。
user-demo = 演示账号

## 事项导入
catalog-title = 事项导入
catalog-heading = 导入下沉事项目录
catalog-intro = 实施方案共列出 295 个基本事项，附件只列出了其中 36 个常办事项。其余事项可在此批量导入。
catalog-format = 文件格式
catalog-format-csv = CSV（UTF-8 编码）：表头须含 编码、事项名称、责任单位，可选 是否常办、序号。多个责任单位用“、”分隔。
catalog-format-toml = TOML：每个事项一个 [[item]]，字段 code、name、bureaus（数组）、common、seq。
catalog-rule = 文件中只要有一行有错，就不会导入任何事项；请按提示逐行修改后重新上传。同一编码再次导入会更新原事项。常办事项（C01–C36）不能通过导入修改。
catalog-file = 选择文件
catalog-submit = 导入
catalog-errors = 文件“{ $file }”有以下问题，未导入任何事项：
catalog-line = 第 { $line } 行
catalog-done = 导入完成：新增 { $created } 项，更新 { $updated } 项。

## 操作日志
audit-title = 操作日志
audit-heading = 操作日志
audit-intro = 所有重要决定（课程发布、证书发放与撤销、请假审批、人员调整申请与审批、账号与角色变更、API 令牌）都会留下只能追加、不能修改或删除的记录。
audit-at = 时间（北京时间）
audit-actor = 操作人
audit-action = 操作
audit-target = 对象
audit-detail = 说明
audit-system = 系统

## 我的账号
account-title = 我的账号
account-heading = 我的账号
account-change-password = 修改密码
account-current = 当前密码
account-new = 新密码
account-confirm = 再次输入新密码
account-submit = 修改密码
account-note = 修改密码后，您在所有设备上的登录都会结束，需要用新密码重新登录。
skip-to-content = 跳到正文

# Punctuation between labels and data: Chinese full-width, English with spaces.
punct-colon = { "：" }
punct-list = { "、" }
punct-open = { "（" }
punct-close = { "）" }
punct-comma = { "，" }
punct-quote-open = { "「" }
punct-quote-close = { "」" }
