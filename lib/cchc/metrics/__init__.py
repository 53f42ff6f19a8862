"""Transitional: the citation lookup until it moves to `cchc.citations`."""
