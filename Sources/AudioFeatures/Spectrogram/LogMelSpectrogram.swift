import Foundation

/// Computes log-mel spectrograms as librosa does: `power_to_db(melspectrogram(y=…, sr=…))`.
///
/// STFT with a periodic Hann window and `center=True` framing (the signal padded with `n_fft / 2`
/// zeros at each end, librosa's `pad_mode="constant"`), power spectrum through ``RealFFT``, mel
/// projection through CBLAS `sgemm` (block by block, see ``MelFilterbank/blocks``), then decibels with `ref`, `amin` and `top_db`.
///
/// ```swift
/// let spectrogram = LogMelSpectrogram(MelParameters())
/// let logMel = try spectrogram.compute(clip)          // 128 × frames
/// ```
///
/// Holds an FFT plan with scratch space: make one per task.
public final class LogMelSpectrogram {
    /// The parameters this instance computes with.
    public let parameters: MelParameters
    private let fft: RealFFT
    private let window: [Float]
    private let filterbank: MelFilterbank
    private var frame: [Float]
    private var power: [Float] = []

    /// Prepares the window, FFT plan and filterbank for `parameters` (which must have no ``MelParameters/problems``).
    public init(_ parameters: MelParameters) {
        self.parameters = parameters
        let n = parameters.nFFT
        fft = RealFFT(size: n)
        // scipy.signal.get_window("hann", n, fftbins=True): the periodic window.
        frame = [Float](repeating: 0, count: n)
        window = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
        filterbank = MelFilterbank(
            sampleRate: parameters.sampleRate, nFFT: n, mels: parameters.mels, fmin: parameters.fmin,
            fmax: parameters.upperFrequency, scale: parameters.scale, norm: parameters.norm)
    }

    /// The number of frames librosa gives a signal of `samples` samples: `1 + samples / hop`.
    public func frameCount(samples: Int) -> Int { 1 + samples / parameters.hop }

    /// The mel power spectrogram (`mels × frames`) of `samples`, before decibels.
    public func melPower(_ samples: [Float]) -> FeatureMatrix {
        let n = parameters.nFFT, hop = parameters.hop, bins = n / 2 + 1
        let frames = frameCount(samples: samples.count)
        // Reused between clips: a fresh multi-megabyte buffer per clip costs more in page faults than the FFTs.
        if power.count < frames * bins { power = [Float](repeating: 0, count: frames * bins) }
        samples.withUnsafeBufferPointer { signal in
            window.withUnsafeBufferPointer { window in
                frame.withUnsafeMutableBufferPointer { frame in
                    power.withUnsafeMutableBufferPointer { power in
                        for t in 0..<frames {
                            // Frame t covers padded[t·hop ..< t·hop + n], i.e. signal[t·hop − n/2 ..< …].
                            let start = t * hop - n / 2
                            if start >= 0 && start + n <= signal.count {
                                DenseMath.multiply(
                                    signal.baseAddress! + start, window.baseAddress!, into: frame.baseAddress!, count: n
                                )
                            } else {
                                for i in 0..<n {
                                    let index = start + i
                                    frame[i] = index >= 0 && index < signal.count ? signal[index] * window[i] : 0
                                }
                            }
                            fft.powerSpectrum(frame.baseAddress!, into: power.baseAddress! + t * bins)
                        }
                    }
                }
            }
        }
        var mel = [Float](repeating: 0, count: parameters.mels * frames)
        power.withUnsafeBufferPointer { power in
            mel.withUnsafeMutableBufferPointer { mel in
                for block in filterbank.blocks {
                    DenseMath.multiplyTransposed(
                        block.weights, power.baseAddress! + block.bins.lowerBound,
                        into: mel.baseAddress! + block.bands.lowerBound * frames,
                        m: block.bands.count, n: frames, k: block.bins.count, ldb: bins)
                }
            }
        }
        return FeatureMatrix(rows: parameters.mels, columns: frames, values: mel)
    }

    /// The log-mel spectrogram (`mels × frames`, in dB) of `clip`, which must be at the parameters' rate.
    public func compute(_ clip: AudioClip) -> FeatureMatrix {
        precondition(clip.sampleRate == parameters.sampleRate, "resample the clip to the extractor's rate first")
        var matrix = melPower(clip.samples)
        Self.powerToDecibels(
            &matrix.values, reference: parameters.reference, amin: parameters.amin,
            topDB: parameters.topDB)
        return matrix
    }

    /// librosa's `power_to_db`, in place: `10·log10(max(amin, S)) − 10·log10(max(amin, ref))`,
    /// then floored at `max − top_db`.
    public static func powerToDecibels(
        _ values: inout [Float], reference: DecibelReference, amin: Double, topDB: Double?
    ) {
        let floor = Float(amin)
        let ref: Float
        switch reference {
        case .value(let value): ref = Float(value)
        case .max: ref = values.max() ?? 1
        }
        let offset = 10 * log10f(max(floor, ref))
        var peak = -Float.infinity
        for i in values.indices {
            let db = 10 * log10f(max(floor, values[i])) - offset
            values[i] = db
            peak = max(peak, db)
        }
        if let topDB {
            let lowest = peak - Float(topDB)
            for i in values.indices where values[i] < lowest { values[i] = lowest }
        }
    }
}
