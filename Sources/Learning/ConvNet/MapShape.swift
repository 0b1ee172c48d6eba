/// The shape of one sample's activations in a convolutional network: channels × height × width,
/// where height is frequency (mel bands) and width is time (frames), the layout librosa and
/// PyTorch use for spectrograms.
public struct MapShape: Hashable, Sendable, CustomStringConvertible {
    /// Feature maps.
    public var channels: Int
    /// Rows: mel bands, or what pooling left of them.
    public var height: Int
    /// Columns: frames, or what pooling left of them.
    public var width: Int

    /// A shape of `channels` maps of `height × width`.
    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Values per sample.
    public var count: Int { channels * height * width }

    /// Values per map.
    var area: Int { height * width }

    /// `channels × height × width`, as errors print it.
    public var description: String { "\(channels) × \(height) × \(width)" }
}
