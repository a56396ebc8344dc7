"""启动密码: the unlock dialog at start (3 wrong tries → 30 s countdown) and the set/clear dialog."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ... import APP_NAME
from ...core.system import password
from ..operations import write_op


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumWidth(240)
    return edit


def _explanation() -> QLabel:
    label = QLabel(password.EXPLANATION)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class UnlockDialog(QDialog):
    """Accepts only with the right password; the hash is checked here, before any window opens."""

    def __init__(self, stored_hash: str, parent: QWidget | None = None, throttle: password.Throttle | None = None):
        super().__init__(parent)
        self.stored_hash = stored_hash
        self.throttle = throttle or password.Throttle()
        self.setWindowTitle(f"{APP_NAME} — 请输入启动密码")
        self.password = _password_edit()
        self.message = QLabel()
        self.message.setStyleSheet("color: #b71c1c;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_password)
        self.buttons.rejected.connect(self.reject)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        form = QFormLayout()
        form.addRow("密码", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("本数据库设置了启动密码。"))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(_explanation())
        layout.addWidget(self.buttons)
        self.setFixedWidth(440)

    def try_password(self) -> None:
        if self.throttle.wait_left():
            return
        if password.verify_hash(self.stored_hash, self.password.text()):
            self.accept()
            return
        self.password.clear()
        if self.throttle.failed():
            self._tick()
            self.timer.start()
        else:
            self.message.setText(f"密码不正确，还可以再试 {self.throttle.tries_left()} 次。")

    def _tick(self) -> None:
        left = self.throttle.wait_left()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(left == 0)
        self.password.setEnabled(left == 0)
        if left:
            self.message.setText(f"连续输错 {password.MAX_TRIES} 次，请等待 {left} 秒后再试。")
        else:
            self.timer.stop()
            self.message.setText("可以再试了。")
            self.password.setFocus()


class PasswordSettingsDialog(QDialog):
    """设置密码 / 取消密码, from the 文件 menu. Changing or removing it needs the current password."""

    def __init__(self, parent: QWidget, has_password: bool):
        super().__init__(parent)
        self.setWindowTitle("启动密码")
        self.current = _password_edit()
        self.new = _password_edit()
        self.confirm = _password_edit()
        form = QFormLayout()
        if has_password:
            form.addRow("原密码", self.current)
        form.addRow("新密码", self.new)
        form.addRow("再输一次", self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        save = buttons.addButton("设置密码", QDialogButtonBox.ButtonRole.AcceptRole)
        save.clicked.connect(self.save)
        if has_password:
            clear = buttons.addButton("取消密码", QDialogButtonBox.ButtonRole.DestructiveRole)
            clear.clicked.connect(self.clear)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel("设置后，每次打开本软件都要先输入密码。忘记密码时，请联系技术人员处理。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(_explanation())
        layout.addWidget(buttons)
        self.setFixedWidth(460)

    def save(self) -> None:
        new, confirm, current = self.new.text(), self.confirm.text(), self.current.text()
        write_op(self, lambda session: password.set_password(session, new, confirm, current), {"settings"}).success(
            lambda _r: self._done("启动密码已设置，下次打开时生效。")).run_in_background()

    def clear(self) -> None:
        current = self.current.text()
        write_op(self, lambda session: password.clear_password(session, current), {"settings"}).success(
            lambda _r: self._done("已取消启动密码。")).run_in_background()

    def _done(self, text: str) -> None:
        QMessageBox.information(self, "启动密码", text)
        self.accept()
