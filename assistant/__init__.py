"""Berth: container-platform answers with verdicts from compatibility tables."""
