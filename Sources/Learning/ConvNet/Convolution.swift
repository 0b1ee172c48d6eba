/// A 2-D convolution (cross-correlation, as PyTorch and Keras compute it) with a kernel of
/// `height × width` over frequency × time, strides, and zero padding, on OpenBLAS: each sample's
/// receptive fields are laid out as columns (im2col) and multiplied by the weights in one sgemm.
final class Convolution: Layer {
    let input: MapShape
    let output: MapShape
    let kernel: (height: Int, width: Int)
    let stride: (height: Int, width: Int)
    /// Zeros above and left of the input; the rest of the padding is below and right.
    let padding: (top: Int, left: Int)
    /// `output.channels × input.channels × kernel.height × kernel.width`.
    let weight: Parameter
    let bias: Parameter
    /// Whether ``backward(_:batch:)`` computes ∂input (a first layer's is never used: skipping it
    /// saves a third of the backward pass); without it the backward pass returns no values.
    var computesInputGradient = true
    private var lastInput: [Float] = []
    private var columns: [Float]

    var parameters: [Parameter] { [weight, bias] }

    /// Rows of the column matrix: one per weight of an output channel.
    private var patch: Int { input.channels * kernel.height * kernel.width }

    init(
        input: MapShape, output: MapShape, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int),
        random: inout SeededRandom
    ) {
        self.input = input
        self.output = output
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        let fanIn = input.channels * kernel.0 * kernel.1
        weight = Parameter(
            pytorchUniform(count: output.channels * fanIn, fanIn: fanIn, random: &random), decays: true)
        bias = Parameter(pytorchUniform(count: output.channels, fanIn: fanIn, random: &random), decays: false)
        columns = [Float](repeating: 0, count: fanIn * output.area)
    }

    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        if mode.trains { lastInput = x }
        var y = [Float](repeating: 0, count: batch * output.count)
        let area = output.area, patch = self.patch
        x.withUnsafeBufferPointer { x in
            y.withUnsafeMutableBufferPointer { y in
                columns.withUnsafeMutableBufferPointer { columns in
                    for sample in 0..<batch {
                        let out = y.baseAddress! + sample * output.count
                        for channel in 0..<output.channels {
                            (out + channel * area).update(repeating: bias.values[channel], count: area)
                        }
                        layOut(x.baseAddress! + sample * input.count, into: columns.baseAddress!)
                        BLAS.gemm(
                            weight.values, columns.baseAddress!, into: out, m: output.channels, n: area, k: patch,
                            beta: 1)
                    }
                }
            }
        }
        return y
    }

    func backward(_ gradient: consuming [Float], batch: Int) -> [Float] {
        var dx = [Float](repeating: 0, count: computesInputGradient ? batch * input.count : 0)
        let computesInputGradient = self.computesInputGradient
        let area = output.area, patch = self.patch
        lastInput.withUnsafeBufferPointer { x in
            gradient.withUnsafeBufferPointer { dy in
                dx.withUnsafeMutableBufferPointer { dx in
                    columns.withUnsafeMutableBufferPointer { columns in
                        for sample in 0..<batch {
                            let dyn = dy.baseAddress! + sample * output.count
                            for channel in 0..<output.channels {
                                var sum: Float = 0
                                for i in 0..<area { sum += dyn[channel * area + i] }
                                bias.gradient[channel] += sum
                            }
                            // ∂W += δ · colsᵀ; the columns are laid out again rather than kept, which
                            // would cost a patch × area buffer per sample.
                            layOut(x.baseAddress! + sample * input.count, into: columns.baseAddress!)
                            BLAS.gemm(
                                dyn, columns.baseAddress!, transposeB: true, into: &weight.gradient,
                                m: output.channels, n: patch, k: area, beta: 1)
                            // ∂cols = Wᵀ · δ, then each column's values go back to the inputs they came from.
                            guard computesInputGradient else { continue }
                            BLAS.gemm(
                                weight.values, transposeA: true, dyn, into: columns.baseAddress!, m: patch, n: area,
                                k: output.channels)
                            layBack(columns.baseAddress!, into: dx.baseAddress! + sample * input.count)
                        }
                    }
                }
            }
        }
        return dx
    }

    /// The output columns `ox` whose input column `ox · stride + j − left` lies inside the map.
    private func inside(_ j: Int) -> Range<Int> {
        let step = stride.width, offset = j - padding.left
        // ceil(−offset / step) … ceil((width − offset) / step), clamped to the output.
        func ceilDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? (a + b - 1) / b : -((-a) / b) }
        let low = max(0, ceilDiv(-offset, step)), high = min(output.width, ceilDiv(input.width - offset, step))
        return low..<max(low, high)
    }

    /// im2col: row `(c · kh + i) · kw + j` of `columns` holds input channel c at offset (i, j) of
    /// every output position's window, zero where the window hangs over the padding.
    private func layOut(_ x: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>) {
        let (outHeight, outWidth) = (output.height, output.width), step = stride.width
        var row = columns
        for channel in 0..<input.channels {
            let map = x + channel * input.area
            for i in 0..<kernel.height {
                for j in 0..<kernel.width {
                    let valid = inside(j), offset = j - padding.left
                    for oy in 0..<outHeight {
                        let iy = oy * stride.height + i - padding.top
                        let out = row + oy * outWidth
                        guard iy >= 0 && iy < input.height else {
                            out.update(repeating: 0, count: outWidth)
                            continue
                        }
                        let line = map + iy * input.width
                        out.update(repeating: 0, count: valid.lowerBound)
                        if step == 1 {
                            (out + valid.lowerBound).update(from: line + valid.lowerBound + offset, count: valid.count)
                        } else {
                            for ox in valid { out[ox] = line[ox * step + offset] }
                        }
                        (out + valid.upperBound).update(repeating: 0, count: outWidth - valid.upperBound)
                    }
                    row += outHeight * outWidth
                }
            }
        }
    }

    /// col2im, the adjoint of ``layOut(_:into:)``: adds each column value to the input it was taken from.
    private func layBack(_ columns: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
        let (outHeight, outWidth) = (output.height, output.width), step = stride.width
        var row = columns
        for channel in 0..<input.channels {
            let map = dx + channel * input.area
            for i in 0..<kernel.height {
                for j in 0..<kernel.width {
                    let valid = inside(j), offset = j - padding.left
                    for oy in 0..<outHeight {
                        let iy = oy * stride.height + i - padding.top
                        guard iy >= 0 && iy < input.height else { continue }
                        let line = map + iy * input.width, values = row + oy * outWidth
                        if step == 1 {
                            VectorLoops.add(
                                values + valid.lowerBound, into: line + valid.lowerBound + offset, count: valid.count)
                        } else {
                            for ox in valid { line[ox * step + offset] += values[ox] }
                        }
                    }
                    row += outHeight * outWidth
                }
            }
        }
    }
}
