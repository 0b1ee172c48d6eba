public import AudioFeatures
import Catalog
import Foundation
import Synchronization
import TextMining

/// A synthetic catalogue whose audio and tags agree (mostly): the data `tagmine demo` and the
/// end-to-end tests run the whole loop on.
///
/// Every track has a true genre, lead instruments and mood; its audio is synthesised from them
/// (see ``Synthesizer``) and its tags, in Japanese and English, are drawn from them with the noise
/// real catalogues have: a few wrong or missing tags, synonyms, negations such as `ギターなし`, and
/// "pops", a tag whose audio is a blend of rock and ballad. A few files are deliberately missing or
/// truncated. Everything is deterministic for a seed.
///
/// ```swift
/// let catalogue = DemoCatalogue(tracks: 600, seed: 42)
/// let written = try catalogue.write(to: "demo")      // demo/tags.csv (CP932) and demo/audio/
/// ```
public struct DemoCatalogue: Sendable {
    /// Number of tracks.
    public var trackCount: Int
    /// The seed.
    public var seed: UInt64
    /// Seconds of audio per track.
    public var seconds: Double
    /// Whether a few files are made missing or truncated.
    public var defects: Bool

    /// The rate most files are written at; FLAC and MP3 files use 44.1 kHz, so they are resampled.
    public static let sampleRate = 22_050

    /// Creates a generator.
    public init(tracks: Int, seed: UInt64 = 42, seconds: Double = 4, defects: Bool = true) {
        self.trackCount = tracks
        self.seed = seed
        self.seconds = seconds
        self.defects = defects
    }

    /// The planned tracks, in catalogue order.
    public func tracks() -> [DemoTrack] {
        var random = SplitMix64(seed: seed)
        return (1...max(1, trackCount)).map { plan($0, random: &random) }
    }

    /// What ``write(to:progress:)`` wrote.
    public struct Written: Sendable {
        /// The tag CSV (CP932, CRLF).
        public var csv: String
        /// The tracks.
        public var tracks: [DemoTrack]
        /// Audio files written per container.
        public var containers: [AudioContainer: Int]
    }

    /// Writes `tags.csv` and `audio/` into `folder`, rendering audio on every core; `progress`
    /// gets the number of files written so far.
    public func write(to folder: String, progress: (@Sendable (Int) -> Void)? = nil) throws -> Written {
        let audioFolder = folder + "/audio"
        try FileManager.default.createDirectory(atPath: audioFolder, withIntermediateDirectories: true)
        let tracks = tracks()
        let failures = Mutex<[String]>([])
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: tracks.count) { index in
            let track = tracks[index]
            do {
                try writeAudio(track, index: index, folder: folder)
            } catch {
                failures.withLock { $0.append("\(track.id): \(error)") }
            }
            let count = done.add(1, ordering: .relaxed).newValue
            progress?(count)
        }
        if let first = failures.withLock({ $0.first }) {
            throw CatalogError(.unreadable, file: audioFolder, "cannot write the demo audio: \(first)")
        }
        let csv = folder + "/tags.csv"
        try writeCSV(tracks, to: csv)
        var containers: [AudioContainer: Int] = [:]
        for (index, track) in tracks.enumerated() where track.defect != .missing {
            containers[Self.container(index + 1), default: 0] += 1
        }
        return Written(csv: csv, tracks: tracks, containers: containers)
    }

    // MARK: Planning

    private static let genreShares: [(DemoGenre, Double)] = [
        (.rock, 0.22), (.fusion, 0.18), (.ballad, 0.2), (.pops, 0.2), (.classical, 0.2),
    ]

    private static let instrumentShares: [DemoGenre: [(DemoInstrument, Double)]] = [
        .rock: [(.electricGuitar, 0.6), (.guitar, 0.1), (.synthesizer, 0.2), (.piano, 0.1)],
        .fusion: [(.synthesizer, 0.35), (.electricGuitar, 0.25), (.piano, 0.3), (.guitar, 0.1)],
        .ballad: [(.piano, 0.55), (.guitar, 0.3), (.synthesizer, 0.1), (.electricGuitar, 0.05)],
        .classical: [(.piano, 0.7), (.guitar, 0.3)],
    ]

    private static let anyInstrument: [(DemoInstrument, Double)] = DemoInstrument.allCases.map { ($0, 1) }

    private static let tempo: [DemoGenre: ClosedRange<Int>] = [
        .rock: 120...150, .fusion: 100...125, .ballad: 60...78, .classical: 70...100,
    ]

    private func plan(_ index: Int, random: inout SplitMix64) -> DemoTrack {
        let genre = Self.pick(Self.genreShares, random: &random)
        // Pops is played as rock or as a ballad: it takes that genre's tempo and instruments.
        let sound = genre == .pops ? (Bool.random(using: &random) ? DemoGenre.rock : .ballad) : genre
        var instruments = [Self.pick(Self.instrumentShares[sound] ?? [], random: &random)]
        if Double.random(in: 0..<1, using: &random) < 0.2 {
            let second = Self.pick(Self.anyInstrument, random: &random)
            if second != instruments[0] { instruments.append(second) }
        }
        let mood: DemoMood = Bool.random(using: &random) ? .bright : .dark
        let bpm = Int.random(in: Self.tempo[sound] ?? 90...120, using: &random)
        let genreIndex = DemoGenre.allCases.firstIndex(of: genre) ?? 0
        let artistNumber =
            Double.random(in: 0..<1, using: &random) < 0.85
            ? 1 + genreIndex * 12 + Int.random(in: 0..<12, using: &random) : Int.random(in: 1...60, using: &random)
        let id = String(format: "D%06d", index)
        let container = Self.container(index)
        var defect: DemoTrack.Defect?
        if defects && index % 300 == 150 { defect = .missing }
        if defects && index % 300 == 250 { defect = .truncated }
        let words = DemoVocabulary(genre: genre, instruments: instruments, mood: mood, bpm: bpm)
        return DemoTrack(
            id: id, path: "audio/\(id).\(container.rawValue)", genre: genre, instruments: instruments, mood: mood,
            bpm: bpm, artist: "Artist \(artistNumber)", tags: words.tags(random: &random),
            description: words.description(random: &random), defect: defect)
    }

    /// Most files are WAV; every 20th FLAC, every 20th Ogg, every 40th MP3.
    private static func container(_ index: Int) -> AudioContainer {
        switch (index % 20, index % 40) {
        case (7, _): return .flac
        case (13, _): return .ogg
        case (_, 3): return .mp3
        default: return .wav
        }
    }

    private static func pick<T>(_ shares: [(T, Double)], random: inout SplitMix64) -> T {
        var u = Double.random(in: 0..<shares.reduce(0) { $0 + $1.1 }, using: &random)
        for (value, share) in shares {
            if u < share { return value }
            u -= share
        }
        return shares[shares.count - 1].0
    }

    // MARK: Writing

    private func writeAudio(_ track: DemoTrack, index: Int, folder: String) throws {
        let path = folder + "/" + track.path
        if track.defect == .missing {
            try? FileManager.default.removeItem(atPath: path)
            return
        }
        let container = Self.container(index + 1)
        let rate = container == .flac || container == .mp3 ? 44_100 : Self.sampleRate
        let samples = Synthesizer(sampleRate: rate, seconds: seconds).render(track, seed: seed &+ UInt64(index) &* 7919)
        try AudioWriter.write(samples, sampleRate: rate, to: path, as: container)
        if track.defect == .truncated {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        }
    }

    private func writeCSV(_ tracks: [DemoTrack], to path: String) throws {
        var text = SyntheticCatalog.header.joined(separator: ",") + "\r\n"
        for track in tracks {
            let number = Int(track.id.dropFirst()) ?? 0
            let fields: [CSVCell] = [
                .text(track.id), .text(track.path), .text("Demo \(track.genre.rawValue.capitalized) \(number)"),
                .text(track.artist), .text("Album \(1 + number % 40)"), .text(track.description),
                .text(track.tags.joined(separator: ", ")), .integer(track.bpm),
            ]
            text += CSVWriting.line(fields) + "\r\n"
        }
        try CSVWriting.encode(text, as: .cp932, path: path).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
