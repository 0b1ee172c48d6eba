// Training options and curves are Learning's vocabulary; callers need not import Records for them.
@_exported public import Records
