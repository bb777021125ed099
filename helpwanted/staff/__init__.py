"""The staff area: sign-in, sign-out and the pages every role shares. The blueprint is `views.bp`."""
