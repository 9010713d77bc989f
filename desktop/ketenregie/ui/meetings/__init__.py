"""Casuïstiekoverleg UI: the meetings view (registers itself), planning dialog, meeting mode, PDFs."""
