"""Repositories over one AsyncConnection (the unit of work's transaction), Core statements only."""
