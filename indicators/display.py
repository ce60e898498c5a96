"""How a value is shown — defined once, used by pages, exports, reports and the API."""
from decimal import Decimal


def json_number(value: Decimal | None) -> int | float | None:
    """A stored decimal as JSON: 85 rather than 85.0000, 80.3 rather than 80.3000."""
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value.normalize())
