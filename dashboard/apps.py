from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "Dashboard"

    def ready(self) -> None:
        # Staff-set team identity feeds the one vocabulary every face reads.
        from dashboard import identity, vocabulary

        vocabulary.set_identity_source(identity.overrides)
