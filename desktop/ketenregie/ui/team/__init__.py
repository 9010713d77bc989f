"""Team work in the GUI (issue 14): Bestand → Mijn teamkaart / Collega's / Bundel inlezen, and Caseload →
Overdragen. Every dialog goes through services/team.py; nothing here writes SQL."""
