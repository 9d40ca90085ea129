"""Moroccan first names, family names and company names for the demo data."""

FEMALE = ("Amina", "Fatima Zahra", "Khadija", "Salma", "Imane", "Meryem", "Hajar", "Nadia", "Soukaina",
          "Zineb", "Houda", "Loubna", "Asmae", "Sanaa", "Ghizlane", "Rachida", "Naima", "Yasmine",
          "Kawtar", "Siham", "Hanane", "Btissam", "Najat", "Samira", "Latifa", "Ikram", "Oumaima",
          "Chaimae", "Malika", "Rim")
MALE = ("Mohammed", "Youssef", "Ahmed", "Omar", "Hamza", "Mehdi", "Karim", "Rachid", "Said", "Hassan",
        "Abdelilah", "Ayoub", "Anas", "Hicham", "Mustapha", "Khalid", "Adil", "Nabil", "Yassine",
        "Othmane", "Reda", "Abdellah", "Brahim", "Driss", "Jamal", "Tarik", "Soufiane", "Ismail",
        "Amine", "Zakaria")
FAMILY = ("Benali", "El Amrani", "Alaoui", "Bennani", "Tazi", "El Idrissi", "Berrada", "Chraibi",
          "El Fassi", "Benjelloun", "Lahlou", "Ouazzani", "Sqalli", "Kettani", "Bouzidi", "El Ouafi",
          "Amrani", "Naciri", "Ziani", "Belhaj", "Cherkaoui", "Mansouri", "Hajji", "Tahiri", "Lamrani",
          "El Khatib", "Rahmouni", "Saidi", "Boukhris", "Moutaouakil", "Ait Ouhmad", "Ait Lahcen",
          "Oulhaj", "Bakkali", "Filali", "Guessous", "Sebti", "Zerouali", "Haddaoui", "Skalli")
COMPANY_STEMS = ("Atlas", "Sahara", "Chaouia", "Souss", "Rif", "Oasis", "Medina", "Anfa", "Majorelle",
                 "Bouregreg", "Tensift", "Draa", "Ifrane", "Menara", "Agdal", "Corniche")
COMPANY_TRADES = ("Logistique", "Transport", "Industries", "Distribution", "Immobilier", "Services",
                  "Conseil", "Textile", "Agro", "Pharma", "Négoce", "Travaux")
COMPANY_FORMS = ("SARL", "SA", "SARL AU")
MAIL_DOMAINS = ("gmail.com", "menara.ma", "yahoo.fr", "hotmail.com", "outlook.com")
FIXE_AREAS = ("22", "23", "24", "25", "28", "29", "35", "36", "37", "38", "39")


def ascii_slug(text: str) -> str:
    """A name as it would appear in an email address."""
    return text.lower().replace(" ", "").replace("é", "e").replace("è", "e").replace("ï", "i")
