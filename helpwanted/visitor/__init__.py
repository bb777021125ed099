"""The public site: topics, one question per page, advice, quick exit. The blueprint is `views.bp`."""
