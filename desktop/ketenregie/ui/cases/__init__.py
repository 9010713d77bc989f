"""Case detail and editing (issue 3)."""
