from __future__ import annotations

app_name = "feedback"
urlpatterns: list = []
