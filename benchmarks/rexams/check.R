## Exit status 0 when the exams package loads (side_by_side.py runs R/exams only then).
quit(status = if (suppressPackageStartupMessages(requireNamespace("exams", quietly = TRUE))) 0 else 1)
