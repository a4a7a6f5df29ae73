"""Evaluation harnesses: measure the stages on public gold data kept outside the repository."""
