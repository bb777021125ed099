"""The app as the benchmarks serve it, plus a minimal page of its own for the fixed-cost figure."""

from __future__ import annotations

from flask import Blueprint, render_template

from helpwanted import create_app

app = create_app()
bench = Blueprint("bench", __name__, template_folder="bare_templates")


@bench.get("/bench/bare")
def bare() -> str:
    """The bare app's page (the same template), served through all of helpwanted's request handling."""
    return render_template("page.html", title="Bare page", text="Nothing else happens here.")


app.register_blueprint(bench)
