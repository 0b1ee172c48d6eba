// The records the store persists (track records, extractor specs, evidence, operations) are its
// vocabulary; callers need not import Records for them.
@_exported public import Records
