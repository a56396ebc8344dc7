"""街道党建工作台 — desktop app for street-level Party offices."""

__version__ = "0.1.0"
APP_NAME = "街道党建工作台"
APP_ID = "dangjian-desk"
