import Foundation

/// Tagmine's own real-input FFT for power-of-two sizes (32 and up), vectorised with Swift's SIMD
/// types: the STFT's transform without a GPL library (`make bench-fft` measures it against
/// KissFFT and FFTW).
///
/// A real signal of `n` samples is transformed as a complex one of `n / 2` (even samples real,
/// odd ones imaginary), by a Stockham radix-4 FFT (a radix-2 stage last when `n / 2` is not a
/// power of 4) on split real and imaginary arrays, so every stage reads and writes contiguous
/// vectors and no bit reversal is needed; the spectrum of the real signal is then untangled from
/// it bin by bin. Twiddle factors are computed in double precision once per plan.
public final class PowerOfTwoFFT {
    /// Four complex values (or vectors of them) a butterfly works on: re, im of a, b, c, d.
    private typealias Quad<V> = (V, V, V, V, V, V, V, V)

    /// The transform size.
    public let size: Int
    /// The complex transform's size, `size / 2`.
    private let half: Int
    /// Two split-complex buffers of `half` values each: re, im, re, im.
    private let buffers: UnsafeMutablePointer<Float>
    /// Per radix-4 stage, `3 · 2 · m` twiddles: w¹ re, w¹ im, w² re, w² im, w³ re, w³ im, each `m` long.
    private let twiddles: UnsafeMutablePointer<Float>
    /// cos and sin of 2πk / size for k in 0..<half, for untangling the real spectrum.
    private let unpack: UnsafeMutablePointer<Float>
    /// The radix-4 stages: length `n` of the sub-transforms, stride `s`, twiddle offset.
    private let stages: [(n: Int, s: Int, twiddles: Int)]
    /// Whether a radix-2 stage ends the transform.
    private let finalRadix2: Bool

    /// Whether this FFT computes transforms of `size`.
    public static func supports(_ size: Int) -> Bool { size >= 32 && size & (size - 1) == 0 }

    /// A plan for `size` (``supports(_:)`` must hold).
    public init(size: Int) {
        precondition(Self.supports(size), "PowerOfTwoFFT takes a power of two of 32 or more")
        self.size = size
        let half = size / 2
        self.half = half
        buffers = .allocate(capacity: 4 * half)
        buffers.initialize(repeating: 0, count: 4 * half)
        var stages: [(n: Int, s: Int, twiddles: Int)] = []
        var n = half, s = 1, offset = 0
        while n >= 4 {
            stages.append((n, s, offset))
            offset += 6 * (n / 4)
            n /= 4
            s *= 4
        }
        finalRadix2 = n == 2
        self.stages = stages
        twiddles = .allocate(capacity: max(1, offset))
        for stage in stages {
            let m = stage.n / 4
            for p in 0..<m {
                for k in 1...3 {
                    let angle = -2 * Double.pi * Double(k * p) / Double(stage.n)
                    twiddles[stage.twiddles + (2 * (k - 1)) * m + p] = Float(cos(angle))
                    twiddles[stage.twiddles + (2 * (k - 1) + 1) * m + p] = Float(sin(angle))
                }
            }
        }
        unpack = .allocate(capacity: 2 * half)
        for k in 0..<half {
            let angle = 2 * Double.pi * Double(k) / Double(size)
            unpack[k] = Float(cos(angle))
            unpack[half + k] = Float(sin(angle))
        }
    }

    deinit {
        buffers.deallocate()
        twiddles.deallocate()
        unpack.deallocate()
    }

    /// Writes `|X[k]|²`, k = 0…size/2, of the `size` samples at `samples` into `power`.
    public func powerSpectrum(_ samples: UnsafePointer<Float>, into power: UnsafeMutablePointer<Float>) {
        let half = self.half
        var xr = buffers, xi = buffers + half, yr = buffers + 2 * half, yi = buffers + 3 * half
        // Even samples become the real parts, odd ones the imaginary parts.
        let raw = UnsafeRawPointer(samples)
        for i in stride(from: 0, to: half, by: 4) {
            let low = raw.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Float>.self)
            let high = raw.loadUnaligned(fromByteOffset: 8 * i + 16, as: SIMD4<Float>.self)
            // Lane picks from two vectors: one shuffle each.
            store(SIMD4(low[0], low[2], high[0], high[2]), xr + i)
            store(SIMD4(low[1], low[3], high[1], high[3]), xi + i)
        }
        for stage in stages {
            if stage.s == 1 {
                firstStage(stage, xr, xi, yr, yi)
            } else if stage.n == 4 {
                // Sub-transforms of 4: every twiddle is 1.
                if stage.s == 4 {
                    lastStage(stage.s, xr, xi, yr, yi, as: SIMD4<Float>.self)
                } else {
                    lastStage(stage.s, xr, xi, yr, yi, as: SIMD8<Float>.self)
                }
            } else if stage.s == 4 {
                radix4(stage, xr, xi, yr, yi, as: SIMD4<Float>.self)
            } else {
                radix4(stage, xr, xi, yr, yi, as: SIMD8<Float>.self)
            }
            swap(&xr, &yr)
            swap(&xi, &yi)
        }
        if finalRadix2 {
            let s = half / 2
            for q in stride(from: 0, to: s, by: 4) {
                let ar = load(xr + q), ai = load(xi + q), br = load(xr + q + s), bi = load(xi + q + s)
                store(ar + br, yr + q)
                store(ai + bi, yi + q)
                store(ar - br, yr + q + s)
                store(ai - bi, yi + q + s)
            }
            swap(&xr, &yr)
            swap(&xi, &yi)
        }
        untangle(xr, xi, into: power)
    }

    /// The first stage (stride 1): vectorised over the butterflies, whose four outputs are
    /// adjacent, so each vector of results is transposed before it is stored.
    private func firstStage(
        _ stage: (n: Int, s: Int, twiddles: Int), _ xr: UnsafeMutablePointer<Float>,
        _ xi: UnsafeMutablePointer<Float>, _ yr: UnsafeMutablePointer<Float>, _ yi: UnsafeMutablePointer<Float>
    ) {
        let m = stage.n / 4, w = twiddles + stage.twiddles
        for p in stride(from: 0, to: m, by: 4) {
            let (y0r, y0i, y1r, y1i, y2r, y2i, y3r, y3i) = butterfly(
                loadQuad(xr, xi, apart: m, at: p, as: SIMD4<Float>.self), load(w + p), load(w + m + p),
                load(w + 2 * m + p), load(w + 3 * m + p), load(w + 4 * m + p), load(w + 5 * m + p))
            storeTransposed(y0r, y1r, y2r, y3r, yr + 4 * p)
            storeTransposed(y0i, y1i, y2i, y3i, yi + 4 * p)
        }
    }

    /// A stage with stride 4 or more: vectorised along the stride (`V` lanes at a time), one
    /// twiddle per butterfly group.
    @inline(__always)
    private func radix4<V: SIMD>(
        _ stage: (n: Int, s: Int, twiddles: Int), _ xr: UnsafeMutablePointer<Float>,
        _ xi: UnsafeMutablePointer<Float>, _ yr: UnsafeMutablePointer<Float>, _ yi: UnsafeMutablePointer<Float>,
        as _: V.Type
    ) where V.Scalar == Float {
        let m = stage.n / 4, s = stage.s, w = twiddles + stage.twiddles, lanes = V.scalarCount
        var p = 0
        while p < m {
            let w1r = V(repeating: w[p]), w1i = V(repeating: w[m &+ p])
            let w2r = V(repeating: w[2 &* m &+ p]), w2i = V(repeating: w[3 &* m &+ p])
            let w3r = V(repeating: w[4 &* m &+ p]), w3i = V(repeating: w[5 &* m &+ p])
            // Inputs p, p + m, p + 2m, p + 3m and outputs 4p … 4p + 3, each `s` apart.
            let inR = xr + s &* p, inI = xi + s &* p, outR = yr + s &* 4 &* p, outI = yi + s &* 4 &* p
            let quarter = s &* m
            var q = 0
            while q < s {
                let quad = loadQuad(inR, inI, apart: quarter, at: q, as: V.self)
                storeQuad(butterfly(quad, w1r, w1i, w2r, w2i, w3r, w3i), outR, outI, apart: s, at: q)
                q &+= lanes
            }
            p &+= 1
        }
    }

    /// The last radix-4 stage when its sub-transforms have 4 points (stride `s` = `half / 4`): the
    /// butterflies without twiddles, vectorised along the stride.
    @inline(__always)
    private func lastStage<V: SIMD>(
        _ s: Int, _ xr: UnsafeMutablePointer<Float>, _ xi: UnsafeMutablePointer<Float>,
        _ yr: UnsafeMutablePointer<Float>, _ yi: UnsafeMutablePointer<Float>, as _: V.Type
    ) where V.Scalar == Float {
        var q = 0
        while q < s {
            storeQuad(sums(loadQuad(xr, xi, apart: s, at: q, as: V.self)), yr, yi, apart: s, at: q)
            q &+= V.scalarCount
        }
    }

    /// Four complex vectors (re, im of each), `apart` floats from each other, from `at`.
    @inline(__always)
    private func loadQuad<V: SIMD>(
        _ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, apart: Int, at q: Int, as _: V.Type
    ) -> Quad<V> where V.Scalar == Float {
        (
            load(re + q, as: V.self), load(im + q, as: V.self),
            load(re + (apart &+ q), as: V.self), load(im + (apart &+ q), as: V.self),
            load(re + (2 &* apart &+ q), as: V.self), load(im + (2 &* apart &+ q), as: V.self),
            load(re + (3 &* apart &+ q), as: V.self), load(im + (3 &* apart &+ q), as: V.self)
        )
    }

    /// Stores four complex vectors `apart` floats from each other, from `at`.
    @inline(__always)
    private func storeQuad<V: SIMD>(
        _ quad: Quad<V>, _ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, apart: Int, at q: Int
    ) where V.Scalar == Float {
        store(quad.0, re + q)
        store(quad.1, im + q)
        store(quad.2, re + (apart &+ q))
        store(quad.3, im + (apart &+ q))
        store(quad.4, re + (2 &* apart &+ q))
        store(quad.5, im + (2 &* apart &+ q))
        store(quad.6, re + (3 &* apart &+ q))
        store(quad.7, im + (3 &* apart &+ q))
    }

    /// A forward radix-4 butterfly on four lanes: the four sums, each times its twiddle.
    @inline(__always)
    private func butterfly<V: SIMD>(
        _ quad: Quad<V>, _ w1r: V, _ w1i: V, _ w2r: V, _ w2i: V, _ w3r: V, _ w3i: V
    ) -> Quad<V> where V.Scalar == Float {
        let (y0r, y0i, t1r, t1i, t2r, t2i, t3r, t3i) = sums(quad)
        return (
            y0r, y0i,
            t1r * w1r - t1i * w1i, t1r * w1i + t1i * w1r,
            t2r * w2r - t2i * w2i, t2r * w2i + t2i * w2r,
            t3r * w3r - t3i * w3i, t3r * w3i + t3i * w3r
        )
    }

    /// A radix-4 butterfly's four sums before their twiddles: a + b + c + d, (a − c) − i(b − d),
    /// (a + c) − (b + d), (a − c) + i(b − d).
    @inline(__always)
    private func sums<V: SIMD>(_ quad: Quad<V>) -> Quad<V> where V.Scalar == Float {
        let (ar, ai, br, bi, cr, ci, dr, di) = quad
        let sumACr = ar + cr, sumACi = ai + ci, diffACr = ar - cr, diffACi = ai - ci
        let sumBDr = br + dr, sumBDi = bi + di, diffBDr = br - dr, diffBDi = bi - di
        return (
            sumACr + sumBDr, sumACi + sumBDi,
            diffACr + diffBDi, diffACi - diffBDr,
            sumACr - sumBDr, sumACi - sumBDi,
            diffACr - diffBDi, diffACi + diffBDr
        )
    }

    /// The real signal's power spectrum from its half-size complex transform Z:
    /// X[k] = E + (−sin θ − i cos θ)·O with E = (Z[k] + Z*[M−k]) / 2, O = (Z[k] − Z*[M−k]) / 2,
    /// θ = 2πk / size; X[0] and X[M] from Z[0] alone.
    private func untangle(
        _ zr: UnsafeMutablePointer<Float>, _ zi: UnsafeMutablePointer<Float>, into power: UnsafeMutablePointer<Float>
    ) {
        let half = self.half
        power[0] = (zr[0] + zi[0]) * (zr[0] + zi[0])
        power[half] = (zr[0] - zi[0]) * (zr[0] - zi[0])
        let cosines = unpack, sines = unpack + half
        var k = 1
        // Lanes k…k+3 pair with M−k…M−k−3: loaded from M−k−3 and reversed.
        while k + 4 <= half {
            let ar = load(zr + k), ai = load(zi + k)
            let rr = load(zr + half - k - 3), ri = load(zi + half - k - 3)
            let br = SIMD4(rr[3], rr[2], rr[1], rr[0]), bi = -SIMD4(ri[3], ri[2], ri[1], ri[0])
            // 2E, 2O and 2X: halving is exact, so |X|² = |2X|² / 4 to the bit, three multiplies fewer.
            let er = ar + br, ei = ai + bi, or = ar - br, oi = ai - bi
            let c = load(cosines + k), s = load(sines + k)
            let xr = er - s * or + c * oi, xi = ei - s * oi - c * or
            store(0.25 * (xr * xr + xi * xi), power + k)
            k += 4
        }
        while k < half {
            let br = zr[half - k], bi = -zi[half - k]
            let er = zr[k] + br, ei = zi[k] + bi, or = zr[k] - br, oi = zi[k] - bi
            let c = cosines[k], s = sines[k]
            let xr = er - s * or + c * oi, xi = ei - s * oi - c * or
            power[k] = 0.25 * (xr * xr + xi * xi)
            k += 1
        }
    }

    @inline(__always)
    private func load(_ pointer: UnsafeMutablePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always)
    private func load<V: SIMD>(_ pointer: UnsafeMutablePointer<Float>, as: V.Type) -> V where V.Scalar == Float {
        UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
    }

    @inline(__always)
    private func store<V: SIMD>(_ value: V, _ pointer: UnsafeMutablePointer<Float>) where V.Scalar == Float {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: V.self)
    }

    /// Stores the 4 × 4 matrix whose columns are `a`, `b`, `c`, `d` row after row.
    @inline(never)
    private func storeTransposed(
        _ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>, _ d: SIMD4<Float>,
        _ pointer: UnsafeMutablePointer<Float>
    ) {
        // SSE's 4 × 4 transpose: interleave pairs of columns, then join their halves.
        let abLow = SIMD4(a[0], b[0], a[1], b[1]), abHigh = SIMD4(a[2], b[2], a[3], b[3])
        let cdLow = SIMD4(c[0], d[0], c[1], d[1]), cdHigh = SIMD4(c[2], d[2], c[3], d[3])
        store(SIMD4(lowHalf: abLow.lowHalf, highHalf: cdLow.lowHalf), pointer)
        store(SIMD4(lowHalf: abLow.highHalf, highHalf: cdLow.highHalf), pointer + 4)
        store(SIMD4(lowHalf: abHigh.lowHalf, highHalf: cdHigh.lowHalf), pointer + 8)
        store(SIMD4(lowHalf: abHigh.highHalf, highHalf: cdHigh.highHalf), pointer + 12)
    }
}
