/// musicnn's network as trainable layers, from a patch (`1 × mels × frames`) to its embedding:
/// the tag probabilities, the penultimate layer after its batch normalization, and the mean and
/// max pools of every front- and mid-end channel over time (``MusicnnShape/embedding``).
///
/// Batch normalizations use TensorFlow's ε = 1e-3 and momentum 0.99 (the pretrained ones were
/// trained so). The input's one-channel normalization never trains; the front end trains only
/// when ``trainsFrontEnd`` (fine-tuning `all`), and otherwise runs as in inference, keeping nothing
/// for a backward pass. musicnn's dropout is left out: fine-tuning regularises by its lower rate
/// and early stopping, and the embedding the head sees is the one feature extraction gives.
final class MusicnnTrunk {
    /// A convolution with its ReLU and batch normalization, and for the front end the maximum over
    /// frequency.
    private struct Block {
        var name: String
        var layers: [any Layer]

        var convolution: Convolution { layers[0] as! Convolution }
        var normalization: BatchNormalization { layers[2] as! BatchNormalization }

        func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
            var values = x
            for layer in layers { values = layer.forward(consume values, batch: batch, mode: mode, random: &random) }
            return values
        }

        func backward(_ gradient: consuming [Float], batch: Int) -> [Float] {
            layers.reversed().reduce(gradient) { $1.backward($0, batch: batch) }
        }
    }

    let shape: MusicnnShape
    /// Whether the front end's convolutions and normalizations train.
    let trainsFrontEnd: Bool
    private let input: BatchNormalization
    private let front: [Block]
    private let mid: [Block]
    private let pooling: GlobalPooling
    private let poolNormalization: BatchNormalization
    private let dense: FullyConnected
    private let denseRectifier: Rectifier
    private let denseNormalization: BatchNormalization
    private let output: FullyConnected
    private var tags: [Float] = []

    /// The network with PyTorch's default initialisation (tests; fine-tuning ``load(_:)``s the
    /// pretrained tensors over it).
    init(_ shape: MusicnnShape, trainsFrontEnd: Bool, random: inout SeededRandom) {
        precondition(shape.problem == nil, shape.problem ?? "")
        self.shape = shape
        self.trainsFrontEnd = trainsFrontEnd
        let patch = MapShape(channels: 1, height: shape.mels, width: shape.frames)
        func normalization(_ shape: MapShape) -> BatchNormalization {
            BatchNormalization(input: shape, epsilon: 1e-3, momentum: 0.01)
        }
        func block(
            _ name: String, input: MapShape, filters: Int, kernel: (Int, Int), pool: Bool, random: inout SeededRandom
        ) -> Block {
            let mapped = MapShape(channels: filters, height: input.height - kernel.0 + 1, width: input.width)
            let convolution = Convolution(
                input: input, output: mapped, kernel: kernel, stride: (1, 1), padding: (0, (kernel.1 - 1) / 2),
                random: &random)
            var layers: [any Layer] = [convolution, Rectifier(input: mapped), normalization(mapped)]
            if pool {
                layers.append(
                    Pooling(input: mapped, kind: .max, size: (mapped.height, 1), stride: (mapped.height, 1)))
            }
            return Block(name: name, layers: layers)
        }
        input = normalization(patch)
        var front: [Block] = []
        for (index, filter) in shape.timbral.enumerated() {
            front.append(
                block(
                    "timbral.\(index)", input: patch, filters: filter.filters, kernel: (filter.frequency, filter.time),
                    pool: true, random: &random))
        }
        for (index, filter) in shape.temporal.enumerated() {
            front.append(
                block(
                    "temporal.\(index)", input: patch, filters: filter.filters, kernel: (1, filter.time), pool: true,
                    random: &random))
        }
        // Nothing before the front end learns, so its convolutions need no ∂input.
        for block in front { block.convolution.computesInputGradient = false }
        self.front = front
        var mid: [Block] = []
        var channels = shape.frontWidth
        for index in 0..<shape.midLayers {
            mid.append(
                block(
                    "mid.\(index)", input: MapShape(channels: channels, height: 1, width: shape.frames),
                    filters: shape.midFilters, kernel: (1, shape.midTime), pool: false, random: &random))
            channels = shape.midFilters
        }
        self.mid = mid
        pooling = GlobalPooling(
            input: MapShape(channels: shape.frameWidth, height: 1, width: shape.frames), kind: .both)
        poolNormalization = normalization(pooling.output)
        dense = FullyConnected(input: pooling.output, outputs: shape.denseUnits, random: &random)
        denseRectifier = Rectifier(input: dense.output)
        denseNormalization = normalization(dense.output)
        output = FullyConnected(input: dense.output, outputs: shape.tags, random: &random)
    }

    /// Every tensor by name, in the model file's order: per layer its learned tensors, then its
    /// running statistics. Convolution weights are `filters × channels × frequency × time`, dense
    /// ones `outputs × inputs`; the pooled features are every channel's mean, then every maximum.
    var namedTensors: [(name: String, tensor: Parameter)] {
        func normalization(_ name: String, _ layer: BatchNormalization) -> [(String, Parameter)] {
            [
                (name + ".scale", layer.scale), (name + ".shift", layer.shift), (name + ".mean", layer.runningMean),
                (name + ".variance", layer.runningVariance),
            ]
        }
        var tensors = normalization("input", input)
        for block in front + mid {
            tensors.append((block.name + ".weight", block.convolution.weight))
            tensors.append((block.name + ".bias", block.convolution.bias))
            tensors += normalization(block.name + ".norm", block.normalization)
        }
        tensors += normalization("pool.norm", poolNormalization)
        tensors += [("dense.weight", dense.weight), ("dense.bias", dense.bias)]
        tensors += normalization("dense.norm", denseNormalization)
        tensors += [("tags.weight", output.weight), ("tags.bias", output.bias)]
        return tensors
    }

    /// The tensors fine-tuning updates: everything after the front end, and the front end's too
    /// when it trains (never the input's normalization).
    var trainable: [Parameter] {
        var blocks = mid
        if trainsFrontEnd { blocks = front + mid }
        return blocks.flatMap { $0.layers.flatMap(\.parameters) } + poolNormalization.parameters + dense.parameters
            + denseNormalization.parameters + output.parameters
    }

    /// Replaces every tensor with the one of its name; `tensors` must hold each at its size.
    func load(_ tensors: [String: [Float]]) throws(ArchitectureError) {
        for (name, tensor) in namedTensors {
            guard let values = tensors[name] else { throw ArchitectureError("musicnn tensor '\(name)' is missing") }
            guard values.count == tensor.values.count else {
                throw ArchitectureError(
                    "musicnn tensor '\(name)' has \(values.count) values, expected \(tensor.values.count)")
            }
            tensor.values = values
        }
    }

    /// The embeddings (`batch × shape.embedding.count`) of `batch` patches. `mode` applies to the
    /// layers that train; the rest run as in inference.
    func forward(_ x: [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        let frontMode = trainsFrontEnd ? mode : .inference
        let normalized = input.forward(x, batch: batch, mode: .inference, random: &random)
        let frames = shape.frames
        let branches = front.map { $0.forward(normalized, batch: batch, mode: frontMode, random: &random) }
        // The front end's output, then each mid-end layer's: what the back end pools.
        var levels = [
            ChannelBlocks.concatenate(branches, channels: front.map(\.convolution.output.channels), frames, batch)
        ]
        for (index, block) in mid.enumerated() {
            var next = block.forward(levels[index], batch: batch, mode: mode, random: &random)
            if index > 0 { VectorLoops.add(levels[index], into: &next) }
            levels.append(next)
        }
        let features = ChannelBlocks.concatenate(
            levels, channels: [shape.frontWidth] + mid.map { _ in shape.midFilters }, frames, batch)
        let pooled = pooling.forward(features, batch: batch, mode: mode, random: &random)
        var hidden = poolNormalization.forward(pooled, batch: batch, mode: mode, random: &random)
        hidden = dense.forward(hidden, batch: batch, mode: mode, random: &random)
        hidden = denseRectifier.forward(hidden, batch: batch, mode: mode, random: &random)
        let penultimate = denseNormalization.forward(hidden, batch: batch, mode: mode, random: &random)
        var tags = output.forward(penultimate, batch: batch, mode: mode, random: &random)
        Network.activate(&tags, rows: batch, columns: shape.tags, .sigmoid)
        if mode.trains { self.tags = tags }
        return ChannelBlocks.concatenate(
            [tags, penultimate, pooled], channels: [shape.tags, shape.denseUnits, 2 * shape.frameWidth], 1, batch)
    }

    /// Backpropagates ∂loss/∂embeddings through the layers that train, adding their gradients.
    func backward(_ gradient: [Float], batch: Int) {
        let width = shape.frameWidth
        var parts = ChannelBlocks.split(gradient, channels: [shape.tags, shape.denseUnits, 2 * width], 1, batch)
        // The tags' sigmoid, then the output layer, into the penultimate layer's gradient.
        for i in parts[0].indices { parts[0][i] *= tags[i] * (1 - tags[i]) }
        VectorLoops.add(output.backward(parts[0], batch: batch), into: &parts[1])
        var hidden = denseNormalization.backward(parts[1], batch: batch)
        hidden = denseRectifier.backward(hidden, batch: batch)
        hidden = dense.backward(hidden, batch: batch)
        var pooled = poolNormalization.backward(hidden, batch: batch)
        VectorLoops.add(parts[2], into: &pooled)
        let features = pooling.backward(pooled, batch: batch)
        var levels = ChannelBlocks.split(
            features, channels: [shape.frontWidth] + mid.map { _ in shape.midFilters }, shape.frames, batch)
        // Each residual layer's output went on to the next layer and, added, into its output.
        for index in mid.indices.reversed() {
            let upstream = levels[index + 1]
            let through = mid[index].backward(upstream, batch: batch)
            VectorLoops.add(through, into: &levels[index])
            if index > 0 { VectorLoops.add(upstream, into: &levels[index]) }
        }
        guard trainsFrontEnd else { return }
        let branches = ChannelBlocks.split(
            levels[0], channels: front.map(\.convolution.output.channels), shape.frames, batch)
        for (block, branch) in zip(front, branches) { _ = block.backward(branch, batch: batch) }
    }
}
