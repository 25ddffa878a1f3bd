"""The reader's letter form: field limits with messages that name them, and the honeypot."""

from django import forms

from reelpress.mail.models import Letter
from reelpress.mail.text import clean_line, clean_multiline
from reelpress.reviews.models import Review

NAME_MAX = 100
SUBJECT_MAX = 200
MESSAGE_MAX = 10_000
# A field people never see; a bot that fills every input fills this one too.
HONEYPOT_FIELD = "website"


def _too_long(what: str, limit: int) -> str:
    return f"{what} is too long: the limit is {limit:,} characters (yours has %(show_value)s)."


class LineField(forms.CharField):
    """A one-line text field; controls and newlines are cleaned away before limits are checked."""

    def to_python(self, value):
        # Clean before Django's own validators so a stray NUL is dropped rather than refused.
        return clean_line(super().to_python(value))


class MultilineField(forms.CharField):
    def to_python(self, value):
        return clean_multiline(super().to_python(value))


class ReviewSlugField(forms.ModelChoiceField):
    """The review a letter is about, given by its slug (as in /mail/?review=<slug>)."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Review.objects.public(),
            to_field_name="slug",
            required=False,
            widget=forms.HiddenInput,
            error_messages={"invalid_choice": "We could not find that review; send the letter without it."},
            **kwargs,
        )

    def to_python(self, value):
        # A slug is short; anything else is not one of ours and must not reach a query as-is.
        if isinstance(value, str) and len(value) > 160:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class LetterForm(forms.ModelForm):
    name = LineField(
        max_length=NAME_MAX,
        label="Your name",
        help_text="Printed with your letter if it is published.",
        error_messages={"max_length": _too_long("Your name", NAME_MAX), "required": "Please give your name."},
    )
    email = forms.EmailField(
        max_length=254,
        label="Your email address",
        help_text="Never published: only the editor sees it.",
        error_messages={"required": "Please give an email address so the critic can answer you."},
    )
    subject = LineField(
        max_length=SUBJECT_MAX,
        label="Subject",
        error_messages={
            "max_length": _too_long("The subject", SUBJECT_MAX),
            "required": "Please add a subject.",
        },
    )
    message = MultilineField(
        max_length=MESSAGE_MAX,
        label="Your letter",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=f"Plain text, up to {MESSAGE_MAX:,} characters. Links become clickable once published.",
        error_messages={
            "max_length": _too_long("Your message", MESSAGE_MAX),
            "required": "Please write your letter.",
        },
    )
    review = ReviewSlugField(label="About the review")
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Letter
        fields = ["name", "email", "subject", "message", "review"]

    def clean_email(self):
        # Addresses are compared case-insensitively for the rate limit; store them folded too.
        return self.cleaned_data["email"].strip().lower()

    @property
    def is_bot(self) -> bool:
        """True when the honeypot is filled: the caller stores nothing and pretends all is well."""
        return bool(str(self.data.get(HONEYPOT_FIELD, "")).strip())
