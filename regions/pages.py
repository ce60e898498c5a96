"""Sections that apps above the tree add to a region's page.

The tree knows nothing of plans or reports, yet a region's page shows its governing plan and its yearly
reports. Rather than importing upward (or naming other apps' URLs in its template), the region page
asks the apps that registered a section — each in its own ``AppConfig.ready`` — to render their part:
``register_region_section(order, template, context)``, where ``context(request, region)`` returns the
section's context, or None to leave the section out.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from .models import Region

SectionContext = Callable[[HttpRequest, Region], dict | None]


@dataclass(frozen=True)
class RegionSection:
    order: int
    template: str
    context: SectionContext


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict


_sections: dict[str, RegionSection] = {}


def register_region_section(*, order: int, template: str, context: SectionContext) -> None:
    """Add a section (idempotent per template: ``ready`` may run more than once in tests)."""
    _sections[template] = RegionSection(order, template, context)


def region_sections(request: HttpRequest, region: Region) -> list[RenderedSection]:
    """The sections to show on ``region``'s page for this request, in order."""
    rendered = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        context = section.context(request, region)
        if context is not None:
            rendered.append(RenderedSection(section.template, context))
    return rendered
