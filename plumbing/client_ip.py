"""Who is the client: the peer address, or — only when the peer is a proxy we run — what it forwarded.

``X-Forwarded-For`` is written by whoever sends the request; trusted blindly, any client could name any
address in the audit log and dodge the IP-level login limit. It is read only when the direct peer
(``REMOTE_ADDR``) is one of ``settings.TRUSTED_PROXIES`` (addresses or networks, e.g. "127.0.0.1",
"10.0.0.0/24"), and then from the right: the first address that is not one of our proxies is the client.
"""
import ipaddress

from django.conf import settings


def _networks(entries) -> list:
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _is_trusted(address: str, networks: list) -> bool:
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str, trusted_proxies) -> str:
    """The client's address from the peer address and the X-Forwarded-For header (pure)."""
    networks = _networks(trusted_proxies)
    if not forwarded_for or not _is_trusted(remote_addr, networks):
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:  # garbage in the header: fall back to the proxy we know
                return remote_addr
    return hops[0] if hops else remote_addr


def client_ip_of_request(request) -> str:
    """For django-axes (``AXES_CLIENT_IP_CALLABLE``) and the audit log: one answer for both."""
    meta = request.META
    return client_address(meta.get("REMOTE_ADDR", "") or "", meta.get("HTTP_X_FORWARDED_FOR", "") or "",
                          getattr(settings, "TRUSTED_PROXIES", ()))
