"""Appointments: booking, moving, cancelling, recording whether they took place, and the
workers' calendars."""
