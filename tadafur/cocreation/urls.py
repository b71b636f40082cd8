from __future__ import annotations

app_name = "cocreation"
urlpatterns: list = []
