"""Every setting is documented in the README, by its environment variable."""

from app.settings import Settings


def test_every_setting_is_in_the_readme(readme: str) -> None:
    missing = [name for name in Settings.model_fields if f"DRILL_{name.upper()}" not in readme]
    assert missing == []
