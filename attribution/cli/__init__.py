"""The ``attribution`` command line: a thin layer over the library.

Each sub-command lives in its own module and only parses options, calls the
library and prints.
"""

from __future__ import annotations

import click

from attribution import __version__
from attribution.cli.db import db
from attribution.cli.evaluate import eval_command
from attribution.cli.extract import extract
from attribution.cli.read import export, quotes, speakers, sql
from attribution.cli.report import report
from attribution.cli.runs import runs
from attribution.cli.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="attribution")
def main() -> None:
    """Find the quotes in news articles, say who said them, store them in SQL.

    \b
    Typical session:
      attribution extract examples/          # read articles, store quotes
      attribution quotes --speaker Mukhanov  # read them back
      attribution sql "SELECT speaker, text FROM quote_view LIMIT 5"
      attribution runs                       # what the jobs did
      attribution serve                      # browse them in Datasette
      attribution report -o report.html      # charts in one HTML file

    The database is ./quotes.db unless --db URL or $ATTRIBUTION_DB says
    otherwise; any SQLAlchemy URL works (sqlite:///path.db, postgresql+psycopg://…).
    """


for command in (extract, quotes, speakers, sql, export, runs, serve, report, db, eval_command):
    main.add_command(command)
