/// A convolutional network's layers built from a ``ConvArchitecture`` on an input shape: the
/// blocks, the head's global pooling, dense layers and the output layer. Building checks every
/// size, so a stack that exists can run.
final class LayerStack {
    let input: MapShape
    let layers: [any Layer]

    /// Every learned tensor, then every running statistic, in the model file's order.
    var tensors: [Parameter] { layers.flatMap(\.parameters) + layers.flatMap(\.statistics) }

    /// The network `architecture` describes on `input`, ending in `outputs` logits, with weights
    /// drawn from `random` as PyTorch initialises them.
    convenience init(_ architecture: ConvArchitecture, input: MapShape, outputs: Int, random: inout SeededRandom)
        throws(ArchitectureError)
    {
        try self.init(architecture, input: input, taskOutputs: [outputs], random: &random)
    }

    /// The network with one output layer per task (``TaskHeads``) when there are several: each
    /// task's logits follow the previous task's.
    init(_ architecture: ConvArchitecture, input: MapShape, taskOutputs: [Int], random: inout SeededRandom)
        throws(ArchitectureError)
    {
        guard architecture.format <= ConvArchitecture.format else {
            throw ArchitectureError(
                "the architecture is format \(architecture.format), newer than this Tagmine reads "
                    + "(\(ConvArchitecture.format)); upgrade Tagmine")
        }
        guard !architecture.block.isEmpty else { throw ArchitectureError("the architecture has no [[block]]") }
        guard input.count > 0 else { throw ArchitectureError("the input \(input) is empty") }
        guard !taskOutputs.isEmpty else { throw ArchitectureError("the network needs an output layer") }
        self.input = input
        var builder = Builder(branches: architecture.branch ?? [:], random: random)
        var layers = try builder.blocks(architecture.block, input: input, place: "block")
        var shape = layers.last?.output ?? input
        let head = architecture.head ?? ConvArchitecture.Head()
        let dropout = head.dropout ?? 0
        guard (0..<1).contains(dropout) else {
            throw ArchitectureError("head: dropout must be in [0, 1), not \(dropout)")
        }
        let kind: GlobalPooling.Kind
        switch head.pool ?? .average {
        case .average: kind = .average
        case .max: kind = .max
        case .both: kind = .both
        }
        let pooling = GlobalPooling(input: shape, kind: kind)
        layers.append(pooling)
        shape = pooling.output
        let hidden = head.hidden ?? []
        for width in hidden + taskOutputs {
            guard (1...65_536).contains(width) else {
                throw ArchitectureError("head: dense widths must be 1–65536, not \(width)")
            }
        }
        for width in hidden {
            if dropout > 0 { layers.append(Dropout(input: shape, rate: dropout)) }
            let dense = FullyConnected(input: shape, outputs: width, random: &builder.random)
            layers.append(dense)
            shape = dense.output
            layers.append(Rectifier(input: shape))
        }
        if dropout > 0 { layers.append(Dropout(input: shape, rate: dropout)) }
        if taskOutputs.count == 1 {
            layers.append(FullyConnected(input: shape, outputs: taskOutputs[0], random: &builder.random))
        } else {
            layers.append(TaskHeads(input: shape, outputs: taskOutputs, random: &builder.random))
        }
        random = builder.random
        self.layers = layers
    }

    /// The logits of `batch` samples.
    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        // Each layer owns its input: one that works in place (ReLU) copies nothing.
        var values = x
        for layer in layers { values = layer.forward(consume values, batch: batch, mode: mode, random: &random) }
        return values
    }

    /// Backpropagates `gradient` (∂loss/∂logits) through every layer, adding the parameters'
    /// gradients; returns ∂loss/∂input.
    @discardableResult
    func backward(_ gradient: consuming [Float], batch: Int) -> [Float] {
        layers.reversed().reduce(gradient) { $1.backward($0, batch: batch) }
    }

    private struct Builder {
        let branches: [String: [ConvArchitecture.Block]]
        var random: SeededRandom

        mutating func blocks(_ blocks: [ConvArchitecture.Block], input: MapShape, place: String)
            throws(ArchitectureError) -> [any Layer]
        {
            var layers: [any Layer] = []
            var shape = input
            for (index, block) in blocks.enumerated() {
                let name = "\(place) \(index + 1)"
                let built = try self.block(block, input: shape, name: name)
                layers += built
                shape = built.last?.output ?? shape
            }
            return layers
        }

        mutating func block(_ block: ConvArchitecture.Block, input: MapShape, name: String)
            throws(ArchitectureError) -> [any Layer]
        {
            func fail(_ message: String) -> ArchitectureError { ArchitectureError("\(name): \(message)") }
            if let names = block.parallel {
                guard block.conv == nil, block.conv1d == nil else {
                    throw fail("a parallel block has no convolution of its own; put it in the branches")
                }
                guard !names.isEmpty else { throw fail("parallel names no branches") }
                var outputs: [(String, [any Layer])] = []
                for branchName in names {
                    guard let blocks = branches[branchName], !blocks.isEmpty else {
                        throw fail("branch '\(branchName)' is not defined (add [[branch.\(branchName)]] blocks)")
                    }
                    guard !blocks.contains(where: { $0.parallel != nil }) else {
                        throw fail("branch '\(branchName)' has a parallel block; branches cannot be nested")
                    }
                    outputs.append(
                        (branchName, try self.blocks(blocks, input: input, place: "branch '\(branchName)' block")))
                }
                let shapes = outputs.map { ($0.0, $0.1.last?.output ?? input) }
                if let odd = shapes.first(where: { $0.1 != shapes[0].1 }) {
                    throw fail(
                        "parallel branches must give one shape to be summed, but '\(shapes[0].0)' gives "
                            + "\(shapes[0].1) and '\(odd.0)' gives \(odd.1) (from \(input))")
                }
                var layers: [any Layer] = [
                    ParallelBranches(input: input, output: shapes[0].1, branches: outputs.map(\.1))
                ]
                try finish(block, after: &layers, input: input, name: name, convolved: false)
                return layers
            }
            guard block.conv == nil || block.conv1d == nil else { throw fail("give conv or conv1d, not both") }
            var layers: [any Layer] = []
            var shape = input
            let filters = block.conv ?? block.conv1d
            if let filters {
                guard (1...4_096).contains(filters) else { throw fail("filters must be 1–4096, not \(filters)") }
                if block.conv1d != nil {
                    let fold = FoldFrequency(input: shape)
                    layers.append(fold)
                    shape = fold.output
                }
                let kernel = try pair(block.kernel, name: "kernel", oneD: block.conv1d != nil, fail)
                let stride = try pair(block.stride ?? [1, 1], name: "stride", oneD: block.conv1d != nil, fail)
                guard let kernel else { throw fail("a convolution needs a kernel, e.g. kernel = [3, 3]") }
                let stride2 = stride ?? (1, 1)
                let out: (Int, Int), pad: (Int, Int)
                switch block.padding ?? .same {
                case .same:
                    let height = (shape.height + stride2.0 - 1) / stride2.0
                    let width = (shape.width + stride2.1 - 1) / stride2.1
                    out = (height, width)
                    pad = (
                        max((height - 1) * stride2.0 + kernel.0 - shape.height, 0) / 2,
                        max((width - 1) * stride2.1 + kernel.1 - shape.width, 0) / 2
                    )
                case .valid:
                    guard kernel.0 <= shape.height && kernel.1 <= shape.width else {
                        throw fail(
                            "the \(kernel.0) × \(kernel.1) kernel is larger than its \(shape.height) × \(shape.width) "
                                + "input maps (\(shape)) with valid padding")
                    }
                    out = ((shape.height - kernel.0) / stride2.0 + 1, (shape.width - kernel.1) / stride2.1 + 1)
                    pad = (0, 0)
                }
                let convolution = Convolution(
                    input: shape, output: MapShape(channels: filters, height: out.0, width: out.1), kernel: kernel,
                    stride: stride2, padding: pad, random: &random)
                layers.append(convolution)
                shape = convolution.output
            } else if block.kernel != nil || block.stride != nil || block.padding != nil {
                throw fail("kernel, stride and padding belong to a convolution (conv = filters)")
            }
            try finish(block, after: &layers, input: input, name: name, convolved: filters != nil)
            guard !layers.isEmpty else { throw fail("the block does nothing; give it conv, conv1d, pool or parallel") }
            return layers
        }

        /// Normalisation, activation, pooling and dropout after a block's convolution (or branches).
        private mutating func finish(
            _ block: ConvArchitecture.Block, after layers: inout [any Layer], input: MapShape, name: String,
            convolved: Bool
        ) throws(ArchitectureError) {
            func fail(_ message: String) -> ArchitectureError { ArchitectureError("\(name): \(message)") }
            var shape = layers.last?.output ?? input
            if block.norm == .batch { layers.append(BatchNormalization(input: shape)) }
            switch block.activation ?? (convolved ? .relu : .none) {
            case .relu: layers.append(Rectifier(input: shape))
            case .leakyRelu: layers.append(Rectifier(input: shape, slope: block.leak ?? 0.01))
            case .none: break
            }
            if let pool = block.pool {
                guard let size = try pair(block.poolSize ?? [2, 2], name: "pool-size", oneD: false, fail) else {
                    throw fail("pool-size is empty")
                }
                let stride =
                    try pair(block.poolStride ?? [size.0, size.1], name: "pool-stride", oneD: false, fail)
                    ?? size
                guard size.0 <= shape.height && size.1 <= shape.width else {
                    throw fail(
                        "the \(size.0) × \(size.1) pooling window is larger than its input maps (\(shape)); "
                            + "use a smaller pool-size or longer crops")
                }
                let pooling = Pooling(
                    input: shape, kind: pool == .max ? .max : .average, size: size, stride: stride)
                layers.append(pooling)
                shape = pooling.output
            }
            if let rate = block.dropout, rate > 0 {
                guard rate < 1 else { throw fail("dropout must be in [0, 1), not \(rate)") }
                layers.append(Dropout(input: shape, rate: rate))
            }
        }

        /// `[height, width]` (or `[width]` / a height of 1 for 1-D), each at least 1.
        private func pair(
            _ values: [Int]?, name: String, oneD: Bool, _ fail: (String) -> ArchitectureError
        ) throws(ArchitectureError) -> (Int, Int)? {
            guard let values else { return nil }
            let pair: (Int, Int)
            switch values.count {
            case 1 where oneD: pair = (1, values[0])
            case 2: pair = (values[0], values[1])
            default:
                throw fail("\(name) must be [frequency, time]\(oneD ? " or [time]" : ""), not \(values)")
            }
            guard pair.0 >= 1 && pair.1 >= 1 && pair.0 <= 4_096 && pair.1 <= 4_096 else {
                throw fail("\(name) sizes must be 1–4096, not \(values)")
            }
            if oneD && pair.0 != 1 { throw fail("a conv1d \(name) runs over time only: give [time]") }
            return pair
        }
    }
}

extension LayerStack {
    /// Every tensor's values, in the model file's order (``tensors``).
    var tensorValues: [[Float]] { tensors.map(\.values) }

    /// Replaces every tensor's values; `values` must match ``tensors`` in count and sizes.
    func load(_ values: [[Float]]) {
        let tensors = self.tensors
        precondition(
            values.count == tensors.count && zip(values, tensors).allSatisfy { $0.count == $1.values.count },
            "one array of the right size per tensor")
        for (tensor, value) in zip(tensors, values) { tensor.values = value }
    }

    /// The size of each tensor, in order: what a model file must hold.
    var tensorSizes: [Int] { tensors.map(\.values.count) }
}
