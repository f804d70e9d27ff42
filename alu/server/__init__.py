"""`alu serve`: an OpenAI-compatible, stateless server in front of the unlearning pipeline."""

from alu.server.app import APIError, ServerConfig, create_app, served_models
from alu.server.auth import TokenCheck, check_binding, is_loopback

__all__ = [
    "APIError",
    "ServerConfig",
    "TokenCheck",
    "check_binding",
    "create_app",
    "is_loopback",
    "served_models",
]
