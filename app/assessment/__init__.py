"""The per-student assessment: counts from the log, the chair's rubric, reflections."""
