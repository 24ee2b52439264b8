## 证书、直办/代办矩阵、公开核验、接口令牌
nav-certificates = 证书
nav-my-certificates = 我的证书
nav-handling = 直办矩阵
nav-api-tokens = 接口令牌
common-filter = 筛选
common-clear = 清除
centers-name = 中心名称

certs-title = 事项证书
certs-none = 没有符合条件的证书。
certs-filter-item = 事项编码
certs-number = 证书编号
certs-holder = 持证人
certs-item = 事项
certs-bureau = 发证部门
certs-state = 状态
certs-valid-until = 有效期至
certs-until = 至 { $date }
certs-issued-on = 发证日期
certs-version = 第 { $number } 版课程
certs-version-label = 课程版本
certs-refresher-due = 须在 { $date } 前复训
certs-issuer = 公共服务下沉培训认证
certs-heading = 业务能力证书
certs-body-1 = 兹证明 { $holder }（{ $center }）已完成下列下沉事项的课程学习、集中培训与测验：
certs-body-2 = 具备在党群服务中心一窗受理、直接办理该事项的业务能力。
certs-qr-alt = 证书核验二维码
certs-qr-caption = 扫码核验证书真伪与状态
certs-print = 打印
certs-print-hint = 打印时请选择 A4 纸张；导航与按钮不会打印。
certs-revoke = 撤销证书
certs-revoke-hint = 撤销后，持证人不再计入所在中心的直办人数，所在中心可能立即转为代办。撤销会记入审计日志并通知持证人。
certs-revoke-reason = 撤销原因
certs-revoked-because = 此证书已撤销。原因：{ $reason }

verify-title = 证书核验
verify-valid-note = 此证书真实有效。
verify-invalid-note = 此证书目前无效，持证人暂不能直接办理该事项。
verify-not-found = 未找到证书
verify-not-found-hint = 请核对二维码或链接是否完整；如仍无法核验，请联系发证部门。

handling-title = 事项办理方式
handling-intro = 已下放到本中心的事项，有足够的本中心全科社工持有效证书时直办，否则受理后线上代办（转市级部门办理）。
handling-summary = 办理方式
handling-counts = 直办 { $direct } 项，代办 { $proxy } 项
handling-item = 事项
handling-mode = 方式
handling-reason = 依据
handling-direct = 直办事项数
handling-proxy = 代办事项数
handling-direct-count = { $certified }/{ $required } 名社工已认证
handling-proxy-count = 需 { $required } 名已认证社工，现有 { $certified } 名
handling-not-delegated = 本事项未下放到本中心
handling-notice-link = 打印“本中心可直办事项”公示
handling-town-title = 各中心办理方式

heatmap-title = 全市直办矩阵
heatmap-intro = 每格为该镇（街道）受理该事项的中心中可直办的个数。直办需要：镇级中心 { $town } 名、党建融合发展区 { $zone } 名本中心全科社工持有效证书。
heatmap-town = 镇（街道）
heatmap-zone-items = 下沉到融合区的事项
heatmap-centers = { $count } 个中心
heatmap-noncompliant = 少于 5 项，不符合方案要求
heatmap-legend = 颜色表示可直办的中心所占比例。

thresholds-title = 直办所需认证人数
thresholds-hint = 修改后全市各中心的办理方式立即按新标准计算。
thresholds-town = 镇级中心
thresholds-zone = 党建融合发展区

zone-items-title = 下沉到党建融合发展区的事项
zone-items-compliant = 已选择 { $count } 项，符合方案“至少 { $min } 项”的要求。
zone-items-noncompliant = 目前只选择了 { $count } 项，方案要求至少 { $min } 项下沉到党建融合发展区。
zone-items-save = 保存选择

notice-title = 本中心可直办事项
notice-as-of = 截至 { $date }
notice-until = 直办至 { $date }
notice-no-direct = 本中心目前没有可直办的事项。
notice-proxy-title = 可受理、线上代办的事项
notice-proxy-intro = 以下事项可在本中心窗口提交材料，由工作人员线上转市级部门办理。
notice-other = 其他事项请咨询窗口工作人员，或到镇（街道）党群服务中心、市级部门办理。
notice-qr-alt = 直办事项查询二维码
notice-qr-caption = 扫码查看最新的直办事项

item-handling-title = 下沉与证书
item-delegated = 下沉到镇（街道）
item-cert-months = 证书有效期
item-cert-months-value = { $months } 个月
item-certificates-link = 本事项的证书

home-manager-todo-staffing = 人员配备达标情况（镇级中心至少 3 人、融合区至少 2 人）
home-worker-certificates = 我的证书
home-worker-no-certificates = 您还没有取得事项证书。学完课程、参加必修培训并通过测验后自动发证。

tokens-title = 接口令牌
tokens-intro = 供一窗受理系统等外部系统查询各中心的直办/代办情况。令牌只读，可限定到一个镇（街道），随时可以吊销。
tokens-new = 签发新令牌
tokens-name = 名称
tokens-name-example = 如：一窗受理系统
tokens-scope = 可读范围
tokens-scope-city = 全市
tokens-issue = 签发
tokens-issued = 令牌已签发。它只显示这一次，请立即复制并妥善保存；丢失后只能吊销重签。
tokens-created = 签发时间
tokens-last-used = 最近使用
tokens-revoke = 吊销
tokens-revoked = 已于 { $at } 吊销
tokens-none = 还没有签发令牌。

learn-certificate = 本事项证书
learn-gaps = 完成以下要求后自动发证：
learn-gaps-none = 已满足发证要求。
learn-refresher = 本课程发布了重大修订，请在 { $date } 前学习有变化的模块并通过新版测验，否则证书将于该日之后失效。
learn-center-mode = 本中心{ $mode }
learn-center-missing = 还差 { $count } 名持证社工
learn-order-hint = 排在前面的是本中心还不能直办的事项：您取得证书后，本中心就可能改为直办。
