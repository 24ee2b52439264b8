# Problems in a course folder (src/courses): the GIFT question bank and the folder's
# files. Each is shown with its file and line, so the messages do not repeat them.

## courses::gift (questions.gift)
gift-title-unclosed = The title lacks its closing :: (write ::Title::Question text{"{"}…{"}"}).
gift-no-answer-block = There is no answer block {"{"}…{"}"}: this is a description question, which Devolve does not support; delete it or add the answers.
gift-answer-block-unclosed = The answer block lacks its closing {"}"}.
gift-text-after-answers = There is text after the answer block: this is a missing-word question, which Devolve does not support; put all of the question text before the {"{"}.
gift-question-text-empty = The question text is empty.
gift-html-unsupported = The [html] and [moodle] formats are not supported: use [markdown] or [plain] instead.
gift-points-unclosed = [points:N] lacks its closing ].
gift-points-range = The N of [points:N] must be a whole number from 1 to 100.
gift-essay-unsupported = The answer block is empty: this is an essay question, which Devolve does not support.
gift-numerical-unsupported = The answer block starts with #: this is a numerical question, which Devolve does not support.
gift-matching-unsupported = An answer contains ->: this is a matching question, which Devolve does not support.
gift-several-correct = A single-choice question can have only one = correct answer; for a multiple-choice question, write every answer with ~ and a weight, for example ~%50%.
gift-no-correct-answer = There is no correct answer: mark it with = in a single-choice question, or give positive weights such as ~%50% in a multiple-choice question.
gift-true-false-feedback = A true/false question has at most two pieces of feedback: {"{"}T#feedback when wrong#feedback when right{"}"}.
gift-no-answers = The answer block has no answer starting with = or ~.
gift-text-before-answers = There is extra text at the start of the answer block: every answer must start with = or ~.
gift-weight-unclosed = The weight lacks its closing % (write ~%50%Option).
gift-bad-weight = The weight "{ $weight }" is not valid: it must be a number from -100 to 100.
gift-empty-answer = An answer is empty: write the answer text after the = or ~.

## courses::source (course.toml, the module files, the courses/ tree)
course-file-unreadable = Cannot be read: { $error }
course-file-bad-toml = Syntax error in course.toml: { $error }
course-file-item-out-of-range = item = { $item } is not within 1–36 of Appendix 2; for an imported item, use item_code.
course-file-item-missing = Write either item (the number in Appendix 2) or item_code (the code of an imported item).
course-file-folder-name = The folder name must start with the item's number, for example { $prefix }-xxx; it is now { $slug }.
course-file-module-name = A module file must be named NN-name.md, for example 01-materials.md.
course-file-no-modules = The course has no module files (NN-name.md).
course-file-title-empty = title must not be empty.
course-file-no-front-matter = A module must begin with front matter (title, minutes) between +++ lines.
course-file-front-matter-unclosed = The front matter lacks its closing +++.
course-file-bad-front-matter = Syntax error in the front matter: { $error }
course-file-unreadable-dir = The folder cannot be read: { $error }
course-file-unknown-bureau = Unknown department code { $bureau }.
course-file-wrong-bureaus = bureaus should be the responsible departments of Appendix 2, { $expected }; it is now { $got }.
course-file-duplicate-item = Same item as { $other }: each item can have only one course.
