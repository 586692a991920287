"""Insights: the complaint archive turned into statistics and early warning of systematic
failures."""
