import AudioFeatures
import Foundation
import TagmineTestSupport
import Testing

/// Formats libsndfile does not read, generated with `ffmpeg` from our own tone and decoded by
/// Tagmine through it.
enum EncodedAudio {
    /// A format, the ffmpeg arguments that encode it, and its file name.
    struct Format: Sendable, CustomTestStringConvertible {
        var file: String
        var arguments: [String]
        /// How far (dB) its features may be from those of ffmpeg's PCM.
        var tolerance: Float = 1e-4
        var testDescription: String { file }
    }

    static let formats = [
        Format(file: "aac.m4a", arguments: ["-c:a", "aac", "-b:a", "96k"]),
        Format(file: "alac.m4a", arguments: ["-c:a", "alac"]),
        Format(file: "opus.webm", arguments: ["-c:a", "libopus", "-b:a", "64k"]),
        Format(file: "wma.wma", arguments: ["-c:a", "wmav2", "-b:a", "96k"]),
        Format(file: "adts.aac", arguments: ["-c:a", "aac", "-b:a", "96k"]),
        // Ogg Opus is libsndfile's own (through libopus), not ffmpeg's native Opus decoder: the
        // two decoders agree to about 2e-3 dB.
        Format(file: "ogg.opus", arguments: ["-c:a", "libopus", "-b:a", "64k"], tolerance: 5e-3),
        Format(
            file: "video.mp4",
            arguments: [
                "-f", "lavfi", "-i", "color=c=black:s=32x32:r=10:d=2", "-c:v", "mpeg4", "-c:a", "aac", "-shortest",
            ]),
    ]

    /// A stereo 2-second chord at 44.1 kHz written by Tagmine, then encoded by ffmpeg as `format`.
    static func write(_ format: Format, in folder: TemporaryDirectory, seconds: Double = 2) throws -> String {
        let source = folder.file("source-\(format.file).wav")
        let left = sine(440, rate: 44_100, seconds: seconds), right = sine(660, rate: 44_100, seconds: seconds)
        try AudioWriter.write(
            zip(left, right).flatMap { [$0, $1 * 0.5] }, channels: 2, sampleRate: 44_100, to: source, as: .wav)
        let path = folder.file(format.file)
        try ffmpeg(["-i", source] + format.arguments + [path])
        return path
    }

    /// The float PCM ffmpeg decodes `path` to, as a WAV libsndfile reads.
    static func decodedByFFmpeg(_ path: String) throws -> String {
        let wav = path + ".decoded.wav"
        try ffmpeg(["-i", path, "-map", "0:a:0", "-c:a", "pcm_f32le", wav])
        return wav
    }

    static func ffmpeg(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-nostdin", "-v", "error", "-y"] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "ffmpeg \(arguments) failed"])
        }
    }
}

@Suite struct FFmpegDecodingTests {
    /// Through the ffmpeg fallback a format gives the features of the PCM ffmpeg decodes it to
    /// (Ogg Opus, which libsndfile reads itself, within its decoder's difference).
    @Test(arguments: EncodedAudio.formats)
    func aFormatLibsndfileRefusesHasTheFeaturesOfItsDecodedPCM(format: EncodedAudio.Format) throws {
        let folder = try TemporaryDirectory()
        let path = try EncodedAudio.write(format, in: folder)
        let (clip, info) = try AudioDecoder.decode(path)
        #expect(info.channels == 2 && info.sampleRate == (format.file.contains("opus") ? 48_000 : 44_100))
        #expect(abs(Double(clip.samples.count) / Double(clip.sampleRate) - 2) < 0.1, "\(clip.samples.count)")
        let reference = try EncodedAudio.decodedByFFmpeg(path)
        for kind in [ExtractorKind.logmel, .logmelStats] {
            let extractor = Extractor(ExtractorSpec(kind))
            let ours = try extractor.extract(path).features, theirs = try extractor.extract(reference).features
            #expect(ours.rows == theirs.rows && ours.columns == theirs.columns)
            let worst = zip(ours.values, theirs.values).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= format.tolerance, "\(kind.rawValue): \(worst) dB apart")
        }
    }

    @Test func theMiddleOfALongFileIsCutAsFromPCM() throws {
        let folder = try TemporaryDirectory()
        let path = try EncodedAudio.write(EncodedAudio.formats[1], in: folder, seconds: 4)
        let reference = try EncodedAudio.decodedByFFmpeg(path)
        let options = DecodeOptions(maxSeconds: 1.5, part: .middle)
        let (ours, _) = try AudioDecoder.decode(path, options: options)
        let (theirs, _) = try AudioDecoder.decode(reference, options: options)
        #expect(ours.samples.count == 66_150 && ours.samples == theirs.samples)
    }

    @Test func brokenAndForeignFilesAreRefusedWithTheReason() throws {
        let folder = try TemporaryDirectory()
        let whole = try Data(
            contentsOf: URL(fileURLWithPath: try EncodedAudio.write(EncodedAudio.formats[0], in: folder)))
        try folder.write("cut.m4a", whole.prefix(whole.count / 3))
        try folder.write("noise.m4a", Data((0..<4_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }))
        // A concat script that plain ffmpeg follows to the file beside it: never followed.
        let wav = folder.file("elsewhere.wav")
        try AudioWriter.write(sine(440, rate: 22_050, seconds: 1), sampleRate: 22_050, to: wav, as: .wav)
        try folder.write("script.m4a", "ffconcat version 1.0\nfile 'elsewhere.wav'\n")
        for name in ["cut.m4a", "noise.m4a", "script.m4a"] {
            let error = #expect(throws: AudioError.self) { _ = try AudioDecoder.decode(folder.file(name)) }
            #expect(
                [.unsupportedFormat, .corrupt, .truncated].contains(error?.code),
                "\(name): \(error.map(String.init(describing:)) ?? "decoded")")
            #expect(error?.path == folder.file(name))
            #expect(error?.reason.contains("ffmpeg") == true, "\(error?.reason ?? "")")
        }
    }
}
