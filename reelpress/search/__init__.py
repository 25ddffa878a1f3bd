"""Search: one ``search(query, filters, facets, page) -> Results`` over whichever database is in use."""


def __getattr__(name):
    # Lazy, so importing the package while Django loads its apps doesn't touch the models.
    if name in ("search", "suggest", "Results"):
        from reelpress.search import service

        return getattr(service, name)
    if name == "more_like_this":
        from reelpress.search.related import more_like_this

        return more_like_this
    raise AttributeError(name)
