"""Shared helpers of question-family groups."""
