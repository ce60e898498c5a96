"""Deployment checks for the identity rules (``manage.py check --deploy``)."""
from django.conf import settings
from django.core.checks import Warning, register


@register("security", deploy=True)
def two_factor_enforced(app_configs, **kwargs):
    if settings.DEMO_MODE or getattr(settings, "TWO_FACTOR_REQUIRED", False):
        return []
    return [Warning(
        "双因素认证未强制启用（TWO_FACTOR_REQUIRED = False）：审核员和管理员仅凭密码即可登录。",
        hint="在生产配置（config/settings/prod.py）中设置 TWO_FACTOR_REQUIRED = True。",
        id="regions.W001",
    )]
