"""JSON parsing that turns every malformed body into a 400, never a 500."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    """DRF's JSONParser, plus: JSON nested too deeply for the decoder is a ParseError.

    `json.loads` raises RecursionError (not ValueError) for bodies like "[" * 100_000,
    which DRF's parser does not catch.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError from None
