"""Performance benchmarks: `make bench`, or `python -m bench [scenario ...]`.

Every run builds its own production-like stack on 127.0.0.1 (a fresh PostgreSQL
database, migrations, keys, collected static files, gunicorn with
config/gunicorn.conf.py), runs the scenarios against it, prints the figures with
their targets, and removes the database again. One module per scenario; each
has NAME, TITLE and run(stack, options) -> report.Section.
"""

SCENARIOS = ("submission", "form_page", "access_log")
