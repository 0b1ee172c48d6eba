public import Foundation

/// Where a network's training keeps its state after every epoch, so that a training interrupted
/// in the middle of a fold goes on from that fold's last finished epoch, to the same result.
public struct EpochCheckpoints: Sendable {
    /// The saved state of training `fold` (from 1; 0 is the final model), if there is one.
    public var load: @Sendable (_ fold: Int) -> Data?
    /// Saves training `fold`'s state, replacing the one before.
    public var save: @Sendable (_ fold: Int, _ state: Data) -> Void

    /// Checkpoints kept by `load` and `save`.
    public init(load: @escaping @Sendable (Int) -> Data?, save: @escaping @Sendable (Int, Data) -> Void) {
        self.load = load
        self.save = save
    }
}

extension EpochCheckpoints {
    /// Puts training `fold`'s saved state, if there is one that fits (`tensors`' sizes, the same
    /// training tracks), back into the loop's tensors, optimiser, generator, early stopping and
    /// track order; returns the epoch to go on from (0 without one).
    func resume(
        _ fold: Int, tensors: [Parameter], training: [Int], optimizer: inout Optimizer, random: inout SeededRandom,
        stopping: inout EarlyStopping<[[Float]]>, order: inout [Int]
    ) -> Int {
        let sizes = tensors.map(\.values.count)
        guard let saved = load(fold).flatMap(EpochState.init), saved.tensors.map(\.count) == sizes,
            saved.best.map(\.count) == sizes, Set(saved.order) == Set(training)
        else { return 0 }
        for (tensor, values) in zip(tensors, saved.tensors) { tensor.values = values }
        optimizer.state = (saved.steps, saved.moments)
        random.state = saved.random
        (stopping.curve, stopping.best, stopping.sinceBest, order) = (
            saved.curve, (saved.bestLoss, saved.best), saved.sinceBest, saved.order
        )
        return saved.epochs
    }

    /// Saves training `fold`'s state after epoch `epoch` (from 0).
    func save(
        _ fold: Int, after epoch: Int, tensors: [Parameter], optimizer: Optimizer, random: SeededRandom,
        stopping: EarlyStopping<[[Float]]>, order: [Int]
    ) {
        save(
            fold,
            EpochState(
                epochs: epoch + 1, curve: stopping.curve, sinceBest: stopping.sinceBest, bestLoss: stopping.best.loss,
                random: random.state, steps: optimizer.state.steps, order: order, tensors: tensors.map(\.values),
                best: stopping.best.snapshot, moments: optimizer.state.moments
            ).encoded())
    }
}

/// Everything a training loop needs to go on after an epoch: weights, optimiser moments, the
/// random generator, the track order, the curve and the best epoch so far. Stored as a JSON header
/// (its length first, as a little-endian UInt32) followed by every tensor as float32.
struct EpochState {
    struct Header: Codable {
        var epochs: Int
        var curve: TrainingCurve
        var sinceBest: Int
        /// `nil` while no epoch has a validation loss (infinity has no JSON form).
        var bestLoss: Float?
        var random: [String]
        var steps: Int
        var order: [Int]
        /// The sizes of the tensors, best tensors and moments that follow.
        var sizes: [[Int]]
    }

    var epochs: Int
    var curve: TrainingCurve
    var sinceBest: Int
    var bestLoss: Float
    var random: [UInt64]
    var steps: Int
    var order: [Int]
    var tensors: [[Float]]
    var best: [[Float]]
    var moments: [[Float]]

    func encoded() -> Data {
        let groups = [tensors, best, moments]
        let header = Header(
            epochs: epochs, curve: curve, sinceBest: sinceBest, bestLoss: bestLoss.isFinite ? bestLoss : nil,
            random: random.map { String($0, radix: 16) }, steps: steps, order: order,
            sizes: groups.map { $0.map(\.count) })
        // Encoding numbers, strings and arrays cannot fail.
        let json = (try? JSONEncoder().encode(header)) ?? Data()
        var data = Data()
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for group in groups { for tensor in group { data.append(FeatureBlob.littleEndianBytes(tensor)) } }
        return data
    }

    /// The state in `data`, or `nil` when it is not one (damaged, or another network's).
    init?(_ data: Data) {
        guard data.count >= 4 else { return nil }
        let length = Int(UInt32(littleEndian: data.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
        guard data.count >= 4 + length,
            let header = try? JSONDecoder().decode(Header.self, from: data.subdata(in: 4..<(4 + length))),
            header.sizes.count == 3, header.random.count == 4
        else { return nil }
        var offset = 4 + length
        var groups: [[[Float]]] = []
        for sizes in header.sizes {
            var group: [[Float]] = []
            for size in sizes {
                guard size >= 0, offset + 4 * size <= data.count else { return nil }
                group.append(FeatureBlob.floats(littleEndian: data.subdata(in: offset..<(offset + 4 * size))))
                offset += 4 * size
            }
            groups.append(group)
        }
        let random = header.random.compactMap { UInt64($0, radix: 16) }
        guard offset == data.count, random.count == 4 else { return nil }
        epochs = header.epochs
        curve = header.curve
        sinceBest = header.sinceBest
        bestLoss = header.bestLoss ?? .infinity
        self.random = random
        steps = header.steps
        order = header.order
        tensors = groups[0]
        best = groups[1]
        moments = groups[2]
    }

    init(
        epochs: Int, curve: TrainingCurve, sinceBest: Int, bestLoss: Float, random: [UInt64], steps: Int,
        order: [Int], tensors: [[Float]], best: [[Float]], moments: [[Float]]
    ) {
        self.epochs = epochs
        self.curve = curve
        self.sinceBest = sinceBest
        self.bestLoss = bestLoss
        self.random = random
        self.steps = steps
        self.order = order
        self.tensors = tensors
        self.best = best
        self.moments = moments
    }
}
