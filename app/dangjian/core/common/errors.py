"""Errors a user can cause and fix. Their message is one Chinese sentence, shown as is."""


class UserError(Exception):
    """A refused operation or bad input; the CLI exits 1 and prints the message, the GUI shows it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """Bad value for a named field; `field` is the Chinese field label."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}：{message}")
        self.field = field
        self.reason = message


class Cancelled(Exception):
    """Raised by a progress callback when the user pressed 取消."""
