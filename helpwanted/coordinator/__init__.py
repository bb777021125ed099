"""The coordinator's usage dashboard, annual summary, exports and channel figures. The blueprint is `views.bp`."""
