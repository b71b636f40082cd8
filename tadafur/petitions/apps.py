from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "tadafur.petitions"
    label = "petitions"
    verbose_name = "Petitions"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from tadafur.petitions import signals
        from tadafur.petitions.models import PetitionRule

        post_save.connect(signals.rule_changed, sender=PetitionRule, dispatch_uid="petitions.rule_saved")
        post_delete.connect(signals.rule_changed, sender=PetitionRule, dispatch_uid="petitions.rule_deleted")
