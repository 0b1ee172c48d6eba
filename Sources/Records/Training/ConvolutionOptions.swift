/// How a convolutional network is trained beyond the optimiser: which network, the crops it
/// sees, and the augmentation of each crop. Stored with every CNN run.
public struct ConvolutionOptions: Sendable, Equatable, Codable {
    /// A built-in architecture's name (`compact`, `esc50`) or an architecture file's path, as given.
    public var architecture = "compact"
    /// Crop length: training sees one random crop of each clip per epoch; prediction averages
    /// the probabilities of crops at half-crop steps. Shorter clips are padded with their quietest value.
    public var cropSeconds: Float = 3
    /// Move each training crop to a random place in its clip (or a short clip to a random place in
    /// its crop); without it crops are centred.
    public var shift = true
    /// SpecAugment: frequency masks per crop.
    public var frequencyMasks = 2
    /// The widest frequency mask, in mel bands.
    public var frequencyMaskBands = 8
    /// SpecAugment: time masks per crop.
    public var timeMasks = 2
    /// The widest time mask, as a share of the crop.
    public var timeMaskShare: Float = 0.1
    /// Random gain in ±decibels added to each crop (0 is off).
    public var gainDecibels: Float = 6
    /// White noise this many decibels below the crop's mean power, with probability ½ (0 is off).
    public var noiseDecibels: Float = 0
    /// Random time stretch of each crop by a factor in 1 ± this (0 is off), on the mel time axis.
    public var stretch: Float = 0.1

    /// The defaults (README "Training a CNN").
    public init() {}

    /// Crops and augmentation off: what the speed benchmark compares.
    public static var plain: ConvolutionOptions {
        var options = ConvolutionOptions()
        options.shift = false
        options.frequencyMasks = 0
        options.timeMasks = 0
        options.gainDecibels = 0
        options.stretch = 0
        return options
    }

    /// Problems with these options, as sentences; empty when they are usable.
    public var problems: [String] {
        var problems: [String] = []
        if architecture.isEmpty { problems.append("the architecture is empty") }
        if !(cropSeconds > 0 && cropSeconds <= 600) { problems.append("the crop must be 0–600 seconds") }
        if !(0...16).contains(frequencyMasks) || !(0...16).contains(timeMasks) {
            problems.append("SpecAugment takes 0–16 masks of each kind")
        }
        if frequencyMaskBands < 0 { problems.append("the frequency mask width must be ≥ 0") }
        if !(0..<1).contains(timeMaskShare) { problems.append("the time mask share must be in [0, 1)") }
        if !(gainDecibels >= 0 && gainDecibels <= 40) { problems.append("the gain must be 0–40 dB") }
        if !(noiseDecibels >= 0 && noiseDecibels <= 120) { problems.append("the noise level must be 0–120 dB") }
        if !(0..<1).contains(stretch) { problems.append("the stretch must be in [0, 1)") }
        return problems
    }
}
