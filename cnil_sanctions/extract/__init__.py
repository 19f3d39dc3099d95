"""Extraction of the facts of a CNIL decision from its French text (issue 3)."""
