internal import COpenBLAS

/// The CBLAS calls the extractors use, behind Swift signatures.
enum DenseMath {
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
}
