"""Configuration for a checkout: the classes live in program_planner.config (in the wheel)."""

from program_planner.config import (
    CONFIGS,
    Config,
    DevelopmentConfig,
    ProductionConfig,
    TestingConfig,
)

__all__ = ["CONFIGS", "Config", "DevelopmentConfig", "ProductionConfig", "TestingConfig"]
