"""The notes of an access export, released by those who read them: each note's author (or
the successor named at hand-over) releases it, blacking out third parties' passages, or
withholds it on a legal ground, before the DPO may deliver the export. The DPO sees how
many notes there are, by author, and who must release them; never a word of them."""
