from django.apps import AppConfig


class SwappedConfig(AppConfig):
    name = "tests_swapped"
    default_auto_field = "django.db.models.BigAutoField"
