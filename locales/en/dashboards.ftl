## Home pages: what each role must act on next (to-do cards) and the plan's progress

dash-more = and { $count } more
# trainer
dash-close-label = sessions over with attendance still to close
dash-close-oldest = Oldest: { $title } (ended { $ended })
dash-close-none = No session is waiting to be closed
dash-makeups-label = excused absences waiting for a make-up session
dash-makeups-item = { $item }: { $count }
dash-makeups-none = No make-up session to schedule
dash-courses-label = items whose course needs publishing
dash-courses-unpublished = { $count ->
        [one] { $count } item has
       *[other] { $count } items have
    } no published course yet
dash-courses-drafts = { $count ->
        [one] { $count } draft
       *[other] { $count } drafts
    } waiting to be published
dash-courses-none = Every course of your bureau is published and no draft is waiting
# organization department
dash-transfers-label = staffing change requests to decide
dash-transfers-waiting = waiting { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
dash-short-label = centers below the one-stop window minimum
dash-short-center = { $name }: { $count } short
dash-short-none = Every center meets its one-stop window minimum
dash-stability-label = staff stability warnings
dash-stability-ending = { $count ->
        [one] { $count } secondment ends
       *[other] { $count } secondments end
    } within 30 days
dash-stability-ending-one = { $name } ({ $center }) seconded until { $date }
dash-stability-departures = { $count ->
        [one] { $count } person has
       *[other] { $count } people have
    } left this month
dash-stability-departed-one = { $name } ({ $date })
dash-stability-none = No secondment ends within 30 days and nobody has left this month
# admin
dash-losing-none = No center turns from direct to forwarded handling within 30 days
dash-failed-label = emails failed to send
dash-failed-hint = See why in the outbox and resend them
dash-failed-none = No email has failed
dash-selection-label = towns with fewer than { $min } items chosen for their zones
dash-selection-town = { $name }: { $count } chosen
dash-selection-none = Every town with zone centers has chosen enough items
# the plan's progress, city-wide and per town
dash-plan-city = City-wide
dash-plan-by-town = By town
dash-plan-town = Town (subdistrict)
dash-plan-pilot-col = Pilot zones (by { $due })
dash-plan-all-col = All centers (by { $due })
dash-plan-bar-pilot = { $town }: pilot zones handling directly
dash-plan-bar-all = { $town }: all centers handling directly
dash-plan-none = nothing taken
dash-plan-no-pilots = no pilot zone
# a worker's course page
dash-course-progress = Your progress
dash-course-progress-label = Course progress
dash-course-percent = { $percent }% complete
dash-course-quiz-open = Quiz not passed yet
