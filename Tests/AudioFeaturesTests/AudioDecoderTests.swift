import AudioFeatures
import Foundation
import TagmineTestSupport
import Testing

@Suite struct AudioDecoderTests {
    @Test(arguments: AudioContainer.allCases)
    func decodesEveryContainerItWrites(container: AudioContainer) throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("tone.\(container.rawValue)")
        try AudioWriter.write(sine(440, rate: 44_100, seconds: 2), sampleRate: 44_100, to: path, as: container)

        let (clip, info) = try AudioDecoder.decode(path)

        #expect(info.sampleRate == 44_100 && info.channels == 1)
        #expect(abs(info.duration - 2) < 0.06, "\(info.duration) s")
        #expect(abs(clip.peak - 0.5) < 0.05)
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
    }

    @Test func averagesChannelsIntoMono() throws {
        let folder = try TemporaryDirectory()
        let left = sine(440, rate: 22_050, seconds: 0.5)
        let interleaved: [Float] = left.flatMap { [$0, Float(0.25)] }
        let path = folder.file("stereo.wav")
        try AudioWriter.write(interleaved, channels: 2, sampleRate: 22_050, to: path, as: .wav)

        let (clip, info) = try AudioDecoder.decode(path)

        #expect(info.channels == 2)
        #expect(clip.samples.count == left.count)
        let worst = zip(clip.samples, left).map { abs($0 - ($1 + 0.25) / 2) }.max() ?? 1
        #expect(worst < 1e-4)
    }

    @Test func keepsTheStartOrTheMiddleOfALongFile() throws {
        let folder = try TemporaryDirectory()
        // A ramp: every sample says where in the file it is.
        let ramp = (0..<10_000).map { Float($0) / 10_000 - 0.5 }
        let path = folder.file("ramp.wav")
        try AudioWriter.write(ramp, sampleRate: 1_000, to: path, as: .wav)

        let (start, _) = try AudioDecoder.decode(path, options: DecodeOptions(maxSeconds: 2, part: .start))
        let (middle, info) = try AudioDecoder.decode(path, options: DecodeOptions(maxSeconds: 2, part: .middle))

        #expect(start.samples.count == 2_000 && middle.samples.count == 2_000)
        #expect(abs(start.samples[0] - ramp[0]) < 1e-4)
        #expect(abs(middle.samples[0] - ramp[4_000]) < 1e-4)
        #expect(info.duration == 10)
    }

    @Test func namesEachBrokenFileForWhatIsWrongWithIt() throws {
        let folder = try TemporaryDirectory()
        try folder.write("empty.wav", Data())
        try folder.write("notes.wav", "this is a text file, not audio\n")
        let truncated = folder.file("truncated.wav")
        try AudioWriter.write(sine(440, rate: 22_050, seconds: 4), sampleRate: 22_050, to: truncated, as: .wav)
        let whole = try Data(contentsOf: URL(fileURLWithPath: truncated))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: truncated))
        var corrupt = whole.prefix(44)
        corrupt.replaceSubrange(20..<22, with: [0x99, 0x00])  // an unknown WAV encoding tag
        try folder.write("corrupt.wav", corrupt + Data(repeating: 7, count: 1_000))

        let cases: [(String, AudioError.Code)] = [
            ("missing.wav", .missingFile), ("empty.wav", .emptyFile), ("notes.wav", .unsupportedFormat),
            ("truncated.wav", .truncated), ("corrupt.wav", .corrupt),
        ]
        for (name, code) in cases {
            let error = #expect(throws: AudioError.self) { _ = try AudioDecoder.decode(folder.file(name)) }
            #expect(error?.code == code, "\(name): \(error.map(String.init(describing:)) ?? "no error")")
            #expect(error?.path == folder.file(name))
        }
    }

    @Test func resamplesToLibrosasLength() throws {
        let clip = AudioClip(samples: sine(1_000, rate: 44_100, seconds: 1.001), sampleRate: 44_100)
        let resampled = try Resampler.resample(clip, to: 22_050)
        #expect(resampled.samples.count == Int((Double(clip.samples.count) / 2).rounded(.up)))
        // A 1 kHz tone keeps its amplitude through the band-limited resampler.
        let middle = resampled.samples[2_000..<20_000]
        #expect(abs((middle.max() ?? 0) - 0.5) < 0.01)
    }
}

@Suite struct ExtractorTests {
    @Test func refusesAClipShorterThanOneFrameAndFlagsSilence() throws {
        let folder = try TemporaryDirectory()
        try AudioWriter.write(
            sine(440, rate: 22_050, seconds: 0.05), sampleRate: 22_050, to: folder.file("blip.wav"),
            as: .wav)
        try AudioWriter.write(
            [Float](repeating: 0, count: 22_050), sampleRate: 22_050, to: folder.file("quiet.wav"),
            as: .wav)
        let extractor = Extractor(ExtractorSpec(.logmelStats))

        let error = #expect(throws: AudioError.self) { _ = try extractor.extract(folder.file("blip.wav")) }
        #expect(error?.code == .tooShort)
        let quiet = try extractor.extract(folder.file("quiet.wav"))
        #expect(quiet.silent)
        #expect(quiet.features.columns == 512)
        #expect(try !extractor.extract(fixturesFolder() + "/mono-22050.wav").silent)
    }

    @Test func parametersHashChangesWithEveryParameter() {
        let base = ExtractorSpec(.logmel)
        var hashes: Set<String> = [base.parametersHash, ExtractorSpec(.logmelStats).parametersHash]
        var changed = base
        changed.mel.hop = 256
        hashes.insert(changed.parametersHash)
        changed = base
        changed.decode.part = .middle
        hashes.insert(changed.parametersHash)
        changed = base
        changed.mel.scale = .htk
        hashes.insert(changed.parametersHash)
        #expect(hashes.count == 5)
        #expect(ExtractorSpec(.logmel).parametersHash == base.parametersHash)
    }

    @Test func npyFilesLoadAsTheMatrixTheyHold() throws {
        let matrix = FeatureMatrix(rows: 2, columns: 3, values: [1, -2, 3.5, 0, 1e-3, -7])
        let data = FeatureFileFormat.npy.encode(matrix)
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        #expect(data.prefix(8) == Data([0x93] + Array("NUMPY".utf8) + [1, 0]))
        #expect((10 + headerLength) % 64 == 0)
        #expect(header.contains("'shape': (2, 3)") && header.contains("'<f4'"))
        let values = stride(from: 10 + headerLength, to: data.count, by: 4).map { offset in
            Float(bitPattern: data[offset..<(offset + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        #expect(values == matrix.values)
        #expect(String(decoding: FeatureFileFormat.csv.encode(matrix), as: UTF8.self) == "1,-2,3.5\n0,0.001,-7\n")
    }
}
