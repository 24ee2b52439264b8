# Charts drawn on the server (issue 7): titles, captions, axis labels, legends, and the
# sentences that give a chart's figures in words to screen readers.

chart-figures = 图中的数字
chart-no-data = 暂无数据
chart-separator = ；
chart-month = 月份

chart-coverage-title = 各镇（街道）常办事项认证覆盖率
chart-coverage-caption = 每条表示该镇（街道）有在岗全科社工持有效证书的常办事项，占全部 { $common } 项常办事项的比例（截至今天）。
chart-coverage-axis = 已覆盖的常办事项（%）
chart-coverage-bar = { $town } { $covered }/{ $common } 项（{ $share }）
chart-coverage-town = 镇（街道）
chart-coverage-covered = 已覆盖事项
chart-coverage-share = 覆盖率

chart-completion-title = 近 12 个月培训出勤率
chart-completion-caption = 出勤率 = 出勤（含迟到）人次 ÷ 已点名的报名人次，按培训开始的月份（北京时间）统计，范围与下表相同；折线断开处表示当月没有已点名的培训。
chart-completion-axis = 出勤率（%）
chart-completion-point = { $month }：{ $rate }（{ $attended }/{ $marked }）
chart-completion-marked = 已点名报名
chart-completion-attended = 出勤（含迟到）
chart-completion-rate = 出勤率

chart-handling-title = 各镇（街道）事项办理方式
chart-handling-caption = 每行一个镇（街道），每列一个事项（编号同下表）。绿色：受理该事项的中心全部可直办；半绿半橙：部分中心可直办；橙色：只能代办；空心格：不受理。
chart-handling-direct = 全部直办
chart-handling-partly = 部分直办
chart-handling-proxy = 代办
chart-handling-none = 不受理
chart-handling-town = { $town }：全部直办 { $direct } 项，部分直办 { $partly } 项，代办 { $proxy } 项，不受理 { $none } 项

chart-attendance-title = 近 12 个月培训考勤
chart-attendance-caption = 每列为一个月（按培训开始时间，北京时间）参加培训的结果：出勤（含迟到）、请假、旷训。尚未点名的培训不计。
chart-attendance-axis = 场次
chart-attendance-attended = 出勤
chart-attendance-excused = 请假
chart-attendance-absent = 旷训
chart-attendance-month = { $month }：出勤 { $attended }，请假 { $excused }，旷训 { $absent }

chart-scores-title = 成绩分布
chart-scores-caption = 每列为得分落在该分数段（百分制，每 10 分一段）的测验次数。
chart-scores-axis = 测验次数
chart-scores-band = 分数段
chart-scores-count = 次数
chart-scores-bin = { $band } 分：{ $count } 次
