"""The errors an index raises, worded for the user."""


class IndexStoreError(RuntimeError):
    """A problem with an index directory, worded for the user."""


class ModelMismatchError(IndexStoreError):
    pass


class IndexLockedError(IndexStoreError):
    pass
