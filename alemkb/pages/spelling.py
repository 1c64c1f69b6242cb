"""US and UK spellings of medical words, so that a search finds both ("hemoptysis" finds
"haemoptysis"). Each pair is a US and a UK form of a word's stem; a word containing one is
also searched with the other."""

STEMS = [
    ("hemo", "haemo"),
    ("hema", "haema"),
    ("anemi", "anaemi"),
    ("leukemi", "leukaemi"),
    ("septicemi", "septicaemi"),
    ("viremi", "viraemi"),
    ("ischemi", "ischaemi"),
    ("glycemi", "glycaemi"),
    ("lipidemi", "lipidaemi"),
    ("edem", "oedem"),
    ("esophag", "oesophag"),
    ("estrogen", "oestrogen"),
    ("pediatr", "paediatr"),
    ("orthoped", "orthopaed"),
    ("gyneco", "gynaeco"),
    ("anesthe", "anaesthe"),
    ("fetal", "foetal"),
    ("fetus", "foetus"),
    ("tumor", "tumour"),
    ("diarrhea", "diarrhoea"),
    ("dyspnea", "dyspnoea"),
    ("apnea", "apnoea"),
    ("celiac", "coeliac"),
    ("leukocyt", "leucocyt"),
]


def spellings(word):
    """{word} and its other spellings, lower case: 'hemoptysis' → {'hemoptysis', 'haemoptysis'}."""
    word = word.lower()
    found = {word}
    for us, uk in STEMS:
        if uk in word:
            found.add(word.replace(uk, us))
        elif us in word:
            found.add(word.replace(us, uk))
    return found
