"""Fictional counselling services for the demo's "Help now" directory: no real names,
addresses or numbers."""

from reporting.models import CounsellingService

DEMO_SERVICES = [
    {
        "name": "Antidiskriminierungsberatung Elbtal (fiktiv)",
        "help_with": "Beratung bei Diskriminierung im Job, bei der Wohnungssuche und bei Ämtern.",
        "languages": ["de", "en", "ar"],
        "phone": "0351 000001",
        "website": "https://elbtal-beratung.example",
        "address": "Beispielgasse 3, 01067 Dresden",
        "districts": ["14612", "14625", "14627", "14628"],
    },
    {
        "name": "Beratungsnetz Messestadt (fiktiv)",
        "help_with": "Begleitung nach rassistischen Vorfällen, auch zu Gesprächen und Terminen.",
        "languages": ["de", "ru", "uk", "fa"],
        "phone": "0341 000002",
        "website": "https://beratungsnetz.example",
        "address": "Musterring 8, 04109 Leipzig",
        "districts": ["14713", "14729", "14730"],
    },
    {
        "name": "Gleichbehandlung Erzgebirge (fiktiv)",
        "help_with": "Hilft bei Problemen mit Arbeitgebern, Vermietern und Geschäften.",
        "languages": ["de", "cs", "vi"],
        "phone": "0371 000003",
        "website": "",
        "address": "Am Beispielmarkt 1, 09111 Chemnitz",
        "districts": ["14511", "14521", "14522", "14523", "14524"],
    },
    {
        "name": "Beratung Oberlausitz (fiktiv)",
        "help_with": "Beratung und Begleitung in Deutsch und Polnisch.",
        "languages": ["de", "pl"],
        "phone": "03581 000004",
        "website": "https://oberlausitz-beratung.example",
        "address": "Grenzweg 5, 02826 Görlitz",
        "districts": ["14626", "14625"],
    },
    {
        "name": "Landesweite Telefonberatung gegen Diskriminierung (fiktiv)",
        "help_with": "Erste Beratung am Telefon für ganz Sachsen, auch auf Türkisch und Rumänisch.",
        "languages": ["de", "tr", "ro", "en"],
        "phone": "0800 0000005",
        "website": "https://landesweit-beratung.example",
        "address": "",
        "districts": [],
    },
]


def create_demo_counselling_services() -> int:
    CounsellingService.objects.bulk_create(
        [CounsellingService(**service) for service in DEMO_SERVICES]
    )
    return len(DEMO_SERVICES)
