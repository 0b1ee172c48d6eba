// Track records, tags and catalogue errors are Catalog's vocabulary; callers need not import
// Records for them.
@_exported public import Records
