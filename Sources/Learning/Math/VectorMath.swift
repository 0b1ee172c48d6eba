import Foundation

/// Elementary functions sixteen lanes at a time, for the loops a training repeats every step.
enum VectorMath {
    typealias Lane = VectorLoops.Lane

    /// `eˣ` in every lane, within 2 ulp of `expf` for `x ≤ 88`; lanes below −87.3 give `e^−87.3`
    /// (about 1e−38) rather than a subnormal or 0. Cody–Waite range reduction `x = n·ln 2 + r` and
    /// Cephes' degree-6 polynomial for `eʳ`, scaled by `2ⁿ` through the exponent bits.
    static func exp(_ x: Lane) -> Lane {
        // Comparisons and blends: `clamped` and `pointwiseMax` go lane by lane for NaN's sake.
        var x = x.replacing(with: -87.33, where: x .< -87.33)
        x.replace(with: 88, where: x .> 88)
        // Adding 1.5 · 2²³ rounds x·log₂e to an integer held in the low mantissa bits.
        let magic: Float = 12_582_912
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = Lane(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        p = p * (r * r) + r + 1
        let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- Int32(bitPattern: magic.bitPattern)
        return p * unsafeBitCast((integer &+ 127) &<< 23, to: Lane.self)
    }

    /// Replaces `count` values with `e^(value − peak)`, `peak` their largest, and returns the
    /// peak and the sum of the new values: the numerator and denominator of a softmax.
    static func exponentiate(_ z: UnsafeMutablePointer<Float>, count: Int) -> (peak: Float, sum: Float) {
        var peak = -Float.infinity
        var i = 0
        if count >= 16 {
            var peaks = VectorLoops.load(z)
            while i + 16 <= count {
                let values = VectorLoops.load(z + i)
                peaks.replace(with: values, where: values .> peaks)
                i += 16
            }
            peak = peaks.max()
        }
        for j in i..<count { peak = max(peak, z[j]) }
        var sums = Lane()
        i = 0
        while i + 16 <= count {
            let e = exp(VectorLoops.load(z + i) - peak)
            VectorLoops.store(e, z + i)
            sums += e
            i += 16
        }
        var sum = sums.sum()
        if i < count {
            var tail = Lane(repeating: -.infinity)
            for j in i..<count { tail[j - i] = z[j] }
            let e = exp(tail - peak)
            for j in i..<count {
                z[j] = e[j - i]
                sum += e[j - i]
            }
        }
        return (peak, sum)
    }

    /// `Σ a[i] · b[i]` and `Σ a[i]` over `count` values.
    static func weightedSum(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> (
        dot: Float, sum: Float
    ) {
        var dots = Lane(), sums = Lane(), i = 0
        while i + 16 <= count {
            let weights = VectorLoops.load(a + i)
            dots += weights * VectorLoops.load(b + i)
            sums += weights
            i += 16
        }
        var dot = dots.sum(), sum = sums.sum()
        while i < count {
            dot += a[i] * b[i]
            sum += a[i]
            i += 1
        }
        return (dot, sum)
    }
}
