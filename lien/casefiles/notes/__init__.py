"""Confidential notes: encryption at rest, named sharing (secret partagé) and the hand-over
of a departed author's private notes. The Note model itself stays in casefiles.models."""
