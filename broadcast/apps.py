from django.apps import AppConfig


class BroadcastConfig(AppConfig):
    name = "broadcast"
    verbose_name = "Broadcast relay"
