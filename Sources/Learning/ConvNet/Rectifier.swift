/// ReLU, or leaky ReLU with `slope` for negative inputs (PyTorch's `LeakyReLU` default is 0.01).
final class Rectifier: Layer {
    let input: MapShape
    var output: MapShape { input }
    let slope: Float
    /// The last training output: positive exactly where the input was (the slope is ≥ 0), and
    /// kept without a copy.
    private var lastOutput: [Float] = []

    init(input: MapShape, slope: Float = 0) {
        self.input = input
        self.slope = slope
    }

    func forward(_ x: consuming [Float], batch: Int, mode: PassMode, random: inout SeededRandom) -> [Float] {
        var y = x
        let slope = self.slope
        y.withUnsafeMutableBufferPointer { VectorLoops.rectify($0.baseAddress!, count: $0.count, slope: slope) }
        if mode.trains { lastOutput = y }
        return y
    }

    func backward(_ gradient: consuming [Float], batch: Int) -> [Float] {
        var dx = gradient
        let slope = self.slope
        lastOutput.withUnsafeBufferPointer { y in
            dx.withUnsafeMutableBufferPointer { dx in
                VectorLoops.rectifyGradient(dx.baseAddress!, output: y.baseAddress!, count: dx.count, slope: slope)
            }
        }
        return dx
    }
}
