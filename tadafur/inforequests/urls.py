from __future__ import annotations

app_name = "inforequests"
urlpatterns: list = []
