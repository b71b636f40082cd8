from __future__ import annotations

app_name = "steering"
urlpatterns: list = []
