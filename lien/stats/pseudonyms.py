"""The household's pseudonym of a year: an HMAC of its id under the year's key, stable
within the year so that households are counted once, unlinkable once the key is gone."""

import hashlib
import hmac


def pseudonym(key: bytes, household_id: int) -> str:
    return hmac.new(key, str(household_id).encode(), hashlib.sha256).hexdigest()[:32]
