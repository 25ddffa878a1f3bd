"""Reading a desk form as a browser would, to post it back with changes."""

from selectolax.lexbor import LexborHTMLParser as HTMLParser


def form_data(html: str) -> dict:
    """The values a browser would submit from the page's change form (files left out)."""
    tree = HTMLParser(html)
    # The change form (id "<model>_form"), not the header's logout form.
    form = next(f for f in tree.css("form") if (f.attributes.get("id") or "").endswith("_form"))
    data = {}
    for node in form.css("input"):
        name, kind = node.attributes.get("name"), (node.attributes.get("type") or "text").lower()
        if not name or kind in ("file", "submit", "button", "image", "reset"):
            continue
        if kind in ("checkbox", "radio"):
            if "checked" in node.attributes:
                data[name] = node.attributes.get("value") or "on"
            continue
        data[name] = node.attributes.get("value") or ""
    for node in form.css("textarea"):
        if node.attributes.get("name"):
            data[node.attributes["name"]] = node.text()
    for node in form.css("select"):
        name = node.attributes.get("name")
        if not name:
            continue
        chosen = [o.attributes.get("value") or "" for o in node.css("option") if "selected" in o.attributes]
        if "multiple" in node.attributes:
            if chosen:
                data[name] = chosen
        else:
            data[name] = chosen[0] if chosen else ""
    data.pop("csrfmiddlewaretoken", None)
    data["_save"] = "Save"
    return data
