"""Roles in the user admin: a role, an area or a producer on each account."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = True
    autocomplete_fields = ["unit", "producer"]
    extra = 0
    max_num = 1


User = get_user_model()
base = type(admin.site._registry.get(User)) if admin.site.is_registered(User) else UserAdmin
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class RoleUserAdmin(base):
    inlines = [*getattr(base, "inlines", []), ProfileInline]
    list_display = [*base.list_display, "role"]

    @admin.display(description=Profile._meta.get_field("role").verbose_name)
    def role(self, user):
        profile = Profile.objects.filter(user=user).first()
        return profile.get_role_display() if profile else ("admin" if user.is_superuser else "—")
