"""Reader mail pages: the published letters with replies, the form to write in, one letter."""

import ipaddress
import logging

from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from reelpress.mail import limits
from reelpress.mail.forms import HONEYPOT_FIELD, LetterForm
from reelpress.mail.models import Letter
from reelpress.mail.notify import send_after_commit
from reelpress.reviews.models import Column, Review

PER_PAGE = 20
logger = logging.getLogger(__name__)


def _public_letters():
    return Letter.objects.public().select_related("review", "replied_by")


def _review_for_slug(slug) -> Review | None:
    if not isinstance(slug, str) or not slug or len(slug) > 160:
        return None
    return Review.objects.public().filter(slug=slug).first()


def _stored_ip(request) -> str | None:
    # Only a well-formed address reaches the GenericIPAddressField (a unix socket gives none).
    ip = limits.client_ip(request)
    try:
        return str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        return None


@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    """GET: the letters and an empty form. POST: a letter in; thanks, errors, or 429."""
    status = 200
    if request.method == "POST":
        form = LetterForm(request.POST)
        if form.is_bot:
            # Exactly what a real letter gets, and nothing stored: the bot learns nothing.
            logger.info("Honeypot filled: a letter was dropped")
            return redirect("mail:thanks")
        if form.is_valid():
            return _store(request, form)
        status = 400
        about = _review_for_slug(form["review"].value())
    else:
        about = _review_for_slug(request.GET.get("review"))
        form = LetterForm(initial={"review": about.slug if about else None})

    page = Paginator(_public_letters(), PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "about": about, "honeypot": form[HONEYPOT_FIELD]}
    return render(request, "mail/index.html", context, status=status)


def _store(request, form):
    ip = _stored_ip(request)
    # The counts and the insert share one transaction: on SQLite (BEGIN IMMEDIATE) two letters
    # from one address or IP can't both see the last allowed count and both be stored.
    with transaction.atomic():
        if limits.ip_over_limit(ip) or limits.address_over_limit(form.cleaned_data["email"]):
            return _too_many(request)
        letter = form.save(commit=False)
        letter.ip_address = ip
        letter.save()
        send_after_commit(letter)
    return redirect("mail:thanks")


def _too_many(request):
    response = render(request, "mail/too_many.html", {"limit": limits.per_address_limit()}, status=429)
    response["Retry-After"] = str(int(limits.WINDOW.total_seconds()))
    return response


@require_GET
def thanks(request):
    return render(request, "mail/thanks.html")


@require_GET
def letter(request, pk: int):
    """One published letter with its reply; anything not public is simply not found."""
    item = get_object_or_404(_public_letters(), pk=pk)
    column = Column.objects.public().filter(pk=item.column_id).first() if item.column_id else None
    return render(request, "mail/letter.html", {"letter": item, "column": column})
