from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "tadafur.budgets"
    label = "budgets"
    verbose_name = "Participatory budgets"
