"""Keeping the search index in step with reviews (called inside ``ingest.store.save``)."""


def index_review(review) -> None:
    """Write one review's index entry in the current transaction."""
    # Filled in by the search app's backends (issue 3).
    return None
