"""Hardening settings shared by every environment: Content-Security-Policy and friends."""
