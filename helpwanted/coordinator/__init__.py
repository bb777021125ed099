"""The coordinator's anonymous usage dashboard, annual summary, exports and channel figures. The blueprint is `views.bp`."""
