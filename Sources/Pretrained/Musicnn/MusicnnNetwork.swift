import Foundation
import Learning

/// What musicnn computes for one 3-second patch.
public struct MusicnnPatchOutput: Sendable {
    /// The 50 tag probabilities (sigmoid of the logits).
    public var probabilities: [Float]
    /// The back end's penultimate layer after its batch normalization: 200 values.
    public var penultimate: [Float]
    /// The mean over time of the 753 front- and mid-end features.
    public var meanPool: [Float]
    /// Their maximum over time.
    public var maxPool: [Float]
}

/// musicnn's weights with its batch normalizations folded into per-channel scales and shifts
/// (and the one before the first dense layer into that layer) at load time. Immutable: one copy
/// serves every ``MusicnnNetwork``.
public struct MusicnnWeights: Sendable {
    /// A layer's affine batch normalization `scale · x + shift`, from gamma, beta and the moving
    /// statistics with TensorFlow's default epsilon.
    struct Normalization: Sendable {
        var scale: [Float]
        var shift: [Float]

        init(_ tensors: [String: Tensor], _ name: String) {
            let gamma = tensors[name + "/gamma"]!.values, beta = tensors[name + "/beta"]!.values
            let mean = tensors[name + "/moving_mean"]!.values
            let variance = tensors[name + "/moving_variance"]!.values
            let scale = zip(gamma, variance).map { $0 / ($1 + 1e-3).squareRoot() }
            self.scale = scale
            shift = (0..<beta.count).map { beta[$0] - mean[$0] * scale[$0] }
        }
    }

    /// A convolution as a `(height · width) × filters` matrix, with its bias and the batch
    /// normalization that follows its ReLU.
    struct Convolution: Sendable {
        var shape: MusicnnArchitecture.Convolution
        var kernel: [Float]
        var bias: [Float]
        var normalization: Normalization

        init(_ tensors: [String: Tensor], _ shape: MusicnnArchitecture.Convolution) {
            self.shape = shape
            kernel = tensors[shape.name + "/kernel"]!.values
            bias = tensors[shape.name + "/bias"]!.values
            normalization = Normalization(tensors, shape.normalization)
        }
    }

    /// Which model the weights are.
    public let model: MusicnnModel
    let input: Normalization
    let timbral: [Convolution]
    let temporal: [Convolution]
    let mid: [Convolution]
    /// The first dense layer with the pooled features' batch normalization folded in.
    let dense: [Float]
    let denseBias: [Float]
    let penultimateNormalization: Normalization
    let output: [Float]
    let outputBias: [Float]
    /// The checkpoint's tensors as read (sharing their storage with the folded ones where unchanged).
    private let tensors: [String: Tensor]

    /// Every tensor unfolded, as fine-tuning's trainable network names and lays them out
    /// (``MusicnnShape/musicnn``); made when asked, so that inference never pays for it.
    public var trainable: [String: [Float]] { MusicnnArchitecture.trunkTensors(tensors) }

    /// The weights from the network's variables; throws if one is missing or has another shape.
    public init(model: MusicnnModel, tensors: [String: Tensor], source: String) throws(PretrainedError) {
        try MusicnnArchitecture.check(tensors, source: source)
        self.model = model
        self.tensors = tensors
        input = Normalization(tensors, MusicnnArchitecture.inputNormalization)
        timbral = MusicnnArchitecture.timbral.map { Convolution(tensors, $0) }
        temporal = MusicnnArchitecture.temporal.map { Convolution(tensors, $0) }
        mid = MusicnnArchitecture.mid.map { Convolution(tensors, $0) }
        // dense(scale · x + shift) = (diag(scale) · W)ᵀ x + (Wᵀ shift + b)
        let pool = Normalization(tensors, MusicnnArchitecture.poolNormalization)
        var kernel = tensors["dense/kernel"]!.values
        var bias = tensors["dense/bias"]!.values
        let units = MusicnnArchitecture.penultimateUnits
        for row in 0..<(2 * MusicnnArchitecture.frameWidth) {
            for unit in 0..<units {
                bias[unit] += kernel[row * units + unit] * pool.shift[row]
                kernel[row * units + unit] *= pool.scale[row]
            }
        }
        dense = kernel
        denseBias = bias
        penultimateNormalization = Normalization(tensors, MusicnnArchitecture.penultimateNormalization)
        output = tensors["dense_1/kernel"]!.values
        outputBias = tensors["dense_1/bias"]!.values
    }

    /// The weights from a TensorFlow checkpoint (reading, and so checksumming, only the tensors
    /// inference needs).
    public init(model: MusicnnModel, bundle: TensorBundle) throws(PretrainedError) {
        try self.init(model: model, tensors: try Self.tensors(of: bundle), source: bundle.name)
    }

    /// The tensors inference needs, as the checkpoint holds them (what a model file keeps).
    public static func tensors(of bundle: TensorBundle) throws(PretrainedError) -> [String: Tensor] {
        let names = Set(bundle.tensorNames)
        var tensors: [String: Tensor] = [:]
        for (name, _) in MusicnnArchitecture.expectedTensors where names.contains(name) {
            tensors[name] = try bundle.tensor(name)
        }
        return tensors
    }
}

/// musicnn's network: convolutions as im2col + `sgemm` over ``MusicnnWeights``.
///
/// Not thread-safe: holds scratch buffers. Make one per task; they can share the weights.
public final class MusicnnNetwork {
    private typealias Architecture = MusicnnArchitecture
    private typealias Convolution = MusicnnWeights.Convolution

    /// The weights.
    public let weights: MusicnnWeights
    private var columns: [Float] = []
    private var product: [Float] = []

    /// A network running `weights`.
    public init(weights: MusicnnWeights) {
        self.weights = weights
    }

    /// Runs one patch: `187 × 96` log-compressed mel values, frame-major.
    public func run(patch: [Float]) -> MusicnnPatchOutput {
        let frames = Architecture.patchFrames, mels = Architecture.mels
        precondition(patch.count == frames * mels, "a musicnn patch is 187 × 96 values")
        let x = patch.map { $0 * weights.input.scale[0] + weights.input.shift[0] }

        // Front end: per frame 204 + 204 + 51 + 51 + 51 features, each the maximum over frequency.
        var front = [Float](repeating: 0, count: frames * Architecture.frontWidth)
        var offset = 0
        for convolution in weights.timbral {
            // Time padded by 3 frames each side, no frequency padding; rows are (frame, position).
            let (height, width) = (convolution.shape.height, convolution.shape.width)
            let positions = mels - width + 1
            let depth = height * width
            columns.resize(frames * positions * depth)
            columns.withUnsafeMutableBufferPointer { columns in
                x.withUnsafeBufferPointer { x in
                    for t in 0..<frames {
                        for i in 0..<height {
                            let source = t + i - 3
                            for f in 0..<positions {
                                let target = columns.baseAddress! + (t * positions + f) * depth + i * width
                                if source < 0 || source >= frames {
                                    target.update(repeating: 0, count: width)
                                } else {
                                    target.update(from: x.baseAddress! + source * mels + f, count: width)
                                }
                            }
                        }
                    }
                }
            }
            pool(convolution, positions: positions, frameStride: positions, positionStride: 1, into: &front, at: offset)
            offset += convolution.shape.filters
        }
        // Temporal: TensorFlow's "same" padding in time (the odd frame after); rows are (band,
        // frame), so each row is one contiguous run of the transposed, padded input.
        let longest = weights.temporal.map(\.shape.height).max() ?? 0
        let margin = longest / 2
        let span = frames + longest
        var bands = [Float](repeating: 0, count: mels * span)
        for t in 0..<frames {
            for f in 0..<mels { bands[f * span + margin + t] = x[t * mels + f] }
        }
        for convolution in weights.temporal {
            let height = convolution.shape.height
            let start = margin - (height - 1) / 2
            columns.resize(mels * frames * height)
            columns.withUnsafeMutableBufferPointer { columns in
                bands.withUnsafeBufferPointer { bands in
                    for f in 0..<mels {
                        for t in 0..<frames {
                            (columns.baseAddress! + (f * frames + t) * height)
                                .update(from: bands.baseAddress! + f * span + start + t, count: height)
                        }
                    }
                }
            }
            pool(convolution, positions: mels, frameStride: 1, positionStride: frames, into: &front, at: offset)
            offset += convolution.shape.filters
        }

        // Mid end: three 7-frame convolutions over the whole feature axis, the last two residual.
        var features = [Float](repeating: 0, count: frames * Architecture.frameWidth)
        for t in 0..<frames {
            for c in 0..<Architecture.frontWidth {
                features[t * Architecture.frameWidth + c] = front[t * Architecture.frontWidth + c]
            }
        }
        var previous = front
        var previousWidth = Architecture.frontWidth
        for (index, convolution) in weights.mid.enumerated() {
            // Padded by 3 zero frames each side, frame t's 7-frame window is one contiguous run.
            let depth = 7 * previousWidth
            var padded = [Float](repeating: 0, count: (frames + 6) * previousWidth)
            padded.replaceSubrange((3 * previousWidth)..<((frames + 3) * previousWidth), with: previous)
            columns.resize(frames * depth)
            columns.withUnsafeMutableBufferPointer { columns in
                padded.withUnsafeBufferPointer { padded in
                    for t in 0..<frames {
                        (columns.baseAddress! + t * depth).update(
                            from: padded.baseAddress! + t * previousWidth, count: depth)
                    }
                }
            }
            convolve(convolution, rows: frames)
            var next = Array(product[0..<(frames * Architecture.midFilters)])
            if index > 0 { for i in next.indices { next[i] += previous[i] } }
            let column = Architecture.frontWidth + index * Architecture.midFilters
            for t in 0..<frames {
                for c in 0..<Architecture.midFilters {
                    features[t * Architecture.frameWidth + column + c] = next[t * Architecture.midFilters + c]
                }
            }
            previous = next
            previousWidth = Architecture.midFilters
        }

        // Back end: max and mean over time, interleaved per feature as TensorFlow flattens them.
        let width = Architecture.frameWidth
        var maxPool = [Float](repeating: -.infinity, count: width)
        var sum = [Float](repeating: 0, count: width)
        for t in 0..<frames {
            for c in 0..<width {
                let value = features[t * width + c]
                maxPool[c] = max(maxPool[c], value)
                sum[c] += value
            }
        }
        let meanPool = sum.map { $0 / Float(frames) }
        var pooled = [Float](repeating: 0, count: 2 * width)
        for c in 0..<width {
            pooled[2 * c] = maxPool[c]
            pooled[2 * c + 1] = meanPool[c]
        }
        var penultimate = weights.denseBias
        BLAS.gemm(
            pooled, weights.dense, into: &penultimate, m: 1, n: Architecture.penultimateUnits, k: 2 * width, beta: 1)
        for unit in penultimate.indices {
            penultimate[unit] =
                max(penultimate[unit], 0) * weights.penultimateNormalization.scale[unit]
                + weights.penultimateNormalization.shift[unit]
        }
        var logits = weights.outputBias
        BLAS.gemm(
            penultimate, weights.output, into: &logits, m: 1, n: Architecture.tags, k: Architecture.penultimateUnits,
            beta: 1)
        let probabilities = logits.map { 1 / (1 + exp(-$0)) }
        return MusicnnPatchOutput(
            probabilities: probabilities, penultimate: penultimate, meanPool: meanPool, maxPool: maxPool)
    }

    /// `product = relu(columns · kernel + bias)` then the layer's batch normalization, for `rows` rows.
    private func convolve(_ convolution: Convolution, rows: Int) {
        multiply(convolution, rows: rows)
        let filters = convolution.shape.filters
        let bias = convolution.bias, scale = convolution.normalization.scale, shift = convolution.normalization.shift
        product.withUnsafeMutableBufferPointer { product in
            for row in 0..<rows {
                for c in 0..<filters {
                    let index = row * filters + c
                    product[index] = max(product[index] + bias[c], 0) * scale[c] + shift[c]
                }
            }
        }
    }

    /// A front-end layer: the convolution over the `frames × positions` rows of ``columns``, ReLU,
    /// batch normalization and the maximum over the positions (frequency), written to `front`'s
    /// columns from `offset`. ReLU is monotonic and the normalization affine per filter, so both
    /// apply after pooling: to the maximum, or to the minimum where the scale is negative.
    private func pool(
        _ convolution: Convolution, positions: Int, frameStride: Int, positionStride: Int, into front: inout [Float],
        at offset: Int
    ) {
        let frames = Architecture.patchFrames, filters = convolution.shape.filters
        multiply(convolution, rows: frames * positions)
        let bias = convolution.bias, scale = convolution.normalization.scale, shift = convolution.normalization.shift
        var highest = [Float](repeating: 0, count: filters), lowest = highest
        product.withUnsafeBufferPointer { product in
            front.withUnsafeMutableBufferPointer { front in
                for t in 0..<frames {
                    for c in 0..<filters {
                        highest[c] = -.infinity
                        lowest[c] = .infinity
                    }
                    for f in 0..<positions {
                        let row = product.baseAddress! + (t * frameStride + f * positionStride) * filters
                        for c in 0..<filters {
                            highest[c] = max(highest[c], row[c])
                            lowest[c] = min(lowest[c], row[c])
                        }
                    }
                    for c in 0..<filters {
                        let extreme = scale[c] >= 0 ? highest[c] : lowest[c]
                        front[t * Architecture.frontWidth + offset + c] =
                            max(extreme + bias[c], 0) * scale[c] + shift[c]
                    }
                }
            }
        }
    }

    /// `product = columns · kernel` for `rows` rows.
    private func multiply(_ convolution: Convolution, rows: Int) {
        product.resize(rows * convolution.shape.filters)
        BLAS.gemm(
            columns, convolution.kernel, into: &product, m: rows, n: convolution.shape.filters,
            k: convolution.shape.height * convolution.shape.width)
    }
}

extension Array where Element == Float {
    /// Grows (never shrinks) to at least `count` elements; the contents are scratch.
    fileprivate mutating func resize(_ count: Int) {
        if self.count < count { self = [Float](repeating: 0, count: count) }
    }
}
