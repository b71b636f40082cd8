from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "tadafur.petitions"
    label = "petitions"
    verbose_name = "Petitions"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from django.utils.translation import gettext_lazy as _

        from tadafur.core import registry
        from tadafur.petitions import (  # noqa: F401  (registers the council actions)
            indicators,  # noqa: F401  (registers the dashboards' indicators)
            permissions,
            signals,
        )
        from tadafur.petitions.models import PetitionRule
        from tadafur.petitions.registry_hooks import association_activity, open_items, public_stats

        post_save.connect(signals.rule_changed, sender=PetitionRule, dispatch_uid="petitions.rule_saved")
        post_delete.connect(signals.rule_changed, sender=PetitionRule, dispatch_uid="petitions.rule_deleted")
        registry.register(
            registry.Module(
                name="petitions",
                label=_("Petitions"),
                icon="petition",
                permissions=("petition.review", "petition.decide", "petition.deliberate"),
                open_items=open_items,
                public_stats=public_stats,
                association_activity=association_activity,
            )
        )
