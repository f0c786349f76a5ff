import pytest
from django.db import connection, connections

from tests.e2e.browser import PHONE, chromium_launch


@pytest.fixture(scope="session", autouse=True)
def _end_leaked_connections(django_db_setup, django_db_blocker):
    """Playwright's sync API runs greenlets, and the ORM opens a connection per context it sees;
    those connections outlive the tests. End them once, after every test of the session, or
    PostgreSQL refuses to drop the test database. (Ending them after each test would also kill
    the live server's connection, which the next test still uses.)"""
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connections.close_all()


@pytest.fixture
def browser(monkeypatch):
    """A Chromium for one test (tests/e2e/browser.py), closed after it."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
    # are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = chromium_launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    """A page on a phone (390x844, touch) whose browser asks for Korean."""
    context = browser.new_context(**PHONE, locale="ko-KR")
    yield context.new_page()
    context.close()
