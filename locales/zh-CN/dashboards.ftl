## Home pages: what each role must act on next (to-do cards) and the plan's progress

dash-more = 另有 { $count } 项
# trainer
dash-close-label = 场培训已结束，待结束考勤
dash-close-oldest = 最早一场：{ $title }（{ $ended } 结束）
dash-close-none = 没有待结束考勤的培训
dash-makeups-label = 人次请假缺席待安排补训
dash-makeups-item = { $item }：{ $count } 人
dash-makeups-none = 没有需要安排的补训
dash-courses-label = 个事项的课程待发布
dash-courses-unpublished = { $count } 个事项还没有已发布的课程
dash-courses-drafts = { $count } 份草稿待发布
dash-courses-none = 本部门事项的课程均已发布，没有待发布的草稿
# organization department
dash-transfers-label = 份人员调整申请待审批
dash-transfers-waiting = 已等 { $days } 天
dash-short-label = 个中心一站式窗口人数未达标
dash-short-center = { $name } 缺 { $count } 人
dash-short-none = 各中心一站式窗口人数均已达标
dash-stability-label = 条人员稳定提醒
dash-stability-ending = { $count } 人的抽调将在 30 天内结束
dash-stability-ending-one = { $name }（{ $center }）抽调至 { $date }
dash-stability-departures = 本月已有 { $count } 人离开
dash-stability-departed-one = { $name }（{ $date }）
dash-stability-none = 30 天内没有抽调结束，本月没有人员离开
# admin
dash-losing-none = 30 天内没有中心会由直办转为代办
dash-failed-label = 封邮件发送失败
dash-failed-hint = 请到发件箱查看原因并重新发送
dash-failed-none = 没有发送失败的邮件
dash-selection-label = 个镇（街道）给融合区选定的事项不足 { $min } 项
dash-selection-town = { $name }：已选 { $count } 项
dash-selection-none = 设有融合区的镇（街道）均已选够事项
# the plan's progress, city-wide and per town
dash-plan-city = 全市
dash-plan-by-town = 各镇（街道）进度
dash-plan-town = 镇（街道）
dash-plan-pilot-col = 试点发展区（{ $due } 前）
dash-plan-all-col = 全部中心（{ $due } 前）
dash-plan-bar-pilot = { $town } 试点发展区直办进度
dash-plan-bar-all = { $town } 全部中心直办进度
dash-plan-none = 无承接事项
dash-plan-no-pilots = 无试点发展区
# a worker's course page
dash-course-progress = 学习进度
dash-course-progress-label = 课程学习进度
dash-course-percent = 完成 { $percent }%
dash-course-quiz-open = 测验尚未通过
