"""Command line (placeholder until the batch layer lands)."""

import click


@click.group()
def main() -> None:
    """factpull."""
