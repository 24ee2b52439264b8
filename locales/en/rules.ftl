# Messages and labels of the rules (src/domain), grouped by module. A rule returns a
# `Msg` with one of these keys; the web layer says it in the reader's language.

## Shared
# Between the items of a list inside a sentence (names of certified workers).
rules-list-separator = {", "}

## domain::accounts
accounts-cannot-disable-self = You cannot disable your own account: please ask another administrator to do it.
accounts-cannot-drop-own-admin = You cannot give up your own administrator role: please ask another administrator to do it.

## domain::attempt (instead of the quiz's start button)
attempt-modules-unfinished = Please finish all modules before taking the quiz ({ $done }/{ $total } done).
attempt-already-passed = You have already passed the quiz of this version; there is no need to take it again.
attempt-no-attempts-left = The quiz of this version may be taken at most { $max ->
        [one] once
       *[other] { $max } times
    }, and you have used all your attempts. Please ask a trainer to arrange a make-up training.
attempt-cooling-down = You did not pass the last attempt. Please review the material and try again after { $until } (Beijing time).

## domain::catalog (importing items; each message is shown with its line)
catalog-no-rows = The file contains no items: please add at least one row of data.
catalog-too-many-rows = At most { $max } items can be imported at once; please split the file.
catalog-duplicate-code = Code { $code } repeats line { $first }.
catalog-protected-code = Code { $code } is a common item of Appendix 2 of the implementation plan and cannot be changed by an import; please use another code.
catalog-no-bureaus = No responsible department: please enter at least one (separate several with "、" or ";").
catalog-unknown-bureau = Unknown responsible department "{ $bureau }": please use a department name or code known to the system.
catalog-bad-common = The value "{ $value }" in the "common" column is not valid: please enter yes or no.
catalog-bad-seq = The sequence number "{ $value }" is not valid: please enter a whole number from 1 to 100000, or leave it empty.
catalog-unreadable-header = The header row cannot be read: { $error }
catalog-missing-columns = The header row lacks required columns: code, name and bureaus are needed (common and seq are optional).
catalog-unreadable-row = This row cannot be read: { $error }
catalog-bad-toml = TOML syntax error: { $error }

## domain::certification
cert-gap-modules = Learning modules: { $done }/{ $total } done
cert-gap-session-pending = A required training session you enrolled in has not ended yet
cert-gap-make-up = { $open ->
        [one] One training session missed on leave still needs a make-up
       *[other] { $open } training sessions missed on leave still need a make-up
    }
cert-gap-disqualified = Too many absences without leave: enroll in the training again
cert-gap-quiz = The quiz has not been passed yet
cert-bad-months = The certificate validity "{ $value }" is not valid: please enter a number of months from 1 to 120 (the default is 24).
cert-state-active = Valid
cert-state-expiring = Expiring soon
cert-state-expired = Expired
cert-state-revoked = Revoked
cert-state-superseded = Renewed

## domain::course (what blocks publishing a version: a field and a message)
course-field-modules = Modules
course-no-modules = A course needs at least one learning module.
course-field-module = Module { $number }
course-field-module-titled = Module { $number } ({ $title })
course-module-title-empty = The module title must not be empty.
course-module-body-empty = The module text must not be empty.
course-module-minutes = The estimated study time must be 1–240 minutes.
course-field-bank = Question bank
course-bank-empty = The question bank needs at least one question.
course-field-question = Question { $number } ({ $title })
course-single-one-correct = A single-choice question must have exactly one correct option; it now has { $correct }.
course-single-two-choices = A single-choice question needs at least two options.
course-multi-weights = The positive weights of a multiple-choice question must add up to 100%; they now add up to { $positive }%.
course-short-full-marks = A short-answer question needs at least one answer worth full marks.
course-question-text-empty = The question text must not be empty.
course-field-pass = Pass mark
course-pass-range = The pass mark must be between 1 and 100.
course-field-time-limit = Time limit
course-time-limit-range = The time limit must be between 1 and 600 minutes.
course-field-draw = Questions drawn
course-draw-too-many = { $draw } questions are drawn per attempt, more than the { $bank } in the bank.
course-field-draw-category = Questions drawn ({ $category })
course-draw-category-too-many = { $draw } questions of category "{ $category }" are drawn per attempt, but the bank has only { $have }.

## domain::cst (dates and times typed in forms)
cst-bad-time = The time "{ $input }" is not in the right format: enter Beijing time like 2026-12-01 09:00.
cst-bad-date = The date "{ $input }" is not in the right format: enter it like 2026-12-01.

## domain::handling
handling-bad-threshold = The number of certified staff required, "{ $value }", is not valid: please enter a whole number from 1 to 20.
handling-mode-not-delegated = Not taken
handling-mode-direct = Handled directly
handling-mode-proxy = Forwarded
handling-explain-not-delegated = Not taken: this item is not delegated to this center. Please direct residents to the town (subdistrict) Party and public service center or to the city department.
handling-explain-proxy = Forwarded: { $required ->
        [one] one certified social worker is needed
       *[other] { $required } certified social workers are needed
    }, { $certified } available
handling-explain-direct = Handled directly: { $certified }/{ $required } certified: { $names }
handling-holder = { $name } (until { $until })
handling-holder-expiring = { $name } (until { $until }, expiring soon)
handling-forecast-direct = Unless someone renews or gains the certificate, the item turns to forwarding after { $until }.
handling-forecast-proxy = { $missing ->
        [one] One more certified social worker is needed to handle it directly.
       *[other] { $missing } more certified social workers are needed to handle it directly.
    }

## domain::names (identifiers and titles typed in forms)
names-bad-username = The username must be 3–32 lower-case letters, digits or _ . -, for example zhangsan01.
names-bad-code = The code { $code } is not valid: use 1–32 English letters, digits, _ or -.
names-title-empty = { $field } must not be empty.
names-title-too-long = { $field } must not be longer than { $max } characters.
names-title-control = { $field } contains invisible control characters; please remove them and try again.
names-bad-email = The email address "{ $email }" is not in the right format, for example zhangsan@zhaoyuan.gov.cn; you may also leave it empty.
names-bad-phone = The phone number "{ $phone }" is not in the right format: use only digits, spaces, + and -, for example 0535-8211234.

## domain::password
password-too-short = The password needs at least { $min } characters; please choose a longer one.
password-too-long = The password must not be longer than { $max } characters.
password-same-as-username = The password must not be the same as the username; please choose another.
password-common = This password is one of the 3,000 most common passwords and is easy to guess; please choose another.
password-mismatch = The two passwords do not match; please enter them again.

## domain::quiz (between the correct choices of a question)
quiz-answer-separator = {"; "}

## domain::staffing (labels of the roster's codes)
staffing-category-fulltime = Full-time staff
staffing-category-graduate2020 = 2020 graduate recruit
staffing-category-other = Other
staffing-position-window = One-stop service window
staffing-position-specialised = Specialized window
staffing-posting-serving = Serving
staffing-posting-seconded = On secondment
staffing-posting-departed = Left the post

## domain::staffing
staffing-needs-transfer = A generalist social worker in post cannot be disabled or given another role directly: staffing changes need the approval of the Organization Department. The town administrator files a request under "Staffing changes"; if the record was simply entered wrongly, an administrator records a correction on the worker's page.
staffing-correction-note-missing = Please explain the correction: what was wrong in the record, and on what basis.
staffing-correction-note-too-long = The correction note may be at most 500 characters.
staffing-correction-before-latest = A correction cannot take effect before the worker's latest record ({ $latest }): history can only be added to, not rewritten.
staffing-correction-too-far = A correction can take effect at most one year ahead.
staffing-bad-month = The month "{ $month }" is not recognized: please write it like 2026-11.
staffing-period-reversed = The end date cannot be before the start date.
staffing-period-too-long = A reporting period can be at most three years; please shorten it.
staffing-day-out-of-range = The date "{ $day }" is out of range: please enter a date between the years 2000 and 2100.
staffing-month-not-begun = { $ym } has not begun yet, so there is no supervision bulletin for it; please choose this month or an earlier one.
staffing-change-flat = No change

## domain::training (leave kinds are `leave-kind-*` in training.ftl)
training-sick-leave-too-late = Sick leave can be requested at most { $hours ->
        [one] one hour
       *[other] { $hours } hours
    } after the training starts, and that time has passed. Please contact your town (subdistrict) administrator to explain.
training-leave-after-start = Leave must be requested before the training starts; after it starts, only sick leave can still be requested. In special cases, please contact your town (subdistrict) administrator.
training-leave-dates-reversed = The leave's end date cannot be before its start date.
training-leave-too-long = A single leave cannot be longer than 90 days; please request it in parts.
training-session-outside-leave = The chosen training is on { $day }, outside the leave dates; please adjust the leave dates.
training-no-room = Not enough places: the capacity is { $capacity }, { $enrolled } already enrolled, and { $adding } more would be added. Please add fewer people or raise the capacity.
training-reject-needs-comment = When rejecting a leave request, please write a comment telling the generalist social worker why.
training-session-ends-too-early = The end time must be after the start time.
training-session-no-place = Please enter the training venue or an online link.
training-session-bad-capacity = The capacity must be a whole number from 1 to 2000.
training-session-no-items = Please choose at least one item for the training.

## domain::transfer (kinds are `transfer-kind-*` in roster.ftl)
transfer-status-pending = awaiting Organization Department approval
transfer-status-approved = approved
transfer-status-rejected = rejected
transfer-status-withdrawn = withdrawn
transfer-reason-missing = Please give the reason for the change.
transfer-reason-too-long = The reason may be at most 500 characters.
transfer-destination-too-long = The destination may be at most 200 characters.
transfer-worker-departed = This worker has already left the post; no change request is needed.
transfer-starts-before-today = The effective date cannot be before today.
transfer-starts-too-far = The effective date can be at most one year ahead.
transfer-pending-from = This worker already has a change taking effect on { $date }; please file a new request after that day.
transfer-end-only-secondment = Only a secondment has an end date.
transfer-choose-center = Please choose the center the worker moves to.
transfer-other-town = A worker can only move to a center of the same town (subdistrict); for a move to another town, the two towns agree and each files its own request.
transfer-same-place = The new center and position are the same as now; please choose again.
transfer-secondment-work-missing = Please enter the work the worker is seconded to.
transfer-already-seconded = This worker is already on secondment.
transfer-secondment-ends-early = The secondment's end date cannot be before its start date.
transfer-replacement-zone-only = "Reassignment as unsuitable" applies only to social workers at zone centers; for a town center's worker, please choose another type.
transfer-center-only-move = Only a move needs a destination center.
transfer-comment-too-long = The approval comment may be at most 500 characters.
transfer-reject-needs-comment = When rejecting, please write a comment giving the reason.

## store::supervision::stability (what a number of the stability report counts)
stab-metric-headcount = Window staff
stab-metric-serving = Staff serving
stab-metric-requested = Change requests
stab-metric-approved = Approved changes
stab-metric-rejected = Rejected changes
stab-metric-departures = Departures
stab-metric-tenure = Days in post
stab-metric-new = Under 90 days in post
stab-metric-absences = Absences without leave
stab-metric-overdue = Overdue report-backs
stab-metric-pending = Requests awaiting approval
