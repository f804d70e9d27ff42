"""Prompt templates for alu's agents, shipped as package data (read with importlib.resources)."""
