"""Create the role groups with their permissions; optionally one demo user per role (passwords printed)."""
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from gis_app.accounts.models import Profile, Role
from gis_app.accounts.roles import assign_role, ensure_groups


class Command(BaseCommand):
    help = "Make sure the role groups exist with their permissions; --demo-users adds one user per role."

    def add_arguments(self, parser):
        parser.add_argument("--demo-users", action="store_true",
                            help="create demo_commune, demo_district, demo_province, demo_planner, demo_producer "
                                 "(passwords kept in var/role-passwords.txt)")

    def handle(self, *args, demo_users=False, **options):
        groups = ensure_groups()
        self.stdout.write("Role groups: " + ", ".join(sorted({g.name for g in groups.values()})))
        if demo_users:
            for line in self.demo_users():
                self.stdout.write(line)

    def demo_users(self):
        # The producer model as the profile's own field names it: accounts sits below registry and imports none of it.
        Producer = Profile._meta.get_field("producer").related_model
        producer = Producer.objects.filter(commune__isnull=False).select_related("commune__parent").order_by("pk") \
            .first()
        if producer is None:
            return ["No producers yet: run load_demo first."]
        accounts = {
            "demo_commune": (Role.COMMUNE_OFFICER, {"unit": producer.commune}),
            "demo_district": (Role.DISTRICT_OFFICER, {"unit": producer.commune.parent}),
            "demo_province": (Role.PROVINCIAL_OFFICER, {}),
            "demo_planner": (Role.TOURISM_PLANNER, {}),
            "demo_producer": (Role.PRODUCER, {"producer": producer}),
        }
        secret_file = Path(settings.BASE_DIR) / "var" / "role-passwords.txt"
        known = dict(line.split(" ", 1) for line in secret_file.read_text().splitlines()) \
            if secret_file.exists() else {}
        User, lines = get_user_model(), []
        for username, (role, target) in accounts.items():
            user = User.objects.filter(username=username).first() or User(username=username)
            password = known.get(username)
            if password is None or not user.check_password(password):
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.save()
            assign_role(user, role, **target)
            known[username] = password
            where = target.get("unit") or target.get("producer") or ""
            lines.append(f"{role.label}: {username} / {password} {where}".rstrip())
        secret_file.parent.mkdir(parents=True, exist_ok=True)
        secret_file.write_text("".join(f"{name} {password}\n" for name, password in known.items()))
        secret_file.chmod(0o600)
        return lines
