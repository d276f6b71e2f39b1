"""Settings shared by the whole suite."""

from hypothesis import HealthCheck, settings

# Speed is measured in bench/, not in tests: a loaded 2-core CI machine must not turn a slow
# example into a failure. The properties themselves stay as strict as written.
settings.register_profile(
    "plenary", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("plenary")
