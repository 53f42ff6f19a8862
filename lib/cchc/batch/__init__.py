"""The batch build: plan -> validate once per unit-year -> papermill per section -> stitch -> index."""
from .orchestrate import BuildOptions, build  # noqa: F401
