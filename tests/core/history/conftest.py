"""Fixtures for the history tests: a store in the test's private data folder."""

import pytest

from mockview.core.history import HistoryService


@pytest.fixture
def service(private_dirs):
    svc = HistoryService.open()
    yield svc
    svc.close()
