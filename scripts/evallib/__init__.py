"""Helpers for scripts/eval: test-collection parsing, peer engines, metrics."""
