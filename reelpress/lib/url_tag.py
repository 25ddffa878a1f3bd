"""``{% url %}`` with its answers kept, loaded for every template (``builtins`` in settings).

A page prints dozens of addresses (the navigation's on every page, a tag's, a verdict's) and
Django's tag walks the URL resolver for each, every time. The same name and arguments give
the same address for as long as the URLconf and script prefix are the same, so the answer is
kept per (name, arguments, URLconf, prefix, current app), for plain strings and integers;
anything else (a model instance, a lazy string) goes through ``reverse()`` as before.
Otherwise the tag is Django's: the same syntax, ``as var``, escaping and errors.
"""

from __future__ import annotations

import functools

from django import template
from django.core.signals import setting_changed
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

_PLAIN = (str, int)


@functools.lru_cache(maxsize=4096)
def _reverse(view_name, args, kwargs, current_app, urlconf, prefix) -> str:
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def _clear(*, setting, **kwargs) -> None:
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reverse.cache_clear()


setting_changed.connect(_clear)


def _current_app(context):
    """What Django's tag passes as ``current_app``."""
    request = getattr(context, "request", None)
    current = getattr(request, "current_app", None)
    if current is not None:
        return current
    match = getattr(request, "resolver_match", None)
    return match.namespace if match is not None else None


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple(sorted((k, v.resolve(context)) for k, v in self.kwargs.items()))
        view_name = self.view_name.resolve(context)
        current_app = _current_app(context)
        values = (*args, *(v for _k, v in kwargs))
        plain = isinstance(view_name, str) and all(type(v) in _PLAIN for v in values)
        url = ""
        try:
            if plain:
                url = _reverse(view_name, args, kwargs, current_app, get_urlconf(), get_script_prefix())
            else:
                url = reverse(view_name, args=list(args), kwargs=dict(kwargs), current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's ``{% url %}``, its answers kept (see the module)."""
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
