/// Loss and accuracy per epoch of one training, and which epoch was kept.
public struct TrainingCurve: Sendable, Codable, Equatable {
    /// Weighted mean training loss per epoch, plus the L2 term at the epoch's end.
    public var trainLoss: [Float] = []
    /// Mean loss on the inner validation part per epoch (empty without one).
    public var validationLoss: [Float] = []
    /// Accuracy on the inner validation part per epoch: top-1 for single-label sets, per-class at
    /// 0.5 for multi-label ones.
    public var validationAccuracy: [Float] = []
    /// The epoch (from 0) whose weights were kept: the lowest validation loss.
    public var bestEpoch = 0
    /// The training loss per epoch of the refit on every training row (``TrainingOptions/refit``).
    public var refit: [Float]?
    /// Wall-clock seconds.
    public var seconds = 0.0

    /// An empty curve, filled in epoch by epoch.
    public init() {}
}
