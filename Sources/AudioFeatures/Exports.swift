// Extractor specs, feature matrices and audio errors are AudioFeatures' vocabulary; callers need
// not import Records for them.
@_exported public import Records
