"""gunicorn settings of the bare baseline in bench/visitor_wrk.py: gunicorn's own defaults.

Nothing of helpwanted (not its JSON logger, not its access log: gunicorn writes none by
default), as a minimal Flask app would be served. The one change: no control socket, which
would otherwise be the same path ($HOME/.gunicorn/gunicorn.ctl) as the app server's.
"""

control_socket_disable = True
