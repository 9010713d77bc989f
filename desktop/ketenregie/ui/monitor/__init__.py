"""The Monitor view (issue 13): figures, charts and exports for a period; the trajectory tab of the case dialog."""
