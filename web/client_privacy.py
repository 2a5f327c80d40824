"""Forget who the client is before anything else can record it."""

import hashlib
import hmac
import ipaddress

from django.conf import settings

# Request metadata that identifies a client or where they came from.
IDENTIFYING_META = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "REMOTE_PORT",
    "HTTP_SEC_CH_UA",
    "HTTP_SEC_CH_UA_MOBILE",
    "HTTP_SEC_CH_UA_PLATFORM",
)
PLACEHOLDER_ADDRESS = "0.0.0.0"  # noqa: S104 - a placeholder, never bound
# 20 bits: about 4,000 IPv4 addresses share each bucket, so a rate-limit key that
# outlives its window in a cache cannot be turned back into one address.
CLIENT_HASH_HEX_DIGITS = 5


def client_network(address: str) -> str:
    """The unit a person controls: the address for IPv4, the /64 prefix for IPv6."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def client_address(meta: dict) -> str:
    """The client's address: REMOTE_ADDR, or the entry a trusted proxy appended."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return meta.get("REMOTE_ADDR", "")


class ClientPrivacyMiddleware:
    """Replace the address with a keyed hash for rate limiting, drop the rest.

    The hash lives only on the request object and, for rate limiting, as a
    cache key with a short expiry; it is never logged or stored in a table.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        network = client_network(client_address(request.META))
        request.client_hash = hmac.new(
            settings.CLIENT_HASH_KEY.encode(), network.encode(), hashlib.sha256
        ).hexdigest()[:CLIENT_HASH_HEX_DIGITS]
        for name in IDENTIFYING_META:
            request.META.pop(name, None)
        request.META["REMOTE_ADDR"] = PLACEHOLDER_ADDRESS
        return self.get_response(request)
