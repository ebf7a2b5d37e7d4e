"""Appointment reminders sent to the person, by e-mail or SMS, only with their consent."""
