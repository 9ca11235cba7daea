## Rscript run.R EXERCISE.Rmd N OUTDIR: N HTML versions of EXERCISE with R/exams' exams2html.
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 3)
suppressPackageStartupMessages(library("exams"))
set.seed(1)
dir.create(args[3], showWarnings = FALSE, recursive = TRUE)
invisible(exams2html(args[1], n = as.integer(args[2]), dir = args[3], name = "gd", quiet = TRUE))
