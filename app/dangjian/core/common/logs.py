"""The log file (GUI and CLI alike): rotating, in the user data dir, every full 公民身份号码 masked."""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path

from ...paths import user_data_dir
from .redact import redact_ids

LOG_NAME = "dangjian.log"


class RedactingFilter(logging.Filter):
    """Masks IDs in the message, its arguments and any attached traceback before a handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact_ids(str(record.msg))
        if record.args:
            record.args = tuple(redact_ids(str(a)) for a in record.args)
        if record.exc_info:
            record.msg = f"{record.msg}\n{redact_ids(''.join(traceback.format_exception(*record.exc_info)))}"
            record.exc_info = None
            record.exc_text = None
        return True


def log_path() -> Path:
    return user_data_dir() / "logs" / LOG_NAME


def setup_logging() -> Path | None:
    """Attach the file handler once; None when the log folder cannot be written (never fatal)."""
    root = logging.getLogger()
    for existing in root.handlers:
        if getattr(existing, "dangjian", False):
            return Path(existing.baseFilename)
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.dangjian = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
