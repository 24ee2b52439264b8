## Devolve — English. All text used in the templates lives here (the default language is Simplified Chinese).

app-name = Public Service Delegation Training and Certification Platform
app-city = Zhaoyuan City
footer = Zhaoyuan City Public Service Delegation Task Force · Based on the 2021 Implementation Plan for Delegating Public Services (Zhao Zheng Ban Fa [2021] No. 7)
demo-banner = Demo data: this system is running in demo mode. All people and data are fictitious and for trial use only.

## Roles
role-admin = Task force administrator
role-trainer = Department trainer
role-manager = Town administrator
role-worker = Generalist social worker
role-orgdept = Organization Department

## Navigation
nav-home = Home
nav-items = Delegated items
nav-my-items = Department items
nav-towns = Towns (subdistricts)
nav-centers = Service centers
nav-my-centers = Town centers
nav-users = Accounts
nav-catalog = Import items
nav-audit = Audit log
nav-account = My account
nav-logout = Log out

## Common
common-save = Save
common-cancel = Cancel
common-back = Back
common-prev = Previous
common-next = Next
common-page = Page { $number } of { $pages } · { $total ->
        [one] { $total } record
       *[other] { $total } records
    }
common-yes = Yes
common-no = No
common-none = None
common-search = Search
common-code = Code
common-name = Name
common-actions = Actions
common-not-yet-title = Features not yet available
common-not-yet-intro = The following features are under construction and not available in this version:

## Login
login-title = Log in
login-heading = Log in to the Public Service Delegation Training and Certification Platform
login-intro = Department trainers, town administrators, generalist social workers, the Organization Department and the task force: please log in with the account assigned to you.
login-username = Username
login-password = Password
login-submit = Log in
login-forgot = Forgot your password? Ask your unit's administrator to reset it.
login-password-changed = Your password has been changed and all sessions have been ended. Please log in again with your new password.

## Error pages
error-title-bad-request = Bad request
error-title-forbidden = Access denied
error-title-not-found = Not found
error-title-too-many = Too many requests
error-title-unavailable = The server is busy
error-title-generic = Something went wrong
error-status = Error code { $status }
error-go-home = Go to home page
error-go-back = Go back

## Home page for each role
home-admin-title = Task force home
home-admin-heading = Public service delegation citywide
home-stat-items = Delegated items
home-stat-common = Of which common items
home-stat-towns = Towns (subdistricts)
home-stat-centers = Service centers
home-stat-zones = Of which zone centers
home-stat-pilots = Pilot zones
home-accounts = Accounts by role
home-recent = Recent activity
home-admin-todo-4 = Staff stability, secondment approvals and monthly supervision bulletins

home-trainer-title = Trainer home
home-trainer-heading = Delegated items your department is responsible for
home-trainer-intro = Your department is responsible for training on { $count ->
        [one] { $count } item
       *[other] { $count } items
    }.
home-trainer-courses = Write and publish courses

home-manager-title = Town administrator home
home-manager-heading = Service centers in this town (subdistrict)
home-manager-workers = This town (subdistrict) has { $count ->
        [one] { $count } social worker account
       *[other] { $count } social worker accounts
    }.
home-manager-add-zone = New zone center
home-manager-todo-1 = Social worker roster and positions
home-manager-todo-3 = Submit secondment requests (Organization Department approval required)

home-worker-title = Social worker home
home-worker-heading = Hello, { $name }
home-worker-center = Your center
home-worker-town = Town (subdistrict)
home-worker-items = { $count ->
        [one] { $count } common item has
       *[other] { $count } common items have
    } been delegated to service centers citywide.
home-worker-learn = Start learning

home-orgdept-title = Organization Department home
home-orgdept-heading = Generalist social workers by town (subdistrict)
home-orgdept-todo-1 = Approve social worker secondment and staffing change requests
home-orgdept-todo-2 = Staff stability statistics and monthly supervision bulletins

## Items
items-title = Delegated items
items-heading = List of delegated items
items-intro = The 36 common items listed in Annex 2 of the implementation plan, plus other basic items imported by the task force.
items-intro-bureau = These are the delegated items your department is responsible for.
items-search-placeholder = Search by name or code
items-common-only = Common items only
items-seq = No.
items-name = Item name
items-bureaus = Responsible departments
items-common = Common
items-empty = No matching items.
item-title = Item details
item-code = Item code
item-source = Source
item-source-plan = Implementation plan, Annex 2 (common item)
item-source-import = Imported by the task force
item-course-link = View this item's course

## Centers, towns and subdistricts
centers-title = Service centers
centers-heading = Service centers
centers-intro = Each town (subdistrict) has one town service center, with zone centers under it.
centers-level = Level
centers-level-town = Town center
centers-level-zone = Zone center
centers-pilot = Pilot
centers-demo = Demo
centers-town = Town (subdistrict)
centers-workers = Social workers
centers-new-zone = New zone center
center-title = Center details
center-roster = Social workers
center-roster-empty = No social worker accounts yet.
center-roster-hidden = The staff list is visible only to this town's administrator, the Organization Department and the task force.
center-offices = The 7 station offices of the "1+7" operating model
center-offices-delegated = Delegated by { $bureau }
center-window = Integrated one-stop window (single-window intake)
center-window-note = A town center needs at least 3 generalist social workers, and a zone center at least 2. Staffing compliance checks will be available in a later version.
towns-title = Towns (subdistricts)
towns-heading = 14 towns (subdistricts)
towns-centers = Centers
towns-zones = Zones
towns-workers = Social workers
town-title = Town (subdistrict) details
zone-new-title = New zone center
zone-new-intro = The implementation plan does not list the zones; the task force or town administrators enter them here.
zone-town = Town (subdistrict)
zone-town-choose = Select
zone-name = Center name
zone-name-hint = e.g. Linglong Town Taishang Zone Service Center
zone-pilot = One of the 15 pilot zones
zone-create = Create

## Accounts
users-title = Accounts
users-heading = Accounts
users-new = New account
users-filter-role = Filter by role
users-all-roles = All roles
users-username = Username
users-display-name = Full name
users-role = Role
users-email = Email (for notifications, optional)
users-unit = Unit
users-status = Status
users-active = Active
users-inactive = Disabled
users-empty = No matching accounts.
user-new-title = New account
user-new-unit-hint = Set the unit according to the role: a department for trainers, a town (subdistrict) for town administrators, a center for social workers. Not needed for the task force or the Organization Department.
user-bureau = Department (trainers)
user-town = Town (subdistrict) (administrators)
user-center = Center (social workers)
user-choose = Select
user-password = Initial password
user-password-hint = At least 8 characters, and not the same as the username.
user-confirm = Confirm password
user-create = Create account
user-title = Account details
user-created = Created
user-password-changed = Password last changed
user-disable = Disable account
user-disable-hint = Disabling the account immediately ends all its sessions, and it can no longer log in.
user-enable = Re-enable account
user-reset = Reset password
user-reset-hint = Resetting the password ends all of this account's sessions.
user-change-role = Change role
user-change-role-hint = Changing the role ends all of this account's sessions and is recorded in the audit log.
user-demo = Demo account

## Item import
catalog-title = Import items
catalog-heading = Import the delegated item catalog
catalog-intro = The implementation plan lists 295 basic items in total; its annexes list only the 36 common items among them. The remaining items can be imported here in bulk.
catalog-format = File format
catalog-format-csv = CSV (UTF-8): the header row must include code, name and bureaus (or their Chinese names, as in the sample below); common and seq are optional. Separate multiple responsible departments with ";" (or the Chinese enumeration comma).
catalog-format-toml = TOML: one [[item]] per item, with the fields code, name, bureaus (an array), common and seq.
catalog-rule = If any line in the file has an error, no items are imported; fix each line as indicated and upload the file again. Importing an existing code again updates that item. Common items (C01–C36) cannot be changed by import.
catalog-file = Choose file
catalog-submit = Import
catalog-errors = The file "{ $file }" has the following problems; no items were imported:
catalog-line = Line { $line }
catalog-done = Import complete: { $created } added, { $updated } updated.

## Audit log
audit-title = Audit log
audit-heading = Audit log
audit-intro = Every important decision (course publication, certificate issue and revocation, leave approval, staffing change requests and approvals, account and role changes, API tokens) leaves an append-only record that cannot be changed or deleted.
audit-at = Time (Beijing time)
audit-actor = By
audit-action = Action
audit-target = Target
audit-detail = Details
audit-system = System

## My account
account-title = My account
account-heading = My account
account-change-password = Change password
account-current = Current password
account-new = New password
account-confirm = Confirm new password
account-submit = Change password
account-note = After you change your password, you are logged out on all devices and must log in again with the new password.
skip-to-content = Skip to content

# Punctuation between labels and data: Chinese full-width, English with spaces.
punct-colon = { ": " }
punct-list = { ", " }
punct-open = { " (" }
punct-close = { ")" }
punct-comma = { ", " }
punct-quote-open = { "“" }
punct-quote-close = { "”" }
