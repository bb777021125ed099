"""The coordinator's anonymous usage dashboard and CSV export. The blueprint is `views.bp`."""
