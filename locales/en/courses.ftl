## Courses (trainers)
nav-courses = Courses
nav-learn = Learn
courses-title = Courses
courses-heading = Courses for delegated items
courses-intro = Each delegated item has one course, written and published by the department responsible for the item. Trainers from other departments can view it but not change it.
courses-none = No course yet
courses-published = Version { $number } published
courses-draft = Draft in progress
courses-open = View
courses-start = Start writing
course-title = Course
course-item = Item
course-versions = Version history
course-version = Version
course-status = Status
course-status-draft = Draft
course-status-published = Published
course-change = Revision type
course-change-major = Major revision
course-change-minor = Wording revision
course-note = Version notes
course-published-at = Published (Beijing time)
course-latest = Current version
course-modules-count = { $count ->
        [one] { $count } module
       *[other] { $count } modules
    }
course-questions-count = Question bank: { $count ->
        [one] { $count } question
       *[other] { $count } questions
    }
course-quiz-summary = { $draw ->
        [one] { $draw } question
       *[other] { $draw } questions
    } per attempt · { $minutes } min time limit · pass mark { $pass } (out of 100) · max. attempts: { $attempts } · { $cooldown } min wait after a failed attempt
course-edit = Edit new version
course-continue = Continue editing draft
course-read-only = You can view this course; only trainers of the responsible department and the task force can change it.
course-analysis = Quiz statistics
course-export = Export (zip)
course-view = View

## Draft editing
draft-title = Edit course draft
draft-intro = Published versions are never changed. Changes made here are saved in the draft and become a new version when published.
draft-settings = General and quiz settings
draft-course-title = Course title
draft-draw = Questions drawn per attempt (0 = all)
draft-per-category = Questions per category (one "category=number" per line; leave empty to draw by total)
draft-shuffle = Shuffle answer options
draft-time-limit = Time limit (minutes)
draft-pass = Pass mark (out of 100, 1–100)
draft-max-attempts = Maximum attempts (0 = unlimited)
draft-cooldown = Wait after a failed attempt (minutes)
draft-save = Save
draft-modules = Learning modules
draft-module-add = Add module
draft-module-edit = Edit
draft-module-delete = Delete
draft-questions = Question bank (GIFT format)
draft-questions-help = Write the question bank in Moodle's GIFT format: $CATEGORY: category; ::Title::Question{"{"} =right ~wrong #feedback {"}"}; multiple answers {"{"}~%50%A ~%50%B ~%-100%C{"}"}; true/false {"{"}T{"}"} or {"{"}F{"}"}; short answer {"{"}=answer one =answer two{"}"}; ####general feedback. Leave a blank line between questions.
draft-questions-save = Save question bank
draft-problems = Issues to resolve before publishing
draft-no-problems = Pre-publication checks passed.
draft-preview = Preview
draft-publish = Publish
draft-publish-kind = This change is a
draft-publish-major = Major revision: the rules for handling the item have changed, and certificate holders must study again
draft-publish-minor = Wording revision: only the wording changed; existing certificates are not affected
draft-publish-note = Version notes
draft-publish-button = Publish new version
draft-discard = Discard draft
draft-discard-hint = Discarding deletes all changes in the draft; published versions are not affected.
module-form-title = Edit module
module-form-new = Add module
module-title = Module title
module-minutes = Estimated study time (minutes)
module-body = Body (Markdown)
module-body-hint = Markdown is supported: ## subheadings, - lists, **bold**, tables. HTML and scripts are removed.
module-save = Save module
preview-title = Course preview
preview-draft-note = This is a draft preview; learners cannot see it.
preview-version = Version { $number }
preview-correct = Correct answer
preview-options = Options and weights
preview-points = { $points ->
        [one] { $points } point
       *[other] { $points } points
    }
preview-general = General feedback

## Quiz statistics
analysis-title = Quiz statistics
analysis-attempts = Completed quizzes
analysis-passed = Passed
analysis-pass-rate = Pass rate
analysis-distribution = Score distribution (out of 100)
analysis-questions = Question breakdown
analysis-hardest = Five hardest questions
analysis-facility = Correct rate
analysis-drawn = Times drawn
analysis-none = No completed quizzes yet.

## Learning (generalist social workers)
learn-title = Learn
learn-heading = My courses
learn-intro = Once you have studied all modules of a course, you can take its quiz.
learn-empty = No courses have been published yet.
learn-progress = { $done } of { $total ->
        [one] { $total } module
       *[other] { $total } modules
    } studied
learn-passed = Quiz passed
learn-modules = Learning modules
learn-module-done = Studied
learn-module-todo = Not studied
learn-quiz = Quiz
learn-quiz-rules = { $draw ->
        [one] { $draw } question
       *[other] { $draw } questions
    } per attempt, { $minutes } min time limit, pass mark { $pass } (out of 100), up to { $attempts ->
        [one] { $attempts } attempt
       *[other] { $attempts } attempts
    }.
learn-start = Start quiz
learn-resume = Resume unfinished quiz
learn-attempts = My quiz attempts
learn-attempt-n = Attempt { $number }
learn-score = { $percent }/100
learn-pass = Passed
learn-fail = Failed
learn-in-progress = In progress
learn-review = View
module-mark-done = Mark as studied and continue
module-done-already = Module studied
module-prev = Previous module
module-next = Next module
module-back = Back to course
attempt-title = Quiz
attempt-time-left = Time remaining
attempt-autosave = Each answer is saved automatically as you go; answers already saved are not lost if the connection drops. When time runs out, the quiz is submitted automatically with the saved answers.
attempt-true = True
attempt-false = False
attempt-short-placeholder = Enter your answer here
attempt-save = Save answer
attempt-submit = Submit quiz
attempt-submit-hint = Once submitted, answers can no longer be changed.
attempt-points = { $points ->
        [one] { $points } point
       *[other] { $points } points
    }
review-title = Quiz result
review-score = Score: { $percent } (pass mark: { $pass })
review-passed = Congratulations, you passed!
review-failed = Not passed. Please review and try again.
review-your-answer = Your answer
review-correct-answer = Correct answer
review-correct-hidden = Correct answers are shown only after you pass or use up all attempts.
review-right = Correct
review-partial = Partly correct
review-wrong = Incorrect
review-back = Back to course

common-minutes = { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
attempt-saving = Saving…
attempt-saved = Saved
attempt-time-up = Time is up
attempt-save-failed = Could not save; check the network. Your answers are sent again when you hand in.
attempt-offline = The network is down and the answer is not saved yet; once it is back, change any answer to save again.
