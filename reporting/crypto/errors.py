class DecryptionError(Exception):
    """Raised for every failure to open sealed data.

    Deliberately one type with one message: callers must not learn whether the
    key, the associated data or the bytes were wrong.
    """

    def __init__(self) -> None:
        super().__init__("The data could not be decrypted.")
