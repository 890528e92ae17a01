"""Fixtures shared by the whole suite: the real Redis the channel-layer tests use."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def redis_url() -> str:
    """The real Redis of this machine (bin/test makes sure it runs)."""
    return os.environ.get("COURTSIDE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_layer(settings, redis_url):
    """Channels over real Redis (the pub/sub layer production uses), flushed per test."""
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [redis_url], "prefix": f"courtside-test-{os.getpid()}"},
        }
    }
    channel_layers.backends.clear()
    yield channel_layers["default"]
    channel_layers.backends.clear()


@pytest.fixture
def memory_layer(settings):
    """The in-memory layer of the one-process demo."""
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()
    yield channel_layers["default"]
    channel_layers.backends.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and at the end no session left on it that would block its drop.

    Async views and the relay reach the database from worker threads (and tests start
    relay processes); their connections outlive the tests that opened them.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def team_identities_read_afresh():
    """Staff-set team identity is cached per process (dashboard.identity): never across tests."""
    from dashboard import identity

    identity.forget()
    yield
    identity.forget()
