from django import template

from regions.audit import audit_events_for as _audit_events_for

register = template.Library()


@register.simple_tag
def audit_events_for(obj) -> list:
    """``{% audit_events_for submission as audit_events %}``: the object's audit records, newest first.

    For pages whose view only has the object (the submission history): one query, on the object index.
    """
    return _audit_events_for(obj) if obj is not None else []
