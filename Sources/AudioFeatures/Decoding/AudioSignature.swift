/// What an audio file is by its first bytes, whatever its name says: how the server decides that
/// a file it is asked to send is audio at all.
public enum AudioSignature: String, Sendable, CaseIterable {
    case wav, flac, ogg, mp3, aac, aiff, au, caf, mp4, webm, wma

    /// How many leading bytes ``init(header:)`` looks at.
    public static let headerLength = 12

    /// The container the header starts, or `nil` when it is no audio format Tagmine knows.
    public init?(header bytes: [UInt8]) {
        func starts(_ text: String, at offset: Int = 0) -> Bool {
            let signature = Array(text.utf8)
            return bytes.count >= offset + signature.count
                && Array(bytes[offset..<offset + signature.count]) == signature
        }
        if (starts("RIFF") || starts("RF64")) && starts("WAVE", at: 8) {
            self = .wav
        } else if starts("fLaC") {
            self = .flac
        } else if starts("OggS") {
            self = .ogg
        } else if starts("ID3") {
            self = .mp3
        } else if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0 {
            // An MPEG frame sync; layer bits 00 mean ADTS (AAC), anything else MPEG audio.
            self = bytes[1] & 0x06 == 0 ? .aac : .mp3
        } else if starts("FORM") && (starts("AIFF", at: 8) || starts("AIFC", at: 8)) {
            self = .aiff
        } else if starts(".snd") {
            self = .au
        } else if starts("caff") {
            self = .caf
        } else if starts("ftyp", at: 4) {
            self = .mp4
        } else if starts("\u{1A}\u{45}") && bytes.count >= 4 && bytes[2] == 0xDF && bytes[3] == 0xA3 {
            self = .webm
        } else if bytes.starts(with: [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]) {
            self = .wma
        } else {
            return nil
        }
    }

    /// The media type to send it with.
    public var mediaType: String {
        switch self {
        case .wav: "audio/wav"
        case .flac: "audio/flac"
        case .ogg: "audio/ogg"
        case .mp3: "audio/mpeg"
        case .aac: "audio/aac"
        case .aiff: "audio/aiff"
        case .au: "audio/basic"
        case .caf: "audio/x-caf"
        case .mp4: "audio/mp4"
        case .webm: "audio/webm"
        case .wma: "audio/x-ms-wma"
        }
    }
}
