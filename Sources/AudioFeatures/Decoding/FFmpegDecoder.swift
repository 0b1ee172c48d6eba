import Foundation

/// Decodes what libsndfile refuses — AAC and ALAC in `.m4a`, Opus in WebM, WMA, the audio track of
/// an `.mp4` — through the `ffmpeg` program, as librosa's audioread falls back to it: `ffprobe`
/// reads the first audio stream's codec, rate, channels and duration, `ffmpeg` streams the stream
/// as 32-bit float PCM at its own rate, and Tagmine downmixes and cuts it as it does libsndfile's
/// output. A subprocess, not a linked library, so the build's licence is untouched.
///
/// Only local files are read: the input is always a `file:` URL, ffmpeg may use no other
/// protocol, and only audio containers may open it (a playlist or concat script that points at
/// other files is refused). A decoder that runs past ``DecodeOptions/decoderTimeout`` is killed.
enum FFmpegDecoder {
    /// The programs, found on the `PATH`.
    struct Programs {
        var ffmpeg: String
        var ffprobe: String

        /// Both programs on `PATH`, or `nil` when either is missing.
        init?(path: String? = ProcessInfo.processInfo.environment["PATH"]) {
            func find(_ name: String) -> String? {
                (path ?? "").split(separator: ":").map { "\($0)/\(name)" }.first {
                    FileManager.default.isExecutableFile(atPath: $0)
                }
            }
            guard let ffmpeg = find("ffmpeg"), let ffprobe = find("ffprobe") else { return nil }
            self.ffmpeg = ffmpeg
            self.ffprobe = ffprobe
        }
    }

    /// Demuxers ffmpeg may open a file with: audio containers only.
    static let containers = "mov,mp4,m4a,matroska,webm,asf,aac,ogg,mp3,wav,w64,flac,aiff,caf,au"

    /// Decodes `path`, which libsndfile refused with `refusal`, to mono at its own rate, cut as
    /// `options` say.
    static func decode(_ path: String, options: DecodeOptions, refusal: String) throws(AudioError) -> (
        AudioClip, SourceInfo
    ) {
        let fileExtension = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard let programs = Programs() else {
            throw AudioError(
                .decoderMissing, path: path,
                "libsndfile does not read \(fileExtension.isEmpty ? "this file" : ".\(fileExtension) files") "
                    + "(\(refusal)) and ffmpeg, which Tagmine decodes such files with, is not on the PATH: install "
                    + "it (sudo apt-get install ffmpeg) and run the command again")
        }
        let stream = try probe(path, programs: programs, timeout: options.decoderTimeout, refusal: refusal)
        let channels = stream.channels, rate = stream.sampleRate
        var wanted = Int.max, start = 0
        if let seconds = options.maxSeconds, seconds > 0 {
            wanted = Int(seconds * Double(rate))
            if options.part == .middle, let frames = stream.frames { start = max(0, (frames - wanted) / 2) }
        }
        var mono: [Float] = [], skipped = 0, pending = Data()
        let frameBytes = 4 * channels
        let outcome = run(
            programs.ffmpeg,
            [
                "-nostdin", "-v", "error", "-protocol_whitelist", "file", "-format_whitelist", containers, "-i",
                "file:" + path, "-map", "0:a:0", "-vn", "-f", "f32le", "-acodec", "pcm_f32le", "-",
            ], timeout: options.decoderTimeout
        ) { bytes in
            pending.append(bytes)
            let frames = pending.count / frameBytes
            guard frames > 0 else { return true }
            // Copied out: the pipe's bytes need not be aligned for floats.
            var samples = [Float](repeating: 0, count: frames * channels)
            samples.withUnsafeMutableBytes { _ = pending.copyBytes(to: $0, count: frames * frameBytes) }
            pending.removeSubrange(pending.startIndex..<(pending.startIndex + frames * frameBytes))
            let skip = min(frames, start - skipped)
            skipped += skip
            let take = min(frames - skip, wanted - mono.count)
            if take > 0 {
                samples.withUnsafeBufferPointer {
                    AudioDecoder.appendMono(
                        UnsafeBufferPointer(rebasing: $0[(skip * channels)..<((skip + take) * channels)]),
                        channels: channels, to: &mono)
                }
            }
            return mono.count < wanted
        }
        if outcome.timedOut {
            throw AudioError(
                .timedOut, path: path,
                "ffmpeg was still decoding after \(Self.seconds(options.decoderTimeout)) and was stopped; check the "
                    + "file, or allow more time with --decoder-timeout")
        }
        if !outcome.stopped && outcome.status != 0 {
            throw AudioError(.corrupt, path: path, "ffmpeg cannot decode it: \(outcome.message)")
        }
        guard !mono.isEmpty else { throw AudioError(.tooShort, path: path, "the file holds no audio frames") }
        // Compressed streams estimate their length; a small shortfall is not truncation.
        if !outcome.stopped, let frames = stream.frames {
            let expected = min(frames - start, wanted)
            if mono.count < expected - expected / 100 - rate / 10 {
                throw AudioError(
                    .truncated, path: path,
                    "the container announces \(expected) frames but the audio ends after \(mono.count)"
                        + (outcome.message.isEmpty ? "" : " (\(outcome.message))") + "; re-export the file")
            }
        }
        let source = SourceInfo(
            format: stream.codec.uppercased(), sampleRate: rate, channels: channels,
            duration: stream.frames.map { Double($0) / Double(rate) } ?? Double(mono.count) / Double(rate))
        return (AudioClip(samples: mono, sampleRate: rate), source)
    }

    /// What `ffprobe` says about a file's first audio stream.
    struct Stream {
        var codec: String
        var sampleRate: Int
        var channels: Int
        /// Frames at the stream's rate, when the container gives a duration.
        var frames: Int?
    }

    static func probe(_ path: String, programs: Programs, timeout: Double, refusal: String) throws(AudioError)
        -> Stream
    {
        var output = Data()
        let outcome = run(
            programs.ffprobe,
            [
                "-v", "error", "-protocol_whitelist", "file", "-format_whitelist", containers, "-select_streams",
                "a:0", "-show_entries", "stream=codec_name,sample_rate,channels:format=duration", "-of",
                "default=noprint_wrappers=1", "file:" + path,
            ], timeout: timeout
        ) { bytes in
            output.append(bytes)
            return output.count < 65_536
        }
        if outcome.timedOut {
            throw AudioError(
                .timedOut, path: path,
                "ffprobe was still reading it after \(Self.seconds(timeout)) and was stopped; check the file, or "
                    + "allow more time with --decoder-timeout")
        }
        var fields: [String: String] = [:]
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, fields[String(parts[0])] == nil { fields[String(parts[0])] = String(parts[1]) }
        }
        guard outcome.status == 0 else {
            throw AudioError(
                .unsupportedFormat, path: path,
                "neither libsndfile (\(refusal)) nor ffmpeg (\(outcome.message.isEmpty ? "no reason given" : outcome.message)) "
                    + "reads it: a damaged file, or not audio; convert it to WAV or FLAC")
        }
        guard let codec = fields["codec_name"] else {
            throw AudioError(.unsupportedFormat, path: path, "the file has no audio stream")
        }
        guard let rate = fields["sample_rate"].flatMap(Int.init), AudioDecoder.sampleRates.contains(rate) else {
            throw AudioError(
                .outOfRange, path: path,
                "sample rate \(fields["sample_rate"] ?? "?") Hz is outside "
                    + "\(AudioDecoder.sampleRates.lowerBound)–\(AudioDecoder.sampleRates.upperBound) Hz")
        }
        guard let channels = fields["channels"].flatMap(Int.init), (1...AudioDecoder.maxChannels).contains(channels)
        else {
            throw AudioError(
                .outOfRange, path: path,
                "\(fields["channels"] ?? "?") channels (Tagmine reads 1 to \(AudioDecoder.maxChannels))")
        }
        let duration = fields["duration"].flatMap(Double.init).flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        return Stream(
            codec: codec, sampleRate: rate, channels: channels, frames: duration.map { Int($0 * Double(rate)) })
    }

    /// How a program ran: its exit status, the last line of what it reported, whether the
    /// consumer stopped reading before the end, and whether it was killed for taking too long.
    struct Outcome {
        var status: Int32
        var message: String
        var stopped: Bool
        var timedOut: Bool
    }

    /// Runs `program`, handing its output to `consume` as it comes until that returns `false`
    /// (then the program is stopped) or the output ends; kills it after `timeout` seconds.
    private static func run(
        _ program: String, _ arguments: [String], timeout: Double, consume: (Data) -> Bool
    ) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        // A file, not a pipe: a decoder reporting many errors must not block on a full pipe.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tagmine-ffmpeg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: log) }
        guard FileManager.default.createFile(atPath: log.path, contents: nil),
            let logHandle = try? FileHandle(forWritingTo: log)
        else {
            return Outcome(status: -1, message: "cannot create a temporary file", stopped: false, timedOut: false)
        }
        defer { try? logHandle.close() }
        process.standardError = logHandle
        do {
            try process.run()
        } catch {
            return Outcome(status: -1, message: "\(program) did not start: \(error)", stopped: false, timedOut: false)
        }
        let pid = process.processIdentifier
        let killer = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        var stopped = false
        while let bytes = try? output.fileHandleForReading.read(upToCount: 1 << 16), !bytes.isEmpty {
            if !consume(bytes) {
                stopped = true
                kill(pid, SIGKILL)
                break
            }
        }
        try? output.fileHandleForReading.close()
        process.waitUntilExit()
        killer.cancel()
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        let report = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let message =
            report.split(separator: "\n").last.map { String($0.prefix(300)) }?.trimmingCharacters(
                in: .whitespaces) ?? ""
        return Outcome(
            status: process.terminationStatus, message: message, stopped: stopped, timedOut: killed && !stopped)
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
