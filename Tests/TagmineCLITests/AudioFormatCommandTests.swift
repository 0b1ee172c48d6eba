import Foundation
import TagmineTestSupport
import Testing

/// Tracks in formats libsndfile does not read (AAC in `.m4a`, Opus in WebM), decoded through
/// `ffmpeg`, in every command that reads audio.
@Suite struct AudioFormatCommandTests: CommandLineSuite {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    /// A generated catalogue whose tracks `converted` are re-encoded by ffmpeg (`track: extension`,
    /// with the encoder arguments) and pointed at by the catalogue instead of their WAV files.
    private func catalogue(tracks: Int, converted: [String: (String, [String])]) throws {
        #expect(try tagmine("demo", "generate", "--out", "cat", "--tracks", "\(tracks)", "--seconds", "1").status == 0)
        var csv = try Data(contentsOf: URL(fileURLWithPath: folder.file("cat/tags.csv")))
        for (track, (fileExtension, encoder)) in converted {
            let wav = "audio/\(track).wav", encoded = "audio/\(track).\(fileExtension)"
            try ffmpeg(["-i", "cat/\(wav)"] + encoder + ["cat/\(encoded)"])
            try FileManager.default.removeItem(atPath: folder.file("cat/\(wav)"))
            let range = try #require(csv.range(of: Data(wav.utf8)))
            csv.replaceSubrange(range, with: Data(encoded.utf8))
        }
        try csv.write(to: URL(fileURLWithPath: folder.file("cat/tags.csv")))
    }

    /// Runs ffmpeg in the folder.
    private func ffmpeg(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-nostdin", "-v", "error", "-y"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ffmpeg \(arguments)")
    }

    @Test func tracksInFormatsLibsndfileRefusesWorkInEveryCommandThatReadsAudio() throws {
        try catalogue(
            tracks: 8,
            converted: [
                "D000002": ("m4a", ["-c:a", "aac", "-b:a", "96k"]), "D000004": ("webm", ["-c:a", "libopus"]),
                "D000005": ("m4a", ["-c:a", "aac"]),
            ])
        // D000005's file is cut short: the container's index is gone.
        let cut = try Data(contentsOf: URL(fileURLWithPath: folder.file("cat/audio/D000005.m4a")))
        try cut.prefix(cut.count / 3).write(to: URL(fileURLWithPath: folder.file("cat/audio/D000005.m4a")))
        // What ffmpeg decodes D000002 to, as float PCM.
        try ffmpeg(["-i", "cat/audio/D000002.m4a", "-c:a", "pcm_f32le", "pcm.wav"])

        #expect(try tagmine("init").status == 0 && tagmine("import", "cat/tags.csv").status == 0)
        let features = try tagmine("features")
        #expect(
            features.status == 3 && features.stdout.contains("8 tracks (7 extracted, 1 failed)"), "\(features.stdout)")
        let failures = try tagmine("features", "--failures").stdout
        #expect(failures.contains("D000005  unsupported-format") && failures.contains("ffmpeg ("), "\(failures)")

        let dump = try tagmine(
            "features", "dump", "cat/audio/D000002.m4a", "pcm.wav", "--extractor", "logmel", "--out", "dumped")
        #expect(dump.status == 0, "\(dump.stderr)")
        let ours = try Data(contentsOf: URL(fileURLWithPath: folder.file("dumped/D000002.npy")))
        let theirs = try Data(contentsOf: URL(fileURLWithPath: folder.file("dumped/pcm.npy")))
        #expect(ours.count > 128 * 40 * 4 && ours == theirs)

        #expect(try tagmine("label", "genre", "--map", "genre-seed", "--name", "genre-v1").status == 0)
        #expect(try tagmine("train", "genre-v1", "--folds", "2", "--epochs", "5").status == 0)
        let predicted = try tagmine("predict", "--run", "1", "cat/audio/D000002.m4a", "--json")
        let reference = try tagmine("predict", "--run", "1", "pcm.wav", "--json")
        func probabilities(_ result: CommandResult) throws -> [Double] {
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return try #require(object?["probabilities"] as? [Double], "\(result.stdout)\(result.stderr)")
        }
        #expect(try probabilities(predicted) == probabilities(reference))

        let models = ["TAGMINE_MODELS": folder.file("models")]
        #expect(
            try tagmine(["models", "install", "musicnn-msd", "--from", try musicnnWheel()], environment: models).status
                == 0)
        let tagged = try tagmine(["autotag", "cat/audio/D000004.webm", "--json"], environment: models)
        let tags = try JSONSerialization.jsonObject(with: Data(tagged.stdout.utf8)) as? [String: Any]
        #expect((tags?["tags"] as? [String: Double])?.count == 50, "\(tagged.stdout)\(tagged.stderr)")
    }

    @Test func withoutFFmpegOrPastItsTimeATrackFailsWithTheReasonAndTheBatchGoesOn() throws {
        try catalogue(tracks: 3, converted: ["D000001": ("m4a", ["-c:a", "aac"])])
        #expect(try tagmine("init").status == 0 && tagmine("import", "cat/tags.csv").status == 0)

        let missing = try tagmine("features", environment: ["PATH": folder.file("nowhere")])
        #expect(missing.status == 3 && missing.stdout.contains("(2 extracted, 1 failed)"), "\(missing.stdout)")
        let reason = try tagmine("features", "--failures").stdout
        #expect(
            reason.contains("D000001  decoder-missing") && reason.contains("ffmpeg")
                && reason.contains("is not on the PATH: install it (sudo apt-get install ffmpeg)"), "\(reason)")

        // A decoder that hangs: ffprobe answers, ffmpeg never does.
        try FileManager.default.createDirectory(atPath: folder.file("bin"), withIntermediateDirectories: true)
        try folder.write(
            "bin/ffprobe", "#!/bin/sh\nprintf 'codec_name=aac\\nsample_rate=44100\\nchannels=2\\nduration=1.0\\n'\n")
        try folder.write("bin/ffmpeg", "#!/bin/sh\nexec /bin/sleep 60\n")
        for program in ["ffprobe", "ffmpeg"] {
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o755], ofItemAtPath: folder.file("bin/\(program)"))
        }
        let started = Date()
        let hung = try tagmine("features", "--decoder-timeout", "1", environment: ["PATH": folder.file("bin")])
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(
            hung.status == 3 && hung.stdout.contains("(0 extracted, 2 already current, 1 failed)"), "\(hung.stdout)")
        let timedOut = try tagmine("features", "--failures").stdout
        #expect(
            timedOut.contains("D000001  timed-out") && timedOut.contains("still decoding after 1 s"), "\(timedOut)")
    }
}
