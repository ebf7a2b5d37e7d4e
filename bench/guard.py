"""The free-text guard on a note of about 2,000 characters: the time of `guard.find`,
which runs on every debounced keystroke (the htmx check) and twice on every save (the
new text and the old one, for the monthly counters).

    .venv/bin/python bench/guard.py

Three figures:
- first call in the process: loads the lexicon and simplemma's French dictionary;
- warm: the same note again, its words' keys already cached (a note being typed);
- new words: the per-word cache emptied before each run, so that every word is
  lemmatised again (a note never seen, the worst case of a save).
The baseline is splitting the same note into words with a regular expression.
"""

import argparse
import re
import time

from common import machine, measure, row, setup_django

NOTE = (
    "Entretien au bureau le 12 mars avec Mme et son fils aîné. Loyer impayé depuis deux mois "
    "à la suite d'une baisse de revenus ; dossier FSL constitué, pièces remises, le bailleur "
    "accepte un plan d'apurement de 50 € par mois. Madame cherche un emploi à temps partiel "
    "et souhaite une place en crèche pour la cadette. Elle dit avoir tenté hier de se "
    "suicider après la visite de l'huissier ; orientation proposée vers le CMP. Le voisin "
    "la traite de fainéante. Monsieur, sans papiers depuis 2021, travaille au noir sur des "
    "chantiers. Rendez-vous à la CPAM le 2 avril pour la complémentaire santé solidaire ; "
    "Madame a donné son numéro de sécurité sociale 2 84 12 75 108 042 78, à ne pas noter. "
    "Téléphone : 06 12 34 56 78. SIRET de l'employeur : 732 829 320 00074. Demande d'aide "
    "financière au CCAS pour la facture d'énergie de 312,45 €, relevé d'identité bancaire "
    "joint à la demande. Le fils est en terminale au lycée professionnel, absences signalées "
    "par l'assistante sociale scolaire. Visite à domicile le 20 mars : logement humide, "
    "chauffage insuffisant, signalement au service d'hygiène de la mairie. Prochain "
    "rendez-vous fixé le 2 avril pour faire le point avec le bailleur et la CAF. Madame "
    "souhaite aussi reprendre une formation d'aide à domicile à la rentrée ; contact pris "
    "avec la mission locale et France Travail, réunion d'information le 15 avril à 14 h. "
    "Point budget : ressources de 1 180 € (RSA et allocations familiales), charges fixes de "
    "820 €, reste à vivre insuffisant ; dossier de surendettement envisagé, rendez-vous avec "
    "la conseillère en économie sociale et familiale. Madame a fait ses courses à l'épicerie "
    "solidaire ce mois-ci. Le père des enfants ne verse plus la pension alimentaire depuis "
    "janvier ; démarche auprès de l'ARIPA expliquée, formulaire rempli ensemble. La cadette "
    "va au centre de loisirs le mercredi, l'aide aux vacances de la CAF est demandée. "
    "Madame remercie le service ; elle rappellera si le bailleur ne répond pas avant la fin "
    "du mois, et apportera les trois dernières quittances."
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    setup_django("guard")
    from lien.privacy import guard
    from lien.privacy.guard import words

    started = time.perf_counter()
    flags = guard.find(NOTE)
    first = (time.perf_counter() - started) * 1000

    def fresh():
        words.keys.cache_clear()
        words._folded_and_keys.cache_clear()
        guard.lexicon()._cache.clear()
        guard.find(NOTE)

    baseline = measure(lambda: re.findall(r"\w+", NOTE), repeat=args.repeat)
    warm = measure(lambda: guard.find(NOTE), repeat=args.repeat)
    new_words = measure(fresh, repeat=args.repeat)
    print(f"Free-text guard, a note of {len(NOTE):,} characters, {len(flags)} flags:")
    print("  " + "; ".join(f"{flag.words} ({flag.family})" for flag in flags))
    print(f"machine: {machine()}")
    print(f"{'first call (lexicon, dictionary)':<34} {first:8.2f} ms")
    print(row("find, warm", warm, baseline))
    print(row("find, every word new", new_words, baseline))
    print(row("baseline: split into words", baseline))


if __name__ == "__main__":
    main()
