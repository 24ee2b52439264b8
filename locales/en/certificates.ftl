## Certificates, direct/forwarded handling matrix, public verification, API tokens
nav-certificates = Certificates
nav-my-certificates = My certificates
nav-handling = Handling matrix
nav-api-tokens = API tokens
common-filter = Filter
common-clear = Clear
centers-name = Center name

certs-title = Item certificates
certs-none = No matching certificates.
certs-filter-item = Item code
certs-number = Certificate no.
certs-holder = Holder
certs-item = Item
certs-bureau = Issuing department
certs-state = Status
certs-valid-until = Valid until
certs-until = Until { $date }
certs-issued-on = Issued on
certs-version = Course version { $number }
certs-version-label = Course version
certs-refresher-due = Refresher due by { $date }
certs-issuer = Public Service Delegation Training and Certification
certs-heading = Certificate of Competence
certs-body-1 = This is to certify that { $holder } ({ $center }) has completed the course, classroom training and quiz for the following delegated item:
certs-body-2 = and is qualified to accept this item at the one-stop window of a service center and handle it directly.
certs-qr-alt = Certificate verification QR code
certs-qr-caption = Scan to verify this certificate and its status
certs-print = Print
certs-print-hint = Print on A4 paper; navigation and buttons are not printed.
certs-revoke = Revoke certificate
certs-revoke-hint = Once revoked, the holder no longer counts toward their center's direct-handling staff, and the center may switch to forwarding the item online immediately. Revocation is recorded in the audit log and the holder is notified.
certs-revoke-reason = Reason for revocation
certs-revoked-because = This certificate has been revoked. Reason: { $reason }

verify-title = Certificate verification
verify-valid-note = This certificate is genuine and valid.
verify-invalid-note = This certificate is currently not valid; the holder may not handle this item directly for now.
verify-not-found = Certificate not found
verify-not-found-hint = Check that the QR code or link is complete. If the certificate still cannot be verified, contact the issuing department.

handling-title = How items are handled
handling-intro = An item delegated to this center is handled directly when enough of the center's own generalist social workers hold valid certificates; otherwise it is accepted here and forwarded online (to the city department for processing).
handling-summary = Handling
handling-counts = Handled directly: { $direct } · Forwarded: { $proxy }
handling-item = Item
handling-mode = Handling
handling-reason = Basis
handling-direct = Items handled directly
handling-proxy = Items forwarded
handling-direct-count = { $certified }/{ $required } social workers certified
handling-proxy-count = Needs { $required ->
        [one] { $required } certified social worker
       *[other] { $required } certified social workers
    }, has { $certified }
handling-not-delegated = Not delegated to this center
handling-notice-link = Print the "Items handled directly at this center" notice
handling-town-title = Handling by center

heatmap-title = Citywide handling matrix
heatmap-intro = Each cell shows how many of the town's centers that take the item can handle it directly. Direct handling requires the center's own generalist social workers with valid certificates: { $town } at a town center, { $zone } at a zone center.
heatmap-town = Town (subdistrict)
heatmap-zone-items = Items delegated to zones
heatmap-centers = { $count ->
        [one] { $count } center
       *[other] { $count } centers
    }
heatmap-noncompliant = Fewer than 5 items; does not meet the plan's requirement
heatmap-legend = Color shows the share of centers that can handle the item directly.

thresholds-title = Certified staff required for direct handling
thresholds-hint = Changes apply immediately: every center's handling is recalculated against the new thresholds.
thresholds-town = Town center
thresholds-zone = Zone center

zone-items-title = Items delegated to zones
zone-items-compliant = { $count ->
        [one] { $count } item
       *[other] { $count } items
    } selected, meeting the plan's requirement of at least { $min }.
zone-items-noncompliant = Only { $count ->
        [one] { $count } item is
       *[other] { $count } items are
    } selected; the plan requires at least { $min ->
        [one] { $min } item
       *[other] { $min } items
    } to be delegated to zones.
zone-items-save = Save selection

notice-title = Items handled directly at this center
notice-as-of = As of { $date }
notice-until = Handled directly until { $date }
notice-no-direct = This center currently has no items it can handle directly.
notice-proxy-title = Items accepted here and forwarded online
notice-proxy-intro = For the following items, you can submit documents at this center's window; staff forward them online to the city department for processing.
notice-other = For other items, please ask the window staff, or go to the town service center or the city department concerned.
notice-qr-alt = QR code for items handled directly
notice-qr-caption = Scan for the latest list of items handled directly

item-handling-title = Delegation and certificates
item-delegated = Delegated to towns
item-cert-months = Certificate validity
item-cert-months-value = { $months ->
        [one] { $months } month
       *[other] { $months } months
    }
item-certificates-link = Certificates for this item

home-manager-todo-staffing = Staffing compliance (at least 3 at a town center, 2 at a zone center)
home-worker-certificates = My certificates
home-worker-no-certificates = You do not hold any item certificates yet. A certificate is issued automatically once you complete the course, attend the mandatory training and pass the quiz.

tokens-title = API tokens
tokens-intro = Lets external systems, such as the single-window intake system, look up which items each center handles directly or forwards. Tokens are read-only, can be limited to one town (subdistrict), and can be revoked at any time.
tokens-new = Issue new token
tokens-name = Name
tokens-name-example = e.g. Single-window intake system
tokens-scope = Read scope
tokens-scope-city = Whole city
tokens-issue = Issue
tokens-issued = Token issued. It is shown only this once: copy it now and keep it safe. If it is lost, it can only be revoked and a new one issued.
tokens-created = Issued
tokens-last-used = Last used
tokens-revoke = Revoke
tokens-revoked = Revoked { $at }
tokens-none = No tokens issued yet.

learn-certificate = Certificate for this item
learn-gaps = A certificate is issued automatically once you meet these requirements:
learn-gaps-none = All certificate requirements met.
learn-refresher = A major revision of this course has been published. Study the changed modules and pass the new quiz by { $date }; otherwise your certificate will lapse after that date.
learn-center-mode = This center: { $mode }
learn-center-missing = { $count ->
        [one] { $count } more certified social worker needed
       *[other] { $count } more certified social workers needed
    }
learn-order-hint = Items your center cannot yet handle directly are listed first: once you are certified, your center may be able to handle them directly.
