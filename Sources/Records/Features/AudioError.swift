/// An audio file that cannot be decoded or featurised, with what to do about it.
///
/// Batch extraction records one per failed track (its ``code`` in the store, its ``message`` for
/// people) and carries on with the next track.
public struct AudioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is; stable strings, stored with per-track failures.
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// No file at the path.
        case missingFile = "missing-file"
        /// The file exists but holds no bytes.
        case emptyFile = "empty-file"
        /// A container or codec neither libsndfile nor ffmpeg reads.
        case unsupportedFormat = "unsupported-format"
        /// The header or the data is malformed.
        case corrupt
        /// The file ends before the audio its header announces.
        case truncated
        /// Fewer samples than one analysis frame (`n_fft`).
        case tooShort = "too-short"
        /// A header value outside what Tagmine accepts (channels, sample rate).
        case outOfRange = "out-of-range"
        /// The file could not be read (permissions, I/O) or written.
        case unreadable
        /// The resampler refused the conversion.
        case resampling
        /// An external decoder (ffmpeg) ran past its time and was stopped.
        case timedOut = "timed-out"
        /// The file needs ffmpeg, which is not installed.
        case decoderMissing = "decoder-missing"

        /// Whether the cause lies outside the file (a decoder missing or stopped), so that the
        /// same file may decode on a later run: batches try such tracks again.
        public var isTransient: Bool { self == .timedOut || self == .decoderMissing }
        /// The catalogue gives the track no audio, and none has been attached.
        case noAudio = "no-audio"
    }

    /// The machine-matchable kind of problem.
    public var code: Code
    /// The file concerned.
    public var path: String
    /// What went wrong and how to fix it, without the path.
    public var reason: String

    /// Creates an error for `path`.
    public init(_ code: Code, path: String, _ reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
