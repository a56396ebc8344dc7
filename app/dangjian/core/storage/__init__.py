"""The database file itself: engine and sessions, alembic upgrades, backups and restore, start-up recovery,
and the content-addressed attachment store. Knows no domain; every domain sits on top of it.
"""
