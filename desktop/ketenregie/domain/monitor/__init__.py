"""The monitor (issue 13, DOMAIN.md §6, §11, §12): what the council's figures and the DDAS SHV delivery need.

- `trajectory`: the facts recorded per case beyond the case itself (solutions, guidance, moratoria, crisis
  interventions, stabilisation, schuldregeling dates, aftercare, uitstroom reason) and the dates a phase change
  implies.
- `period`: month / quarter / half-year / year / custom periods.
- `suppression`: small-number suppression ("<5") with complementary cells.
- `figures`: every figure of the monitor for a period, from plain records (no database).
- `signal_figures`: the vroegsignalering figures (kept apart from the signals package so a change there is easy
  to follow).
- `charts`: one chart model for screen (QPainter) and PDF (reportlab graphics), with a text alternative.
- `shv`: the DDAS schuldhulpverlening v1.0 delivery and the checks the schema cannot make.
- `survey`: the client-experience survey's questions and totals.

Pure domain: no Qt, no database.
"""
