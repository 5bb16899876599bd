"""Names as the archive compares them."""

import unicodedata


def normalize_name(name: str) -> str:
    """The key under which a speaker's name is shared: case, accents, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(
        ch if ch.isalnum() else " " for ch in decomposed.casefold() if not unicodedata.combining(ch)
    )
    return " ".join(letters.split())
