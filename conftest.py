"""Settings shared by the whole suite (at the top level: a tests/conftest.py would put tests/ on
sys.path, where tests/game_rules would shadow the real package)."""

from hypothesis import HealthCheck, settings

# Speed is measured in bench/, not in tests: a loaded 2-core CI machine must not turn a slow
# example into a failure. The properties themselves stay as strict as written.
settings.register_profile(
    "plenary", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("plenary")
