from __future__ import annotations

app_name = "reach"
urlpatterns: list = []
