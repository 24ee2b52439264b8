# Problems in a course folder (src/courses): the GIFT question bank and the folder's
# files. Each is shown with its file and line, so the messages do not repeat them.

## courses::gift (questions.gift)
gift-title-unclosed = 标题缺少结尾的 ::（写法：::标题::题目文字{"{"}…{"}"}）
gift-no-answer-block = 没有答案块 {"{"}…{"}"}：这是说明文字（description）题型，Devolve 不支持；请删除或补上答案
gift-answer-block-unclosed = 答案块缺少结尾的 {"}"}
gift-text-after-answers = 答案块后面还有文字：这是填空题（missing word）题型，Devolve 不支持；请把题目文字都写在 {"{"} 之前
gift-question-text-empty = 题目文字为空
gift-html-unsupported = 不支持 [html] 或 [moodle] 格式：请改用 [markdown] 或 [plain]
gift-points-unclosed = [points:N] 缺少 ]
gift-points-range = [points:N] 的 N 须为 1–100 的整数
gift-essay-unsupported = 答案块为空：这是问答题（essay）题型，Devolve 不支持
gift-numerical-unsupported = 答案块以 # 开头：这是数值题（numerical）题型，Devolve 不支持
gift-matching-unsupported = 答案中有 ->：这是匹配题（matching）题型，Devolve 不支持
gift-several-correct = 单选题只能有一个 = 正确答案；多选题请全部用 ~ 并写权重，例如 ~%50%
gift-no-correct-answer = 没有正确答案：单选题用 = 标出正确答案，多选题用 ~%50% 这样的正权重
gift-true-false-feedback = 判断题最多两段反馈：{"{"}T#答错时的反馈#答对时的反馈{"}"}
gift-no-answers = 答案块里没有以 = 或 ~ 开头的答案
gift-text-before-answers = 答案块开头有多余的文字：每个答案须以 = 或 ~ 开头
gift-weight-unclosed = 权重缺少结尾的 %（写法：~%50%选项）
gift-bad-weight = 权重“{ $weight }”无效：须为 -100 到 100 之间的数
gift-empty-answer = 有一个答案是空的：= 或 ~ 后面要写答案文字

## courses::source (course.toml, the module files, the courses/ tree)
course-file-unreadable = 无法读取：{ $error }
course-file-bad-toml = course.toml 格式错误：{ $error }
course-file-item-out-of-range = item = { $item } 不在附件2的 1–36 之内；导入的事项请用 item_code
course-file-item-missing = 须写 item（附件2序号）或 item_code（导入事项的编码）之一
course-file-folder-name = 文件夹名须以序号开头，例如 { $prefix }-xxx，现在是 { $slug }
course-file-module-name = 模块文件名须为 NN-名称.md，例如 01-materials.md
course-file-no-modules = 课程没有任何模块文件（NN-名称.md）
course-file-title-empty = title 不能为空
course-file-no-front-matter = 模块须以 +++ 开头的前置信息（title、minutes）开始
course-file-front-matter-unclosed = 前置信息缺少结尾的 +++
course-file-bad-front-matter = 前置信息格式错误：{ $error }
course-file-unreadable-dir = 无法读取目录：{ $error }
course-file-unknown-bureau = 未知的部门编码 { $bureau }
course-file-wrong-bureaus = bureaus 应为附件2中的责任单位 { $expected }，现在是 { $got }
course-file-duplicate-item = 与 { $other } 是同一个事项：每个事项只能有一门课程
