# Charts drawn on the server (issue 7): titles, captions, axis labels, legends, and the
# sentences that give a chart's figures in words to screen readers.

chart-figures = The figures in this chart
chart-no-data = No data yet
chart-separator = {"; "}
chart-month = Month

chart-coverage-title = Certification coverage of the common items by town
chart-coverage-caption = Each bar is the share of the { $common } common items for which at least one serving generalist social worker of the town holds a valid certificate (as of today).
chart-coverage-axis = Common items covered (%)
chart-coverage-bar = { $town } { $covered }/{ $common } items ({ $share })
chart-coverage-town = Town / subdistrict
chart-coverage-covered = Items covered
chart-coverage-share = Coverage

chart-completion-title = Attendance rate over the last 12 months
chart-completion-caption = Attendance rate = attended (including late) ÷ enrolments marked, by the month the session started (Beijing time), in the same scope as the table below; a gap in the line is a month without a marked session.
chart-completion-axis = Attendance rate (%)
chart-completion-point = { $month }: { $rate } ({ $attended }/{ $marked })
chart-completion-marked = Enrolments marked
chart-completion-attended = Attended (incl. late)
chart-completion-rate = Attendance rate

chart-handling-title = How each town handles each item
chart-handling-caption = One row per town, one column per item (numbered as in the table below). Green: every center taking the item handles it directly; half green, half orange: some centers do; orange: forwarded online (proxy) only; empty: not taken.
chart-handling-direct = All direct
chart-handling-partly = Some direct
chart-handling-proxy = Proxy
chart-handling-none = Not taken
chart-handling-town = { $town }: all direct { $direct }, some direct { $partly }, proxy { $proxy }, not taken { $none }

chart-attendance-title = Training attendance over the last 12 months
chart-attendance-caption = Each column is one month (by session start, Beijing time): sessions attended (including late), excused leave and unexcused absences. Sessions not marked yet are left out.
chart-attendance-axis = Sessions
chart-attendance-attended = Attended
chart-attendance-excused = Excused leave
chart-attendance-absent = Absent
chart-attendance-month = { $month }: attended { $attended }, excused { $excused }, absent { $absent }

chart-scores-title = Score distribution
chart-scores-caption = Each column is the number of quiz attempts whose score (out of 100) falls in that 10-point band.
chart-scores-axis = Attempts
chart-scores-band = Score band
chart-scores-count = Attempts
chart-scores-bin = { $band }: { $count } { $count ->
        [one] attempt
       *[other] attempts
    }
