import pytest

from dangjian.ui.application import create_application
from dangjian.ui.context import AppContext
from dangjian.ui.main_window import MainWindow


@pytest.fixture(scope="session")
def qapp_cls():
    """pytest-qt's qapp is our configured application (locale, translations, bundled font)."""
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture
def app(qapp):
    return create_application()


@pytest.fixture
def ctx(app, db):
    return AppContext(db)


@pytest.fixture
def window(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.show_first_page()
    yield win
    from dangjian.ui.operations import wait_for_idle

    wait_for_idle()


@pytest.fixture
def demo_window(qtbot, app, demo_db):
    win = MainWindow(AppContext(demo_db))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.show_first_page()
    yield win
    from dangjian.ui.operations import wait_for_idle

    wait_for_idle()
