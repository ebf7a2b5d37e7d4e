"""Requests for financial aid: drafted, submitted, then granted or refused by the body
that decides."""
