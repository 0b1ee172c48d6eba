#if TAGMINE_FFTW
    internal import CFFTW3
    import Foundation
#else
    internal import CKissFFT
#endif

/// A real-input forward FFT of one size that writes the power spectrum `|X[k]|²`, k = 0…size/2.
///
/// Tagmine's own SIMD transform (``PowerOfTwoFFT``) for powers of two from 32, KissFFT for other
/// sizes; FFTW3 for every size in a build made with `TAGMINE_FFT=fftw` (see the README's "Choosing
/// the FFT"). Not safe to share between tasks (the plan holds scratch buffers): each extraction
/// makes its own.
final class RealFFT {
    /// The transform size (`n_fft`).
    let size: Int

    #if TAGMINE_FFTW
        /// FFTW's planner is not thread-safe; executing a plan on new arrays is.
        private static let planner = NSLock()
        private let plan: fftwf_plan
        private let input: UnsafeMutablePointer<Float>
        private let output: UnsafeMutablePointer<fftwf_complex>

        /// A plan for even `size`.
        init(size: Int) {
            precondition(size >= 2 && size % 2 == 0, "the real transform needs an even size")
            self.size = size
            let input = fftwf_alloc_real(size)!, output = fftwf_alloc_complex(size / 2 + 1)!
            Self.planner.lock()
            plan = fftwf_plan_dft_r2c_1d(Int32(size), input, output, UInt32(FFTW_MEASURE))
            Self.planner.unlock()
            self.input = input
            self.output = output
        }

        deinit {
            Self.planner.lock()
            fftwf_destroy_plan(plan)
            Self.planner.unlock()
            fftwf_free(input)
            fftwf_free(output)
        }

        /// Writes the power spectrum of the `size` samples at `samples` into `power`.
        func powerSpectrum(_ samples: UnsafePointer<Float>, into power: UnsafeMutablePointer<Float>) {
            input.update(from: samples, count: size)
            fftwf_execute(plan)
            for k in 0...(size / 2) {
                let (re, im) = output[k]
                power[k] = re * re + im * im
            }
        }
    #else
        private let powerOfTwo: PowerOfTwoFFT?
        private let plan: kiss_fftr_cfg?
        private var output: [kiss_fft_cpx]

        /// A plan for even `size`.
        init(size: Int) {
            precondition(size >= 2 && size % 2 == 0, "the real transform needs an even size")
            self.size = size
            if PowerOfTwoFFT.supports(size) {
                powerOfTwo = PowerOfTwoFFT(size: size)
                plan = nil
                output = []
            } else {
                powerOfTwo = nil
                plan = kiss_fftr_alloc(Int32(size), 0, nil, nil)
                output = [kiss_fft_cpx](repeating: kiss_fft_cpx(), count: size / 2 + 1)
            }
        }

        deinit { if let plan { tagmine_kiss_fftr_free(plan) } }

        /// Writes the power spectrum of the `size` samples at `samples` into `power`.
        func powerSpectrum(_ samples: UnsafePointer<Float>, into power: UnsafeMutablePointer<Float>) {
            if let powerOfTwo {
                powerOfTwo.powerSpectrum(samples, into: power)
                return
            }
            output.withUnsafeMutableBufferPointer { bins in
                kiss_fftr(plan, samples, bins.baseAddress)
                for k in 0..<bins.count {
                    let bin = bins[k]
                    power[k] = bin.r * bin.r + bin.i * bin.i
                }
            }
        }
    #endif
}
