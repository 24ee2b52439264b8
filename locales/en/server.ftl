# Messages and labels built by the web handlers and the stores (Rust `Msg` keys and
# `t_in` labels), grouped by module.

## store::api_tokens
tokens-already-revoked = This token has already been revoked or does not exist.

## store::attempts
attempt-reload-retry = Please reload the page and try again.
attempt-no-such-question = This question is not part of the quiz. Please reload the page and try again.

## store::certificates
certs-already-revoked = This certificate has already been revoked or replaced by a newer one; there is nothing to revoke.

## store::courses (import errors; the import summary is printed for the operator)
course-import-no-item = { $slug }: there is no item with code { $code }. Check the item code in the course file.
course-import-bureaus-differ = { $slug }: bureaus { $named } do not match the item's responsible units { $expected }. Correct the course file's bureaus.
course-version-already-published = This version has already been published and can no longer be changed. Please start a new edit.
course-published-not-deletable = A published version cannot be deleted.
course-import-created = { $name }: new course, version { $number }
course-import-new-version = { $name }: content changed, published version { $number }
course-import-unchanged = { $name }: unchanged (version { $number })
course-import-failed = { $name }: import failed: { $error }

## store::training
training-closed-no-enrol = This session has been cancelled or is over; no more enrolments are possible.
training-session-closed = This session is already over or cancelled.
training-leave-already-decided = This leave request has already been decided.
training-no-report-back-needed = This leave does not need a report-back, or you have already reported back.

## store::transfer_impact (the worker's open training obligations)
impact-enrolled = Enrolled in the session “{ $title }” ({ $at })
impact-makeups = “{ $item }”: { $count ->
    [one] { $count } session missed on leave awaits a make-up
   *[other] { $count } sessions missed on leave await a make-up
}
impact-disqualified = “{ $item }”: disqualified from training for unexcused absence; must enrol again

## store::transfers
transfer-already-pending = This worker already has a staffing change request awaiting approval. Wait for the Organization Department's decision or withdraw that request first.
transfer-already-pending-raced = This worker already has a staffing change request awaiting approval.
transfer-not-pending-decide = This request is { $status } and can no longer be decided.
transfer-not-pending-withdraw = This request is { $status } and can no longer be withdrawn.
transfer-no-longer-worker = This account is no longer a generalist social worker, so the change cannot be carried out. Please reject the request.
transfer-center-changed = The worker's center has changed since the request was filed. Please reject it and file a new request.

## store::users (the unit an account belongs to)
users-city-role-no-unit = The role { $role } belongs to the whole city; leave the unit empty.
users-role-needs-bureau = The role { $role } needs the code of its bureau.
users-role-needs-town = The role { $role } needs the code of its town (subdistrict).
users-role-needs-center = The role { $role } needs the code of its Party and public service center.
users-no-such-bureau = There is no bureau with code { $code }.
users-no-such-town = There is no town (subdistrict) with code { $code }.
users-no-such-center = There is no Party and public service center with code { $code }.

## store::supervision::stability (who stands behind a number of the report)
stab-fact-window = One-stop service window, at this center since { $since }
stab-fact-serving = { $position }, at this center since { $since }
stab-fact-tenure = { $days ->
    [one] { $days } day
   *[other] { $days } days
} at this center (since { $since })
stab-fact-new = At this center since { $since }: { $days ->
    [one] { $days } day
   *[other] { $days } days
} up to { $to }
stab-fact-requested = Requested: { $kind } ({ $status })
stab-fact-approved = Approved: { $kind }
stab-fact-approved-from = Approved: { $kind }, effective { $date }
stab-fact-rejected = Rejected: { $kind }
stab-fact-pending = Requested: { $kind }, awaiting the Organization Department's decision
stab-fact-moved-to = Moved to { $center }
stab-fact-left = Left the post
stab-fact-absent = { $at } “{ $title }”: absent without leave
stab-fact-overdue = Leave { $from } to { $to }, report-back due by { $due }; { $back }
stab-fact-back-late = reported back only on { $date }
stab-fact-not-back = has not reported back yet
stab-kind-other = staffing change

## mail::transport (kept on the outbox row, in the default language)
mail-error-address = Invalid recipient address: { $detail }
mail-error-build = The message could not be built: { $detail }
mail-error-file = Writing the mail file failed: { $detail }
mail-error-smtp = Sending by SMTP failed: { $detail }

## web (shared)
field-problem = { $field }: { $problem }
users-username-taken = The username { $username } is already taken. Please choose another.

## web::admin_users
admin-users-choose-role = Please choose a role.
admin-users-password-reset = The password has been reset, and every login session of this account has been ended.

## web::roster
roster-choose-category = Please choose a staff category.
roster-choose-position = Please choose a position.
roster-choose-posting = Please choose a posting status.
roster-choose-own-center = Please choose a center of your own town (subdistrict).
roster-cause-hire = Newly hired
roster-cause-return = Back from secondment
roster-cause-correction = Administrator's correction
roster-cause-other = Other
roster-field-town = Town centers
roster-field-zone = Integrated development zones

## web::transfers
transfers-bad-status = The status can only be pending, approved, rejected or withdrawn.
transfers-choose-worker = Please choose the worker to change from the roster.
transfers-choose-kind = Please choose the kind of staffing change.
transfers-choose-decision = Please choose to approve or to reject.

## web::attendance (check-in, leave, report-back)
checkin-choose-session = Please choose the session to check in to.
checkin-not-enrolled = You are not enrolled in this session, so you cannot check in. If you need to attend, please contact the trainer.
checkin-session-closed = This session is over or cancelled; check-in is not possible.
checkin-too-early = Check-in opens { $minutes } minutes before the session starts. Please try again later.
checkin-over = The session is over; check-in is closed.
checkin-bad-code = The check-in code is wrong or has expired: it changes every minute. Enter the code shown at the session right now.
checkin-done-already = You have already checked in; there is no need to check in again.
checkin-done-late = Checked in. You are late, so this attendance is recorded as late.
checkin-done = Checked in.
leave-choose-kind = Please choose the kind of leave: sick, personal or official.
leave-field-reason = Reason for leave
leave-choose-sessions = Please choose the training sessions the leave is for.
leave-not-enrolled = You are not enrolled in one of the chosen sessions, so no leave is needed for it. Please reload the page and choose again.
leave-session-problem = “{ $title }”: { $problem }
leave-not-started = The leave has not started yet, so you cannot report back.

## web::training_admin
leave-choose-decision = Please choose to approve or to reject.
leave-field-comment = Comment

## web::sessions
sessions-closed-no-edit = A session that is over or cancelled cannot be changed.
sessions-no-such-town = There is no such town (subdistrict).
sessions-no-such-center = There is no such Party and public service center.
sessions-no-such-worker = There is no generalist social worker with this username. Please check the username.
sessions-bad-mark = Invalid attendance status: choose present, late, leave, unexcused absence or not marked.
sessions-closed-no-mark = The session is over; attendance can no longer be changed.

## web::centers
centers-choose-town = Please choose the town (subdistrict) it belongs to.

## web::course_author (the draft's forms)
course-form-number-range = { $field } must be a whole number from 0 to { $max }.
course-form-per-category-line = Line { $line } of the per-category draw must read “category=count”.
course-form-per-category-count = The per-category count
course-form-max-attempts = Maximum attempts
course-form-cooldown = Cool-down time
course-form-minutes = Estimated study time
course-form-body-too-long = The module text is too long. Please split it into several modules.
course-form-line-problem = Line { $line }: { $problem }
course-form-choose-change-kind = Please choose whether this change is a “major revision” or a “wording revision”.
course-form-fix-before-publish = Please fix the following problems before publishing.

## web::catalog (uploading the item catalog)
catalog-upload-unreadable = The upload could not be read. Please choose the file and upload it again.
catalog-upload-broken = The upload was interrupted. Please upload again.
catalog-upload-too-large = The file is larger than 2 MB. Please split it and import the parts one by one.
catalog-upload-missing = No file was received: please choose a CSV or TOML file and import again.
catalog-upload-not-utf8 = The file is not UTF-8 encoded: in Excel, use “Save as CSV UTF-8” and import again.

## web::certificates
certs-no-such-item = There is no item with this code. Please choose an item from the list.
certs-verify-not-found = There is no such certificate. Check that the QR code or link on the certificate is complete.

## web::course_view
question-kind-single = Single choice
question-kind-multi = Multiple choice
question-kind-true-false = True or false
question-kind-short = Short answer
course-analysis-no-version = This course has no published version yet, so there are no statistics.

## web::attempts
attempt-time-up-submitted = Time is up: the quiz was submitted with the answers saved so far.
attempt-no-answer = (not answered)

## web::auth, web::account
login-throttled = Too many failed logins, so logging in is paused. Please try again in { $minutes } minutes, or ask an administrator to reset your password.
login-failed = The username or password is wrong, or the account is disabled. Please check and try again.
account-wrong-password = The current password is wrong. Please enter it again.

## web::api_tokens
tokens-field-name = Token name
tokens-choose-scope = Please choose what the token may read: the whole city or one town (subdistrict).

## web::session, web::language, web::handling, web::health
form-too-large = The form is larger than the { $max } KB limit. Please shorten it (for example, split a long module into several) and submit again.
form-field-too-long = The field "{ $field }" is too long: at most { $max } characters, it has { $actual }. Please shorten it and submit again.
request-timeout = The server took more than { $seconds } seconds on this request and stopped waiting for it. If you were saving or submitting something, reload the page to see whether it took effect before doing it again; if this keeps happening, tell the administrator.
api-page-out-of-range = page must be a whole number from 1 to { $max }.
api-per-page-out-of-range = per_page must be a whole number from 1 to { $max }.
form-unreadable = What you sent is too large or could not be read. Please shorten it and try again.
form-invalid = The form has a problem ({ $detail }). Please check it and submit again.
lang-choose = Please choose “中文” (Chinese) or “English”.
handling-bad-selection = A chosen item is not valid. Please reload the page and tick the items again.
health-db-down = The database does not respond

## web::reports (the stability report and the monthly bulletin, pages and downloads)
stab-notes-period = { rep-period }: { $from } to { $to }
stab-people-bad-metric = The figure “{ $metric }” is not known. Please open the list by clicking a number in the stability report.
stab-people-no-place = Name a Party and public service center (center) or a town (town). Please open the list by clicking a number in the stability report.
stab-people-no-such-place = There is no center or town (subdistrict) with code “{ $code }”. Please open the list by clicking a number in the stability report.
bull-no-previous-month = { $month } has no previous month to compare with. Please choose another month.
bull-month-name = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
bull-short-center = { $name } ({ $window }/{ $required })
bull-mom-head-now = { $figure } (this month, { $month })
bull-mom-head-before = { $figure } (previous month, { $month })
bull-mom-head-delta = { $figure } (change)
