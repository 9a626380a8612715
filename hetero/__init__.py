"""Hetero Space portal: content model, validation and site generation."""
