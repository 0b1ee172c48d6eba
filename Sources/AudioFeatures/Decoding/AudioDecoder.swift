internal import CSndFile
import Foundation

/// Decodes audio files with libsndfile (WAV, AIFF, FLAC, Ogg/Vorbis, Opus, MP3) into mono clips,
/// and what libsndfile refuses (AAC, ALAC, WebM, WMA, MP4) through the `ffmpeg` program.
///
/// ```swift
/// let (clip, info) = try AudioDecoder.decode("take1.flac", options: DecodeOptions(maxSeconds: 30))
/// ```
public enum AudioDecoder {
    /// The most channels a file may have; beyond it the header is taken as corrupt.
    public static let maxChannels = 64
    /// The sample rates Tagmine accepts, in Hz.
    public static let sampleRates = 1_000...768_000

    /// Decodes `path` to mono at the file's own rate, cut as `options` say.
    public static func decode(_ path: String, options: DecodeOptions = DecodeOptions()) throws(AudioError) -> (
        AudioClip, SourceInfo
    ) {
        try checkFile(path)
        var info = SF_INFO()
        guard let file = sf_open(path, Int32(SFM_READ), &info) else {
            let code = Int(sf_error(nil)), message = String(cString: sf_strerror(nil))
            if code == SF_ERR_UNRECOGNISED_FORMAT || code == SF_ERR_UNSUPPORTED_ENCODING {
                return try FFmpegDecoder.decode(path, options: options, refusal: message)
            }
            throw openError(path, code: Int32(code), message: message)
        }
        defer { sf_close(file) }

        let channels = Int(info.channels), rate = Int(info.samplerate)
        guard (1...maxChannels).contains(channels) else {
            throw AudioError(.outOfRange, path: path, "\(channels) channels (Tagmine reads 1 to \(maxChannels))")
        }
        guard sampleRates.contains(rate) else {
            throw AudioError(
                .outOfRange, path: path,
                "sample rate \(rate) Hz is outside \(sampleRates.lowerBound)–\(sampleRates.upperBound) Hz")
        }
        let frames = Int(info.frames)
        guard frames > 0 else { throw AudioError(.tooShort, path: path, "the file holds no audio frames") }
        if let shortfall = truncatedChunk(file) {
            throw AudioError(
                .truncated, path: path,
                "the data chunk is cut short (\(shortfall)); the file was not completely copied or exported")
        }
        let source = SourceInfo(
            format: formatName(info.format), sampleRate: rate, channels: channels,
            duration: Double(frames) / Double(rate))

        var wanted = frames, start = 0
        if let seconds = options.maxSeconds, seconds > 0 {
            // librosa.load(duration=d) reads int(d · sr) frames.
            wanted = min(frames, Int(seconds * Double(rate)))
            if options.part == .middle { start = (frames - wanted) / 2 }
        }
        if start > 0, sf_seek(file, sf_count_t(start), SEEK_SET) < 0 {
            throw AudioError(.corrupt, path: path, "cannot seek to the middle: \(String(cString: sf_strerror(file)))")
        }
        let samples = try readMono(file, frames: wanted, channels: channels, path: path)
        return (AudioClip(samples: samples, sampleRate: rate), source)
    }

    /// Reads up to `frames` frames and averages the channels (numpy's `mean` over channels, in float32).
    private static func readMono(_ file: OpaquePointer, frames: Int, channels: Int, path: String) throws(AudioError)
        -> [Float]
    {
        let block = 16_384
        var mono: [Float]
        if channels == 1 {
            // Straight into the result: no block buffer to copy from.
            mono = [Float](unsafeUninitializedCapacity: frames) { buffer, count in
                count = max(0, Int(sf_readf_float(file, buffer.baseAddress, sf_count_t(frames))))
            }
        } else {
            mono = []
            mono.reserveCapacity(frames)
            var interleaved = [Float](repeating: 0, count: block * channels)
            while mono.count < frames {
                let request = min(block, frames - mono.count)
                let read = interleaved.withUnsafeMutableBufferPointer {
                    Int(sf_readf_float(file, $0.baseAddress, sf_count_t(request)))
                }
                if read <= 0 { break }
                interleaved.withUnsafeBufferPointer {
                    appendMono(UnsafeBufferPointer(rebasing: $0[0..<(read * channels)]), channels: channels, to: &mono)
                }
            }
        }
        if sf_error(file) != 0 {
            throw AudioError(.corrupt, path: path, "undecodable data: \(String(cString: sf_strerror(file)))")
        }
        // Compressed formats estimate their length; a small shortfall is not truncation.
        if mono.count < frames - frames / 100 - block {
            throw AudioError(
                .truncated, path: path,
                "the header announces \(frames) frames but the data ends after \(mono.count); re-export the file")
        }
        return mono
    }

    /// Appends the channel mean of each interleaved frame (numpy's `mean` over channels, in float32).
    static func appendMono(_ interleaved: UnsafeBufferPointer<Float>, channels: Int, to mono: inout [Float]) {
        if channels == 1 {
            mono.append(contentsOf: interleaved)
            return
        }
        let scale = 1 / Float(channels)
        for frame in 0..<(interleaved.count / channels) {
            var sum: Float = 0
            for channel in 0..<channels { sum += interleaved[frame * channels + channel] }
            mono.append(channels == 2 ? sum / 2 : sum * scale)
        }
    }

    /// libsndfile reads a WAV or AIFF whose data chunk runs past the end of the file as if it were
    /// shorter, and says so only in its log (`data : 176400 (should be 88178)`): that is truncation.
    private static func truncatedChunk(_ file: OpaquePointer) -> String? {
        var log = [CChar](repeating: 0, count: 4_096)
        _ = sf_command(file, Int32(SFC_GET_LOG_INFO), &log, Int32(log.count))
        let text = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("data") || line.hasPrefix("SSND") {
            guard let open = line.range(of: "(should be ") else { continue }
            let declared = line[..<open.lowerBound].split(separator: ":").last?.trimmingCharacters(in: .whitespaces)
            let actual = line[open.upperBound...].dropLast()
            return "\(declared ?? "?") bytes declared, \(actual) present"
        }
        return nil
    }

    private static func checkFile(_ path: String) throws(AudioError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { throw AudioError(.missingFile, path: path, "no such file") }
            throw AudioError(.unreadable, path: path, String(cString: strerror(errno)))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw AudioError(.unreadable, path: path, "not a regular file")
        }
        guard status.st_size > 0 else { throw AudioError(.emptyFile, path: path, "the file is empty (0 bytes)") }
    }

    private static func openError(_ path: String, code: Int32, message: String) -> AudioError {
        switch Int(code) {
        case SF_ERR_SYSTEM:
            return AudioError(.unreadable, path: path, message)
        default:
            return AudioError(.corrupt, path: path, "malformed file (\(message))")
        }
    }

    private static let formatNames: [Int32: String] = [
        0x01_0000: "WAV", 0x02_0000: "AIFF", 0x03_0000: "AU", 0x13_0000: "WAVEX", 0x16_0000: "CAF",
        0x17_0000: "FLAC", 0x20_0000: "OGG", 0x21_0000: "MPC2K", 0x22_0000: "RF64", 0x23_0000: "MPEG",
    ]

    private static func formatName(_ format: Int32) -> String {
        formatNames[format & Int32(SF_FORMAT_TYPEMASK)]
            ?? String(format: "0x%06X", format & Int32(SF_FORMAT_TYPEMASK))
    }
}
