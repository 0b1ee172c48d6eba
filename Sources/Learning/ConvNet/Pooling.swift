/// Max or average pooling over windows of `size` moved by `stride`, without padding; positions
/// that do not fill a whole window are dropped (PyTorch's `MaxPool2d` / `AvgPool2d` defaults).
final class Pooling: Layer {
    /// How a window becomes one value.
    enum Kind: String, Sendable {
        case max
        case average
    }

    let input: MapShape
    let output: MapShape
    let kind: Kind
    let size: (height: Int, width: Int)
    let stride: (height: Int, width: Int)
    /// For max pooling, the input index each output came from (the first maximum, as PyTorch picks).
    private var sources: [Int32] = []

    init(input: MapShape, kind: Kind, size: (Int, Int), stride: (Int, Int)) {
        self.input = input
        self.kind = kind
        self.size = size
        self.stride = stride
        output = MapShape(
            channels: input.channels, height: (input.height - size.0) / stride.0 + 1,
            width: (input.width - size.1) / stride.1 + 1)
    }

    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        var y = [Float](repeating: 0, count: batch * output.count)
        let keep = mode.trains && kind == .max
        var sources = [Int32](repeating: 0, count: keep ? y.count : 0)
        let maps = batch * input.channels, scale = 1 / Float(size.height * size.width)
        let (inWidth, outHeight, outWidth) = (input.width, output.height, output.width)
        let (windowHeight, windowWidth) = size, (stepHeight, stepWidth) = stride
        x.withUnsafeBufferPointer { x in
            y.withUnsafeMutableBufferPointer { y in
                sources.withUnsafeMutableBufferPointer { sources in
                    for map in 0..<maps {
                        let base = map * input.area
                        var out = map * output.area
                        if kind == .max && windowWidth == 1 && stepWidth == 1 {
                            // Over frequency only (musicnn's front end): row by row, each row contiguous.
                            for oy in 0..<outHeight {
                                let first = base + oy * stepHeight * inWidth, row = out + oy * outWidth
                                for ox in 0..<outWidth {
                                    y[row + ox] = x[first + ox]
                                    if keep { sources[row + ox] = Int32(first + ox) }
                                }
                                for i in 1..<max(1, windowHeight) {
                                    let line = first + i * inWidth
                                    for ox in 0..<outWidth where x[line + ox] > y[row + ox] || x[line + ox].isNaN {
                                        y[row + ox] = x[line + ox]
                                        if keep { sources[row + ox] = Int32(line + ox) }
                                    }
                                }
                            }
                            continue
                        }
                        for oy in 0..<outHeight {
                            for ox in 0..<outWidth {
                                let corner = base + oy * stepHeight * inWidth + ox * stepWidth
                                if kind == .max {
                                    var best = -Float.infinity, source = corner
                                    for i in 0..<windowHeight {
                                        let line = corner + i * inWidth
                                        for j in line..<(line + windowWidth) where x[j] > best || x[j].isNaN {
                                            best = x[j]
                                            source = j
                                        }
                                    }
                                    y[out] = best
                                    if keep { sources[out] = Int32(source) }
                                } else {
                                    var sum: Float = 0
                                    for i in 0..<windowHeight {
                                        let line = corner + i * inWidth
                                        for j in line..<(line + windowWidth) { sum += x[j] }
                                    }
                                    y[out] = sum * scale
                                }
                                out += 1
                            }
                        }
                    }
                }
            }
        }
        if mode.trains { self.sources = sources }
        return y
    }

    func backward(_ gradient: consuming [Float], batch: Int) -> [Float] {
        var dx = [Float](repeating: 0, count: batch * input.count)
        switch kind {
        case .max:
            for (out, source) in sources.enumerated() { dx[Int(source)] += gradient[out] }
        case .average:
            let scale = 1 / Float(size.height * size.width)
            for map in 0..<(batch * input.channels) {
                let base = map * input.area
                for oy in 0..<output.height {
                    for ox in 0..<output.width {
                        let share = gradient[map * output.area + oy * output.width + ox] * scale
                        for i in (oy * stride.height)..<(oy * stride.height + size.height) {
                            for j in (ox * stride.width)..<(ox * stride.width + size.width) {
                                dx[base + i * input.width + j] += share
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
