"""Application services: the use cases that join store, documents and vault for both the UI and the CLI.

One module per use case (register lifecycle, referrals, ...). Views and CLI commands go through a service
instead of building repositories themselves.
"""
