internal import COpenBLAS

/// The CBLAS calls the extractors use, behind Swift signatures, and element-wise loops written so
/// that they vectorise (the compiler leaves the obvious ones scalar: it cannot rule out that the
/// buffers overlap, or, for a maximum, that a value is NaN). `make bench-features` keeps the
/// measurement.
enum DenseMath {
    private typealias Lanes = SIMD8<Float>
    /// OpenBLAS runs single-threaded: the extraction batch already keeps every core busy with
    /// one track per task, and OpenBLAS's own threads would fight those tasks for the cores; and on
    /// the kernels the CPU supports (the shim's `tagmine_openblas_prepare`).
    private static let singleThreaded: Void = tagmine_openblas_prepare()

    /// `c = a · bᵀ` for row-major `a` (m × k), `b` (n × k, rows `ldb` apart) and `c` (m × n).
    static func multiplyTransposed(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int, ldb: Int? = nil
    ) {
        _ = singleThreaded
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, blasint(m), blasint(n), blasint(k), 1, a, blasint(k), b,
            blasint(ldb ?? k), 0, c, blasint(n))
    }

    /// `product[i] = a[i] · b[i]` for `i < count`.
    static func multiply(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into product: UnsafeMutablePointer<Float>, count: Int
    ) {
        let a = UnsafeRawPointer(a), b = UnsafeRawPointer(b), out = UnsafeMutableRawPointer(product)
        let stride = MemoryLayout<Lanes>.stride
        var offset = 0
        while offset + stride <= count * 4 {
            let lanes =
                a.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
                * b.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
            out.storeBytes(of: lanes, toByteOffset: offset, as: Lanes.self)
            offset += stride
        }
        for i in (offset / 4)..<count {
            product[i] = a.load(fromByteOffset: 4 * i, as: Float.self) * b.load(fromByteOffset: 4 * i, as: Float.self)
        }
    }

    /// The largest `|x|` in `values` (0 when empty; NaNs are passed over).
    static func largestMagnitude(_ values: UnsafeBufferPointer<Float>) -> Float {
        guard let start = values.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(start), stride = MemoryLayout<Lanes>.stride
        var highest = Lanes(repeating: 0), lowest = Lanes(repeating: 0), offset = 0
        while offset + stride <= values.count * 4 {
            let lanes = raw.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
            // `replace(with:where:)` compiles to maxps / minps; `pointwiseMax` stays a call per vector.
            highest.replace(with: lanes, where: lanes .> highest)
            lowest.replace(with: lanes, where: lanes .< lowest)
            offset += stride
        }
        var peak = max(highest.max(), -lowest.min())
        for value in values[(offset / 4)...] where value.magnitude > peak { peak = value.magnitude }
        return peak
    }
}
