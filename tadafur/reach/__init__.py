"""Reach people where they are: short codes, plain status pages, posters, assisted sessions.

Other apps give their objects a short code from their AppConfig.ready():

    from tadafur import reach
    reach.register("council.session", status_lines=..., url=...)
"""

from tadafur.reach.registry import register

__all__ = ["register"]
