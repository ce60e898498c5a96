"""The one place that decides what a user may see and change.

Every view, export and API that shows region data goes through these functions:
- outside the user's region subtree → 404 (an outsider learns nothing, not even that it exists);
- visible but not the user's to change → 403.
Officers (填报员) see and edit their own region (and see below it); reviewers (审核员) see their
whole subtree and review below their own level; admins see everything and edit nothing by default.
The 安全管理员 and the 审计管理员 see no region data at all (三员分立); only the 审计管理员 reads the
audit log, and only the 安全管理员 unlocks accounts and resets two-factor devices.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from regions.models import Region, RegionLevel

from .models import Role, User
from .roles import is_admin_role, sees_region_data


def visible_regions(user: User) -> QuerySet[Region]:
    """Regions the user may look at (one subtree query; everything for admins)."""
    if not user.is_authenticated or not user.is_active or not sees_region_data(user.role):
        return Region.objects.none()
    if user.is_portal_admin:
        return Region.objects.all()
    if user.region_id is None:
        return Region.objects.none()
    return Region.objects.subtree_of(user.region)


def can_see_region(user: User, region: Region) -> bool:
    if not user.is_authenticated or not user.is_active or not sees_region_data(user.role):
        return False
    if user.is_portal_admin:
        return True
    return user.region is not None and region.is_within(user.region)


def can_edit_region(user: User, region: Region) -> bool:
    """Only the region's own officers enter its values."""
    return user.is_authenticated and user.is_active and user.role == Role.OFFICER and user.region_id == region.pk


def can_review_region(user: User, region: Region) -> bool:
    """Reviewers act on submissions strictly below their own region (a city reviews its counties)."""
    return (user.is_authenticated and user.is_active and user.role == Role.REVIEWER and user.region is not None
            and region.pk != user.region_id and region.is_within(user.region))


def can_write_evaluation(user: User, region: Region) -> bool:
    """Who writes a region's evaluation report (中期/终期评估): its reviewers — the region's own and those
    above it — and, for a county's own report, the county's officers."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.REVIEWER:
        return user.region is not None and region.is_within(user.region)
    return can_edit_region(user, region)


def region_for_viewing(user: User, code: str) -> Region:
    """The region with ``code`` if the user may see it, else 404."""
    region = get_object_or_404(Region.objects.select_related("parent"), code=code)
    if not can_see_region(user, region):
        raise Http404("region not visible")
    return region


def _region_for(user: User, code: str, may, refusal: str) -> Region:
    """The region if ``may(user, region)``: 404 outside what the user sees, 403 when it is only visible."""
    region = region_for_viewing(user, code)
    if not may(user, region):
        raise PermissionDenied(refusal)
    return region


def region_for_editing(user: User, code: str) -> Region:
    """The region if the user may enter its values: 404 outside the subtree, 403 when read-only."""
    return _region_for(user, code, can_edit_region, "read-only")


def region_for_review(user: User, code: str) -> Region:
    return _region_for(user, code, can_review_region, "not a reviewer of this region")


def region_for_evaluation_writing(user: User, code: str) -> Region:
    """The region if the user may write its evaluation report: 404 outside the subtree, 403 when read-only."""
    return _region_for(user, code, can_write_evaluation, "may not write this evaluation report")


def can_remind_region(user: User, region: Region) -> bool:
    """Reviewers send 催报 to the regions below them, from their own region's page or any page below it."""
    return (user.is_authenticated and user.is_active and user.role == Role.REVIEWER and user.region is not None
            and region.is_within(user.region))


def region_for_reminding(user: User, code: str) -> Region:
    return _region_for(user, code, can_remind_region, "not a reviewer of this region")


# Reporting seasons (填报期限): a province sets the window for its regions and a city may set a stricter
# one for its counties — each by its own reviewers; the 系统管理员 may set any (as in the Django admin).
WINDOW_SETTING_LEVELS = frozenset({RegionLevel.PROVINCE, RegionLevel.CITY})
# Entry is reopened for a city's or a county's own report, by the level above it.
REOPENED_LEVELS = frozenset({RegionLevel.CITY, RegionLevel.COUNTY})


def can_set_window(user: User, region: Region) -> bool:
    if not (user.is_authenticated and user.is_active) or region.level not in WINDOW_SETTING_LEVELS:
        return False
    return user.is_portal_admin or (user.role == Role.REVIEWER and user.region_id == region.pk)


def region_for_window_setting(user: User, code: str) -> Region:
    """The province or city whose reporting window the user sets: 404 outside the subtree, 403 otherwise."""
    return _region_for(user, code, can_set_window, "may not set this region's reporting window")


def can_reopen_region(user: User, region: Region) -> bool:
    """The level above a city or county (its reviewers, or the 系统管理员) reopens its entry."""
    if not (user.is_authenticated and user.is_active) or region.level not in REOPENED_LEVELS:
        return False
    return user.is_portal_admin or can_review_region(user, region)


def can_reopen_below(user: User, region: Region) -> bool:
    """May reopen the cities and counties below ``region`` (the links on its completeness page)."""
    return user.is_authenticated and user.is_active and (user.is_portal_admin or can_remind_region(user, region))


def region_for_reopening(user: User, code: str) -> Region:
    return _region_for(user, code, can_reopen_region, "may not reopen this region")


def can_administer_security(user: User) -> bool:
    return (user.is_authenticated and user.is_active and user.role == Role.SECURITY_ADMIN
            and user.has_perm("accounts.unlock_account") and user.has_perm("accounts.reset_two_factor"))


def security_for_administering(user: User) -> None:
    if not can_administer_security(user):
        raise PermissionDenied("security admins only")


def admin_changes_for_viewing(user: User) -> None:
    """The four-eyes page: the three administrator roles (who may propose or decide is the service's rule)."""
    if not (user.is_authenticated and user.is_active and is_admin_role(user.role)):
        raise PermissionDenied("administrators only")
