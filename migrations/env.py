"""alembic environment, run programmatically by dangjian.core.storage.migrate (no alembic.ini at run time).

migrate.py hands over an open connection inside its own transaction; the offline/URL path exists only
for developers generating revisions (`python -m dangjian.devtools revision -m ...`).
"""

import warnings

from alembic import context
from sqlalchemy import create_engine

from dangjian.core.models import Base

# Batch mode reflects tables that foreign keys point at, e.g. members, whose expression index SQLAlchemy cannot
# reflect; no revision rebuilds such a table in batch mode (that would drop the index), so the warning is noise.
warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index")

config = context.config
target_metadata = Base.metadata


def _include_object(obj, name, type_, _reflected, _compare_to) -> bool:
    # Developers autogenerate one domain's tables at a time by naming them in `include_tables`.
    wanted = config.attributes.get("include_tables")
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return wanted is None or table is None or table in wanted


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          include_object=_include_object)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True,
                          include_object=_include_object)
        context.run_migrations()


run()
