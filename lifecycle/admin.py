from django.contrib import admin

from .models import ProvinceReview


@admin.register(ProvinceReview)
class ProvinceReviewAdmin(admin.ModelAdmin):
    list_display = ["province", "confirms"]
    raw_id_fields = ["province"]
