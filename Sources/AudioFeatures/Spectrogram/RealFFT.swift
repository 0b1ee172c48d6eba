internal import CKissFFT

/// KissFFT's real-input forward transform of one size; owns the C plan and its scratch space.
///
/// Not safe to share between tasks (the plan holds scratch buffers): each extraction makes its own.
final class RealFFT {
    /// The transform size (`n_fft`).
    let size: Int
    private let plan: kiss_fftr_cfg
    private var output: [kiss_fft_cpx]

    /// A plan for even `size`.
    init(size: Int) {
        precondition(size >= 2 && size % 2 == 0, "KissFFT's real transform needs an even size")
        self.size = size
        plan = kiss_fftr_alloc(Int32(size), 0, nil, nil)
        output = [kiss_fft_cpx](repeating: kiss_fft_cpx(), count: size / 2 + 1)
    }

    deinit { tagmine_kiss_fftr_free(plan) }

    /// Writes `|X[k]|²` for k in 0...size/2 of the `size` samples in `input` into `power`.
    func powerSpectrum(_ input: UnsafePointer<Float>, into power: UnsafeMutablePointer<Float>) {
        output.withUnsafeMutableBufferPointer { bins in
            kiss_fftr(plan, input, bins.baseAddress)
            for k in 0..<bins.count {
                let bin = bins[k]
                power[k] = bin.r * bin.r + bin.i * bin.i
            }
        }
    }
}
