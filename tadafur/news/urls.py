from __future__ import annotations

app_name = "news"
urlpatterns: list = []
