"""Settings read from the environment fail loudly on bad values."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from courtside.env import env_bool, env_int, env_list, env_url


def test_it_reads_booleans_in_their_usual_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False


def test_it_refuses_a_boolean_it_cannot_read(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_it_refuses_a_number_out_of_range(monkeypatch):
    monkeypatch.setenv("X_HZ", "500")
    with pytest.raises(ImproperlyConfigured, match="outside"):
        env_int("X_HZ", 25, minimum=1, maximum=120)


def test_it_refuses_a_url_without_a_host(monkeypatch):
    monkeypatch.setenv("X_URL", "http://")
    with pytest.raises(ImproperlyConfigured, match="X_URL"):
        env_url("X_URL", "http://127.0.0.1", schemes=("http",))


def test_it_splits_lists_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example, ,b.example")
    assert env_list("X_HOSTS", []) == ["a.example", "b.example"]
