from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "tadafur.budgets"
    label = "budgets"
    verbose_name = "Participatory budgets"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from tadafur.budgets import (
            indicators,  # noqa: F401  (registers the dashboards' indicators)
            permissions,  # noqa: F401  (registers the budget actions)
        )
        from tadafur.budgets.selectors import open_items
        from tadafur.core import registry

        registry.register(
            registry.Module(
                name="budgets",
                label=_("Participatory budgets"),
                icon="budget",
                permissions=("budget.manage", "budget.review", "budget.gender_review", "budget.desk"),
                open_items=open_items,
            )
        )
