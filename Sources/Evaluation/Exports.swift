// Relabel operations, which suggestions carry, are Records' vocabulary; callers need not import
// Records for them.
@_exported public import Records
