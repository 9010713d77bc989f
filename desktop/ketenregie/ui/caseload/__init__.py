"""The caseload view (issue 3): every case at a glance, filtered and searched in memory."""
