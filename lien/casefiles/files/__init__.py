"""The case file itself: a household's file in one office, its referent, closing,
transferring and reopening it, the caseload and the file page that gathers every part."""
