import Foundation

/// Adam, AMSGrad or SGD with momentum over any number of parameter tensors ("slots"), each with
/// its own moment buffers: the one update rule both the dense heads and the convolutional networks
/// train with.
struct Optimizer {
    let kind: OptimizerKind
    /// SGD's momentum (PyTorch's rule: `v = μ·v + g`, `p -= rate · v`).
    let momentum: Float
    private var first: [[Float]]
    private var second: [[Float]]
    private var secondMax: [[Float]]
    private var step = 0

    /// An optimiser for tensors of `sizes` values, in slot order.
    init(_ kind: OptimizerKind, momentum: Float = 0.9, sizes: [Int]) {
        self.kind = kind
        self.momentum = momentum
        first = sizes.map { [Float](repeating: 0, count: $0) }
        second = kind == .sgd ? [] : first
        secondMax = kind == .amsgrad ? first : []
    }

    /// The optimiser's state: the steps taken and every moment buffer, to save and restore it.
    var state: (steps: Int, moments: [[Float]]) {
        get { (step, first + second + secondMax) }
        set {
            let slots = first.count
            precondition(
                newValue.moments.count == slots + second.count + secondMax.count, "the same optimiser's state")
            step = newValue.steps
            first = Array(newValue.moments[0..<slots])
            second = Array(newValue.moments[slots..<(slots + second.count)])
            secondMax = Array(newValue.moments[(slots + second.count)...])
        }
    }

    /// Starts a batch's update: Adam's bias corrections count batches.
    mutating func beginStep() { step += 1 }

    /// Updates slot `slot`'s `parameters` by its `gradient` at `rate`.
    ///
    /// Adam and AMSGrad use β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (PyTorch's defaults), over raw buffers:
    /// this loop runs once per parameter per batch, and array accessors in it cost more than the
    /// arithmetic.
    mutating func update(
        _ slot: Int, _ p: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, rate: Float
    ) {
        let count = g.count
        if kind == .sgd {
            let momentum = self.momentum
            first[slot].withUnsafeMutableBufferPointer { v in
                for i in 0..<count {
                    v[i] = momentum * v[i] + g[i]
                    p[i] -= rate * v[i]
                }
            }
            return
        }
        let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        let inverse1 = 1 / (1 - powf(beta1, Float(step))), inverse2 = 1 / (1 - powf(beta2, Float(step)))
        let amsgrad = kind == .amsgrad
        // Moved out and back so no buffer is shared while it is written (no copy-on-write copies).
        var m = [Float](), v = [Float](), peak = [Float]()
        swap(&m, &first[slot])
        swap(&v, &second[slot])
        if amsgrad { swap(&peak, &secondMax[slot]) }
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                peak.withUnsafeMutableBufferPointer { peak in
                    // SIMD by hand: the compiler cannot prove the buffers disjoint, so it would not
                    // vectorise the loop itself.
                    func load(_ buffer: UnsafeMutableBufferPointer<Float>, _ at: Int) -> SIMD8<Float> {
                        UnsafeRawPointer(buffer.baseAddress! + at).loadUnaligned(as: SIMD8<Float>.self)
                    }
                    func store(_ value: SIMD8<Float>, _ buffer: UnsafeMutableBufferPointer<Float>, _ at: Int) {
                        UnsafeMutableRawPointer(buffer.baseAddress! + at).storeBytes(of: value, as: SIMD8<Float>.self)
                    }
                    var i = 0
                    while i + 8 <= count {
                        let gradient = UnsafeRawPointer(g.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
                        let mean = beta1 * load(m, i) + (1 - beta1) * gradient
                        let square = beta2 * load(v, i) + (1 - beta2) * gradient * gradient
                        var denominator = square
                        if amsgrad {
                            denominator = pointwiseMax(load(peak, i), square)
                            store(denominator, peak, i)
                        }
                        store(mean, m, i)
                        store(square, v, i)
                        store(
                            load(p, i) - rate * (mean * inverse1) / ((denominator * inverse2).squareRoot() + epsilon),
                            p, i)
                        i += 8
                    }
                    while i < count {
                        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                        if amsgrad { peak[i] = max(peak[i], v[i]) }
                        let denominator = amsgrad ? peak[i] : v[i]
                        p[i] -= rate * (m[i] * inverse1) / ((denominator * inverse2).squareRoot() + epsilon)
                        i += 1
                    }
                }
            }
        }
        swap(&m, &first[slot])
        swap(&v, &second[slot])
        if amsgrad { swap(&peak, &secondMax[slot]) }
    }
}

extension Optimizer {
    /// Weight decay (coupled, as PyTorch's `weight_decay`: `g + λ·w` on weights, not on biases or
    /// batch-norm scales), then the update of `parameter`, which holds slot `slot`'s gradient.
    mutating func step(_ slot: Int, _ parameter: Parameter, rate: Float, decay: Float) {
        if parameter.decays && decay > 0 {
            for i in parameter.gradient.indices { parameter.gradient[i] += decay * parameter.values[i] }
        }
        parameter.gradient.withUnsafeBufferPointer { gradient in
            parameter.values.withUnsafeMutableBufferPointer { update(slot, $0, gradient, rate: rate) }
        }
    }
}
