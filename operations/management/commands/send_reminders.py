from django.core.management.base import BaseCommand

from reporting.reminders import automatic_reminders_send


class Command(BaseCommand):
    help = ("发送到期的自动催报（截止前 N 天提醒、截止次日催报），指标填报和重大行动进展报告各自每个地区每种只发一次；"
            "供 cron 每天运行。 Send the automatic reminders due today for indicator and key-action reports;"
            " idempotent, meant for cron.")

    def handle(self, *args, **options):
        sent = automatic_reminders_send()
        self.stdout.write(f"send_reminders: {sent} reminder(s) sent")
