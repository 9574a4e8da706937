"""A page of the API's offers is fifty answers, each kept until the next change: kept as the
JSON DRF's renderer gives them (`encoded_item`), they are spliced into the page as they are
(`EncodedItemsRenderer`) rather than encoded again at each request, with the one value that
depends on the request, the distance, written in its place (`with_distance`)."""

import json

from rest_framework.renderers import JSONRenderer


class EncodedItems(list):
    """A page's items, each the bytes of one JSON object (`encoded_item`)."""


# Where the distance goes, while an answer is encoded without it.
DISTANCE_PLACEHOLDER = "\x00distance\x00"


def encoded_item(item):
    """One answer as the bytes DRF's JSON renderer gives it, cut where its `distance_km`
    goes: (before, after)."""
    encoded = JSONRenderer().render({**item, "distance_km": DISTANCE_PLACEHOLDER})
    before, after = encoded.split(JSONRenderer().render(DISTANCE_PLACEHOLDER))
    return before, after


def with_distance(encoded, distance):
    """The answer with its distance written in, as `{**item, "distance_km": distance}`
    renders it."""
    before, after = encoded
    return before + json.dumps(distance).encode() + after


class EncodedItemsRenderer(JSONRenderer):
    """DRF's JSON renderer; `results` given as `EncodedItems` go in as they are, the rest of
    the answer (count, links) rendered by DRF as always."""

    PLACEHOLDER = "\x00encoded-items\x00"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        items = data.get("results") if isinstance(data, dict) else None
        if not isinstance(items, EncodedItems):
            return super().render(data, accepted_media_type, renderer_context)
        envelope = super().render(
            {**data, "results": self.PLACEHOLDER}, accepted_media_type, renderer_context
        )
        placeholder = super().render(self.PLACEHOLDER)
        return envelope.replace(placeholder, b"[" + b",".join(items) + b"]", 1)
