"""Conversations UI (issue 5): the conversations view (registers itself), conversation mode, the bridge picture."""
