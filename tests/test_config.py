"""Settings come from the environment, with embedded defaults; secrets never print."""

from pathlib import Path

from assistant.config import PROJECT_ROOT, Settings


def test_defaults_need_no_environment():
    settings = Settings.from_env({})
    assert settings.data_dir == PROJECT_ROOT / "catalog_index"
    assert settings.orders_url.startswith("sqlite:///") and settings.order_system == "sql"


def test_environment_overrides_defaults():
    settings = Settings.from_env(
        {"ASSISTANT_DATA_DIR": "/tmp/x", "ORDER_SYSTEM": "Shopify", "ORDERS_SEED_DEMO": "false",
         "INDEX_RELOAD_SECONDS": "0.5"}
    )
    assert settings.data_dir == Path("/tmp/x") and settings.order_system == "shopify"
    assert settings.seed_demo_orders is False and settings.index_reload_seconds == 0.5


def test_secrets_are_masked_in_repr():
    settings = Settings.from_env(
        {"SHOPIFY_ACCESS_TOKEN": "shpat_secret123", "ORDERS_DATABASE_URL": "postgresql://shop:hunter2@db/orders"}
    )
    text = repr(settings)
    assert "shpat_secret123" not in text and "hunter2" not in text
    assert "**********" in text and "shop:***@db" in text
