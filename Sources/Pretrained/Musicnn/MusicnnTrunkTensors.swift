public import Learning

extension MusicnnArchitecture {
    /// The checkpoint's tensors as ``MusicnnShape/musicnn``'s trainable network names and lays them
    /// out (PyTorch's layouts, the pooled features' means before their maxima), unfolded: what
    /// fine-tuning starts from. Expects tensors ``check(_:source:)`` accepted.
    static func trunkTensors(_ tensors: [String: Tensor]) -> [String: [Float]] {
        var trunk: [String: [Float]] = [:]
        func normalization(_ from: String, _ to: String) {
            for (source, target) in [
                ("gamma", "scale"), ("beta", "shift"), ("moving_mean", "mean"),
                ("moving_variance", "variance"),
            ] {
                trunk[to + "." + target] = tensors[from + "/" + source]!.values
            }
        }
        /// A `time × width × 1 × filters` kernel as `filters × (channels × frequency) × time`: a
        /// timbral filter's width is frequency, a mid-end one's the channels.
        func convolution(_ layer: Convolution, _ to: String) {
            let kernel = tensors[layer.name + "/kernel"]!.values
            let (time, width, filters) = (layer.height, layer.width, layer.filters)
            var weight = [Float](repeating: 0, count: kernel.count)
            for o in 0..<filters {
                for w in 0..<width {
                    for t in 0..<time { weight[(o * width + w) * time + t] = kernel[(t * width + w) * filters + o] }
                }
            }
            trunk[to + ".weight"] = weight
            trunk[to + ".bias"] = tensors[layer.name + "/bias"]!.values
            normalization(layer.normalization, to + ".norm")
        }
        normalization(inputNormalization, "input")
        for (index, layer) in timbral.enumerated() { convolution(layer, "timbral.\(index)") }
        for (index, layer) in temporal.enumerated() { convolution(layer, "temporal.\(index)") }
        for (index, layer) in mid.enumerated() { convolution(layer, "mid.\(index)") }
        // TensorFlow flattens the pools interleaved per channel, maximum first.
        let width = frameWidth, units = penultimateUnits
        func pooledOrder(_ c: Int) -> Int { c < width ? 2 * c + 1 : 2 * (c - width) }
        normalization(poolNormalization, "pool.norm")
        for key in ["scale", "shift", "mean", "variance"] {
            let interleaved = trunk["pool.norm." + key]!
            trunk["pool.norm." + key] = (0..<(2 * width)).map { interleaved[pooledOrder($0)] }
        }
        let dense = tensors["dense/kernel"]!.values
        trunk["dense.weight"] = (0..<(units * 2 * width)).map {
            dense[pooledOrder($0 % (2 * width)) * units + $0 / (2 * width)]
        }
        trunk["dense.bias"] = tensors["dense/bias"]!.values
        normalization(penultimateNormalization, "dense.norm")
        let output = tensors["dense_1/kernel"]!.values
        trunk["tags.weight"] = (0..<(tags * units)).map { output[($0 % units) * tags + $0 / units] }
        trunk["tags.bias"] = tensors["dense_1/bias"]!.values
        return trunk
    }
}

extension MusicnnWeights {
    /// The shape of musicnn's network.
    public static var shape: MusicnnShape { .musicnn }
}
