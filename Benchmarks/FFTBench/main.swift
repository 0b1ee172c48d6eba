// make bench-fft, second half: Tagmine's own SIMD real FFT (power spectrum included) on the same
// transform and signal as Benchmarks/FFTChoice/fft_choice.c, whose KissFFT and FFTW times of the
// same run it is given, and the ratios.
//
//     tagmine-bench-fft 2048 --kissfft 11.2 --fftw 2.4
import AudioFeatures
import Foundation

let arguments = CommandLine.arguments
func value(_ flag: String) -> Double? {
    arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? Double(arguments[$0 + 1]) : nil }
}
let n = arguments.count > 1 ? Int(arguments[1]) ?? 2048 : 2048
// Fastest of `blocks` timed blocks, as fft_choice.c times KissFFT and FFTW.
let transforms = 20_000, blocks = 10
guard PowerOfTwoFFT.supports(n) else {
    print("tagmine-bench-fft: \(n) is not a power of two of 32 or more")
    exit(64)
}
// The signal fft_choice.c transforms.
let input = (0..<n).map { Float(sin(0.01 * Double($0)) + 0.5 * cos(0.37 * Double($0))) }
var power = [Float](repeating: 0, count: n / 2 + 1)
let fft = PowerOfTwoFFT(size: n)
var sink: Float = 0
var ours = Double.infinity
input.withUnsafeBufferPointer { samples in
    power.withUnsafeMutableBufferPointer { out in
        for _ in 0..<blocks {
            let started = DispatchTime.now().uptimeNanoseconds
            for t in 0..<transforms {
                fft.powerSpectrum(samples.baseAddress!, into: out.baseAddress!)
                sink += out[t % (n / 2)]
            }
            ours = min(ours, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e3 / Double(transforms))
        }
    }
}
print("real FFT n=\(n), fastest of \(blocks) blocks of \(transforms) transforms (one core), same run:")
print(String(format: "  Tagmine PowerOfTwoFFT (MIT)  %6.2f us/transform (with the power spectrum)", ours))
if let kiss = value("--kissfft") {
    print(String(format: "  KissFFT 131 (BSD)            %6.2f us: Tagmine is %.2fx faster", kiss, kiss / ours))
}
if let fftw = value("--fftw") {
    print(
        String(
            format: "  FFTW 3.3 (GPL)               %6.2f us: Tagmine takes %.2fx FFTW's time (goal 1.5x or less)",
            fftw, ours / fftw))
}
print(String(format: "  (checksum %.1f)", Double(sink)))
