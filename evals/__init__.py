"""Evaluation set, support judge and runner for the assistant."""
