/// The elementwise loops of the networks' layers, sixteen floats at a time: the compiler does not
/// vectorise float reductions (their order is part of the result) or loops over pointers it
/// cannot prove disjoint.
enum VectorLoops {
    typealias Lane = SIMD16<Float>

    static func load(_ p: UnsafePointer<Float>) -> Lane {
        UnsafeRawPointer(p).loadUnaligned(as: Lane.self)
    }

    static func store(_ value: Lane, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: value, as: Lane.self)
    }

    /// The sum of `count` values, and the sum of their squared differences from `center`.
    static func sums(_ x: UnsafePointer<Float>, count: Int, center: Float) -> (sum: Double, squares: Double) {
        var sum = Lane(), squares = Lane(), i = 0
        while i + 16 <= count {
            let value = load(x + i), d = value - center
            sum += value
            squares += d * d
            i += 16
        }
        var tailSum: Float = 0, tailSquares: Float = 0
        while i < count {
            let d = x[i] - center
            tailSum += x[i]
            tailSquares += d * d
            i += 1
        }
        return (Double(sum.sum()) + Double(tailSum), Double(squares.sum()) + Double(tailSquares))
    }

    /// `z = (x − mean) · inverse`, `y = scale · z + shift`; `z` only when given.
    static func normalize(
        _ x: UnsafePointer<Float>, count: Int, mean: Float, inverse: Float, scale: Float, shift: Float,
        y: UnsafeMutablePointer<Float>, z: UnsafeMutablePointer<Float>?
    ) {
        var i = 0
        while i + 16 <= count {
            let normalized = (load(x + i) - mean) * inverse
            if let z { store(normalized, z + i) }
            store(normalized * scale + shift, y + i)
            i += 16
        }
        while i < count {
            let normalized = (x[i] - mean) * inverse
            z?[i] = normalized
            y[i] = normalized * scale + shift
            i += 1
        }
    }

    /// `Σ dy` and `Σ dy · z`.
    static func dots(_ dy: UnsafePointer<Float>, _ z: UnsafePointer<Float>, count: Int) -> (sum: Float, dot: Float) {
        var sum = Lane(), dot = Lane(), i = 0
        while i + 16 <= count {
            let gradient = load(dy + i)
            sum += gradient
            dot += gradient * load(z + i)
            i += 16
        }
        var tailSum: Float = 0, tailDot: Float = 0
        while i < count {
            tailSum += dy[i]
            tailDot += dy[i] * z[i]
            i += 1
        }
        return (sum.sum() + tailSum, dot.sum() + tailDot)
    }

    /// `dx = factor · (dy − meanGradient − z · meanDot)`.
    static func normalizationGradient(
        _ dy: UnsafePointer<Float>, _ z: UnsafePointer<Float>, count: Int, factor: Float, meanGradient: Float,
        meanDot: Float, dx: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        while i + 16 <= count {
            store(factor * (load(dy + i) - meanGradient - load(z + i) * meanDot), dx + i)
            i += 16
        }
        while i < count {
            dx[i] = factor * (dy[i] - meanGradient - z[i] * meanDot)
            i += 1
        }
    }

    /// `x` where positive, `x · slope` elsewhere, in place.
    static func rectify(_ x: UnsafeMutablePointer<Float>, count: Int, slope: Float) {
        var i = 0
        let zero = Lane()
        while i + 16 <= count {
            let value = load(x + i)
            store(value.replacing(with: value * slope, where: .!(value .> zero)), x + i)
            i += 16
        }
        while i < count {
            if !(x[i] > 0) { x[i] *= slope }
            i += 1
        }
    }

    /// `gradient` where `output` is positive, `gradient · slope` elsewhere, in place.
    static func rectifyGradient(
        _ gradient: UnsafeMutablePointer<Float>, output: UnsafePointer<Float>, count: Int, slope: Float
    ) {
        var i = 0
        let zero = Lane()
        while i + 16 <= count {
            let value = load(gradient + i)
            store(value.replacing(with: value * slope, where: .!(load(output + i) .> zero)), gradient + i)
            i += 16
        }
        while i < count {
            if !(output[i] > 0) { gradient[i] *= slope }
            i += 1
        }
    }

    /// `b += a` over `count` values.
    static func add(_ a: UnsafePointer<Float>, into b: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            store(load(b + i) + load(a + i), b + i)
            i += 16
        }
        while i < count {
            b[i] += a[i]
            i += 1
        }
    }

    /// `b *= a`, element by element (equal counts).
    static func multiply(_ a: [Float], into b: inout [Float]) {
        precondition(a.count == b.count, "multiplying arrays of one size")
        a.withUnsafeBufferPointer { a in
            b.withUnsafeMutableBufferPointer { b in
                var i = 0
                while i + 16 <= a.count {
                    store(load(b.baseAddress! + i) * load(a.baseAddress! + i), b.baseAddress! + i)
                    i += 16
                }
                while i < a.count {
                    b[i] *= a[i]
                    i += 1
                }
            }
        }
    }

    /// `b += a`, element by element (equal counts).
    static func add(_ a: [Float], into b: inout [Float]) {
        precondition(a.count == b.count, "adding arrays of one size")
        guard !a.isEmpty else { return }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeMutableBufferPointer { add(a.baseAddress!, into: $0.baseAddress!, count: a.count) }
        }
    }
}
