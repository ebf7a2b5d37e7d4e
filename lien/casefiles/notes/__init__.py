"""Confidential notes: writing them, encryption at rest, named sharing (secret partagé)
and the hand-over of a departed author's private notes."""
