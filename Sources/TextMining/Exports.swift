// Polarity options, emotion selections, text encodings and tag keys are TextMining's vocabulary;
// callers need not import Records for them.
@_exported public import Records
