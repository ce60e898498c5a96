"""Reads the life cycle needs: whether a province confirms its cities' approvals (省级复核)."""
from regions.models import Region

from .models import ProvinceReview


def province_confirms(region: Region) -> bool:
    """Whether the province ``region`` lies in has 省级复核 switched on (one query)."""
    return ProvinceReview.objects.filter(province__code__in=region.path_codes, confirms=True).exists()
