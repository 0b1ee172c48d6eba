internal import COpenBLAS

/// The CBLAS calls training and prediction use, behind Swift signatures (row-major throughout).
package enum BLAS {
    /// One OpenBLAS thread: folds already train in parallel, and a single thread keeps every
    /// product's summation order, hence every probability, the same from run to run. Also picks
    /// the kernels the CPU supports where OpenBLAS does not recognise it (the shim's
    /// `tagmine_openblas_prepare`).
    private static let singleThreaded: Void = tagmine_openblas_prepare()

    /// The OpenBLAS kernels in use ("SkylakeX", "Haswell", …), for benchmark reports.
    package static var core: String { String(cString: tagmine_openblas_core()) }

    /// `c = alpha · op(a) · op(b) + beta · c` with `op(x)` = `x` or `xᵀ`; `op(a)` is m × k, `op(b)` k × n.
    package static func gemm(
        _ a: UnsafePointer<Float>, transposeA: Bool = false, _ b: UnsafePointer<Float>, transposeB: Bool = false,
        into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        _ = singleThreaded
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(transposeA ? m : k), b,
            blasint(transposeB ? k : n), beta, c, blasint(n))
    }

    /// `Σ x[i] · y[i]` over `count` values, accumulated in double.
    package static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Double {
        _ = singleThreaded
        return cblas_dsdot(blasint(count), x, 1, y, 1)
    }

    /// `y += alpha · x` over `count` values.
    package static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        _ = singleThreaded
        cblas_saxpy(blasint(count), alpha, x, 1, y, 1)
    }

    /// `x *= alpha` over `count` values.
    package static func scale(_ x: UnsafeMutablePointer<Float>, by alpha: Float, count: Int) {
        _ = singleThreaded
        cblas_sscal(blasint(count), alpha, x, 1)
    }
}
