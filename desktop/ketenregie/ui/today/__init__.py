"""The Vandaag view (issue 3): what needs attention today."""
