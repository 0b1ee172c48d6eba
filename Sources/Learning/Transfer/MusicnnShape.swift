/// The sizes of musicnn's network (Pons & Serra's "7774timbraltemporal" front end, a dense mid
/// end of residual convolutions over time, and a back end of temporal pooling and dense layers).
/// ``musicnn`` is the published model; tests build small ones of the same structure.
public struct MusicnnShape: Sendable, Hashable, Codable {
    /// A timbral filter: `frequency` mel bands × `time` frames (time padded to keep every frame).
    public struct Timbral: Sendable, Hashable, Codable {
        public var frequency: Int
        public var time: Int
        public var filters: Int

        public init(frequency: Int, time: Int, filters: Int) {
            self.frequency = frequency
            self.time = time
            self.filters = filters
        }
    }

    /// A temporal filter: one band × `time` frames, TensorFlow's "same" padding.
    public struct Temporal: Sendable, Hashable, Codable {
        public var time: Int
        public var filters: Int

        public init(time: Int, filters: Int) {
            self.time = time
            self.filters = filters
        }
    }

    /// Mel bands of the input.
    public var mels: Int
    /// Frames of one patch.
    public var frames: Int
    public var timbral: [Timbral]
    public var temporal: [Temporal]
    /// Filters of each mid-end convolution (the second and later add their input: residual).
    public var midFilters: Int
    /// Mid-end convolutions, each over `midTime` frames.
    public var midLayers: Int
    public var midTime: Int
    /// Units of the back end's penultimate dense layer.
    public var denseUnits: Int
    /// The pretrained output layer's tags.
    public var tags: Int

    public init(
        mels: Int, frames: Int, timbral: [Timbral], temporal: [Temporal], midFilters: Int, midLayers: Int,
        midTime: Int, denseUnits: Int, tags: Int
    ) {
        self.mels = mels
        self.frames = frames
        self.timbral = timbral
        self.temporal = temporal
        self.midFilters = midFilters
        self.midLayers = midLayers
        self.midTime = midTime
        self.denseUnits = denseUnits
        self.tags = tags
    }

    /// The published musicnn: 96 bands, 187-frame (3 s) patches, timbral filters over 38 and 67
    /// bands (40 % and 70 % of 96) × 7 frames, 204 each; temporal filters of 128, 64 and 32
    /// frames, 51 each; three 64-filter mid-end layers over 7 frames; 200 dense units; 50 tags.
    public static let musicnn = MusicnnShape(
        mels: 96, frames: 187,
        timbral: [
            Timbral(frequency: 38, time: 7, filters: 204), Timbral(frequency: 67, time: 7, filters: 204),
        ],
        temporal: [Temporal(time: 128, filters: 51), Temporal(time: 64, filters: 51), Temporal(time: 32, filters: 51)],
        midFilters: 64, midLayers: 3, midTime: 7, denseUnits: 200, tags: 50)

    /// Channels per frame out of the front end: every timbral and temporal filter.
    public var frontWidth: Int { timbral.map(\.filters).reduce(0, +) + temporal.map(\.filters).reduce(0, +) }
    /// Channels per frame the back end pools: the front end's and every mid-end layer's.
    public var frameWidth: Int { frontWidth + midLayers * midFilters }

    /// Where each part of a patch's (and a track's) embedding starts: the tag probabilities, the
    /// penultimate layer after its batch normalization, the mean pool, the max pool.
    public var embedding: (tags: Int, penultimate: Int, meanPool: Int, maxPool: Int, count: Int) {
        let penultimate = tags, meanPool = penultimate + denseUnits, maxPool = meanPool + frameWidth
        return (0, penultimate, meanPool, maxPool, maxPool + frameWidth)
    }

    /// Why the shape cannot be built, or `nil`.
    var problem: String? {
        let sizes =
            [mels, frames, midFilters, midLayers, midTime, denseUnits, tags]
            + timbral.flatMap {
                [$0.frequency, $0.time, $0.filters]
            } + temporal.flatMap { [$0.time, $0.filters] }
        if sizes.contains(where: { $0 < 1 }) { return "every musicnn size must be at least 1" }
        if timbral.isEmpty && temporal.isEmpty { return "musicnn needs a front-end filter" }
        if let wide = timbral.first(where: { $0.frequency > mels }) {
            return "a timbral filter spans \(wide.frequency) bands of \(mels)"
        }
        return nil
    }
}
