"""Tests of the holdings split and the cold-storage advisor."""
