"""Pieces of scripts/bench that also run on their own (scripts/bench-server)."""
