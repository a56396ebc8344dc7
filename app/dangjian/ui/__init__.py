"""PySide6 user interface. Imports core and reports; nothing below imports it."""
