"""Vroegsignalering (early warning of payment arrears, DOMAIN.md §7 and §11): signals, the signalled household,
signal cases (vroegsignaalzaken) that bundle one household's signals within a matching period, contact attempts,
the DDAS codes with Dutch labels, triage rules as data, the repeated-signal rule and retention.

Modules: `codes` (DDAS enumerations), `model` (entities), `matching` (bundling, repeated signals), `triage`
(queues and routing rules from resources/signals/triage.toml), `retention` (6/12 months), `ddas` (the DDAS VS
file shape: building, checking, reading v1.2 and v1.0), `mapping` (column mappings for CSV/xlsx imports).

Pure domain: no Qt, no database.
"""
