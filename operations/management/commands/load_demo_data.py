from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.demo import (
    demo_action_data_create,
    demo_baselines_create,
    demo_data_create,
    demo_season_create,
    demo_users_create,
)


class Command(BaseCommand):
    help = ("创建演示账号（每个角色一个）和演示数据（指标填报和重大行动进展，演示数据，不是真实统计）。"
            "生产环境下拒绝运行。")

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("生产环境（DEMO_MODE 关闭）不允许创建演示账号或演示数据。")
        credentials = demo_users_create()
        store = settings.BASE_DIR / "var" / "demo-credentials.txt"
        store.parent.mkdir(parents=True, exist_ok=True)
        known = dict(line.split("\t", 1) for line in store.read_text(encoding="utf-8").splitlines() if "\t" in line) \
            if store.exists() else {}
        for credential in credentials:
            if credential.password:
                known[credential.username] = credential.password
        store.write_text("".join(f"{name}\t{password}\n" for name, password in known.items()), encoding="utf-8")

        self.stdout.write("演示账号（演示环境专用，密码仅保存在本机 var/demo-credentials.txt）：")
        for credential in credentials:
            password = known.get(credential.username, "（已存在，密码未知）")
            self.stdout.write(f"  {credential.username:<20} {password:<20} {credential.role} · {credential.region_name}")
        created = sum(1 for credential in credentials if credential.password)
        submissions = demo_data_create()
        action_reports = demo_action_data_create()
        baselines = demo_baselines_create()
        # After the history: the season's windows and 省级复核 apply from now on.
        demo_season_create()
        self.stdout.write(f"演示账号：新建 {created} 个，共 {len(credentials)} 个；演示数据：新建填报 {submissions} 份、"
                          f"重大行动进展报告 {action_reports} 份、2020 年基线值填报 {baselines} 份（演示数据，非真实统计）；"
                          f"2025 年度填报期已开放（广东省开启省级复核）。")
