"""Printable documents built from core query results. Never imports Qt."""
