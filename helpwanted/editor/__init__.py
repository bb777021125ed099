"""The content staff area: list, graph, preview, edit, publish, history. The blueprint is `views.bp`."""
